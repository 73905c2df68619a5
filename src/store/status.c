/*
 * Where a meeting stands: gathers the facts of one meeting from the database
 * and applies the rules of core/rules.h (talk coverage, quorum, deadlines,
 * warning colours) to them. The SQL is portable (SQLite and PostgreSQL):
 * booleans are written as CASE WHEN ... THEN 1 ELSE 0 END. Also the ledger view used by `ledger list` and
 * `status`: a meeting's items plus the open items carried over from the same
 * team's earlier meetings, each with its colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int date_or_none(const char *s)
{
	int d;
	if (!s || mj_date_parse(s, &d))
		return MJ_DATE_NONE;
	return d;
}

static void set_date(json_t *o, const char *k, int d)
{
	char buf[11];
	if (d == MJ_DATE_NONE) {
		json_object_set_new(o, k, json_null());
		return;
	}
	mj_date_format(d, buf);
	json_object_set_new(o, k, json_string(buf));
}

int mj_ledger_rows(mj_store *s, long long meeting_id, long long team_id, int today, int warn_days, json_t **out);

/* The ledger of a team as seen from one of its meetings: that meeting's items
 * and the not yet closed items of the team's earlier meetings (carried). With
 * meeting_id 0: every item of the team. Each row gains "color" and "carried". */
int mj_ledger_rows(mj_store *s, long long meeting_id, long long team_id, int today, int warn_days, json_t **out)
{
	char mid[24], tid[24];
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	snprintf(tid, sizeof tid, "%lld", team_id);
	const char *p[] = {mid, tid, mid};
	json_t *rows;
	int rc;
	if (meeting_id)
		rc = mj_store_rows(s, &rows,
				   "SELECT i.*, m.year AS year, CASE WHEN i.meeting_id <> ? THEN 1 ELSE 0 END AS carried FROM item i JOIN meeting m ON m.id = i.meeting_id"
				   " WHERE m.team_id = ? AND (i.meeting_id = ? OR (i.status <> 'closed' AND m.year <"
				   " (SELECT year FROM meeting WHERE id = ?1))) ORDER BY m.year, i.id",
				   3, p);
	else
		rc = mj_store_rows(s, &rows,
				   "SELECT i.*, m.year AS year, 0 AS carried FROM item i JOIN meeting m ON m.id = i.meeting_id"
				   " WHERE m.team_id = ? ORDER BY m.year, i.id", 1, p + 1);
	if (rc)
		return rc;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		enum mj_item_status st = MJ_ITEM_TODO;
		mj_item_status_parse(&st, gets(r, "status") ? gets(r, "status") : "todo");
		enum mj_warning w = mj_item_warning(st, date_or_none(gets(r, "deadline")), (int)geti(r, "sent_back"),
						    today, warn_days);
		json_object_set_new(r, "color", json_string(mj_warning_code(w)));
		json_object_set_new(r, "carried", json_boolean(geti(r, "carried")));
	}
	*out = rows;
	return 0;
}

static int talk_coverage(mj_store *s, long long meeting_id, long long team_id, json_t *out)
{
	char mid[24], tid[24];
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	snprintf(tid, sizeof tid, "%lld", team_id);
	const char *pt[] = {tid}, *pm[] = {mid};
	json_t *members = NULL, *ov = NULL, *talks = NULL, *names = NULL;
	struct mj_team_member *mem = NULL;
	struct mj_oversees *os = NULL;
	struct mj_talk *tk = NULL;
	struct mj_talk_coverage cov = {0};
	int rc;
	if ((rc = mj_store_rows(s, &members, "SELECT m.person_id, CASE WHEN m.is_head <> 0 OR t.head_id = m.person_id THEN 1 ELSE 0 END AS is_head FROM member m"
					     " JOIN team t ON t.id = m.team_id WHERE m.team_id = ? ORDER BY m.ord, m.id", 1, pt)) ||
	    (rc = mj_store_rows(s, &ov, "SELECT o.person_id, o.dept_id, g.head_id, g.name AS dept FROM oversee o"
					" JOIN org g ON g.id = o.dept_id WHERE o.team_id = ?", 1, pt)) ||
	    (rc = mj_store_rows(s, &talks, "SELECT a_id, b_id FROM talk WHERE meeting_id = ?", 1, pm)) ||
	    (rc = mj_store_rows(s, &names, "SELECT id, name FROM person WHERE id IN (SELECT person_id FROM member WHERE team_id = ?1"
					   " UNION SELECT g.head_id FROM oversee o JOIN org g ON g.id = o.dept_id WHERE o.team_id = ?1)", 1, pt)))
		goto cleanup;
	size_t nm = json_array_size(members), no = json_array_size(ov), nt = json_array_size(talks), i;
	mem = mj_calloc(nm + 1, sizeof *mem);
	os = mj_calloc(no + 1, sizeof *os);
	tk = mj_calloc(nt + 1, sizeof *tk);
	int heads = 0;
	for (i = 0; i < nm; i++) {
		json_t *r = json_array_get(members, i);
		mem[i].person_id = geti(r, "person_id");
		mem[i].is_head = geti(r, "is_head") && !heads;
		heads += mem[i].is_head;
	}
	size_t nos = 0;
	for (i = 0; i < no; i++) {
		json_t *r = json_array_get(ov, i);
		os[nos].member_id = geti(r, "person_id");
		os[nos].dept_id = geti(r, "dept_id");
		os[nos].dept_head_id = geti(r, "head_id");
		nos++;
	}
	for (i = 0; i < nt; i++) {
		json_t *r = json_array_get(talks, i);
		tk[i].a = geti(r, "a_id");
		tk[i].b = geti(r, "b_id");
	}
	if ((rc = mj_talk_coverage_build(&cov, mem, nm, os, nos, tk, nt)))
		goto cleanup;
	json_t *name_of = json_object(), *nr;
	json_array_foreach(names, i, nr) {
		char k[24];
		snprintf(k, sizeof k, "%lld", geti(nr, "id"));
		json_object_set(name_of, k, json_object_get(nr, "name"));
	}
	json_object_set_new(out, "required", json_integer((long long)cov.n_pairs));
	json_object_set_new(out, "covered", json_integer((long long)cov.n_covered));
	json_object_set_new(out, "percent", json_integer(mj_talk_coverage_percent(&cov)));
	json_t *missing = json_array();
	for (i = 0; i < cov.n_missing; i++) {
		json_t *m = json_object();
		char ka[24], kb[24];
		snprintf(ka, sizeof ka, "%lld", (long long)cov.missing[i].a);
		snprintf(kb, sizeof kb, "%lld", (long long)cov.missing[i].b);
		json_object_set_new(m, "a_id", json_integer(cov.missing[i].a));
		json_object_set(m, "a_name", json_object_get(name_of, ka) ? json_object_get(name_of, ka) : json_null());
		json_object_set_new(m, "b_id", json_integer(cov.missing[i].b));
		json_object_set(m, "b_name", json_object_get(name_of, kb) ? json_object_get(name_of, kb) : json_null());
		json_t *why = json_array();
		if (cov.missing[i].reasons & MJ_TALK_HEAD_MEMBER)
			json_array_append_new(why, json_string("head_member"));
		if (cov.missing[i].reasons & MJ_TALK_MEMBER_MEMBER)
			json_array_append_new(why, json_string("member_member"));
		if (cov.missing[i].reasons & MJ_TALK_OVERSEES)
			json_array_append_new(why, json_string("oversees"));
		json_object_set_new(m, "reasons", why);
		json_array_append_new(missing, m);
	}
	json_object_set_new(out, "missing", missing);
	json_decref(name_of);
cleanup:
	mj_talk_coverage_free(&cov);
	free(mem);
	free(os);
	free(tk);
	json_decref(members);
	json_decref(ov);
	json_decref(talks);
	json_decref(names);
	return rc;
}

int mj_status_meeting(mj_store *s, long long meeting_id, int today, json_t **out)
{
	char mid[24];
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	const char *pm[] = {mid};
	json_t *info = NULL, *res = json_object(), *rows = NULL;
	int rc;
	*out = NULL;
	if ((rc = mj_store_rows(s, &rows,
				"SELECT m.*, t.name AS team_name, t.kind AS team_kind, n.plan_lead_days, n.report_due_days, n.warn_days, n.theme"
				" FROM meeting m JOIN team t ON t.id = m.team_id LEFT JOIN notice n ON n.id = m.notice_id WHERE m.id = ?",
				1, pm)))
		goto cleanup;
	if (json_array_size(rows) == 0) {
		rc = mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", meeting_id);
		goto cleanup;
	}
	info = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	rows = NULL;
	long long team_id = geti(info, "team_id");
	json_object_set(res, "meeting", info);

	/* opinions */
	json_t *op = json_object();
	if ((rc = mj_store_rows(s, &rows, "SELECT count(*) AS total, sum(CASE WHEN about_id IS NULL THEN 1 ELSE 0 END) AS about_team,"
					  " sum(CASE WHEN duplicate_of IS NOT NULL THEN 1 ELSE 0 END) AS duplicates, sum(anonymous) AS anonymous,"
					  " sum(CASE WHEN feedback_on IS NOT NULL AND about_id IS NOT NULL THEN 1 ELSE 0 END) AS fed_back,"
					  " sum(CASE WHEN about_id IS NOT NULL THEN 1 ELSE 0 END) AS about_members"
					  " FROM opinion WHERE meeting_id = ?", 1, pm))) {
		json_decref(op);
		goto cleanup;
	}
	json_t *r0 = json_array_get(rows, 0);
	const char *k;
	json_t *v;
	json_object_foreach(r0, k, v) json_object_set_new(op, k, json_integer(json_is_integer(v) ? json_integer_value(v) : 0));
	json_decref(rows);
	if ((rc = mj_store_rows(s, &rows, "SELECT p.id AS person_id, p.name, count(o.id) AS count FROM member mb"
					  " JOIN person p ON p.id = mb.person_id LEFT JOIN opinion o ON o.about_id = p.id AND o.meeting_id = ?1"
					  " AND o.duplicate_of IS NULL WHERE mb.team_id = (SELECT team_id FROM meeting WHERE id = ?1)"
					  " GROUP BY p.id, p.name, mb.ord, mb.id ORDER BY mb.ord, mb.id", 1, pm))) {
		json_decref(op);
		goto cleanup;
	}
	json_object_set_new(op, "per_member", rows);
	rows = NULL;
	json_object_set_new(res, "opinions", op);

	/* talks */
	json_t *talks = json_object();
	json_object_set_new(res, "talks", talks);
	if ((rc = talk_coverage(s, meeting_id, team_id, talks)))
		goto cleanup;

	/* materials */
	if ((rc = mj_store_rows(s, &rows, "SELECT p.id AS person_id, p.name, x.id AS material_id, x.state, x.current_version,"
					  " x.rewrite_due FROM member mb JOIN person p ON p.id = mb.person_id"
					  " LEFT JOIN material x ON x.person_id = p.id AND x.meeting_id = ?1 AND x.kind = 'member'"
					  " WHERE mb.team_id = (SELECT team_id FROM meeting WHERE id = ?1) ORDER BY mb.ord, mb.id", 1, pm)))
		goto cleanup;
	json_t *mat = json_object();
	json_t *counts = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *stt = gets(r, "state") ? gets(r, "state") : "missing";
		json_object_set_new(counts, stt, json_integer(geti(counts, stt) + 1));
	}
	json_object_set_new(mat, "by_state", counts);
	json_object_set_new(mat, "members", rows);
	rows = NULL;
	json_object_set_new(res, "materials", mat);

	/* attendance and quorum */
	if ((rc = mj_store_rows(s, &rows, "SELECT coalesce(sum(CASE WHEN should_attend <> 0 AND is_supervisor = 0 THEN 1 ELSE 0 END),0) AS should,"
					  " coalesce(sum(CASE WHEN attended <> 0 AND should_attend <> 0 AND is_supervisor = 0 THEN 1 ELSE 0 END),0) AS attended,"
					  " coalesce(sum(CASE WHEN is_supervisor <> 0 AND attended <> 0 THEN 1 ELSE 0 END),0) AS supervisors FROM attendance WHERE meeting_id = ?", 1, pm)))
		goto cleanup;
	json_t *att = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	rows = NULL;
	struct mj_quorum q = {0};
	if (geti(att, "should") > 0 && mj_quorum_check(&q, (int)geti(att, "should"), (int)geti(att, "attended")) == 0) {
		json_object_set_new(att, "quorum_met", json_boolean(q.met));
		json_object_set_new(att, "needed", json_integer(q.needed));
	} else {
		json_object_set_new(att, "quorum_met", json_null());
		json_object_set_new(att, "needed", json_null());
	}
	json_object_set_new(res, "attendance", att);

	/* deadlines */
	json_t *dl = json_object();
	struct mj_deadline_config cfg = {
		json_is_integer(json_object_get(info, "plan_lead_days")) ? (int)geti(info, "plan_lead_days") : 10,
		json_is_integer(json_object_get(info, "report_due_days")) ? (int)geti(info, "report_due_days") : 15,
		json_is_integer(json_object_get(info, "warn_days")) ? (int)geti(info, "warn_days") : 3};
	int held = date_or_none(gets(info, "actual_date"));
	int planned = date_or_none(gets(info, "planned_date"));
	int mdate = held != MJ_DATE_NONE ? held : planned;
	struct mj_meeting_deadlines md;
	if (mdate != MJ_DATE_NONE && mj_meeting_deadlines_compute(&md, mdate, &cfg, today) == 0) {
		set_date(dl, "plan_due", md.plan_due);
		json_object_set_new(dl, "plan_days_left", gets(info, "plan_sent_on") ? json_null() : json_integer(md.plan_days_left));
		set_date(dl, "report_due", md.report_due);
		json_object_set_new(dl, "report_days_left",
				    gets(info, "report_sent_on") || held == MJ_DATE_NONE ? json_null() : json_integer(md.report_days_left));
		json_object_set_new(dl, "days_to_meeting", held == MJ_DATE_NONE ? json_integer(mj_days_left(planned, today)) : json_null());
	}
	json_object_set(dl, "plan_sent_on", json_object_get(info, "plan_sent_on"));
	json_object_set(dl, "report_sent_on", json_object_get(info, "report_sent_on"));
	json_object_set_new(res, "deadlines", dl);

	/* ledger */
	if ((rc = mj_ledger_rows(s, meeting_id, team_id, today, cfg.warn_days, &rows)))
		goto cleanup;
	json_t *led = json_object(), *bycolor = json_object(), *bystatus = json_object();
	long long carried = 0;
	json_array_foreach(rows, i, r) {
		const char *c = gets(r, "color"), *stt = gets(r, "status");
		json_object_set_new(bycolor, c, json_integer(geti(bycolor, c) + 1));
		json_object_set_new(bystatus, stt, json_integer(geti(bystatus, stt) + 1));
		carried += json_is_true(json_object_get(r, "carried"));
	}
	json_object_set_new(led, "total", json_integer((long long)json_array_size(rows)));
	json_object_set_new(led, "carried", json_integer(carried));
	json_object_set_new(led, "by_color", bycolor);
	json_object_set_new(led, "by_status", bystatus);
	json_object_set_new(res, "ledger", led);
	json_decref(rows);
	rows = NULL;
	*out = res;
	res = NULL;
cleanup:
	json_decref(info);
	json_decref(rows);
	json_decref(res);
	return rc;
}

int mj_status_overview(mj_store *s, int year, int today, json_t **out)
{
	json_t *ids = NULL, *list = json_array();
	char y[24];
	int rc;
	long long yr = year;
	*out = NULL;
	if (!yr && (rc = mj_store_int(s, &yr, "SELECT max(year) FROM meeting", 0, NULL)))
		goto cleanup;
	snprintf(y, sizeof y, "%lld", yr);
	const char *p[] = {y};
	if ((rc = mj_store_rows(s, &ids, "SELECT m.id FROM meeting m JOIN team t ON t.id = m.team_id WHERE m.year = ? ORDER BY t.id, m.id", 1, p)))
		goto cleanup;
	size_t i;
	json_t *r;
	json_array_foreach(ids, i, r) {
		json_t *st;
		if ((rc = mj_status_meeting(s, geti(r, "id"), today, &st)))
			goto cleanup;
		json_array_append_new(list, st);
	}
	*out = json_object();
	json_object_set_new(*out, "year", json_integer(yr));
	json_object_set_new(*out, "meetings", list);
	list = NULL;
cleanup:
	json_decref(ids);
	json_decref(list);
	return rc;
}
