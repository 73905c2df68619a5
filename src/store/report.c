/*
 * Facts for the reports to the superior (report.c): everything the 情况报告 of
 * one meeting states, and one summary row per team for the roll-up of a
 * notice. SQL stays here; the wording is composed by the caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"

static long long gi(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gs(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* Runs sql with the one parameter id and stores the rows under key of out. */
static int put_rows(mj_store *s, json_t *out, const char *key, const char *sql, long long id)
{
	char p[24];
	snprintf(p, sizeof p, "%lld", id);
	const char *pm[] = {p};
	json_t *rows = NULL;
	int rc = mj_store_rows(s, &rows, sql, 1, pm);
	if (rc)
		return rc;
	json_object_set_new(out, key, rows);
	return 0;
}

/* The main problems by notice area, from the current version of every
 * material of the meeting that has one: [{"area", "problems": [{"name",
 * "headline"}]}]; problems outside any area go under "其他方面". */
static int problems_by_area(mj_store *s, long long meeting_id, json_t *areas, json_t *out)
{
	json_t *mats = NULL, *groups = json_array(), *other = json_array();
	size_t i, k;
	json_t *r, *p;
	int rc = put_rows(s, out, "materials_versioned",
			  "SELECT x.id, x.current_version, x.kind, p.name FROM material x JOIN person p ON p.id = x.person_id"
			  " WHERE x.meeting_id = ? AND x.current_version > 0 ORDER BY x.kind DESC, x.id", meeting_id);
	if (rc)
		goto done;
	mats = json_object_get(out, "materials_versioned");
	for (k = 0; k < json_array_size(areas); k++)
		json_array_append_new(groups, json_pack("{s:O,s:[]}", "area", json_array_get(areas, k), "problems"));
	json_array_foreach(mats, i, r) {
		json_t *probs = NULL;
		if ((rc = mj_material_problems(s, gi(r, "id"), (int)gi(r, "current_version"), &probs)))
			goto done;
		json_array_foreach(probs, k, p) {
			long long a = gi(p, "area_index");
			json_t *g = json_is_integer(json_object_get(p, "area_index")) && a >= 0 &&
					    (size_t)a < json_array_size(groups)
					    ? json_object_get(json_array_get(groups, (size_t)a), "problems")
					    : other;
			json_array_append_new(g, json_pack("{s:s,s:s}", "name", gs(r, "name") ? gs(r, "name") : "",
							   "headline", gs(p, "headline") ? gs(p, "headline") : ""));
		}
		json_decref(probs);
	}
	if (json_array_size(other))
		json_array_append_new(groups, json_pack("{s:s,s:O}", "area", "其他方面", "problems", other));
	json_object_set_new(out, "problems", groups);
	groups = NULL;
done:
	json_decref(groups);
	json_decref(other);
	return rc;
}

int mj_report_meeting(mj_store *s, long long meeting_id, int today, json_t **out)
{
	json_t *res = NULL, *st = NULL, *areas = NULL, *items = NULL;
	int rc;
	*out = NULL;
	if ((rc = mj_status_meeting(s, meeting_id, today, &st)))
		return rc;
	res = json_object();
	json_object_set_new(res, "status", st);
	if ((rc = mj_meeting_areas(s, meeting_id, &areas)))
		goto done;
	json_object_set_new(res, "areas", areas);
	if ((rc = put_rows(s, res, "notice",
			   "SELECT n.* FROM notice n JOIN meeting m ON m.notice_id = n.id WHERE m.id = ?", meeting_id)) ||
	    (rc = put_rows(s, res, "studies", "SELECT date, topic FROM study WHERE meeting_id = ? ORDER BY date, id",
			   meeting_id)) ||
	    (rc = put_rows(s, res, "channels",
			   "SELECT channel, count(*) AS count FROM opinion WHERE meeting_id = ? GROUP BY channel ORDER BY channel",
			   meeting_id)) ||
	    (rc = put_rows(s, res, "talks_held", "SELECT count(*) AS count FROM talk WHERE meeting_id = ?", meeting_id)) ||
	    (rc = put_rows(s, res, "attendees",
			   "SELECT p.name, p.title, a.should_attend, a.attended, a.absence_reason, a.is_supervisor"
			   " FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.meeting_id = ?"
			   " ORDER BY a.is_supervisor, a.id", meeting_id)) ||
	    (rc = put_rows(s, res, "criticisms",
			   "SELECT f.name AS from_name, t.name AS to_name, count(*) AS count FROM criticism c"
			   " JOIN person f ON f.id = c.from_id JOIN person t ON t.id = c.to_id WHERE c.meeting_id = ?"
			   " GROUP BY f.name, t.name, c.from_id, c.to_id ORDER BY min(c.id)", meeting_id)) ||
	    (rc = put_rows(s, res, "criticized",
			   "SELECT t.name, count(*) AS count FROM criticism c JOIN person t ON t.id = c.to_id"
			   " WHERE c.meeting_id = ? GROUP BY t.name, c.to_id ORDER BY min(c.id)", meeting_id)) ||
	    (rc = put_rows(s, res, "oversights",
			   "SELECT coalesce(p.name, '') AS name, o.text FROM oversight o LEFT JOIN person p ON p.id = o.person_id"
			   " WHERE o.meeting_id = ? ORDER BY o.id", meeting_id)))
		goto done;
	if ((rc = problems_by_area(s, meeting_id, areas, res)))
		goto done;
	/* The rectification plan: the meeting's own items (not carried ones). */
	if ((rc = mj_ledger_sheet_rows(s, meeting_id, 0, 0, today, &items)))
		goto done;
	json_t *own = json_array(), *r;
	size_t i;
	json_array_foreach(items, i, r)
		if (gi(r, "meeting_id") == meeting_id)
			json_array_append(own, r);
	json_decref(items);
	json_object_set_new(res, "items", own);
	*out = res;
	res = NULL;
done:
	json_decref(res);
	return rc;
}

int mj_report_rollup(mj_store *s, long long notice_id, int today, json_t **out)
{
	char p[24];
	snprintf(p, sizeof p, "%lld", notice_id);
	const char *pm[] = {p};
	json_t *notice = NULL, *teams = NULL, *rows = json_array(), *res = NULL, *all = NULL,
	       *by_meeting = json_object();
	size_t i;
	json_t *t;
	int rc;
	*out = NULL;
	if ((rc = mj_store_rows(s, &notice, "SELECT * FROM notice WHERE id = ?", 1, pm)))
		goto done;
	if (json_array_size(notice) == 0) {
		rc = mj_error_set(MJ_ENOTFOUND, "通知编号 %lld 不存在", notice_id);
		goto done;
	}
	/* Teams reporting to the notice's organisation (or to any organisation
	 * below it), and any team holding a meeting under the notice. */
	if ((rc = mj_store_rows(s, &teams,
				"WITH RECURSIVE sub(id) AS (SELECT org_id FROM notice WHERE id = ?1"
				" UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
				" SELECT t.id, t.name, t.kind, (SELECT max(m.id) FROM meeting m WHERE m.team_id = t.id AND m.notice_id = ?1) AS meeting_id"
				" FROM team t WHERE ((t.superior_org_id IN (SELECT id FROM sub) OR t.org_id IN (SELECT id FROM sub))"
				"  AND t.kind = (SELECT CASE kind WHEN 'olm' THEN 'branch' ELSE 'leadership' END FROM notice WHERE id = ?1))"
				" OR t.id IN (SELECT team_id FROM meeting WHERE notice_id = ?1) ORDER BY t.id", 1, pm)))
		goto done;
	/* the status of every meeting under the notice, in one pass (status.c) */
	if ((rc = mj_status_many(s, "m.notice_id = ?1", p, today, &all)))
		goto done;
	json_array_foreach(all, i, t) {
		char k[24];
		snprintf(k, sizeof k, "%lld", gi(json_object_get(t, "meeting"), "id"));
		json_object_set(by_meeting, k, t);
	}
	json_array_foreach(teams, i, t) {
		json_t *row = json_pack("{s:I,s:s,s:s}", "team_id", (json_int_t)gi(t, "id"), "team_name",
					gs(t, "name") ? gs(t, "name") : "", "team_kind", gs(t, "kind") ? gs(t, "kind") : "");
		json_array_append_new(rows, row);
		if (!json_is_integer(json_object_get(t, "meeting_id"))) {
			json_object_set_new(row, "state", json_string("未安排"));
			json_object_set_new(row, "reported", json_false());
			continue;
		}
		long long mid = gi(t, "meeting_id");
		char k[24];
		snprintf(k, sizeof k, "%lld", mid);
		json_t *st = json_object_get(by_meeting, k);
		if (!st) {
			rc = mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", mid);
			goto done;
		}
		json_t *m = json_object_get(st, "meeting"), *dl = json_object_get(st, "deadlines"),
		       *att = json_object_get(st, "attendance"), *tk = json_object_get(st, "talks"),
		       *mat = json_object_get(st, "materials"), *led = json_object_get(st, "ledger");
		json_object_set_new(row, "meeting_id", json_integer(mid));
		json_object_set(row, "planned_date", json_object_get(m, "planned_date"));
		json_object_set(row, "actual_date", json_object_get(m, "actual_date"));
		json_object_set(row, "plan_sent_on", json_object_get(m, "plan_sent_on"));
		json_object_set(row, "report_sent_on", json_object_get(m, "report_sent_on"));
		json_object_set(row, "report_due", json_object_get(dl, "report_due"));
		const char *sent = gs(m, "report_sent_on"), *due = gs(dl, "report_due");
		json_object_set_new(row, "reported", json_boolean(sent != NULL));
		json_object_set_new(row, "state", json_string(sent ? "已报告" : gs(m, "actual_date") ? "已召开未报告" : "未报告"));
		if (sent && due)
			json_object_set_new(row, "on_time", json_boolean(strcmp(sent, due) <= 0));
		json_object_set(row, "quorum_met", json_object_get(att, "quorum_met"));
		json_object_set(row, "talk_percent", json_object_get(tk, "percent"));
		long long total = 0, fin = 0;
		const char *key;
		json_t *v;
		json_object_foreach(json_object_get(mat, "by_state"), key, v) {
			total += json_integer_value(v);
			if (strcmp(key, "final") == 0)
				fin += json_integer_value(v);
		}
		json_object_set_new(row, "materials_final", json_integer(fin));
		json_object_set_new(row, "materials_total", json_integer(total));
		json_t *bc = json_object_get(led, "by_color"), *bs = json_object_get(led, "by_status");
		json_object_set_new(row, "red", json_integer(gi(bc, "red")));
		json_object_set_new(row, "yellow", json_integer(gi(bc, "yellow")));
		json_object_set_new(row, "blue", json_integer(gi(bc, "blue")));
		json_object_set_new(row, "closed", json_integer(gi(bs, "closed")));
		json_object_set_new(row, "done", json_integer(gi(bs, "done")));
		json_object_set_new(row, "doing", json_integer(gi(bs, "doing")));
		json_object_set_new(row, "todo", json_integer(gi(bs, "todo")));
		json_object_set_new(row, "items", json_integer(gi(led, "total")));
		/* problems found: the items of the meeting itself (its ledger less the carried ones) */
		json_object_set_new(row, "problems", json_integer(gi(led, "total") - gi(led, "carried")));
	}
	/* not reported first, then by team id (stable) */
	json_t *sorted = json_array();
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(rows, i, t)
			if (json_is_true(json_object_get(t, "reported")) == (pass == 1))
				json_array_append(sorted, t);
	res = json_pack("{s:O,s:o}", "notice", json_array_get(notice, 0), "teams", sorted);
	*out = res;
	res = NULL;
done:
	json_decref(notice);
	json_decref(teams);
	json_decref(all);
	json_decref(by_meeting);
	json_decref(rows);
	json_decref(res);
	return rc;
}
