/*
 * libFuzzer target: arbitrary bytes as the JSON body of every write route of
 * the API whose body is JSON, through the real handlers (src/web/records.c, cycle.c, materials.c) on a
 * small in-memory database, as one of five users.
 *
 * Input: byte 0 picks the route, byte 1 the user, byte 2 the entity (records
 * routes) or the action (item and material actions); the rest is the body.
 * The handlers are called as the dispatcher calls them after its checks
 * (session, CSRF, route permission): with the actor, the path parameters and
 * the request body; none of the write handlers needs the HTTP connection.
 * Each input runs inside one outer transaction that is rolled back after it
 * (the store's transactions nest), so every input starts from the same seeded
 * database and a finding reproduces from its file alone; when a handler's own
 * rollback ended that transaction early and something was written after it
 * (the audit log or the link table changed), the database is seeded afresh.
 *
 * Must hold for any input: no crash, leak or undefined behaviour (ASan,
 * UBSan); a handler either answers 2xx with a JSON body (or 204), or fails
 * with a 4xx error code and a non-empty, valid UTF-8 message: bad input is
 * never a server error (5xx); and the audit log still verifies.
 *
 * Not covered here: login and password change (their bodies are two strings
 * checked by length, but every call runs argon2id, far too slow to fuzz; see
 * test_web_api.sh), and the upload routes (raw file bytes: fuzz_docx and
 * fuzz_material_text).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/utf8.h"
#include "web/api.h"

enum { R_CREATE, R_UPDATE, R_DELETE, R_ITEM_ACTION, R_ITEM_NOTE, R_LINK, R_ANON, R_MAT_ACTION, R_TO_LEDGER, NROUTES };

static const char *const users[] = {"admin", "organizer", "secretary", "member", "other"};
static const char *const item_actions[] = {"start", "finish", "send_back", "close", "reopen", "bogus"};
static const char *const mat_actions[] = {"submit", "return", "approve", "bogus"};

static const char material_text[] =
	"对照检查材料\n"
	"一、上年度民主生活会整改措施落实情况\n"
	"上年度查摆的问题已整改完成。\n"
	"二、存在的问题\n"
	"（一）在学习理论方面\n"
	"1.学习不够深入。理论学习停留在读原文、记笔记，结合工作思考不够。\n"
	"（二）在担当作为方面\n"
	"1.调查研究不够。到基层调研次数偏少，解决实际问题不多。\n"
	"三、原因分析\n"
	"理想信念有所松懈。\n"
	"四、整改措施\n"
	"加强理论学习，深入基层调研。\n";

static long long put(mj_store *st, const mj_actor *a, const char *entity, ...)
{
	va_list ap;
	json_t *v = json_object();
	long long id = 0;
	va_start(ap, entity);
	for (;;) {
		const char *k = va_arg(ap, const char *);
		if (!k)
			break;
		json_object_set_new(v, k, json_string(va_arg(ap, const char *)));
	}
	va_end(ap);
	if (mj_entity_write(st, a, mj_entity_find(entity), 0, v, MJ_W_INTERNAL | MJ_W_NOPERM, &id) != 0) {
		fprintf(stderr, "fuzz_api_json: seeding %s failed: %s\n", entity, mj_error_msg());
		abort();
	}
	json_decref(v);
	return id;
}

/* Two teams in two units under one 组织部; people 1..5 are the users above,
 * "other" sits in the second team; a meeting, an open ledger item, a
 * material with a version, and an opinion link. */
static mj_store *seed(void)
{
	mj_store *st = NULL;
	mj_actor op;
	if (mj_store_open(&st, ":memory:") || mj_store_actor(st, NULL, &op))
		abort();
	put(st, &op, "org", "name", "组织部", "kind", "superior", NULL);
	put(st, &op, "org", "name", "一单位", "kind", "unit", "parent_id", "1", NULL);
	put(st, &op, "org", "name", "二单位", "kind", "unit", "parent_id", "1", NULL);
	put(st, &op, "person", "name", "管理员", "org_id", "1", "role", "admin", "login", "admin", NULL);
	put(st, &op, "person", "name", "组织员", "org_id", "1", "role", "organizer", "login", "organizer", NULL);
	put(st, &op, "person", "name", "秘书", "org_id", "2", "role", "secretary", "login", "secretary", NULL);
	put(st, &op, "person", "name", "成员", "org_id", "2", "role", "member", "login", "member", NULL);
	put(st, &op, "person", "name", "别人", "org_id", "3", "role", "member", "login", "other", NULL);
	put(st, &op, "person", "name", "班长", "org_id", "2", "role", "member", "login", "head", NULL);
	put(st, &op, "team", "name", "一班子", "kind", "leadership", "org_id", "2", "superior_org_id", "1",
	    "head_id", "6", "secretary_id", "3", NULL);
	put(st, &op, "team", "name", "二班子", "kind", "leadership", "org_id", "3", "superior_org_id", "1",
	    "head_id", "5", NULL);
	put(st, &op, "member", "team_id", "1", "person_id", "6", "is_head", "1", "ord", "1", NULL);
	put(st, &op, "member", "team_id", "1", "person_id", "4", "is_head", "0", "ord", "2", NULL);
	put(st, &op, "member", "team_id", "2", "person_id", "5", "is_head", "1", "ord", "1", NULL);
	put(st, &op, "meeting", "team_id", "1", "kind", "dlm", "year", "2026", NULL);
	put(st, &op, "item", "meeting_id", "1", "source", "self", "problem", "调研不够", "owner_id", "4",
	    "deadline", "2026-12-31", NULL);
	put(st, &op, "material", "meeting_id", "1", "person_id", "4", "kind", "member", "state", "draft",
	    "current_version", "1", NULL);
	put(st, &op, "material_version", "material_id", "1", "version", "1", "filename", "材料.txt",
	    "content", material_text, "text", material_text, "added_by", "4", "added_on", "2026-11-10", NULL);
	return st;
}

static int check_utf8(const char *s) { return s && *s && mj_utf8_valid(s, strlen(s)); }

static mj_store *st;
static long long base_audit, base_links;

static void counts(long long *audit, long long *links)
{
	if (mj_store_int(st, audit, "SELECT count(*) FROM audit_log", 0, NULL) ||
	    mj_store_int(st, links, "SELECT count(*) FROM opinion_link", 0, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3 || size > MJ_HTTP_MAX_BODY)
		return 0;
	if (!st) {
		st = seed();
		counts(&base_audit, &base_links);
	}
	if (mj_store_begin(st))
		abort();
	mj_web w;
	mj_http_req req;
	mj_http_resp resp;
	mj_web_ctx x;
	int route = data[0] % NROUTES, rc;
	memset(&w, 0, sizeof w);
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	memset(&x, 0, sizeof x);
	pthread_mutex_init(&w.rate_mu, NULL);
	mj_arena_init(&req.arena);
	mj_buf_init(&req.body, MJ_HTTP_MAX_BODY);
	mj_buf_put(&req.body, data + 3, size - 3);
	snprintf(req.ip, sizeof req.ip, "127.0.0.1");
	req.method = route == R_UPDATE ? "PATCH" : route == R_DELETE ? "DELETE" : "POST";
	req.path = "/fuzz";
	resp.status = 500;
	x.w = &w;
	x.req = &req;
	x.resp = &resp;
	x.st = st;
	if (mj_store_actor(st, users[data[1] % 5], &x.actor))
		abort();
	mj_error_clear();

	/* the dispatcher refuses a body that is not UTF-8 before any handler */
	if (!mj_utf8_valid((const char *)data + 3, size - 3))
		goto out;
	int nent = 0;
	while (mj_entities[nent].name)
		nent++;
	char ent[48];
	snprintf(ent, sizeof ent, "%s", mj_entities[data[2] % nent].name);
	x.param[0] = ent;
	x.param[1] = "1";
	x.nparam = 2;
	switch (route) {
	case R_CREATE: x.nparam = 1; rc = mj_api_records_create(&x); break;
	case R_UPDATE: rc = mj_api_records_update(&x); break;
	case R_DELETE: rc = mj_api_records_delete(&x); break;
	case R_ITEM_ACTION:
		x.param[0] = "1";
		x.param[1] = item_actions[data[2] % 6];
		x.team_id = 1;
		rc = mj_api_item_action(&x);
		break;
	case R_ITEM_NOTE: x.param[0] = "1"; x.nparam = 1; x.team_id = 1; rc = mj_api_item_note(&x); break;
	case R_LINK: x.param[0] = "1"; x.nparam = 1; x.team_id = 1; rc = mj_api_links_create(&x); break;
	case R_ANON: x.meeting_id = 1; snprintf(x.closes_on, sizeof x.closes_on, "2026-12-31"); rc = mj_api_anon_post(&x); break;
	case R_MAT_ACTION:
		x.param[0] = "1";
		x.param[1] = mat_actions[data[2] % 4];
		x.team_id = 1;
		rc = mj_api_material_action(&x);
		break;
	default: x.param[0] = "1"; x.nparam = 1; x.team_id = 1; rc = mj_api_material_to_ledger(&x); break;
	}
	if (rc < 0) {
		mj_store_rollback(st);
		int status = mj_http_status(rc);
		if (status >= 500) {
			fprintf(stderr, "fuzz_api_json: route %d answered %d (%s): %s\n", route, status,
				mj_web_err_name(rc), mj_error_msg());
			abort();
		}
		if (!check_utf8(mj_error_msg())) {
			fprintf(stderr, "fuzz_api_json: route %d: empty or invalid error message\n", route);
			abort();
		}
	} else if (rc == 0) {
		if (resp.status < 200 || resp.status >= 300)
			abort();
		if (resp.status != 204) {
			json_error_t jerr;
			json_t *v = json_loadb(resp.body.ptr, resp.body.len, 0, &jerr);
			if (!v)
				abort();
			json_decref(v);
		}
	}
	/* whatever happened, the audit log still verifies */
	long long entries, rows;
	if (mj_audit_verify(st, &entries, &rows) != 0) {
		fprintf(stderr, "fuzz_api_json: audit verify failed: %s\n", mj_error_msg());
		abort();
	}
out:
	mj_store_rollback(st);
	long long audit, links;
	counts(&audit, &links);
	if (audit != base_audit || links != base_links) {
		mj_store_close(st);
		st = NULL;
	}
	json_decref(x.body);
	mj_buf_free(&resp.body);
	mj_buf_free(&req.body);
	mj_arena_free(&req.arena);
	pthread_mutex_destroy(&w.rate_mu);
	return 0;
}
