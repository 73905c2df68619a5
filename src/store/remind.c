/*
 * Reminders from the database: the open ledger items with deadlines and the
 * meetings whose plan or report is still to be sent, handed to core's
 * selection (core/remind.c) for a given day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/remind.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int day(json_t *o, const char *k)
{
	int d;
	const char *s = gets(o, k);
	if (!s || mj_date_parse(s, &d))
		return MJ_DATE_NONE;
	return d;
}

/* person_id 0: everybody. */
static int remind(mj_store *s, long long person_id, int today, int days, json_t **out)
{
	json_t *items = NULL, *meetings = NULL;
	struct mj_remind_item *it = NULL;
	struct mj_remind_deadline *dl = NULL;
	char pid[24];
	int rc;
	snprintf(pid, sizeof pid, "%lld", person_id);
	const char *p[] = {pid};
	*out = NULL;
	rc = mj_store_rows(s, &items,
			   "SELECT i.id, i.meeting_id, i.problem, i.deadline, i.status, i.owner_id, i.leader_id, po.name AS owner_name,"
			   " pl.name AS leader_name, t.id AS team_id, t.name AS team_name, coalesce(n.warn_days, -1) AS warn_days"
			   " FROM item i JOIN meeting m ON m.id = i.meeting_id JOIN team t ON t.id = m.team_id"
			   " LEFT JOIN notice n ON n.id = m.notice_id LEFT JOIN person po ON po.id = i.owner_id"
			   " LEFT JOIN person pl ON pl.id = i.leader_id"
			   " WHERE i.status IN ('todo', 'doing') AND i.deadline IS NOT NULL"
			   " AND (CAST(?1 AS INTEGER) = 0 OR i.owner_id = ?1 OR i.leader_id = ?1) ORDER BY i.id", 1, p);
	if (!rc)
		rc = mj_store_rows(s, &meetings,
				   "SELECT m.id, m.team_id, t.name AS team_name, m.planned_date, m.actual_date, m.plan_sent_on,"
				   " m.report_sent_on, coalesce(n.plan_lead_days, 10) AS lead, coalesce(n.report_due_days, 15) AS rdays,"
				   " coalesce(n.warn_days, -1) AS warn_days, t.secretary_id, ps.name AS secretary_name,"
				   " t.head_id, ph.name AS head_name"
				   " FROM meeting m JOIN team t ON t.id = m.team_id LEFT JOIN notice n ON n.id = m.notice_id"
				   " LEFT JOIN person ps ON ps.id = t.secretary_id LEFT JOIN person ph ON ph.id = t.head_id"
				   " WHERE (m.plan_sent_on IS NULL OR m.report_sent_on IS NULL)"
				   " AND (CAST(?1 AS INTEGER) = 0 OR t.secretary_id = ?1 OR t.head_id = ?1) ORDER BY m.id", 1, p);
	if (rc)
		goto cleanup;
	size_t ni = json_array_size(items), nm = json_array_size(meetings), i, nd = 0;
	it = mj_calloc(ni + 1, sizeof *it);
	dl = mj_calloc(2 * nm + 1, sizeof *dl);
	for (i = 0; i < ni; i++) {
		json_t *r = json_array_get(items, i);
		enum mj_item_status st = MJ_ITEM_TODO;
		mj_item_status_parse(&st, gets(r, "status"));
		it[i] = (struct mj_remind_item){geti(r, "id"), geti(r, "team_id"), geti(r, "owner_id"), geti(r, "leader_id"),
						gets(r, "owner_name"), gets(r, "leader_name"), gets(r, "team_name"),
						gets(r, "problem"), day(r, "deadline"), st, (int)geti(r, "warn_days"),
						geti(r, "meeting_id")};
	}
	for (i = 0; i < nm; i++) {
		json_t *r = json_array_get(meetings, i);
		int held = day(r, "actual_date"), planned = day(r, "planned_date");
		struct mj_remind_deadline d = {MJ_REMIND_PLAN, geti(r, "id"), geti(r, "team_id"), gets(r, "team_name"),
					       MJ_DATE_NONE, (int)geti(r, "warn_days"),
					       {geti(r, "secretary_id"), geti(r, "head_id")},
					       {gets(r, "secretary_name"), gets(r, "head_name")}};
		if (!gets(r, "plan_sent_on") && held == MJ_DATE_NONE && planned != MJ_DATE_NONE) {
			d.due = planned - (int)geti(r, "lead");
			dl[nd++] = d;
		}
		if (!gets(r, "report_sent_on") && held != MJ_DATE_NONE && held <= today) {
			d.what = MJ_REMIND_REPORT;
			d.due = held + (int)geti(r, "rdays");
			dl[nd++] = d;
		}
	}
	rc = mj_remind_digest(out, it, ni, dl, nd, today, days);
	if (!rc && person_id) {
		/* only this person's digest */
		json_t *people = json_object_get(*out, "people"), *mine = NULL, *r;
		json_array_foreach(people, i, r) if (geti(r, "person_id") == person_id) mine = json_incref(r);
		if (!mine) {
			json_t *rows = NULL;
			mine = json_object();
			json_object_set_new(mine, "person_id", json_integer(person_id));
			if (!mj_store_rows(s, &rows, "SELECT name FROM person WHERE id = ?", 1, p) && json_array_size(rows))
				json_object_set(mine, "name", json_object_get(json_array_get(rows, 0), "name"));
			json_decref(rows);
			json_object_set_new(mine, "entries", json_array());
		}
		json_object_set(mine, "today", json_object_get(*out, "today"));
		json_decref(*out);
		*out = mine;
	}
cleanup:
	free(it);
	free(dl);
	json_decref(items);
	json_decref(meetings);
	return rc;
}

int mj_remind_all(mj_store *s, int today, int days, json_t **out)
{
	return remind(s, 0, today, days, out);
}

int mj_remind_for_person(mj_store *s, long long person_id, int today, int days, json_t **out)
{
	if (person_id <= 0)
		return mj_error_set(MJ_EINVAL, "人员编号无效");
	return remind(s, person_id, today, days, out);
}
