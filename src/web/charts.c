/*
 * The roll-up's charts as SVG images (drawn by core/report_chart.c from the
 * same facts as the Word and Excel reports) and each person's reminders
 * (the same selection as `mingjing remind`: store's mj_remind_for_person).
 * The dispatcher has already checked the route's permission: charts are for
 * organizers and administrators, and cover only the teams they may read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/remind.h"
#include "core/report_chart.h"
#include "store/web_store.h"
#include "util/date.h"
#include "util/err.h"
#include "web/api.h"

/* ?name= as an integer in [lo, hi]; *v untouched when absent. */
static int query_range(mj_web_ctx *x, const char *name, long lo, long hi, const char *msg, long *v)
{
	const char *s = mj_http_query(x->req, name);
	if (!s || !*s)
		return 0;
	char *end = NULL;
	long n = strtol(s, &end, 10);
	if (*end || n < lo || n > hi || strlen(s) > 6)
		return mj_error_set(MJ_EINVAL, "%s", msg);
	*v = n;
	return 0;
}

int mj_api_chart(mj_web_ctx *x)
{
	const char *kind = x->param[0];
	long year = 0;
	char *T = NULL;
	json_t *roll = NULL, *facts = NULL;
	mj_report_chart c;
	mj_buf svg = MJ_BUF_INIT;
	int rc, known = 0;
	for (size_t i = 0; mj_report_chart_kinds[i]; i++)
		known |= strcmp(kind, mj_report_chart_kinds[i]) == 0;
	if (!known)
		return mj_error_set(MJ_ENOTFOUND, "未知的图表“%.40s”（ledger、areas、trend、talks）", kind);
	if ((rc = query_range(x, "year", 2000, 2200, "年度应为 2000 到 2200 之间的整数", &year)))
		return rc;
	memset(&c, 0, sizeof c);
	/* the teams (in the roll-up's order) and the year when not given */
	int need_teams = strcmp(kind, "ledger") == 0 || strcmp(kind, "talks") == 0;
	if ((need_teams || !year) && (rc = mj_web_rollup(x->st, &x->actor, (int)year, mj_today(), &roll)))
		goto done;
	if (!year)
		year = (long)json_integer_value(json_object_get(roll, "year"));
	if ((rc = mj_web_readable_teams(x->st, &x->actor, &T)) || (rc = mj_chart_facts(x->st, 0, (int)year, T, &facts)) ||
	    (rc = mj_report_chart_build(&c, kind, json_object_get(roll, "teams"), facts)) || (rc = mj_chart_svg(&svg, &c.d)))
		goto done;
	x->resp->status = 200;
	x->resp->ctype = "image/svg+xml; charset=utf-8";
	x->resp->body = svg;
	memset(&svg, 0, sizeof svg);
done:
	mj_report_chart_free(&c);
	mj_buf_free(&svg);
	json_decref(roll);
	json_decref(facts);
	free(T);
	return rc;
}

int mj_api_my_reminders(mj_web_ctx *x)
{
	long days = -1;
	json_t *one = NULL;
	mj_buf text = MJ_BUF_INIT;
	int rc = query_range(x, "days", 0, 366, "days 应为 0 到 366 之间的整数", &days);
	if (rc)
		return rc;
	if (x->actor.person_id <= 0)
		return mj_error_set(MJ_ENOTFOUND, "当前账号不对应人员，没有提醒");
	if ((rc = mj_remind_for_person(x->st, x->actor.person_id, mj_today(), (int)days, &one)))
		return rc;
	/* the same text as the digest of `mingjing remind` when anything is due */
	if (json_array_size(json_object_get(one, "entries")) && (rc = mj_remind_render_text(&text, one))) {
		json_decref(one);
		return rc;
	}
	json_object_set_new(one, "text", json_string(text.ptr ? text.ptr : ""));
	json_object_set_new(one, "days", days < 0 ? json_null() : json_integer(days));
	mj_buf_free(&text);
	mj_http_json(x->resp, 200, one);
	return 0;
}
