/* Unit tests for src/store/web_store.c: passwords, sessions, read scope,
 * opinion links and anonymous submissions, on a temporary SQLite file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/web_store.h"
#include "util/date.h"
#include "util/err.h"

static char db_path[64];

static void add(mj_store *st, const char *entity, const char *const *kv)
{
	json_t *v = json_object();
	for (; kv[0]; kv += 2)
		json_object_set_new(v, kv[0], json_string(kv[1]));
	mj_actor op;
	mj_store_actor(st, NULL, &op);
	int rc = mj_entity_write(st, &op, mj_entity_find(entity), 0, v, 0, NULL);
	if (rc)
		fail_msg("%s: %s", entity, mj_error_msg());
	json_decref(v);
}

/* Two superior orgs, one team under each; person 2 organizer of org 1,
 * 3 secretary of team 1, 4 member of team 1, 5 member of team 2, 6 staff. */
static int setup(void **state)
{
	mj_store *st;
	snprintf(db_path, sizeof db_path, "/tmp/mj_test_web_%d.db", (int)getpid());
	unlink(db_path);
	if (mj_store_open(&st, db_path))
		return -1;
	add(st, "org", (const char *[]){"name", "上级一", "kind", "superior", NULL});
	add(st, "org", (const char *[]){"name", "单位一", "kind", "unit", "parent_id", "1", NULL});
	add(st, "org", (const char *[]){"name", "上级二", "kind", "superior", NULL});
	add(st, "person", (const char *[]){"name", "管理员", "role", "admin", "login", "admin", NULL});
	add(st, "person", (const char *[]){"name", "组织", "role", "organizer", "org_id", "1", "login", "org", NULL});
	add(st, "person", (const char *[]){"name", "秘书", "role", "secretary", "org_id", "2", NULL});
	add(st, "person", (const char *[]){"name", "成员", "role", "member", "org_id", "2", NULL});
	add(st, "person", (const char *[]){"name", "他人", "role", "member", "org_id", "3", NULL});
	add(st, "person", (const char *[]){"name", "职工", "role", "staff", "org_id", "2", NULL});
	add(st, "team", (const char *[]){"name", "班子一", "kind", "leadership", "org_id", "2", "superior_org_id", "1",
					 "secretary_id", "3", NULL});
	add(st, "team", (const char *[]){"name", "班子二", "kind", "leadership", "org_id", "3", "superior_org_id", "3", NULL});
	add(st, "member", (const char *[]){"team_id", "1", "person_id", "4", NULL});
	add(st, "member", (const char *[]){"team_id", "2", "person_id", "5", NULL});
	add(st, "meeting", (const char *[]){"team_id", "1", "kind", "dlm", "year", "2026", NULL});
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	mj_store_close(*state);
	unlink(db_path);
	char p[80];
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
	return 0;
}

static void passwords(void **state)
{
	mj_store *st = *state;
	mj_actor op;
	long long pid = 0;
	mj_store_actor(st, NULL, &op);
	assert_int_equal(mj_web_password_set(st, &op, "org", "short"), MJ_EINVAL);
	assert_int_equal(mj_web_password_set(st, &op, "org", "a-good-password"), 0);
	assert_int_equal(mj_web_password_check(st, "org", "a-good-password", &pid), 0);
	assert_int_equal(pid, 2);
	assert_int_equal(mj_web_password_check(st, "org", "wrong-password", &pid), MJ_EAUTH);
	assert_int_equal(mj_web_password_check(st, "nobody", "a-good-password", &pid), MJ_EAUTH);
	long long entries, rows;
	assert_int_equal(mj_audit_verify(st, &entries, &rows), 0);
}

static void sessions(void **state)
{
	mj_store *st = *state;
	char token[65], csrf[65], csrf2[65];
	mj_actor a;
	long long sid = 0;
	assert_int_equal(mj_web_session_create(st, 3, token, csrf), 0);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(mj_web_session_find(st, token, &a, csrf2, &sid), 0);
	assert_int_equal(a.person_id, 3);
	assert_string_equal(csrf, csrf2);
	/* only the hash is stored */
	json_t *rows = NULL;
	long long n = 0;
	const char *p[] = {token};
	assert_int_equal(mj_store_int(st, &n, "SELECT count(*) FROM session WHERE token_hash = ?", 1, p), 0);
	assert_int_equal(n, 0);
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(mj_web_session_find(st, token, &a, csrf2, &sid), MJ_EAUTH);
	assert_int_equal(mj_web_session_find(st, "not-hex", &a, csrf2, &sid), MJ_EAUTH);
	assert_int_equal(mj_web_session_delete(st, sid), 0);
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_int_equal(mj_web_session_find(st, token, &a, csrf2, &sid), MJ_EAUTH);
	json_decref(rows);
}

static void read_scope(void **state)
{
	mj_store *st = *state;
	mj_actor admin, org, sec, mem, other, staff;
	mj_store_actor(st, "1", &admin);
	mj_store_actor(st, "2", &org);
	mj_store_actor(st, "3", &sec);
	mj_store_actor(st, "4", &mem);
	mj_store_actor(st, "5", &other);
	mj_store_actor(st, "6", &staff);
	assert_true(mj_web_can_read_team(st, &admin, 2));
	assert_true(mj_web_can_read_team(st, &org, 1));
	assert_false(mj_web_can_read_team(st, &org, 2));
	assert_true(mj_web_can_read_team(st, &sec, 1));
	assert_false(mj_web_can_read_team(st, &sec, 2));
	assert_true(mj_web_can_read_team(st, &mem, 1));
	assert_false(mj_web_can_read_team(st, &other, 1));
	assert_true(mj_web_can_read_team(st, &other, 2));
	assert_false(mj_web_can_read_team(st, &staff, 1));
	json_t *rows = NULL, *f = json_object(), *row = NULL;
	long long total = 0;
	assert_int_equal(mj_web_list(st, &mem, mj_entity_find("team"), f, 50, 0, &rows, &total), 0);
	assert_int_equal(total, 1);
	json_decref(rows);
	assert_int_equal(mj_web_list(st, &admin, mj_entity_find("person"), f, 50, 0, &rows, &total), 0);
	assert_int_equal(total, 6);
	assert_null(json_object_get(json_array_get(rows, 0), "password_hash"));
	json_decref(rows);
	assert_int_equal(mj_web_get(st, &mem, mj_entity_find("team"), 2, &row), MJ_EPERM);
	assert_int_equal(mj_web_get(st, &mem, mj_entity_find("team"), 9, &row), MJ_ENOTFOUND);
	assert_int_equal(mj_web_get(st, &mem, mj_entity_find("team"), 1, &row), 0);
	json_decref(row);
	assert_true(mj_web_org_in_scope(st, &org, 2));
	assert_false(mj_web_org_in_scope(st, &org, 3));
	json_decref(f);
}

static void links_and_anonymous(void **state)
{
	mj_store *st = *state;
	mj_actor sec;
	long long id = 0, mid = 0, oid = 0;
	char token[65], closes[11];
	mj_store_actor(st, "3", &sec);
	setenv("MINGJING_TODAY", "2026-11-20", 1);
	setenv("MINGJING_NOW", "2026-11-20T15:42:07Z", 1);
	assert_int_equal(mj_web_link_create(st, &sec, 1, "2026-11-01", &id, token), MJ_EINVAL);
	assert_int_equal(mj_web_link_create(st, &sec, 1, "2026-12-01", &id, token), 0);
	assert_int_equal(mj_web_link_open(st, token, mj_today(), &mid, closes), 0);
	assert_int_equal(mid, 1);
	assert_string_equal(closes, "2026-12-01");
	assert_int_equal(mj_web_link_open(st, token, mj_today() + 30, &mid, closes), MJ_ENOTFOUND);
	json_t *v = json_pack("{s:s, s:n}", "text", "意见", "about_id");
	assert_int_equal(mj_web_anon_submit(st, 1, v, mj_today(), &oid), 0);
	json_decref(v);
	v = json_pack("{s:s, s:i}", "text", "意见", "about_id", 5);
	assert_int_equal(mj_web_anon_submit(st, 1, v, mj_today(), &oid), MJ_EINVAL); /* not of this team */
	json_decref(v);
	json_t *rows = NULL;
	assert_int_equal(mj_store_rows(st, &rows, "SELECT at, actor FROM audit_log WHERE entity = 'opinion'", 0, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "at")), "2026-11-20T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "actor")), "匿名");
	json_decref(rows);
	assert_int_equal(mj_web_link_revoke(st, id), 0);
	assert_int_equal(mj_web_link_open(st, token, mj_today(), &mid, closes), MJ_ENOTFOUND);
	long long entries, nrows;
	assert_int_equal(mj_audit_verify(st, &entries, &nrows), 0);
	unsetenv("MINGJING_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passwords),
		cmocka_unit_test(sessions),
		cmocka_unit_test(read_scope),
		cmocka_unit_test(links_and_anonymous),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
