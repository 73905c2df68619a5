/*
 * Materials over the web: upload a version (raw file bytes as the body, up
 * to MJ_HTTP_MAX_UPLOAD), review actions (submit / return / approve), the
 * material with its current version and problems, the list of versions, the
 * diff of two versions, problems into the ledger, and download rendered as
 * docx / md / txt. The dispatcher has checked that the actor may read the
 * team; the store enforces who may write (only the author uploads, 不得代写).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "core/perm.h"
#include "store/web_store.h"
#include "util/err.h"
#include "web/api.h"

static int query_int(mj_web_ctx *x, const char *name, long long dflt, long long *out)
{
	const char *s = mj_http_query(x->req, name);
	char *end = NULL;
	*out = dflt;
	if (!s || !*s)
		return 0;
	long long n = strtoll(s, &end, 10);
	if (*end || n < 0 || n > 1000000 || strlen(s) > 9)
		return mj_error_set(MJ_EINVAL, "参数 %s 应为非负整数", name);
	*out = n;
	return 0;
}

static int filename_of(mj_web_ctx *x, const char **out)
{
	const char *f = mj_http_query(x->req, "filename");
	if (!f || !*f)
		f = "material.txt";
	if (strlen(f) > 200 || strchr(f, '/') || strchr(f, '\\'))
		return mj_error_set(MJ_EINVAL, "文件名无效（不超过 200 字节，不含路径分隔符）");
	*out = f;
	return 0;
}

static int store_version(mj_web_ctx *x, long long meeting_id, long long person_id, const char *kind, int draft)
{
	const char *fname = NULL;
	long long material = 0;
	int version = 0, rc;
	size_t replaced = 0;
	if ((rc = filename_of(x, &fname)))
		return rc;
	if (x->req->body.len == 0)
		return mj_error_set(MJ_EINVAL, "请求体为空：请上传材料文件");
	if ((rc = mj_material_add(x->st, &x->actor, meeting_id, person_id, kind, fname, x->req->body.ptr,
				  x->req->body.len, draft, &material, &version, &replaced)))
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "material_id", json_integer(material));
	json_object_set_new(o, "version", json_integer(version));
	json_object_set_new(o, "replaced", json_integer((long long)replaced));
	mj_http_json(x->resp, 201, o);
	return 0;
}

int mj_api_material_upload(mj_web_ctx *x)
{
	long long member, draft;
	int rc;
	const char *kind = mj_http_query(x->req, "kind");
	if (!kind || !*kind)
		kind = "member";
	if (strcmp(kind, "member") != 0 && strcmp(kind, "team") != 0)
		return mj_error_set(MJ_EINVAL, "kind 只能是 member 或 team");
	if ((rc = query_int(x, "member", x->actor.person_id, &member)) || (rc = query_int(x, "draft", 0, &draft)))
		return rc;
	if (draft > 1)
		return mj_error_set(MJ_EINVAL, "draft 只能是 0 或 1");
	return store_version(x, mj_web_param_id(x, 0), member, kind, (int)draft);
}

/* The material row (NULL-safe fields) by id. */
static int material_row(mj_web_ctx *x, json_t **row)
{
	return mj_entity_get(x->st, mj_entity_find("material"), mj_web_param_id(x, 0), row);
}

static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

int mj_api_material_new_version(mj_web_ctx *x)
{
	json_t *row = NULL;
	long long draft;
	int rc;
	if ((rc = query_int(x, "draft", 0, &draft)) || (rc = material_row(x, &row)))
		return rc;
	if (draft > 1)
		rc = mj_error_set(MJ_EINVAL, "draft 只能是 0 或 1");
	else
		rc = store_version(x, json_integer_value(json_object_get(row, "meeting_id")),
				   json_integer_value(json_object_get(row, "person_id")), gets(row, "kind"), (int)draft);
	json_decref(row);
	return rc;
}

int mj_api_material_action(mj_web_ctx *x)
{
	json_t *b = NULL, *row = NULL;
	const char *action = x->param[1];
	int rc;
	if (strcmp(action, "submit") != 0 && strcmp(action, "return") != 0 && strcmp(action, "approve") != 0)
		return mj_error_set(MJ_ENOTFOUND, "没有名为“%.40s”的材料操作（submit、return、approve）", action);
	if (x->req->body.len && (rc = mj_web_body(x, &b)))
		return rc;
	const char *reason = b ? gets(b, "reason") : NULL, *due = b ? gets(b, "rewrite_due") : NULL;
	if (reason && !*reason)
		reason = NULL;
	if (due && !*due)
		due = NULL;
	if ((rc = mj_material_review_action(x->st, &x->actor, mj_web_param_id(x, 0), action, reason, due)) ||
	    (rc = material_row(x, &row)))
		return rc;
	mj_http_json(x->resp, 200, row);
	return 0;
}

int mj_api_material_get(mj_web_ctx *x)
{
	json_t *row = NULL, *v = NULL, *probs = NULL;
	long long id = mj_web_param_id(x, 0), ver;
	int rc;
	if ((rc = query_int(x, "version", 0, &ver)) || (rc = material_row(x, &row)))
		return rc;
	if (json_integer_value(json_object_get(row, "current_version")) > 0) {
		if ((rc = mj_material_version(x->st, id, (int)ver, &v)) ||
		    (rc = mj_material_problems(x->st, id, (int)ver, &probs))) {
			json_decref(row);
			json_decref(v);
			return rc;
		}
	}
	json_object_set_new(row, "version", v ? v : json_null());
	json_object_set_new(row, "problems", probs ? probs : json_array());
	mj_http_json(x->resp, 200, row);
	return 0;
}

int mj_api_material_versions(mj_web_ctx *x)
{
	char num[24];
	json_t *rows = NULL;
	snprintf(num, sizeof num, "%lld", mj_web_param_id(x, 0));
	int rc = mj_material_versions(x->st, mj_web_param_id(x, 0), &rows);
	if (rc)
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "material_id", json_integer(mj_web_param_id(x, 0)));
	json_object_set_new(o, "items", rows);
	mj_http_json(x->resp, 200, o);
	return 0;
}

int mj_api_material_diff(mj_web_ctx *x)
{
	long long from, to;
	json_t *out = NULL;
	int rc;
	if ((rc = query_int(x, "from", 0, &from)) || (rc = query_int(x, "to", 0, &to)))
		return rc;
	if (!from || !to)
		return mj_error_set(MJ_EINVAL, "请用 from 和 to 指定两个版本号");
	if ((rc = mj_material_diff(x->st, mj_web_param_id(x, 0), (int)from, (int)to, &out)))
		return rc;
	mj_http_json(x->resp, 200, out);
	return 0;
}

int mj_api_material_to_ledger(mj_web_ctx *x)
{
	json_t *b = NULL;
	long long created = 0, kept = 0;
	int rc;
	if (x->req->body.len && (rc = mj_web_body(x, &b)))
		return rc;
	const char *deadline = b ? gets(b, "deadline") : NULL;
	if (deadline && !*deadline)
		deadline = NULL;
	if ((rc = mj_material_to_ledger(x->st, &x->actor, mj_web_param_id(x, 0), deadline, &created, &kept)))
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "created", json_integer(created));
	json_object_set_new(o, "kept", json_integer(kept));
	mj_http_json(x->resp, 200, o);
	return 0;
}

int mj_api_material_download(mj_web_ctx *x)
{
	const char *fmt_s = mj_http_query(x->req, "format");
	long long ver;
	json_t *row = NULL, *v = NULL;
	mj_material *m = NULL;
	mj_buf out = MJ_BUF_INIT;
	mj_doc_format fmt;
	const char *ctype, *ext;
	int rc;
	if (!fmt_s || strcmp(fmt_s, "docx") == 0) {
		fmt = MJ_DOC_DOCX;
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		ext = "docx";
	} else if (strcmp(fmt_s, "md") == 0) {
		fmt = MJ_DOC_MD;
		ctype = "text/markdown; charset=utf-8";
		ext = "md";
	} else if (strcmp(fmt_s, "txt") == 0) {
		fmt = MJ_DOC_TXT;
		ctype = "text/plain; charset=utf-8";
		ext = "txt";
	} else
		return mj_error_set(MJ_EINVAL, "format 只能是 docx、md 或 txt");
	if ((rc = query_int(x, "version", 0, &ver)) || (rc = material_row(x, &row)))
		return rc;
	if ((rc = mj_material_version(x->st, mj_web_param_id(x, 0), (int)ver, &v)))
		goto cleanup;
	const char *text = gets(v, "text");
	if (!text)
		text = "";
	if ((rc = mj_material_parse_for_meeting(x->st, json_integer_value(json_object_get(row, "meeting_id")), text,
						strlen(text), &m)) ||
	    (rc = mj_material_render(&out, m, fmt)))
		goto cleanup;
	char *disp = mj_http_alloc(x->req, 96);
	snprintf(disp, 96, "attachment; filename=\"material-%lld-v%lld.%s\"", mj_web_param_id(x, 0),
		 (long long)json_integer_value(json_object_get(v, "version")), ext);
	mj_http_add_header(x->req, x->resp, "Content-Disposition", disp);
	x->resp->status = 200;
	x->resp->ctype = ctype;
	x->resp->body = out;
	out.ptr = NULL;
	out.len = out.cap = 0;
cleanup:
	mj_material_free(m);
	mj_buf_free(&out);
	json_decref(row);
	json_decref(v);
	return rc;
}

/* The review of the material's current version against every stored
 * material and collection: the body `review --material ID --json` prints. */
int mj_api_material_check(mj_web_ctx *x)
{
	char *body = NULL;
	size_t len = 0;
	if (!x->w->review_material)
		return mj_error_set(MJ_ENOTFOUND, "本服务未提供材料审查");
	/* The result quotes the passages shared with other materials, of any
	 * team, with their authors: it is for the material's reviewers (the
	 * team's head, the superior's organizers, administrators), not for
	 * every reader of the team. */
	unsigned f = mj_store_facts(x->st, &x->actor, x->team_id, NULL, NULL);
	if (!(f & (MJ_PF_HEAD | MJ_PF_ORGANIZER | MJ_PF_ADMIN)))
		return mj_web_error(x, 403, "EPERM", "材料审查结果引用其他材料的段落，仅主要负责人、上级组织部门或管理员可以查看");
	int rc = x->w->review_material(x->st, x->w->db_path, mj_web_param_id(x, 0), &body, &len);
	if (rc)
		return rc;
	rc = mj_buf_put(&x->resp->body, body, len);
	free(body);
	if (rc)
		return rc;
	x->resp->status = 200;
	x->resp->ctype = "application/json; charset=utf-8";
	return 0;
}
