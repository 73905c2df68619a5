/*
 * Facts for the charts of the reports and of the roll-up page (see
 * core/report_chart.h): ledger items by status per team, per 对照方面 and per
 * year. An item's area is that of the material problem it was listed from
 * (material_link, the problem's subsection in the material's current
 * version) or of the opinion it came from (source_ref "opinion:N"); other
 * items count under "未归入对照方面".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"

#define NO_AREA "未归入对照方面"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static const char *const keys[] = {"closed", "done", "doing", "todo"};

static json_t *zero_counts(void) { return json_pack("{s:i,s:i,s:i,s:i}", "closed", 0, "done", 0, "doing", 0, "todo", 0); }

static void add(json_t *counts, const char *status, long long n)
{
	for (size_t k = 0; k < 4; k++)
		if (status && strcmp(status, keys[k]) == 0)
			json_object_set_new(counts, keys[k], json_integer(geti(counts, keys[k]) + n));
}

/* The area row named title in areas (appended when absent). */
static json_t *area_row(json_t *areas, const char *title)
{
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a) if (strcmp(gets(a, "area"), title) == 0) return a;
	a = zero_counts();
	json_object_set_new(a, "area", json_string(title));
	json_array_append_new(areas, a);
	return a;
}

/* key -> area title of the problems of one material's current version. */
static int material_areas(mj_store *s, long long material_id, long long meeting_id, json_t *map)
{
	json_t *probs = NULL, *titles = NULL, *p;
	size_t i;
	int rc = mj_material_problems(s, material_id, 0, &probs);
	if (!rc)
		rc = mj_meeting_areas(s, meeting_id, &titles);
	if (!rc)
		json_array_foreach(probs, i, p) {
			json_t *ai = json_object_get(p, "area_index");
			const char *t = json_is_integer(ai) && json_integer_value(ai) >= 0
						? json_string_value(json_array_get(titles, (size_t)json_integer_value(ai))) : NULL;
			char k[64];
			snprintf(k, sizeof k, "%lld:", material_id);
			mj_buf key = MJ_BUF_INIT;
			mj_buf_puts(&key, k);
			mj_buf_puts(&key, gets(p, "key") ? gets(p, "key") : "");
			json_object_set_new(map, mj_buf_cstr(&key), json_string(t ? t : NO_AREA));
			mj_buf_free(&key);
		}
	json_decref(probs);
	json_decref(titles);
	return rc;
}

int mj_chart_facts(mj_store *s, long long notice_id, int year, const char *teams, json_t **out)
{
	char sel[24];
	mj_buf sql = MJ_BUF_INIT;
	json_t *rows = NULL, *by_team = json_object(), *areas = json_array(), *years = json_array(), *map = json_object();
	size_t i;
	json_t *r;
	int rc;
	*out = NULL;
	if (notice_id <= 0 && year <= 0) {
		rc = mj_error_set(MJ_EINVAL, "请指定通知或年度");
		goto done;
	}
	snprintf(sel, sizeof sel, "%lld", notice_id > 0 ? notice_id : (long long)year);
	const char *p[] = {sel};
	const char *where = notice_id > 0 ? "m.notice_id = ?" : "m.year = ?";
	const char *tin = teams ? " AND m.team_id IN " : "", *tl = teams ? teams : "";

	/* by team */
	mj_buf_printf(&sql, "SELECT m.team_id, i.status, count(*) AS n FROM item i JOIN meeting m ON m.id = i.meeting_id"
			    " WHERE %s%s%s GROUP BY m.team_id, i.status", where, tin, tl);
	if ((rc = mj_store_rows(s, &rows, sql.ptr, 1, p)))
		goto done;
	json_array_foreach(rows, i, r) {
		char id[24];
		snprintf(id, sizeof id, "%lld", geti(r, "team_id"));
		json_t *c = json_object_get(by_team, id);
		if (!c)
			json_object_set_new(by_team, id, c = zero_counts());
		add(c, gets(r, "status"), geti(r, "n"));
	}
	json_decref(rows);
	rows = NULL;

	/* by area: every area of the notices concerned, in order, then the items */
	mj_buf_reset(&sql);
	mj_buf_printf(&sql, "SELECT a.title FROM area a WHERE a.notice_id IN (SELECT m.notice_id FROM meeting m WHERE %s%s%s)"
			    " ORDER BY a.notice_id, a.ord, a.id", where, tin, tl);
	if ((rc = mj_store_rows(s, &rows, sql.ptr, 1, p)))
		goto done;
	json_array_foreach(rows, i, r) area_row(areas, gets(r, "title") ? gets(r, "title") : NO_AREA);
	json_decref(rows);
	rows = NULL;
	mj_buf_reset(&sql);
	mj_buf_printf(&sql, "SELECT i.id, i.status, i.meeting_id, l.material_id, l.problem_key, a.title AS opinion_area"
			    " FROM item i JOIN meeting m ON m.id = i.meeting_id"
			    " LEFT JOIN material_link l ON l.item_id = i.id"
			    " LEFT JOIN opinion o ON i.source = 'opinion' AND o.meeting_id = i.meeting_id"
			    "  AND i.source_ref = 'opinion:' || CAST(o.id AS TEXT)"
			    " LEFT JOIN area a ON a.id = o.area_id"
			    " WHERE %s%s%s ORDER BY i.id", where, tin, tl);
	if ((rc = mj_store_rows(s, &rows, sql.ptr, 1, p)))
		goto done;
	long long last = 0;
	json_array_foreach(rows, i, r) {
		if (geti(r, "id") == last)
			continue; /* one row per item */
		last = geti(r, "id");
		const char *title = gets(r, "opinion_area");
		long long mat = geti(r, "material_id");
		if (mat && gets(r, "problem_key")) {
			char k[64];
			snprintf(k, sizeof k, "%lld:", mat);
			if (!json_object_get(map, k)) {
				json_object_set_new(map, k, json_true()); /* loaded */
				if ((rc = material_areas(s, mat, geti(r, "meeting_id"), map)))
					goto done;
			}
			mj_buf key = MJ_BUF_INIT;
			mj_buf_puts(&key, k);
			mj_buf_puts(&key, gets(r, "problem_key"));
			title = json_string_value(json_object_get(map, mj_buf_cstr(&key)));
			mj_buf_free(&key);
		}
		add(area_row(areas, title ? title : NO_AREA), gets(r, "status"), 1);
	}
	json_decref(rows);
	rows = NULL;

	/* by year, over the same teams (and the notice's kind of meeting) */
	mj_buf_reset(&sql);
	if (notice_id > 0)
		mj_buf_printf(&sql, "SELECT m.year, i.status, count(*) AS n FROM item i JOIN meeting m ON m.id = i.meeting_id"
				    " WHERE m.kind = (SELECT kind FROM notice WHERE id = ?1) AND m.team_id IN %s"
				    " GROUP BY m.year, i.status ORDER BY m.year",
			      teams ? teams : "(SELECT team_id FROM meeting WHERE notice_id = ?1)");
	else
		mj_buf_printf(&sql, "SELECT m.year, i.status, count(*) AS n FROM item i JOIN meeting m ON m.id = i.meeting_id"
				    " WHERE m.year <= ? %s%s GROUP BY m.year, i.status ORDER BY m.year", tin, tl);
	if ((rc = mj_store_rows(s, &rows, sql.ptr, 1, p)))
		goto done;
	json_array_foreach(rows, i, r) {
		json_t *y = json_array_get(years, json_array_size(years) - 1);
		if (!y || geti(y, "year") != geti(r, "year")) {
			y = zero_counts();
			json_object_set_new(y, "year", json_integer(geti(r, "year")));
			json_array_append_new(years, y);
		}
		add(y, gets(r, "status"), geti(r, "n"));
	}
	/* the last ten years at most */
	while (json_array_size(years) > 10)
		json_array_remove(years, 0);
	*out = json_pack("{s:O,s:O,s:O}", "by_team", by_team, "areas", areas, "years", years);
done:
	json_decref(rows);
	json_decref(by_team);
	json_decref(areas);
	json_decref(years);
	json_decref(map);
	mj_buf_free(&sql);
	return rc;
}
