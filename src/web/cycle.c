/*
 * The cycle over the web: a meeting's status and ledger, the organizer's
 * roll-up, ledger items with their actions and notes, and anonymous opinion
 * links with the public form they serve. The dispatcher has already checked
 * that the actor may read (or manage) the team of the meeting/item/link.
 *
 * Anonymous routes keep nothing about the submitter: no account, no address,
 * no user agent, no time finer than the date (see mj_web_anon_submit), and
 * the dispatcher writes no log line for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/web_store.h"
#include "util/date.h"
#include "util/err.h"
#include "web/api.h"

int mj_api_meeting_status(mj_web_ctx *x)
{
	json_t *st = NULL;
	long long id = mj_web_param_id(x, 0), version = 0;
	int rc = mj_status_meeting(x->st, id, mj_today(), &st);
	if (rc)
		return rc;
	/* the meeting's "@version", read in the same snapshot: the meeting forms
	 * of the web UI are filled from here and send it back with their PATCH */
	json_t *m = json_object_get(st, "meeting");
	if (json_is_object(m)) {
		if ((rc = mj_entity_version(x->st, mj_entity_find("meeting"), id, &version))) {
			json_decref(st);
			return rc;
		}
		json_object_set_new(m, MJ_VERSION_KEY, json_integer(version));
	}
	mj_http_json(x->resp, 200, st);
	return 0;
}

/* NULL or up to 16 of [a-z_]: safe to put in a cache key as is. */
static int cache_word(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (n >= 16 || !((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_'))
			return 0;
	return 1;
}

/* A page of the ledger: the same for every reader allowed to see it (the
 * dispatcher checked that), so it is served from the response cache while
 * the database is unchanged (see mj_web_cache_get). */
int mj_api_meeting_ledger(mj_web_ctx *x)
{
	long long mid = mj_web_param_id(x, 0);
	const char *status = mj_http_query(x->req, "status"), *color = mj_http_query(x->req, "color");
	json_t *rows = NULL, *out;
	int warn, rc, today = mj_today();
	char key[MJ_WEB_CACHE_KEY];
	/* filters are short words (todo, red, ...): others just skip the cache */
	int cacheable = cache_word(status) && cache_word(color);
	if (cacheable) {
		snprintf(key, sizeof key, "ledger %lld %d %s%s %s%s", mid, today, status ? "s=" : "", status ? status : "",
			 color ? "c=" : "", color ? color : "");
		if (mj_web_cache_get(x, key))
			return 0;
	}
	out = json_array();
	if ((rc = mj_web_warn_days(x->st, mid, &warn)) ||
	    (rc = mj_ledger_rows(x->st, mid, x->team_id, today, warn, &rows))) {
		json_decref(out);
		return rc;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *s = json_string_value(json_object_get(r, "status"));
		const char *c = json_string_value(json_object_get(r, "color"));
		if (status && *status && (!s || strcmp(s, status) != 0))
			continue;
		if (color && *color && (!c || strcmp(c, color) != 0))
			continue;
		json_array_append(out, r);
	}
	json_decref(rows);
	json_t *o = json_object();
	json_object_set_new(o, "meeting_id", json_integer(mid));
	json_object_set_new(o, "items", out);
	json_object_set_new(o, "total", json_integer((long long)json_array_size(out)));
	mj_http_json(x->resp, 200, o);
	if (cacheable)
		mj_web_cache_put(x, key);
	return 0;
}

int mj_api_rollup(mj_web_ctx *x)
{
	const char *ys = mj_http_query(x->req, "year");
	int year = 0;
	if (ys && *ys) {
		char *end = NULL;
		long y = strtol(ys, &end, 10);
		if (*end || y < 2000 || y > 2200)
			return mj_error_set(MJ_EINVAL, "年度应为 2000 到 2200 之间的整数");
		year = (int)y;
	}
	/* The roll-up depends on the database, the year asked, the day and the
	 * teams the reader may see, which the actor's role, person and org
	 * decide (mj_web_readable_teams): repeated dashboard loads are served
	 * from the response cache while the database is unchanged. */
	int today = mj_today(), cacheable = x->actor.role[0] && cache_word(x->actor.role);
	char key[MJ_WEB_CACHE_KEY];
	if (cacheable) {
		snprintf(key, sizeof key, "rollup %d %d %s %lld %lld", year, today, x->actor.role, x->actor.person_id,
			 x->actor.org_id);
		if (mj_web_cache_get(x, key))
			return 0;
	}
	json_t *out = NULL;
	int rc = mj_web_rollup(x->st, &x->actor, year, today, &out);
	if (rc)
		return rc;
	mj_http_json(x->resp, 200, out);
	if (cacheable)
		mj_web_cache_put(x, key);
	return 0;
}

/* A query number between 0 and max (dflt when absent). */
static int query_count(mj_web_ctx *x, const char *name, long long dflt, long long max, long long *out)
{
	const char *v = mj_http_query(x->req, name);
	*out = dflt;
	if (!v)
		return 0;
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 0 || n > max)
		return mj_error_set(MJ_EINVAL, "%s 应为 0 到 %lld 之间的整数", name, max);
	*out = n;
	return 0;
}

int mj_api_overdue(mj_web_ctx *x)
{
	long long org = 0, limit = 0, offset = 0;
	int rc;
	json_t *out = NULL;
	if ((rc = query_count(x, "org", 0, 999999999999LL, &org)) || (rc = query_count(x, "limit", 200, 1000, &limit)) ||
	    (rc = query_count(x, "offset", 0, 1000000000LL, &offset)))
		return rc;
	if ((rc = mj_web_overdue(x->st, &x->actor, org, mj_today(), limit, offset, &out)))
		return rc;
	mj_http_json(x->resp, 200, out);
	return 0;
}

int mj_api_person_history(mj_web_ctx *x)
{
	long long id = mj_web_param_id(x, 0);
	json_t *out = NULL;
	int rc;
	if (!id)
		return mj_error_set(MJ_ENOTFOUND, "人员编号无效");
	if ((rc = mj_web_history(x->st, &x->actor, id, &out)))
		return rc;
	mj_http_json(x->resp, 200, out);
	return 0;
}

static int item_reply(mj_web_ctx *x, long long id, int status)
{
	json_t *item = NULL, *notes = NULL;
	int rc;
	if ((rc = mj_entity_get(x->st, mj_entity_find("item"), id, &item)) ||
	    (rc = mj_web_item_notes(x->st, id, &notes))) {
		json_decref(item);
		return rc;
	}
	json_t *o = json_object();
	json_object_set_new(o, "item", item);
	json_object_set_new(o, "notes", notes);
	mj_http_json(x->resp, status, o);
	return 0;
}

int mj_api_item_get(mj_web_ctx *x) { return item_reply(x, mj_web_param_id(x, 0), 200); }

int mj_api_item_action(mj_web_ctx *x)
{
	long long id = mj_web_param_id(x, 0);
	const char *action = x->param[1], *note = NULL;
	json_t *b = NULL;
	int rc;
	if (x->req->body.len && (rc = mj_web_body(x, &b)))
		return rc;
	json_t *nv = b ? json_object_get(b, "note") : NULL;
	if (nv && !json_is_null(nv) && !json_is_string(nv))
		return mj_error_set(MJ_EINVAL, "note 应为文本");
	note = json_string_value(nv);
	if (strcmp(action, "start") && strcmp(action, "finish") && strcmp(action, "send_back") &&
	    strcmp(action, "close") && strcmp(action, "reopen"))
		return mj_error_set(MJ_ENOTFOUND, "未知的台账操作“%.40s”（start finish send_back close reopen）", action);
	if ((rc = mj_ledger_act(x->st, &x->actor, id, action, note, mj_today())))
		return rc;
	return item_reply(x, id, 200);
}

int mj_api_item_note(mj_web_ctx *x)
{
	long long id = mj_web_param_id(x, 0);
	json_t *b;
	int rc;
	if ((rc = mj_web_body(x, &b)))
		return rc;
	const char *kind = json_string_value(json_object_get(b, "kind"));
	const char *text = json_string_value(json_object_get(b, "text"));
	if (!kind || !text)
		return mj_error_set(MJ_EINVAL, "请填写记录类型（kind: progress/evidence）和内容（text）");
	if ((rc = mj_ledger_note(x->st, &x->actor, id, kind, text, mj_today())))
		return rc;
	return item_reply(x, id, 201);
}

int mj_api_links_create(mj_web_ctx *x)
{
	json_t *b;
	long long id = 0;
	char token[65], url[80];
	int rc;
	if ((rc = mj_web_body(x, &b)))
		return rc;
	const char *closes = json_string_value(json_object_get(b, "closes_on"));
	if ((rc = mj_web_link_create(x->st, &x->actor, mj_web_param_id(x, 0), closes, &id, token)))
		return rc;
	snprintf(url, sizeof url, "/o/%s", token);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "token", json_string(token));
	json_object_set_new(o, "url", json_string(url));
	json_object_set_new(o, "closes_on", json_string(closes));
	mj_http_json(x->resp, 201, o);
	return 0;
}

int mj_api_links_list(mj_web_ctx *x)
{
	json_t *rows = NULL;
	int rc = mj_web_link_list(x->st, mj_web_param_id(x, 0), &rows);
	if (rc)
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "items", rows);
	mj_http_json(x->resp, 200, o);
	return 0;
}

int mj_api_link_revoke(mj_web_ctx *x)
{
	int rc = mj_web_link_revoke(x->st, mj_web_param_id(x, 0));
	if (rc)
		return rc;
	x->resp->status = 204;
	return 0;
}

int mj_api_anon_get(mj_web_ctx *x)
{
	json_t *form = NULL;
	int rc = mj_web_anon_form(x->st, x->meeting_id, &form);
	if (rc)
		return rc;
	json_object_set_new(form, "closes_on", json_string(x->closes_on));
	mj_http_json(x->resp, 200, form);
	return 0;
}

int mj_api_anon_post(mj_web_ctx *x)
{
	json_t *b;
	long long id;
	int rc;
	if ((rc = mj_web_body(x, &b)) || (rc = mj_web_anon_submit(x->st, x->meeting_id, b, mj_today(), &id)))
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "message", json_string("意见已匿名提交，谢谢。"));
	mj_http_json(x->resp, 201, o);
	return 0;
}
