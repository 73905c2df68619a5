/*
 * THE table of routes, and the dispatcher that enforces each route's
 * permission before its handler runs. A reader finds every entry point of the
 * web application here, with who may call it.
 *
 * Order of checks for every request: privacy (anonymous routes are never
 * logged), body size (413), path sanity (404) and UTF-8 (400), route and
 * method (404/405), session (401), CSRF on state-changing methods (403), the
 * route's permission (403/404), then the handler.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/perm.h"
#include "store/web_store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/utf8.h"
#include "web/api.h"

const struct mj_route mj_routes[] = {
	/* pages and static files */
	{"GET", "/", MJ_RP_PUBLIC, NULL, mj_web_static_index, "单页应用首页 index.html"},
	{"GET", "/static/**", MJ_RP_PUBLIC, NULL, mj_web_static_file, "内嵌静态文件"},
	{"GET", "/o/*", MJ_RP_PUBLIC, NULL, mj_web_static_anon, "匿名征求意见页面 anon.html（不记日志）"},
	/* accounts */
	{"POST", "/api/v1/login", MJ_RP_PUBLIC, NULL, mj_api_login, "登录"},
	{"POST", "/api/v1/logout", MJ_RP_LOGIN, NULL, mj_api_logout, "退出登录"},
	{"GET", "/api/v1/me", MJ_RP_LOGIN, NULL, mj_api_me, "当前用户、CSRF 令牌、所属班子"},
	{"POST", "/api/v1/password", MJ_RP_LOGIN, NULL, mj_api_password, "修改密码"},
	/* generic records of every entity of the model */
	{"GET", "/api/v1/records/*", MJ_RP_USER, NULL, mj_api_records_list, "记录列表（按可见范围过滤）"},
	{"GET", "/api/v1/records/*/*", MJ_RP_USER, NULL, mj_api_records_get, "一条记录"},
	{"POST", "/api/v1/records/*", MJ_RP_USER, NULL, mj_api_records_create, "新建记录（权限按模型规则）"},
	{"PATCH", "/api/v1/records/*/*", MJ_RP_USER, NULL, mj_api_records_update, "修改记录"},
	{"DELETE", "/api/v1/records/*/*", MJ_RP_USER, NULL, mj_api_records_delete, "删除记录"},
	/* the cycle */
	{"GET", "/api/v1/meetings/*/status", MJ_RP_TEAM_READ, "meeting", mj_api_meeting_status, "会议进展"},
	{"GET", "/api/v1/meetings/*/ledger", MJ_RP_TEAM_READ, "meeting", mj_api_meeting_ledger, "整改台账"},
	{"GET", "/api/v1/rollup", MJ_RP_OVERSEE, NULL, mj_api_rollup, "所辖班子汇总（未报告的在前）"},
	{"GET", "/api/v1/overdue", MJ_RP_OVERSEE, NULL, mj_api_overdue, "所辖班子逾期未完成的台账条目（?org=&limit=&offset=）"},
	{"GET", "/api/v1/persons/*/history", MJ_RP_USER, NULL, mj_api_person_history, "个人履历：负责的台账条目、谈心谈话、出席（本人全部；他人仅限可见班子）"},
	{"GET", "/api/v1/items/*", MJ_RP_TEAM_READ, "item", mj_api_item_get, "台账条目及其记录"},
	{"POST", "/api/v1/items/*/actions/*", MJ_RP_TEAM_READ, "item", mj_api_item_action, "台账状态操作（由台账规则判定角色）"},
	{"POST", "/api/v1/items/*/notes", MJ_RP_TEAM_READ, "item", mj_api_item_note, "台账进展 / 佐证材料（由台账规则判定角色）"},
	/* materials (upload bodies: raw file bytes up to 20 MB; the store lets only the author upload) */
	{"POST", "/api/v1/meetings/*/materials/upload", MJ_RP_TEAM_READ, "meeting", mj_api_material_upload, "上传对照检查材料（原始文件字节，仅本人）"},
	{"GET", "/api/v1/materials/*", MJ_RP_TEAM_READ, "material", mj_api_material_get, "材料、当前版本及查摆问题"},
	{"GET", "/api/v1/materials/*/versions", MJ_RP_TEAM_READ, "material", mj_api_material_versions, "材料的版本列表"},
	{"POST", "/api/v1/materials/*/versions", MJ_RP_TEAM_READ, "material", mj_api_material_new_version, "上传材料的新版本（原始文件字节，仅本人）"},
	{"POST", "/api/v1/materials/*/actions/*", MJ_RP_TEAM_READ, "material", mj_api_material_action, "材料审核操作 submit / return / approve（由规则判定角色）"},
	{"GET", "/api/v1/materials/*/diff", MJ_RP_TEAM_READ, "material", mj_api_material_diff, "比较两个版本的查摆问题"},
	{"POST", "/api/v1/materials/*/to-ledger", MJ_RP_TEAM_READ, "material", mj_api_material_to_ledger, "查摆问题列入整改台账"},
	{"GET", "/api/v1/materials/*/check", MJ_RP_TEAM_READ, "material", mj_api_material_check, "材料审查：内容审查与抄袭、套话比对（同 review --material --json）"},
	{"GET", "/api/v1/materials/*/download", MJ_RP_TEAM_READ, "material", mj_api_material_download, "下载材料（docx / md / txt）"},
	/* anonymous opinions */
	{"POST", "/api/v1/meetings/*/opinion-links", MJ_RP_TEAM_MANAGE, "meeting", mj_api_links_create, "新建匿名征求意见链接"},
	{"GET", "/api/v1/meetings/*/opinion-links", MJ_RP_TEAM_MANAGE, "meeting", mj_api_links_list, "会议的征求意见链接"},
	{"DELETE", "/api/v1/opinion-links/*", MJ_RP_TEAM_MANAGE, "link", mj_api_link_revoke, "作废链接"},
	{"GET", "/api/v1/anon/*", MJ_RP_ANON, NULL, mj_api_anon_get, "匿名表单内容（不记日志）"},
	{"POST", "/api/v1/anon/*", MJ_RP_ANON, NULL, mj_api_anon_post, "提交匿名意见（不记日志）"},
	/* charts of the roll-up (SVG) and each person's reminders */
	{"GET", "/api/v1/charts/*", MJ_RP_OVERSEE, NULL, mj_api_chart, "汇总图表 SVG：ledger / areas / trend / talks（?year=，仅所辖班子）"},
	{"GET", "/api/v1/me/reminders", MJ_RP_USER, NULL, mj_api_my_reminders, "本人的提醒（与 mingjing remind 相同；?days=）"},
	{"GET", "/api/v1/routes", MJ_RP_LOGIN, NULL, mj_api_routes, "路由表"},
	{0},
};

const char *mj_web_err_name(int code)
{
	switch (code) {
	case MJ_EINVAL: return "EINVAL";
	case MJ_ENOTFOUND: return "ENOTFOUND";
	case MJ_ETOOBIG: return "ETOOBIG";
	case MJ_EUTF8: return "EUTF8";
	case MJ_EPERM: return "EPERM";
	case MJ_ESTATE: return "ESTATE";
	case MJ_EIO: return "EIO";
	case MJ_EDB: return "EDB";
	case MJ_ECONFLICT: return "ECONFLICT";
	case MJ_EFORMAT: return "EFORMAT";
	case MJ_EEXISTS: return "EEXISTS";
	case MJ_EAUDIT: return "EAUDIT";
	case MJ_EUSAGE: return "EUSAGE";
	case MJ_EAUTH: return "EAUTH";
	case MJ_EBUSY: return "EBUSY";
	default: return "EUNKNOWN";
	}
}

int mj_web_error(mj_web_ctx *x, int status, const char *code, const char *msg)
{
	json_t *e = json_object(), *o = json_object();
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(msg));
	json_object_set_new(o, "error", e);
	x->resp->data = NULL;
	x->resp->cacheable = 0;
	mj_http_json(x->resp, status, o);
	return MJ_WEB_DONE;
}

long long mj_web_param_id(mj_web_ctx *x, int i)
{
	if (i >= x->nparam || !x->param[i])
		return 0;
	const char *s = x->param[i];
	long long n = 0;
	if (!*s || strlen(s) > 15)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n;
}

int mj_web_body(mj_web_ctx *x, json_t **obj)
{
	json_error_t err;
	*obj = NULL;
	if (x->body) {
		*obj = x->body;
		return 0;
	}
	if (x->req->body.len == 0)
		return mj_error_set(MJ_EINVAL, "请求体应为 JSON 对象");
	json_t *v = json_loadb(x->req->body.ptr, x->req->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!v || !json_is_object(v)) {
		json_decref(v);
		return mj_error_set(MJ_EINVAL, "请求体不是有效的 JSON 对象");
	}
	x->body = v;
	*obj = v;
	return 0;
}

/* Matches path against pattern; fills params (request copies, made only
 * once the whole pattern matched). */
static int match(mj_web_ctx *x, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path, *start[4];
	size_t len[4];
	int n = 0, rest = 0;
	x->nparam = 0;
	while (*p && *s) {
		if (p[0] == '*' && p[1] == '*') {
			if (n >= 4)
				return 0;
			start[n] = s;
			len[n++] = 0;
			rest = 1;
			break;
		}
		if (*p == '*') {
			const char *end = strchr(s, '/');
			size_t k = end ? (size_t)(end - s) : strlen(s);
			if (k == 0 || n >= 4)
				return 0;
			start[n] = s;
			len[n++] = k;
			p++;
			s += k;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (!rest && !(*p == 0 && *s == 0))
		return 0;
	for (int i = 0; i < n; i++)
		x->param[i] = rest && i == n - 1 ? start[i] : mj_http_strndup(x->req, start[i], len[i]);
	x->nparam = n;
	return 1;
}

static int is_private_path(const char *path)
{
	return strncmp(path, "/o/", 3) == 0 || strcmp(path, "/o") == 0 ||
	       strncmp(path, "/api/v1/anon", 12) == 0;
}

static mj_store *store_acquire(mj_web *w, int *slot)
{
	mj_store *st = NULL;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		for (int i = 0; i < w->nstores; i++)
			if (!w->busy[i]) {
				w->busy[i] = 1;
				st = w->stores[i];
				*slot = i;
				break;
			}
		if (st)
			break;
		pthread_cond_wait(&w->cv, &w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return st;
}

static void store_release(mj_web *w, int slot)
{
	pthread_mutex_lock(&w->mu);
	w->busy[slot] = 0;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* ---- response cache (see api.h) ------------------------------------------ */

int mj_web_cache_get(mj_web_ctx *x, const char *key)
{
	x->cache_ok = 0;
	if (!x->st || strlen(key) >= MJ_WEB_CACHE_KEY)
		return 0;
	if (mj_store_data_version(x->st, x->cache_version)) {
		mj_error_clear();
		return 0;
	}
	x->cache_ok = 1;
	struct mj_web_cache *c = &x->w->caches[x->slot];
	for (int i = 0; i < MJ_WEB_CACHE_SLOTS; i++) {
		struct mj_web_cached *e = &c->e[i];
		if (!e->key[0] || strcmp(e->key, key) != 0)
			continue;
		if (memcmp(e->version, x->cache_version, sizeof e->version) != 0)
			return 0; /* stale: cache_put replaces it */
		mj_buf_reset(&x->resp->body);
		mj_buf_put(&x->resp->body, e->body, e->len);
		x->resp->data = NULL;
		x->resp->status = 200;
		x->resp->ctype = "application/json; charset=utf-8";
		return 1;
	}
	return 0;
}

void mj_web_cache_put(mj_web_ctx *x, const char *key)
{
	mj_http_resp *w = x->resp;
	if (!x->cache_ok || w->status != 200 || w->data || w->nh || w->body.len > MJ_WEB_CACHE_MAX_BODY ||
	    strlen(key) >= MJ_WEB_CACHE_KEY)
		return;
	struct mj_web_cache *c = &x->w->caches[x->slot];
	struct mj_web_cached *e = NULL;
	for (int i = 0; i < MJ_WEB_CACHE_SLOTS && !e; i++)
		if (c->e[i].key[0] && strcmp(c->e[i].key, key) == 0)
			e = &c->e[i];
	for (int i = 0; i < MJ_WEB_CACHE_SLOTS && !e; i++)
		if (!c->e[i].key[0])
			e = &c->e[i];
	if (!e) {
		e = &c->e[c->next];
		c->next = (c->next + 1) % MJ_WEB_CACHE_SLOTS;
	}
	c->bytes -= e->len;
	free(e->body);
	e->body = NULL;
	e->len = 0;
	e->key[0] = '\0';
	/* over the budget: drop other entries, oldest slot first */
	for (int i = 0; i < MJ_WEB_CACHE_SLOTS && c->bytes + w->body.len > MJ_WEB_CACHE_MAX_TOTAL; i++) {
		struct mj_web_cached *o = &c->e[(c->next + i) % MJ_WEB_CACHE_SLOTS];
		if (!o->key[0])
			continue;
		c->bytes -= o->len;
		free(o->body);
		o->body = NULL;
		o->len = 0;
		o->key[0] = '\0';
	}
	c->bytes += w->body.len;
	e->body = mj_malloc(w->body.len + 1);
	memcpy(e->body, w->body.ptr ? w->body.ptr : "", w->body.len);
	e->len = w->body.len;
	memcpy(e->version, x->cache_version, sizeof e->version);
	snprintf(e->key, sizeof e->key, "%s", key);
}

void mj_web_cache_free(struct mj_web_cache *c)
{
	for (int i = 0; i < MJ_WEB_CACHE_SLOTS; i++)
		free(c->e[i].body);
	memset(c, 0, sizeof *c);
}

static int check_perm(mj_web_ctx *x)
{
	const struct mj_route *rt = x->route;
	int rc;
	if (rt->perm == MJ_RP_PUBLIC)
		return 0;
	if (rt->perm == MJ_RP_ANON) {
		if (mj_web_link_open(x->st, x->param[0], mj_today(), &x->meeting_id, x->closes_on))
			return mj_web_error(x, 404, "ENOTFOUND", "链接无效、已作废或已过截止日期");
		return 0;
	}
	const char *cookie = mj_http_cookie(x->req, "mj_session");
	if (!cookie || mj_web_session_find(x->st, cookie, &x->actor, x->csrf, &x->session_id))
		return mj_web_error(x, 401, "EAUTH", "未登录或登录已过期，请重新登录");
	x->logged_in = 1;
	const char *m = x->req->method;
	if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0) {
		const char *h = mj_http_header(x->req, "X-CSRF-Token");
		if (!h || strlen(h) != 64 || sodium_memcmp(h, x->csrf, 64) != 0)
			return mj_web_error(x, 403, "ECSRF", "缺少或错误的 CSRF 令牌（X-CSRF-Token）");
	}
	if (rt->perm == MJ_RP_LOGIN)
		return 0;
	if (strcmp(x->actor.role, "staff") == 0)
		return mj_web_error(x, 403, "EPERM", "干部职工账号只能通过链接提交意见");
	if (rt->perm == MJ_RP_USER)
		return 0;
	int admin = strcmp(x->actor.role, "admin") == 0;
	if (rt->perm == MJ_RP_OVERSEE) {
		if (admin || strcmp(x->actor.role, "organizer") == 0)
			return 0;
		return mj_web_error(x, 403, "EPERM", "仅组织部门工作人员和系统管理员可以查看");
	}
	long long id = mj_web_param_id(x, 0);
	if (!id)
		return mj_web_error(x, 404, "ENOTFOUND", "编号无效");
	if ((rc = mj_web_team_of(x->st, rt->resource, id, &x->team_id)))
		return rc;
	if (!mj_web_can_read_team(x->st, &x->actor, x->team_id))
		return mj_web_error(x, 403, "EPERM", "无权查看该班子的记录");
	if (rt->perm == MJ_RP_TEAM_MANAGE) {
		unsigned f = mj_store_facts(x->st, &x->actor, x->team_id, NULL, NULL);
		if (!(f & (MJ_PF_ADMIN | MJ_PF_ORGANIZER | MJ_PF_SECRETARY)))
			return mj_web_error(x, 403, "EPERM", "仅本班子秘书、上级组织部门或管理员可以操作");
	}
	return 0;
}

static void dispatch(mj_web *w, mj_http_req *r, mj_http_resp *resp)
{
	mj_web_ctx x;
	memset(&x, 0, sizeof x);
	x.w = w;
	x.req = r;
	x.resp = resp;
	mj_error_clear();
	resp->nolog = is_private_path(r->path);
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	if (r->too_big) {
		mj_web_error(&x, 413, "ETOOBIG", "请求体过大");
		return;
	}
	if (!mj_utf8_valid(r->path, strlen(r->path))) {
		mj_web_error(&x, 400, "EUTF8", "路径不是有效的 UTF-8 文本");
		return;
	}
	if (strstr(r->path, "..") || strstr(r->path, "//") || strchr(r->path, '\\')) {
		mj_web_error(&x, 404, "ENOTFOUND", "页面不存在");
		return;
	}
	int path_matched = 0;
	for (const struct mj_route *rt = mj_routes; rt->method; rt++) {
		if (!match(&x, rt->pattern, r->path))
			continue;
		path_matched = 1;
		if (strcmp(rt->method, method) == 0) {
			x.route = rt;
			break;
		}
	}
	if (!x.route) {
		if (path_matched)
			mj_web_error(&x, 405, "EMETHOD", "不支持该请求方法");
		else
			mj_web_error(&x, 404, "ENOTFOUND", "页面不存在");
		return;
	}
	/* upload routes carry raw file bytes (docx is binary): the store checks them */
	if (r->body.len && r->body.max <= MJ_HTTP_MAX_BODY && !mj_utf8_valid(r->body.ptr, r->body.len)) {
		mj_web_error(&x, 400, "EUTF8", "请求体不是有效的 UTF-8 文本");
		return;
	}
	if (x.route->perm != MJ_RP_PUBLIC || strncmp(r->path, "/api/", 5) == 0) {
		x.st = store_acquire(w, &x.slot);
		/* a GET reads in one snapshot (SQLite: one read transaction for
		 * the session check and the handler instead of one per statement) */
		if (strcmp(method, "GET") == 0)
			mj_store_read_begin(x.st);
	}
	int rc = check_perm(&x);
	if (rc == 0)
		rc = x.route->fn(&x);
	if (rc < 0) {
		/* a failed handler never leaves a transaction open on a pooled connection */
		if (x.st)
			mj_store_rollback(x.st);
		int status = mj_http_status(rc);
		mj_web_error(&x, status, mj_web_err_name(rc), mj_error_msg());
		/* busy (lock timeout): nothing to resolve, the same request may be sent again */
		if (status == 503)
			mj_http_add_header(r, resp, "Retry-After", "1");
	}
	if (x.st) {
		mj_store_read_end(x.st);
		store_release(w, x.slot);
	}
	json_decref(x.body);
}

void mj_web_handle(void *ctx, mj_http_req *r, mj_http_resp *resp);
void mj_web_handle(void *ctx, mj_http_req *r, mj_http_resp *resp) { dispatch(ctx, r, resp); }

int mj_api_routes(mj_web_ctx *x)
{
	static const char *perm_names[] = {"public", "anonymous-token", "logged-in", "user", "organizer-or-admin",
					   "team-read", "team-manage"};
	json_t *arr = json_array();
	for (const struct mj_route *rt = mj_routes; rt->method; rt++) {
		json_t *o = json_object();
		json_object_set_new(o, "method", json_string(rt->method));
		json_object_set_new(o, "path", json_string(rt->pattern));
		json_object_set_new(o, "permission", json_string(perm_names[rt->perm]));
		json_object_set_new(o, "summary", json_string(rt->summary));
		json_array_append_new(arr, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "routes", arr);
	mj_http_json(x->resp, 200, o);
	return 0;
}
