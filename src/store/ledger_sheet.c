/*
 * The ledger's spreadsheet side in the store: the rows of an export (with
 * names instead of ids), and the import of a sheet into a meeting's ledger —
 * resolve names within the team's organisation, let core validate every row
 * into a plan (core/ledger_sheet.c), then apply the plan all or nothing
 * through mj_entity_write (so every change is audited), recording the import
 * in ledger_import so that it can be undone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger_sheet.h"
#include "core/perm.h"
#include "core/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/sheet.h"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void num(char *buf, size_t size, long long v) { snprintf(buf, size, "%lld", v); }

/* id -> name of every person and org, as two JSON objects keyed by id text. */
static int name_maps(mj_store *s, json_t **people, json_t **orgs)
{
	json_t *rows = NULL;
	size_t i;
	json_t *r;
	int rc;
	*people = json_object();
	*orgs = json_object();
	if ((rc = mj_store_rows(s, &rows, "SELECT id, name FROM person", 0, NULL)))
		return rc;
	json_array_foreach(rows, i, r) {
		char k[24];
		num(k, sizeof k, geti(r, "id"));
		json_object_set(*people, k, json_object_get(r, "name"));
	}
	json_decref(rows);
	if ((rc = mj_store_rows(s, &rows, "SELECT id, name FROM org", 0, NULL)))
		return rc;
	json_array_foreach(rows, i, r) {
		char k[24];
		num(k, sizeof k, geti(r, "id"));
		json_object_set(*orgs, k, json_object_get(r, "name"));
	}
	json_decref(rows);
	return 0;
}

static void add_name(json_t *row, const char *idkey, const char *namekey, json_t *map)
{
	char k[24];
	json_t *v = json_object_get(row, idkey);
	if (!json_is_integer(v)) {
		json_object_set_new(row, namekey, json_null());
		return;
	}
	num(k, sizeof k, json_integer_value(v));
	json_t *n = json_object_get(map, k);
	json_object_set(row, namekey, n ? n : json_null());
}

static int warn_days_of_meeting(mj_store *s, long long meeting_id, int *warn)
{
	char m[24];
	long long w = 0, has = 0;
	num(m, sizeof m, meeting_id);
	const char *p[] = {m};
	*warn = MJ_WARN_DAYS_DEFAULT;
	int rc = mj_store_int(s, &has, "SELECT count(*) FROM meeting x JOIN notice n ON n.id = x.notice_id WHERE x.id = ?", 1, p);
	if (!rc && has && !(rc = mj_store_int(s, &w, "SELECT n.warn_days FROM meeting x JOIN notice n ON n.id = x.notice_id WHERE x.id = ?", 1, p)))
		*warn = (int)w;
	return rc;
}

int mj_ledger_sheet_rows(mj_store *s, long long meeting_id, long long team_id, long long notice_id,
			 int today, json_t **out)
{
	json_t *meetings = NULL, *all = json_array(), *people = NULL, *orgs = NULL, *teams = NULL;
	char k[24];
	const char *p[] = {k};
	int rc = 0, warn;
	*out = NULL;
	if ((!!meeting_id) + (!!team_id) + (!!notice_id) != 1)
		return mj_error_set(MJ_EUSAGE, "需要 --meeting、--team 或 --notice 之一");
	if (meeting_id) {
		num(k, sizeof k, meeting_id);
		rc = mj_store_rows(s, &meetings, "SELECT id, team_id FROM meeting WHERE id = ?", 1, p);
		if (!rc && json_array_size(meetings) == 0)
			rc = mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", meeting_id);
	} else if (notice_id) {
		num(k, sizeof k, notice_id);
		rc = mj_store_rows(s, &meetings, "SELECT id, team_id FROM meeting WHERE notice_id = ? ORDER BY team_id, id", 1, p);
		long long n = 0;
		if (!rc && !(rc = mj_store_int(s, &n, "SELECT count(*) FROM notice WHERE id = ?", 1, p)) && !n)
			rc = mj_error_set(MJ_ENOTFOUND, "通知编号 %lld 不存在", notice_id);
	} else {
		num(k, sizeof k, team_id);
		long long n = 0, last = 0;
		if (!(rc = mj_store_int(s, &n, "SELECT count(*) FROM team WHERE id = ?", 1, p)) && !n)
			rc = mj_error_set(MJ_ENOTFOUND, "班子编号 %lld 不存在", team_id);
		if (!rc)
			rc = mj_store_int(s, &last, "SELECT id FROM meeting WHERE team_id = ? ORDER BY year DESC, id DESC LIMIT 1", 1, p);
		if (!rc) {
			meetings = json_array();
			json_t *m = json_object();
			json_object_set_new(m, "id", json_integer(last)); /* for warn days only */
			json_object_set_new(m, "team_id", json_integer(team_id));
			json_object_set_new(m, "all", json_true());
			json_array_append_new(meetings, m);
		}
	}
	if (rc || (rc = name_maps(s, &people, &orgs)) ||
	    (rc = mj_store_rows(s, &teams, "SELECT id, name FROM team", 0, NULL)))
		goto cleanup;
	size_t i, j;
	json_t *m, *r;
	json_array_foreach(meetings, i, m) {
		json_t *rows = NULL;
		long long mid = geti(m, "id"), tid = geti(m, "team_id");
		warn = MJ_WARN_DAYS_DEFAULT;
		if (mid && (rc = warn_days_of_meeting(s, mid, &warn)))
			goto cleanup;
		if ((rc = mj_ledger_rows(s, json_is_true(json_object_get(m, "all")) ? 0 : mid, tid, today, warn, &rows)))
			goto cleanup;
		const char *tname = "";
		json_t *t;
		json_array_foreach(teams, j, t) if (geti(t, "id") == tid) tname = gets(t, "name");
		json_array_foreach(rows, j, r) {
			add_name(r, "owner_id", "owner_name", people);
			add_name(r, "leader_id", "leader_name", people);
			add_name(r, "closed_by", "closer_name", people);
			add_name(r, "dept_id", "dept_name", orgs);
			json_object_set_new(r, "team_name", json_string(tname));
			json_array_append(all, r);
		}
		json_decref(rows);
	}
	*out = all;
	all = NULL;
cleanup:
	json_decref(meetings);
	json_decref(all);
	json_decref(people);
	json_decref(orgs);
	json_decref(teams);
	return rc;
}

/* ---- import ---------------------------------------------------------------- */

/* name -> id, 0 when the name is shared. */
static json_t *by_name(json_t *rows)
{
	json_t *map = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *n = gets(r, "name");
		if (!n)
			continue;
		json_t *have = json_object_get(map, n);
		if (have && json_integer_value(have) != geti(r, "id"))
			json_object_set_new(map, n, json_integer(0));
		else
			json_object_set_new(map, n, json_integer(geti(r, "id")));
	}
	return map;
}

static int lookup_for(mj_store *s, long long meeting_id, int today, struct mj_ledger_lookup *lk, long long *team_out)
{
	json_t *rows = NULL, *items = NULL;
	char mid[24], tid[24], oid[24];
	long long team = 0, org = 0;
	int rc, warn;
	num(mid, sizeof mid, meeting_id);
	const char *pm[] = {mid};
	if ((rc = mj_store_int(s, &team, "SELECT team_id FROM meeting WHERE id = ?", 1, pm)))
		return rc;
	if (!team)
		return mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", meeting_id);
	num(tid, sizeof tid, team);
	const char *pt[] = {tid};
	if ((rc = mj_store_int(s, &org, "SELECT org_id FROM team WHERE id = ?", 1, pt)))
		return rc;
	num(oid, sizeof oid, org);
	const char *po[] = {oid, tid};
	static const char sub[] = "WITH RECURSIVE sub(id) AS (SELECT CAST(? AS INTEGER) UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id) ";
	char sql[512];
	snprintf(sql, sizeof sql, "%sSELECT id, name FROM person WHERE org_id IN (SELECT id FROM sub)"
				  " OR id IN (SELECT person_id FROM member WHERE team_id = ?) ORDER BY id", sub);
	if ((rc = mj_store_rows(s, &rows, sql, 2, po)))
		return rc;
	lk->people = by_name(rows);
	json_decref(rows);
	snprintf(sql, sizeof sql, "%sSELECT id, name FROM org WHERE id IN (SELECT id FROM sub) ORDER BY id", sub);
	if ((rc = mj_store_rows(s, &rows, sql, 1, po)))
		return rc;
	lk->depts = by_name(rows);
	json_decref(rows);
	if ((rc = warn_days_of_meeting(s, meeting_id, &warn)) ||
	    (rc = mj_ledger_rows(s, meeting_id, team, today, warn, &items)))
		return rc;
	lk->items = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r) {
		char k[24];
		num(k, sizeof k, geti(r, "id"));
		json_object_set(lk->items, k, r);
	}
	json_decref(items);
	*team_out = team;
	return 0;
}

/* A store-form value as an input value (text or null). */
static json_t *as_input(json_t *v)
{
	char k[24];
	if (json_is_integer(v)) {
		num(k, sizeof k, json_integer_value(v));
		return json_string(k);
	}
	if (json_is_string(v))
		return json_incref(v);
	return json_null();
}

static int last_seq(mj_store *s, long long *seq)
{
	return mj_store_int(s, seq, "SELECT coalesce(max(seq), 0) FROM audit_log", 0, NULL);
}

static int apply_plan(mj_store *s, const mj_actor *a, long long meeting_id, json_t *plan, json_t *summary)
{
	const struct mj_entity *ie = mj_entity_find("item");
	json_t *created = json_array(), *updated = json_array();
	char mid[24];
	int rc = 0;
	num(mid, sizeof mid, meeting_id);
	json_object_set_new(summary, "created", created);
	json_object_set_new(summary, "updated", updated);
	size_t i;
	json_t *step;
	json_array_foreach(plan, i, step) {
		const char *op = gets(step, "op");
		json_t *values = json_object_get(step, "values");
		long long row = geti(step, "row"), id = 0;
		if (strcmp(op, "new") == 0) {
			json_object_set_new(values, "meeting_id", json_string(mid));
			rc = mj_entity_write(s, a, ie, 0, values, MJ_W_INTERNAL, &id);
			if (!rc)
				json_array_append_new(created, json_integer(id));
		} else if (strcmp(op, "update") == 0) {
			json_t *old = NULL;
			id = geti(step, "id");
			long long team = 0;
			if (!(rc = mj_entity_get(s, ie, id, &old)) && !(rc = mj_ledger_check_edit(s, a, old)) &&
			    !(rc = mj_store_team_of(s, ie, old, &team)) &&
			    !(rc = mj_perm_check(ie, MJ_ACT_UPDATE, mj_store_facts(s, a, team, ie, old))) &&
			    !(rc = mj_entity_write(s, a, ie, id, values, MJ_W_INTERNAL | MJ_W_NOPERM, NULL))) {
				json_t *u = json_object(), *before = json_object();
				const char *key;
				json_t *v;
				json_object_foreach(values, key, v) json_object_set(before, key, json_object_get(old, key));
				json_object_set_new(u, "id", json_integer(id));
				json_object_set_new(u, "before", before);
				json_array_append_new(updated, u);
			}
			json_decref(old);
		}
		if (rc) {
			char msg[1024];
			snprintf(msg, sizeof msg, "%s", mj_error_msg());
			return mj_error_set(rc, "第 %lld 行：%s；导入已全部撤回，数据库未做任何修改", row, msg);
		}
	}
	return 0;
}

int mj_ledger_import(mj_store *s, const mj_actor *a, long long meeting_id, const struct mj_sheet *sheet,
		     const struct mj_ledger_import_opts *o, json_t **report)
{
	struct mj_ledger_lookup lk = {0};
	struct mj_ledger_map map;
	struct mj_ledger_counts c;
	json_t *plan = NULL, *errors = NULL, *summary = NULL;
	long long team = 0;
	int rc;
	*report = json_object();
	if ((rc = lookup_for(s, meeting_id, mj_today(), &lk, &team)))
		goto cleanup;
	lk.ignore_ids = o->ignore_ids;
	if ((rc = mj_ledger_map_header(&map, sheet)))
		goto cleanup;
	mj_ledger_plan(&plan, &errors, &c, sheet, &map, &lk, o->max_errors ? o->max_errors : 100);
	json_t *counts = json_object();
	json_object_set_new(counts, "rows", json_integer(c.rows));
	json_object_set_new(counts, "new", json_integer(c.created));
	json_object_set_new(counts, "updated", json_integer(c.updated));
	json_object_set_new(counts, "unchanged", json_integer(c.unchanged));
	json_object_set_new(counts, "errors", json_integer(c.errors));
	json_object_set_new(*report, "counts", counts);
	json_object_set(*report, "errors", errors);
	json_t *cols = json_array();
	for (int k = 0; k < MJ_LC_COUNT; k++)
		if (map.col[k] >= 0) {
			char cn[8];
			mj_sheet_col_name((size_t)map.col[k], cn);
			json_t *e = json_object();
			json_object_set_new(e, "col", json_string(cn));
			json_object_set_new(e, "label", json_string(mj_lcol_label(k)));
			json_array_append_new(cols, e);
		}
	json_object_set_new(*report, "columns", cols);
	json_object_set_new(*report, "header_row", json_integer(sheet->rows[map.header_row].line));
	if (c.errors) {
		rc = mj_error_set(MJ_EINVAL, "发现 %ld 处错误，导入未执行，数据库未做任何修改", c.errors);
		goto cleanup;
	}
	if (o->dry_run || c.created + c.updated == 0)
		goto cleanup;
	/* apply, all or nothing */
	summary = json_object();
	if ((rc = mj_store_begin(s)))
		goto cleanup;
	long long seq_to = 0, import_id = 0;
	if ((rc = apply_plan(s, a, meeting_id, plan, summary)) || (rc = last_seq(s, &seq_to)))
		goto rollback;
	{
		char mid[24], seq[24], at[21], actor[160], aid[24];
		char *text = json_dumps(summary, JSON_COMPACT);
		num(mid, sizeof mid, meeting_id);
		num(seq, sizeof seq, seq_to);
		num(aid, sizeof aid, a->person_id);
		mj_now_iso(at);
		snprintf(actor, sizeof actor, "%s", a->name);
		const char *p[] = {mid, at, actor, a->person_id ? aid : NULL, o->file, seq, text};
		rc = mj_store_exec(s, "INSERT INTO ledger_import (meeting_id, at, actor, actor_id, file, seq_to, summary)"
				      " VALUES (?, ?, ?, ?, ?, ?, ?)", 7, p, NULL, NULL);
		free(text);
		if (!rc)
			rc = mj_store_int(s, &import_id, "SELECT max(id) FROM ledger_import", 0, NULL);
		if (!rc)
			rc = mj_audit_append(s, a, "ledger_import", import_id, "import", NULL);
	}
	if (rc)
		goto rollback;
	if ((rc = mj_store_commit(s)))
		goto cleanup;
	json_object_set_new(*report, "import_id", json_integer(import_id));
	goto cleanup;
rollback:
	mj_store_rollback(s);
cleanup:
	json_decref(lk.people);
	json_decref(lk.depts);
	json_decref(lk.items);
	json_decref(plan);
	json_decref(errors);
	json_decref(summary);
	return rc;
}

/* ---- undo ------------------------------------------------------------------- */

int mj_ledger_import_undo(mj_store *s, const mj_actor *a, long long meeting_id, json_t **report)
{
	const struct mj_entity *ie = mj_entity_find("item");
	json_t *rows = NULL, *imp = NULL, *summary = NULL, *later = NULL, *touched = json_object();
	char mid[24];
	int rc;
	*report = json_object();
	num(mid, sizeof mid, meeting_id);
	const char *pm[] = {mid};
	if ((rc = mj_store_begin(s)))
		goto cleanup;
	rc = meeting_id ? mj_store_rows(s, &rows, "SELECT * FROM ledger_import WHERE meeting_id = ? ORDER BY id DESC LIMIT 1", 1, pm)
			: mj_store_rows(s, &rows, "SELECT * FROM ledger_import ORDER BY id DESC LIMIT 1", 0, NULL);
	if (rc)
		goto rollback;
	if (json_array_size(rows) == 0) {
		rc = mj_error_set(MJ_ENOTFOUND, "没有可撤销的导入");
		goto rollback;
	}
	imp = json_incref(json_array_get(rows, 0));
	long long import_id = geti(imp, "id");
	if (!json_is_null(json_object_get(imp, "undone_at")) && json_object_get(imp, "undone_at")) {
		rc = mj_error_set(MJ_ESTATE, "最近一次导入（第 %lld 次，%s）已于 %s 撤销", import_id, gets(imp, "at"),
				  gets(imp, "undone_at"));
		goto rollback;
	}
	int may = strcmp(a->role, "operator") == 0 || strcmp(a->role, "admin") == 0 ||
		  (a->person_id && geti(imp, "actor_id") == a->person_id);
	if (!may) {
		rc = mj_error_set(MJ_EPERM, "只有导入人（%s）或系统管理员可以撤销这次导入", gets(imp, "actor"));
		goto rollback;
	}
	json_error_t jerr;
	summary = json_loads(gets(imp, "summary"), 0, &jerr);
	if (!summary) {
		rc = mj_error_set(MJ_EDB, "导入记录 %lld 已损坏，无法撤销", import_id);
		goto rollback;
	}
	/* refuse when any touched item changed after the import */
	char seq[24];
	num(seq, sizeof seq, geti(imp, "seq_to"));
	const char *ps[] = {seq};
	if ((rc = mj_store_rows(s, &later, "SELECT DISTINCT entity_id FROM audit_log WHERE entity = 'item' AND seq > ?", 1, ps)))
		goto rollback;
	json_t *created = json_object_get(summary, "created"), *updated = json_object_get(summary, "updated");
	size_t i;
	json_t *v;
	json_array_foreach(created, i, v) {
		char k[24];
		num(k, sizeof k, json_integer_value(v));
		json_object_set_new(touched, k, json_true());
	}
	json_array_foreach(updated, i, v) {
		char k[24];
		num(k, sizeof k, geti(v, "id"));
		json_object_set_new(touched, k, json_true());
	}
	json_array_foreach(later, i, v) {
		char k[24];
		num(k, sizeof k, geti(v, "entity_id"));
		if (json_object_get(touched, k)) {
			rc = mj_error_set(MJ_ECONFLICT, "台账条目 %s 在导入之后又被修改过，不能撤销这次导入（请手工处理）", k);
			goto rollback;
		}
	}
	/* restore updated fields */
	json_array_foreach(updated, i, v) {
		json_t *vals = json_object(), *before = json_object_get(v, "before");
		const char *key;
		json_t *old;
		json_object_foreach(before, key, old) json_object_set_new(vals, key, as_input(old));
		rc = mj_entity_write(s, a, ie, geti(v, "id"), vals, MJ_W_INTERNAL | MJ_W_NOPERM, NULL);
		json_decref(vals);
		if (rc)
			goto rollback;
	}
	/* delete created items (newest first) */
	for (size_t k = json_array_size(created); k-- > 0;) {
		char id[24];
		long long refs = 0;
		num(id, sizeof id, json_integer_value(json_array_get(created, k)));
		const char *pi[] = {id};
		if ((rc = mj_store_int(s, &refs, "SELECT (SELECT count(*) FROM item WHERE carried_from = ?1)"
						 " + (SELECT count(*) FROM item_note WHERE item_id = ?1)", 1, pi)))
			goto rollback;
		if (refs) {
			rc = mj_error_set(MJ_ECONFLICT, "台账条目 %s 已有后续记录（进展或结转），不能撤销这次导入", id);
			goto rollback;
		}
		if ((rc = mj_store_exec(s, "DELETE FROM item WHERE id = ?", 1, pi, NULL, NULL)) ||
		    (rc = mj_audit_append(s, a, "item", strtoll(id, NULL, 10), "delete", NULL)))
			goto rollback;
	}
	char at[21], iid[24];
	mj_now_iso(at);
	num(iid, sizeof iid, import_id);
	const char *pu[] = {at, a->name, iid};
	if ((rc = mj_store_exec(s, "UPDATE ledger_import SET undone_at = ?, undone_by = ? WHERE id = ?", 3, pu, NULL, NULL)) ||
	    (rc = mj_audit_append(s, a, "ledger_import", import_id, "undo", NULL)))
		goto rollback;
	if ((rc = mj_store_commit(s)))
		goto cleanup;
	json_object_set_new(*report, "import_id", json_integer(import_id));
	json_object_set(*report, "meeting_id", json_object_get(imp, "meeting_id"));
	json_object_set(*report, "at", json_object_get(imp, "at"));
	json_object_set_new(*report, "deleted", json_integer((long long)json_array_size(created)));
	json_object_set_new(*report, "restored", json_integer((long long)json_array_size(updated)));
	goto cleanup;
rollback:
	mj_store_rollback(s);
cleanup:
	json_decref(rows);
	json_decref(imp);
	json_decref(summary);
	json_decref(later);
	json_decref(touched);
	return rc;
}
