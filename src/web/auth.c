/*
 * Accounts over the web: login (argon2id check, rate-limited per login and per
 * client address, in memory), logout, /me and password change. The session
 * cookie is HttpOnly, SameSite=Strict; the CSRF token is returned in the body
 * and must come back in X-CSRF-Token on every state-changing request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/web_store.h"
#include "util/err.h"
#include "web/api.h"

#define RATE_WINDOW (15 * 60)
#define RATE_PER_LOGIN 5
#define RATE_PER_IP 30

/* ---- rate limiting ------------------------------------------------------ */

static struct mj_rate_slot *rate_slot(mj_web *w, const char *key, int create)
{
	long long now = (long long)time(NULL);
	struct mj_rate_slot *free_slot = NULL, *oldest = &w->rate[0];
	for (int i = 0; i < MJ_RATE_SLOTS; i++) {
		struct mj_rate_slot *s = &w->rate[i];
		if (s->key[0] && now - s->start >= RATE_WINDOW)
			s->key[0] = 0; /* expired */
		if (!s->key[0]) {
			if (!free_slot)
				free_slot = s;
			continue;
		}
		if (strcmp(s->key, key) == 0)
			return s;
		if (s->start < oldest->start)
			oldest = s;
	}
	if (!create)
		return NULL;
	struct mj_rate_slot *s = free_slot ? free_slot : oldest;
	snprintf(s->key, sizeof s->key, "%s", key);
	s->count = 0;
	s->start = now;
	return s;
}

int mj_rate_blocked(mj_web *w, const char *key, int limit)
{
	pthread_mutex_lock(&w->rate_mu);
	struct mj_rate_slot *s = rate_slot(w, key, 0);
	int blocked = s && s->count >= limit;
	pthread_mutex_unlock(&w->rate_mu);
	return blocked;
}

void mj_rate_fail(mj_web *w, const char *key)
{
	pthread_mutex_lock(&w->rate_mu);
	rate_slot(w, key, 1)->count++;
	pthread_mutex_unlock(&w->rate_mu);
}

void mj_rate_clear(mj_web *w, const char *key)
{
	pthread_mutex_lock(&w->rate_mu);
	struct mj_rate_slot *s = rate_slot(w, key, 0);
	if (s)
		s->key[0] = 0;
	pthread_mutex_unlock(&w->rate_mu);
}

/* ---- handlers ----------------------------------------------------------- */

static json_t *user_json(mj_web_ctx *x, long long person_id)
{
	json_t *row = NULL, *u = json_object();
	if (mj_entity_get(x->st, mj_entity_find("person"), person_id, &row) == 0) {
		static const char *keys[] = {"id", "name", "role", "org_id", "login", "title"};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			json_object_set(u, keys[i], json_object_get(row, keys[i]));
	}
	json_decref(row);
	return u;
}

static void set_cookie(mj_web_ctx *x, const char *token, int max_age)
{
	char c[256];
	snprintf(c, sizeof c, "mj_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d", token, max_age);
	mj_http_add_header(x->req, x->resp, "Set-Cookie", c);
}

int mj_api_login(mj_web_ctx *x)
{
	json_t *b;
	int rc;
	char lkey[96], ikey[96], token[65], csrf[65];
	long long pid;
	if ((rc = mj_web_body(x, &b)))
		return rc;
	const char *login = json_string_value(json_object_get(b, "login"));
	const char *pw = json_string_value(json_object_get(b, "password"));
	if (!login || !pw || !*login || strlen(login) > 60 || strlen(pw) > 512)
		return mj_error_set(MJ_EINVAL, "请填写登录名（login）和密码（password）");
	snprintf(lkey, sizeof lkey, "login:%s", login);
	snprintf(ikey, sizeof ikey, "ip:%s", x->req->ip);
	if (mj_rate_blocked(x->w, lkey, RATE_PER_LOGIN) || mj_rate_blocked(x->w, ikey, RATE_PER_IP))
		return mj_web_error(x, 429, "ERATE", "登录失败次数过多，请 15 分钟后再试");
	if ((rc = mj_web_password_check(x->st, login, pw, &pid))) {
		if (rc == MJ_EAUTH) {
			mj_rate_fail(x->w, lkey);
			mj_rate_fail(x->w, ikey);
		}
		return rc;
	}
	mj_rate_clear(x->w, lkey);
	if ((rc = mj_web_session_create(x->st, pid, token, csrf)))
		return rc;
	set_cookie(x, token, MJ_SESSION_SECONDS);
	sodium_memzero(token, sizeof token);
	json_t *o = json_object();
	json_object_set_new(o, "user", user_json(x, pid));
	json_object_set_new(o, "csrf", json_string(csrf));
	mj_http_json(x->resp, 200, o);
	return 0;
}

int mj_api_logout(mj_web_ctx *x)
{
	int rc = mj_web_session_delete(x->st, x->session_id);
	if (rc)
		return rc;
	set_cookie(x, "", 0);
	x->resp->status = 204;
	x->resp->ctype = "application/json; charset=utf-8";
	return 0;
}

int mj_api_me(mj_web_ctx *x)
{
	json_t *teams = NULL;
	int rc = mj_web_my_teams(x->st, &x->actor, &teams);
	if (rc)
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "user", user_json(x, x->actor.person_id));
	json_object_set_new(o, "csrf", json_string(x->csrf));
	json_object_set_new(o, "teams", teams);
	mj_http_json(x->resp, 200, o);
	return 0;
}

int mj_api_password(mj_web_ctx *x)
{
	json_t *b, *u;
	int rc;
	char lkey[96], pid[24];
	long long checked;
	if ((rc = mj_web_body(x, &b)))
		return rc;
	const char *old = json_string_value(json_object_get(b, "old"));
	const char *nw = json_string_value(json_object_get(b, "new"));
	if (!old || !nw)
		return mj_error_set(MJ_EINVAL, "请填写原密码（old）和新密码（new）");
	u = user_json(x, x->actor.person_id);
	const char *login = json_string_value(json_object_get(u, "login"));
	snprintf(lkey, sizeof lkey, "login:%s", login ? login : "");
	if (mj_rate_blocked(x->w, lkey, RATE_PER_LOGIN)) {
		json_decref(u);
		return mj_web_error(x, 429, "ERATE", "密码错误次数过多，请 15 分钟后再试");
	}
	rc = login ? mj_web_password_check(x->st, login, old, &checked) : MJ_EAUTH;
	json_decref(u);
	if (rc || checked != x->actor.person_id) {
		mj_rate_fail(x->w, lkey);
		return mj_web_error(x, 403, "EAUTH", "原密码错误");
	}
	snprintf(pid, sizeof pid, "%lld", x->actor.person_id);
	if ((rc = mj_web_password_set(x->st, &x->actor, pid, nw)))
		return rc;
	if ((rc = mj_web_session_delete_others(x->st, x->actor.person_id, x->session_id)))
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_true());
	mj_http_json(x->resp, 200, o);
	return 0;
}
