/*
 * The storage conformance suite: the same tests against every backend.
 *
 *   SQLite      always, on a temporary file;
 *   PostgreSQL  when MJ_TEST_PG holds a connection URL (tests/cli/test_pg.sh
 *               starts a throwaway cluster and sets it). Each test starts
 *               from an empty schema (DROP SCHEMA public CASCADE).
 *
 * MJ_TEST_BACKENDS=sqlite|pg|sqlite,pg picks the groups (default: sqlite,
 * plus pg when MJ_TEST_PG is set). Everything goes through the store's
 * public interface (store.h); only the tamper tests write SQL directly, as an
 * intruder would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/model.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"

struct fx {
	int pg;
	char path[512];
	mj_store *s;
	mj_actor op;
};

/* ---- fixtures ----------------------------------------------------------- */

static void fx_open(struct fx *f)
{
	int rc = mj_store_open(&f->s, f->path);
	if (rc)
		fail_msg("open %s: %s", f->path, mj_error_msg());
	assert_int_equal(mj_store_actor(f->s, NULL, &f->op), 0);
}

/* Empties the database and reopens it (migrating from scratch). */
static void fx_reset(struct fx *f)
{
	if (f->s)
		mj_store_close(f->s);
	f->s = NULL;
	if (f->pg) {
		fx_open(f);
		assert_int_equal(mj_store_exec(f->s, "DROP SCHEMA public CASCADE", 0, NULL, NULL, NULL), 0);
		assert_int_equal(mj_store_exec(f->s, "CREATE SCHEMA public", 0, NULL, NULL, NULL), 0);
		mj_store_close(f->s);
		f->s = NULL;
	} else {
		unlink(f->path);
		char aux[600];
		snprintf(aux, sizeof aux, "%s-wal", f->path);
		unlink(aux);
		snprintf(aux, sizeof aux, "%s-shm", f->path);
		unlink(aux);
	}
	fx_open(f);
}

static int setup_sqlite(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/mj_store_%d_XXXXXX", (int)getpid());
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	fx_reset(f);
	*state = f;
	return 0;
}

static int setup_pg(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->pg = 1;
	snprintf(f->path, sizeof f->path, "%s", getenv("MJ_TEST_PG"));
	fx_reset(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	mj_store_close(f->s);
	if (!f->pg) {
		char aux[600];
		unlink(f->path);
		snprintf(aux, sizeof aux, "%s-wal", f->path);
		unlink(aux);
		snprintf(aux, sizeof aux, "%s-shm", f->path);
		unlink(aux);
	}
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static void assert_msg_has(const char *needle)
{
	const char *m = mj_error_msg();
	if (!strstr(m, needle))
		fail_msg("message \"%s\" lacks \"%s\"", m, needle);
}

/* Values from NULL-terminated name/value pairs (value NULL: SQL NULL). */
static json_t *vals_v(va_list ap)
{
	json_t *v = json_object();
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *x = va_arg(ap, const char *);
		json_object_set_new(v, k, x ? json_string(x) : json_null());
	}
	return v;
}

/* Writes (id 0: creates) as actor a; returns the store's code, *id the row. */
static int write_as(mj_store *s, const mj_actor *a, const char *entity, long long id, long long *out, ...)
{
	va_list ap;
	va_start(ap, out);
	json_t *v = vals_v(ap);
	va_end(ap);
	int rc = mj_entity_write(s, a, mj_entity_find(entity), id, v, 0, out);
	json_decref(v);
	return rc;
}

#define ADD(f, entity, ...) add_ok((f), (entity), __VA_ARGS__, NULL)
static long long add_ok(struct fx *f, const char *entity, ...)
{
	va_list ap;
	va_start(ap, entity);
	json_t *v = vals_v(ap);
	va_end(ap);
	long long id = 0;
	int rc = mj_entity_write(f->s, &f->op, mj_entity_find(entity), 0, v, 0, &id);
	json_decref(v);
	if (rc)
		fail_msg("add %s: %s", entity, mj_error_msg());
	return id;
}

static long long count(struct fx *f, const char *sql)
{
	long long n = -1;
	assert_int_equal(mj_store_int(f->s, &n, sql, 0, NULL), 0);
	return n;
}

static json_t *get(struct fx *f, const char *entity, long long id)
{
	json_t *row = NULL;
	if (mj_entity_get(f->s, mj_entity_find(entity), id, &row))
		fail_msg("get %s %lld: %s", entity, id, mj_error_msg());
	return row;
}

static const char *gs(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long gi(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* The small world of tests/cli/test_foundation.sh: a bureau's leadership
 * team with three members, two overseen departments, last year's meeting
 * (held) and this year's, talks, attendance, opinions and ledger items. */
static void build_world(struct fx *f)
{
	ADD(f, "org", "name", "市委组织部", "kind", "superior");                      /* org 1 */
	ADD(f, "org", "name", "市水务局", "kind", "unit", "parent_id", "1");          /* 2 */
	ADD(f, "org", "name", "规划科", "kind", "dept", "parent_id", "2");            /* 3 */
	ADD(f, "org", "name", "工程科", "kind", "dept", "parent_id", "2");            /* 4 */
	ADD(f, "person", "name", "周组织", "org_id", "1", "role", "organizer");       /* person 1 */
	ADD(f, "person", "name", "赵秘书", "org_id", "2", "role", "secretary");       /* 2 */
	ADD(f, "person", "name", "钱局长", "org_id", "2", "role", "member", "title", "局长"); /* 3 */
	ADD(f, "person", "name", "孙副局长", "org_id", "2", "role", "member");        /* 4 */
	ADD(f, "person", "name", "李副局长", "org_id", "2", "role", "member");        /* 5 */
	ADD(f, "person", "name", "吴科长", "org_id", "3", "role", "staff");           /* 6 */
	ADD(f, "person", "name", "郑科长", "org_id", "4", "role", "staff");           /* 7 */
	ADD(f, "person", "name", "外单位人员", "org_id", "1", "role", "member");      /* 8 */
	assert_int_equal(write_as(f->s, &f->op, "org", 3, NULL, "head_id", "6", NULL), 0);
	assert_int_equal(write_as(f->s, &f->op, "org", 4, NULL, "head_id", "7", NULL), 0);
	ADD(f, "team", "name", "市水务局领导班子", "kind", "leadership", "org_id", "2", "superior_org_id", "1",
	    "head_id", "3", "secretary_id", "2");
	ADD(f, "member", "team_id", "1", "person_id", "3", "position", "局长", "is_head", "1", "ord", "1");
	ADD(f, "member", "team_id", "1", "person_id", "4", "position", "副局长", "ord", "2");
	ADD(f, "member", "team_id", "1", "person_id", "5", "position", "副局长", "ord", "3");
	ADD(f, "oversee", "team_id", "1", "person_id", "4", "dept_id", "3");
	ADD(f, "oversee", "team_id", "1", "person_id", "5", "dept_id", "4");
	ADD(f, "notice", "org_id", "1", "year", "2025", "kind", "dlm", "theme", "年度民主生活会",
	    "plan_lead_days", "10", "report_due_days", "15", "warn_days", "3");
	ADD(f, "area", "notice_id", "1", "ord", "1", "title", "在带头学习方面");
	ADD(f, "meeting", "team_id", "1", "notice_id", "1", "kind", "dlm", "year", "2025", "planned_date", "2025-12-20",
	    "actual_date", "2025-12-20", "status", "held");
	ADD(f, "meeting", "team_id", "1", "notice_id", "1", "kind", "dlm", "year", "2026", "planned_date", "2026-12-10");
	ADD(f, "talk", "meeting_id", "2", "a_id", "3", "b_id", "4", "date", "2026-11-01", "mode", "face");
	ADD(f, "talk", "meeting_id", "2", "a_id", "5", "b_id", "3", "date", "2026-11-02");
	ADD(f, "talk", "meeting_id", "2", "a_id", "4", "b_id", "6", "date", "2026-11-03");
	ADD(f, "attendance", "meeting_id", "1", "person_id", "3", "should_attend", "1", "attended", "1");
	ADD(f, "attendance", "meeting_id", "1", "person_id", "4", "should_attend", "1", "attended", "1");
	ADD(f, "attendance", "meeting_id", "1", "person_id", "5", "should_attend", "1", "attended", "0",
	    "absence_reason", "因公出差");
	ADD(f, "opinion", "meeting_id", "2", "channel", "form", "text", "希望多下基层");
	ADD(f, "opinion", "meeting_id", "2", "channel", "box", "text", "会议偏多", "about_id", "4", "anonymous", "1");
	ADD(f, "opinion", "meeting_id", "2", "channel", "forum", "text", "调研不够", "about_id", "4");
	ADD(f, "item", "meeting_id", "1", "source", "self", "problem", "调查研究不够深入", "owner_id", "4",
	    "leader_id", "3", "deadline", "2026-06-30");
	ADD(f, "item", "meeting_id", "1", "source", "opinion", "problem", "基层走访次数偏少", "owner_id", "5",
	    "deadline", "2026-11-22");
	ADD(f, "item", "meeting_id", "1", "source", "talk", "problem", "会议文件偏多", "owner_id", "4",
	    "deadline", "2026-12-31");
	ADD(f, "item", "meeting_id", "2", "source", "self", "problem", "本年度新问题", "owner_id", "4",
	    "deadline", "2027-06-30");
	ADD(f, "material", "meeting_id", "2", "person_id", "4", "kind", "member");
	/* a material version with binary content: NUL, 0xff, invalid UTF-8 */
	static const char bin[] = {'P', 'K', 0, 3, (char)0xff, (char)0xfe, '\\', 'x', 0};
	json_t *v = json_object();
	json_object_set_new(v, "material_id", json_string("1"));
	json_object_set_new(v, "version", json_string("1"));
	json_object_set_new(v, "filename", json_string("孙副局长.docx"));
	json_object_set_new(v, "content", json_stringn_nocheck(bin, sizeof bin));
	json_object_set_new(v, "text", json_string("对照检查材料正文"));
	if (mj_entity_write(f->s, &f->op, mj_entity_find("material_version"), 0, v, MJ_W_INTERNAL, NULL))
		fail_msg("material_version: %s", mj_error_msg());
	json_decref(v);
}

static int day(const char *s)
{
	int d = 0;
	assert_int_equal(mj_date_parse(s, &d), 0);
	return d;
}

/* ---- the tests ---------------------------------------------------------- */

static void crud(void **state)
{
	struct fx *f = *state;
	long long id = ADD(f, "org", "name", "市委组织部", "kind", "superior");
	assert_int_equal(id, 1);
	long long p = ADD(f, "person", "name", "张三", "org_id", "1", "role", "staff", "title", "科员");
	json_t *row = get(f, "person", p);
	assert_string_equal(gs(row, "name"), "张三");
	assert_int_equal(gi(row, "org_id"), 1);
	assert_true(json_is_null(json_object_get(row, "login")));
	/* key order is model order, "id" first */
	const char *first = json_object_iter_key(json_object_iter(row));
	assert_string_equal(first, "id");
	json_decref(row);

	/* list with filters, enum by label, NULL filter, limit/offset */
	ADD(f, "person", "name", "李四", "org_id", "1", "role", "organizer");
	ADD(f, "person", "name", "王五", "role", "staff");
	json_t *flt = json_object(), *rows = NULL;
	json_object_set_new(flt, "role", json_string("干部职工"));
	assert_int_equal(mj_entity_list(f->s, mj_entity_find("person"), flt, 0, 0, &rows), 0);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	json_object_clear(flt);
	json_object_set_new(flt, "org_id", json_null());
	assert_int_equal(mj_entity_list(f->s, mj_entity_find("person"), flt, 0, 0, &rows), 0);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(gs(json_array_get(rows, 0), "name"), "王五");
	json_decref(rows);
	json_object_clear(flt);
	assert_int_equal(mj_entity_list(f->s, mj_entity_find("person"), flt, 2, 1, &rows), 0);
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(gi(json_array_get(rows, 0), "id"), 2);
	json_decref(rows);
	json_decref(flt);

	/* update, clear, delete */
	assert_int_equal(write_as(f->s, &f->op, "person", p, NULL, "title", "副科长", NULL), 0);
	row = get(f, "person", p);
	assert_string_equal(gs(row, "title"), "副科长");
	json_decref(row);
	assert_int_equal(write_as(f->s, &f->op, "person", p, NULL, "title", NULL, NULL), 0);
	row = get(f, "person", p);
	assert_true(json_is_null(json_object_get(row, "title")));
	json_decref(row);
	assert_int_equal(mj_entity_delete(f->s, &f->op, mj_entity_find("person"), p), 0);
	assert_int_equal(mj_entity_get(f->s, mj_entity_find("person"), p, &row), MJ_ENOTFOUND);
	assert_int_equal(mj_entity_delete(f->s, &f->op, mj_entity_find("person"), p), MJ_ENOTFOUND);

	/* validation: nothing written */
	long long before = count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(write_as(f->s, &f->op, "org", 0, NULL, "name", "", "kind", "unit", NULL), MJ_EINVAL);
	assert_int_equal(write_as(f->s, &f->op, "org", 0, NULL, "name", "x", "kind", "星系", NULL), MJ_EINVAL);
	assert_int_equal(write_as(f->s, &f->op, "org", 0, NULL, "name", "x", NULL), MJ_EINVAL);
	assert_msg_has("--kind");
	assert_int_equal(write_as(f->s, &f->op, "org", 0, NULL, "name", "x", "kind", "unit", "colour", "red", NULL), MJ_EINVAL);
	assert_int_not_equal(write_as(f->s, &f->op, "org", 0, NULL, "name", "\xff\xfe", "kind", "unit", NULL), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), before);
	assert_int_equal(count(f, "SELECT count(*) FROM org"), 1);
	/* a filter value of the wrong type is no error, just no rows */
	flt = json_object();
	json_object_set_new(flt, "name", json_string("不存在"));
	assert_int_equal(mj_entity_list(f->s, mj_entity_find("org"), flt, 0, 0, &rows), 0);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	json_decref(flt);
}

static void references(void **state)
{
	struct fx *f = *state;
	ADD(f, "org", "name", "单位", "kind", "unit");
	assert_int_equal(write_as(f->s, &f->op, "person", 0, NULL, "name", "甲", "org_id", "99", "role", "staff", NULL),
			 MJ_ENOTFOUND);
	assert_msg_has("99");
	long long p = ADD(f, "person", "name", "甲", "org_id", "1", "role", "staff");
	/* deleting a row still referenced: refused by the database, nothing changed */
	long long before = count(f, "SELECT count(*) FROM audit_log");
	int rc = mj_entity_delete(f->s, &f->op, mj_entity_find("org"), 1);
	assert_int_equal(rc, MJ_ENOTFOUND);
	assert_msg_has("引用");
	assert_int_equal(count(f, "SELECT count(*) FROM org"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), before);
	/* a duplicate of a unique pair */
	ADD(f, "org", "name", "上级", "kind", "superior");
	ADD(f, "team", "name", "班子", "kind", "leadership", "org_id", "1", "superior_org_id", "2");
	ADD(f, "member", "team_id", "1", "person_id", "1");
	assert_int_equal(write_as(f->s, &f->op, "member", 0, NULL, "team_id", "1", "person_id", "1", NULL), MJ_EEXISTS);
	(void)p;
	/* the store still works after a failed statement */
	ADD(f, "org", "name", "之后", "kind", "unit");
}

static void permissions(void **state)
{
	struct fx *f = *state;
	build_world(f);
	mj_actor sec, member, outsider, organizer;
	assert_int_equal(mj_store_actor(f->s, "赵秘书", &sec), 0);
	assert_int_equal(mj_store_actor(f->s, "孙副局长", &member), 0);
	assert_int_equal(mj_store_actor(f->s, "外单位人员", &outsider), 0);
	assert_int_equal(mj_store_actor(f->s, "1", &organizer), 0);
	assert_string_equal(organizer.role, "organizer");
	assert_int_equal(mj_store_actor(f->s, "无此人", &outsider), MJ_ENOTFOUND);
	assert_int_equal(mj_store_actor(f->s, "外单位人员", &outsider), 0);
	long long audit = count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(write_as(f->s, &sec, "notice", 0, NULL, "org_id", "1", "year", "2026", "kind", "dlm", "theme", "X", NULL),
			 MJ_EPERM);
	assert_int_equal(write_as(f->s, &outsider, "talk", 0, NULL, "meeting_id", "2", "a_id", "4", "b_id", "5", "date",
				  "2026-11-05", NULL), MJ_EPERM);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
	assert_int_equal(write_as(f->s, &member, "talk", 0, NULL, "meeting_id", "2", "a_id", "4", "b_id", "5", "date",
				  "2026-11-05", NULL), 0);
	assert_int_equal(write_as(f->s, &organizer, "notice", 0, NULL, "org_id", "1", "year", "2026", "kind", "dlm",
				  "theme", "新年度", NULL), 0);
	/* the audit log names the actor */
	json_t *rows = NULL;
	assert_int_equal(mj_store_rows(f->s, &rows, "SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1", 0, NULL), 0);
	assert_non_null(strstr(gs(json_array_get(rows, 0), "actor"), "周组织#1"));
	json_decref(rows);
}

static void audit_chain(void **state)
{
	struct fx *f = *state;
	build_world(f);
	long long entries = 0, rows = 0;
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	assert_int_equal(entries, count(f, "SELECT count(*) FROM audit_log"));
	assert_true(rows > 30);
	/* a row changed behind the program's back */
	assert_int_equal(mj_store_exec(f->s, "UPDATE item SET problem = '悄悄改动' WHERE id = 1", 0, NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), MJ_EAUDIT);
	assert_msg_has("整改台账条目编号 1");
	assert_int_equal(mj_store_exec(f->s, "UPDATE item SET problem = '调查研究不够深入' WHERE id = 1", 0, NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	/* an audit entry edited */
	assert_int_equal(mj_store_exec(f->s, "UPDATE audit_log SET actor = 'someone' WHERE seq = 3", 0, NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), MJ_EAUDIT);
	assert_msg_has("第 3 条");
	assert_int_equal(mj_store_exec(f->s, "UPDATE audit_log SET actor = '命令行操作员' WHERE seq = 3", 0, NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	/* a row inserted without an entry */
	assert_int_equal(mj_store_exec(f->s, "INSERT INTO study (meeting_id, date, topic) VALUES (2, '2026-11-01', 'x')", 0,
				       NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), MJ_EAUDIT);
	assert_msg_has("没有对应的审计记录");
	assert_int_equal(mj_store_exec(f->s, "DELETE FROM study", 0, NULL, NULL, NULL), 0);
	/* an entry deleted */
	assert_int_equal(mj_store_exec(f->s, "DELETE FROM audit_log WHERE seq = 5", 0, NULL, NULL, NULL), 0);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), MJ_EAUDIT);
	assert_msg_has("第 5 条");
}

static char *export_text(struct fx *f, long long meeting)
{
	json_t *doc = NULL;
	if (mj_export_meeting(f->s, meeting, &doc))
		fail_msg("export: %s", mj_error_msg());
	char *s = json_dumps(doc, JSON_INDENT(1));
	json_decref(doc);
	return s;
}

static void export_import(void **state)
{
	struct fx *f = *state;
	build_world(f);
	char *e1 = export_text(f, 2);
	assert_non_null(strstr(e1, "\"content\": \"UEsAA//+XHgA\"")); /* the blob, byte for byte */
	json_error_t jerr;
	json_t *doc = json_loads(e1, 0, &jerr);
	assert_non_null(doc);
	fx_reset(f);
	long long ins = 0, skip = 0;
	if (mj_import(f->s, &f->op, doc, &ins, &skip))
		fail_msg("import: %s", mj_error_msg());
	assert_true(ins > 20);
	assert_int_equal(skip, 0);
	char *e2 = export_text(f, 2);
	assert_string_equal(e1, e2);
	/* again: everything identical is skipped */
	assert_int_equal(mj_import(f->s, &f->op, doc, &ins, &skip), 0);
	assert_int_equal(ins, 0);
	long long entries = 0, rows = 0;
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	/* ids continue after the imported ones */
	long long id = ADD(f, "org", "name", "导入后新建", "kind", "unit");
	assert_int_equal(id, count(f, "SELECT max(id) FROM org"));
	assert_true(id > 4);
	/* a conflicting import changes nothing */
	json_t *org = json_array_get(json_object_get(json_object_get(doc, "records"), "org"), 0);
	json_object_set_new(org, "name", json_string("被改动"));
	long long audit = count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(mj_import(f->s, &f->op, doc, &ins, &skip), MJ_ECONFLICT);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
	json_decref(doc);
	free(e1);
	free(e2);
}

static void ledger(void **state)
{
	struct fx *f = *state;
	build_world(f);
	int today = day("2026-11-20");
	json_t *rows = NULL;
	assert_int_equal(mj_ledger_rows(f->s, 2, 1, today, 3, &rows), 0);
	assert_int_equal(json_array_size(rows), 4); /* three carried + this year's */
	const char *colors[] = {"red", "blue", "none", "none"};
	for (size_t i = 0; i < 4; i++) {
		json_t *r = json_array_get(rows, i);
		assert_string_equal(gs(r, "color"), colors[i]);
		assert_int_equal(json_is_true(json_object_get(r, "carried")), i < 3);
	}
	json_decref(rows);
	mj_actor owner, sec, org;
	assert_int_equal(mj_store_actor(f->s, "孙副局长", &owner), 0);
	assert_int_equal(mj_store_actor(f->s, "赵秘书", &sec), 0);
	assert_int_equal(mj_store_actor(f->s, "周组织", &org), 0);
	assert_int_equal(mj_ledger_act(f->s, &owner, 3, "start", NULL, today), 0);
	assert_int_equal(mj_ledger_act(f->s, &owner, 3, "finish", NULL, today), MJ_EINVAL);
	assert_int_equal(mj_ledger_act(f->s, &owner, 3, "finish", "已精简会议文件", today), 0);
	assert_int_not_equal(mj_ledger_act(f->s, &sec, 3, "close", NULL, today), 0);
	assert_int_equal(mj_ledger_act(f->s, &org, 3, "send_back", "佐证材料不足", today), 0);
	assert_int_equal(mj_ledger_rows(f->s, 2, 1, today, 3, &rows), 0);
	assert_string_equal(gs(json_array_get(rows, 2), "color"), "yellow");
	json_decref(rows);
	assert_int_equal(mj_ledger_act(f->s, &owner, 3, "finish", "补充了佐证材料", today), 0);
	assert_int_equal(mj_ledger_act(f->s, &org, 3, "close", NULL, today), 0);
	json_t *item = get(f, "item", 3);
	assert_string_equal(gs(item, "status"), "closed");
	assert_int_equal(gi(item, "closed_by"), 1);
	assert_string_equal(gs(item, "closed_on"), "2026-11-20");
	json_decref(item);
	assert_int_equal(count(f, "SELECT count(*) FROM item_note WHERE item_id = 3"), 5);
	assert_int_equal(mj_ledger_rows(f->s, 2, 1, today, 3, &rows), 0);
	assert_int_equal(json_array_size(rows), 3); /* closed: no longer carried */
	json_decref(rows);
	json_t *v = json_object();
	json_object_set_new(v, "measure", json_string("改"));
	assert_int_not_equal(mj_ledger_edit(f->s, &f->op, 3, v), 0);
	json_decref(v);
	long long entries, nrows;
	assert_int_equal(mj_audit_verify(f->s, &entries, &nrows), 0);
}

/* The status of a meeting: the right facts, and the same JSON on every
 * backend (compared with the same world built in a temporary SQLite file). */
static void status_same(void **state)
{
	struct fx *f = *state;
	build_world(f);
	int today = day("2026-11-20");
	json_t *st = NULL;
	assert_int_equal(mj_status_meeting(f->s, 2, today, &st), 0);
	json_t *tk = json_object_get(st, "talks"), *op = json_object_get(st, "opinions");
	assert_int_equal(gi(tk, "required"), 5);
	assert_int_equal(gi(tk, "covered"), 3);
	assert_int_equal(gi(tk, "percent"), 60);
	assert_int_equal(gi(op, "total"), 3);
	assert_int_equal(gi(op, "about_team"), 1);
	assert_int_equal(gi(op, "about_members"), 2);
	assert_int_equal(gi(op, "anonymous"), 1);
	assert_int_equal(gi(json_object_get(st, "ledger"), "carried"), 3);
	json_t *st1 = NULL;
	assert_int_equal(mj_status_meeting(f->s, 1, today, &st1), 0);
	json_t *att = json_object_get(st1, "attendance");
	assert_int_equal(gi(att, "should"), 3);
	assert_int_equal(gi(att, "attended"), 2);
	assert_true(json_is_true(json_object_get(att, "quorum_met")));

	struct fx ref = {0};
	snprintf(ref.path, sizeof ref.path, "/tmp/mj_store_ref_%d.db", (int)getpid());
	fx_reset(&ref);
	build_world(&ref);
	json_t *want = NULL, *want1 = NULL, *ov = NULL, *want_ov = NULL;
	assert_int_equal(mj_status_meeting(ref.s, 2, today, &want), 0);
	assert_int_equal(mj_status_meeting(ref.s, 1, today, &want1), 0);
	assert_int_equal(mj_status_overview(ref.s, 0, today, &want_ov), 0);
	assert_int_equal(mj_status_overview(f->s, 0, today, &ov), 0);
	char *a = json_dumps(st, JSON_SORT_KEYS), *b = json_dumps(want, JSON_SORT_KEYS);
	assert_string_equal(a, b);
	free(a), free(b);
	a = json_dumps(st1, JSON_SORT_KEYS), b = json_dumps(want1, JSON_SORT_KEYS);
	assert_string_equal(a, b);
	free(a), free(b);
	a = json_dumps(ov, JSON_SORT_KEYS), b = json_dumps(want_ov, JSON_SORT_KEYS);
	assert_string_equal(a, b);
	free(a), free(b);
	/* and the same export bytes */
	char *e1 = export_text(f, 2), *e2 = export_text(&ref, 2);
	assert_string_equal(e1, e2);
	free(e1), free(e2);
	json_decref(st), json_decref(st1), json_decref(want), json_decref(want1), json_decref(ov), json_decref(want_ov);
	mj_store_close(ref.s);
	unlink(ref.path);
}

static void stale_update(void **state)
{
	struct fx *f = *state;
	long long id = ADD(f, "org", "name", "原名", "kind", "unit");
	long long v1 = 0, v2 = 0;
	assert_int_equal(mj_entity_version(f->s, mj_entity_find("org"), id, &v1), 0);
	assert_true(v1 > 0);
	/* two editors read version v1; the first one wins */
	char ver[24];
	snprintf(ver, sizeof ver, "%lld", v1);
	assert_int_equal(write_as(f->s, &f->op, "org", id, NULL, "name", "甲改", MJ_VERSION_KEY, ver, NULL), 0);
	assert_int_equal(mj_entity_version(f->s, mj_entity_find("org"), id, &v2), 0);
	assert_true(v2 > v1);
	assert_int_equal(write_as(f->s, &f->op, "org", id, NULL, "name", "乙改", MJ_VERSION_KEY, ver, NULL), MJ_ECONFLICT);
	assert_msg_has("记录已被他人修改，请刷新后重试");
	json_t *row = get(f, "org", id);
	assert_string_equal(gs(row, "name"), "甲改");
	json_decref(row);
	snprintf(ver, sizeof ver, "%lld", v2);
	assert_int_equal(write_as(f->s, &f->op, "org", id, NULL, "name", "乙改", MJ_VERSION_KEY, ver, NULL), 0);
	assert_int_equal(write_as(f->s, &f->op, "org", id, NULL, "name", "x", MJ_VERSION_KEY, "abc", NULL), MJ_EINVAL);
	/* without a version: last writer wins, as before */
	assert_int_equal(write_as(f->s, &f->op, "org", id, NULL, "name", "丙改", NULL), 0);
	long long entries, rows;
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
}

static void nested_rollback(void **state)
{
	struct fx *f = *state;
	ADD(f, "org", "name", "已有", "kind", "unit");
	long long audit = count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(mj_store_begin(f->s), 0);
	ADD(f, "org", "name", "外层", "kind", "unit");
	assert_int_equal(mj_store_begin(f->s), 0);
	ADD(f, "org", "name", "内层", "kind", "unit");
	assert_int_equal(mj_store_commit(f->s), 0); /* inner: nothing reaches the database yet */
	assert_int_equal(mj_store_begin(f->s), 0);
	/* a failing write inside aborts everything */
	assert_int_equal(write_as(f->s, &f->op, "person", 0, NULL, "name", "甲", "org_id", "999", "role", "staff", NULL),
			 MJ_ENOTFOUND);
	assert_int_not_equal(mj_store_commit(f->s), 0);
	mj_store_rollback(f->s);
	assert_int_equal(count(f, "SELECT count(*) FROM org"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audit);
	/* explicit rollback of a nested pair */
	assert_int_equal(mj_store_begin(f->s), 0);
	assert_int_equal(mj_store_begin(f->s), 0);
	ADD(f, "org", "name", "回滚", "kind", "unit");
	mj_store_rollback(f->s);
	assert_int_not_equal(mj_store_commit(f->s), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM org"), 1);
	long long entries, rows;
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	/* and the next write works and gets the next id */
	long long id = ADD(f, "org", "name", "之后", "kind", "unit");
	assert_true(id >= 2);
}

struct cols_ctx {
	json_t *names;
};

static int cols_cb(void *ctx, int n, const char *const *names, const char *const *vals, const size_t *lens)
{
	json_array_append_new(((struct cols_ctx *)ctx)->names, json_string(vals[0]));
	return 0;
}

/* Every model field has its column, in model order, and nothing else. */
static void columns(void **state)
{
	struct fx *f = *state;
	const char *sql = f->pg ? "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
				  " AND table_name = ? ORDER BY ordinal_position"
				: "SELECT name FROM pragma_table_info(?) ORDER BY cid";
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		struct cols_ctx c = {json_array()};
		const char *p[] = {e->name};
		assert_int_equal(mj_store_exec(f->s, sql, 1, p, cols_cb, &c), 0);
		if (json_array_size(c.names) == 0)
			fail_msg("no table %s", e->name);
		assert_string_equal(json_string_value(json_array_get(c.names, 0)), "id");
		size_t i = 1;
		for (const struct mj_field *fl = e->fields; fl->name; fl++, i++) {
			const char *have = json_string_value(json_array_get(c.names, i));
			if (!have || strcmp(have, fl->name) != 0)
				fail_msg("%s: field %s has no column (column %zu is %s)", e->name, fl->name, i, have ? have : "none");
		}
		if (i != json_array_size(c.names))
			fail_msg("%s: column %s is not in the model", e->name, json_string_value(json_array_get(c.names, i)));
		json_decref(c.names);
	}
}

/* Placeholders: ?N reuse, `?` inside a string literal is not one. */
static void placeholders(void **state)
{
	struct fx *f = *state;
	json_t *rows = NULL;
	const char *p[] = {"7", "甲"};
	assert_int_equal(mj_store_rows(f->s, &rows, "SELECT ?1 + 0 AS a, ?2 AS b, '?' AS q, ?1 + 1 AS c, 'it''s ?' AS d", 2, p), 0);
	json_t *r = json_array_get(rows, 0);
	assert_int_equal(gi(r, "a"), 7);
	assert_string_equal(gs(r, "b"), "甲");
	assert_string_equal(gs(r, "q"), "?");
	assert_int_equal(gi(r, "c"), 8);
	assert_string_equal(gs(r, "d"), "it's ?");
	json_decref(rows);
	const char *p3[] = {"1", "2", "3"};
	assert_int_equal(mj_store_rows(f->s, &rows, "SELECT ? + 0 AS a, ? + 0 AS b, ?1 + 0 AS c, ? + 0 AS d", 3, p3), 0);
	r = json_array_get(rows, 0);
	assert_int_equal(gi(r, "a"), 1);
	assert_int_equal(gi(r, "b"), 2);
	assert_int_equal(gi(r, "c"), 1);
	assert_int_equal(gi(r, "d"), 3);
	json_decref(rows);
	/* NULL parameters and results */
	const char *pn[] = {NULL};
	assert_int_equal(mj_store_rows(f->s, &rows, "SELECT coalesce(?, 'none') AS v, NULL AS n", 1, pn), 0);
	assert_string_equal(gs(json_array_get(rows, 0), "v"), "none");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "n")));
	json_decref(rows);
}

/* mj_store_copy (`mingjing migrate`): a whole SQLite database into this
 * backend, ids and audit chain verbatim, blobs byte for byte. */
static void migrate_copy(void **state)
{
	struct fx *f = *state;
	struct fx ref = {0};
	snprintf(ref.path, sizeof ref.path, "/tmp/mj_store_src_%d.db", (int)getpid());
	fx_reset(&ref);
	build_world(&ref);
	assert_int_equal(mj_entity_delete(ref.s, &ref.op, mj_entity_find("talk"), 2), 0);
	json_t *counts = NULL;
	ADD(f, "org", "name", "已有", "kind", "unit");
	assert_int_equal(mj_store_copy(f->s, ref.s, &counts), MJ_EEXISTS);
	fx_reset(f);
	if (mj_store_copy(f->s, ref.s, &counts))
		fail_msg("copy: %s", mj_error_msg());
	assert_int_equal(gi(counts, "talk"), 2);
	assert_int_equal(gi(counts, "material_version"), 1);
	assert_int_equal(gi(counts, "audit_log"), count(&ref, "SELECT count(*) FROM audit_log"));
	json_decref(counts);
	long long entries = 0, rows = 0;
	if (mj_audit_verify(f->s, &entries, &rows))
		fail_msg("verify after copy: %s", mj_error_msg());
	char *e1 = export_text(f, 2), *e2 = export_text(&ref, 2);
	assert_string_equal(e1, e2);
	free(e1), free(e2);
	/* the copy goes on from there: new ids, chain continues */
	long long id = ADD(f, "talk", "meeting_id", "2", "a_id", "4", "b_id", "5", "date", "2026-11-06");
	assert_int_equal(id, 4);
	assert_int_equal(mj_audit_verify(f->s, &entries, &rows), 0);
	mj_store_close(ref.s);
	unlink(ref.path);
}

#define STORE_TESTS(setup)                                                        \
	{                                                                         \
		cmocka_unit_test_setup_teardown(crud, setup, teardown),           \
		cmocka_unit_test_setup_teardown(references, setup, teardown),     \
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),    \
		cmocka_unit_test_setup_teardown(audit_chain, setup, teardown),    \
		cmocka_unit_test_setup_teardown(export_import, setup, teardown),  \
		cmocka_unit_test_setup_teardown(ledger, setup, teardown),         \
		cmocka_unit_test_setup_teardown(status_same, setup, teardown),    \
		cmocka_unit_test_setup_teardown(stale_update, setup, teardown),   \
		cmocka_unit_test_setup_teardown(nested_rollback, setup, teardown),\
		cmocka_unit_test_setup_teardown(columns, setup, teardown),        \
		cmocka_unit_test_setup_teardown(placeholders, setup, teardown),   \
		cmocka_unit_test_setup_teardown(migrate_copy, setup, teardown),   \
	}

int main(void)
{
	const char *pg = getenv("MJ_TEST_PG");
	const char *which = getenv("MJ_TEST_BACKENDS");
	if (!which || !*which)
		which = "sqlite,pg";
	int rc = 0;
	setenv("MINGJING_TODAY", "2026-11-20", 1);
	if (strstr(which, "sqlite")) {
		const struct CMUnitTest lite[] = STORE_TESTS(setup_sqlite);
		rc |= cmocka_run_group_tests_name("store on SQLite", lite, NULL, NULL);
	}
	if (strstr(which, "pg") && pg && *pg) {
		const struct CMUnitTest pgt[] = STORE_TESTS(setup_pg);
		rc |= cmocka_run_group_tests_name("store on PostgreSQL", pgt, NULL, NULL);
	}
	return rc;
}
