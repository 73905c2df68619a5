/*
 * Generic records over the web, for every entity of the model table
 * (core/model.c): list (scoped to what the actor may read), get, create,
 * update, delete. Writes go through mj_entity_write / mj_entity_delete, which
 * validate, check permissions and append the audit entry; ledger items are
 * edited through the ledger rules (mj_ledger_edit). Secret fields never leave.
 * Every row read here carries its "@version" (optimistic updates: api.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/web_store.h"
#include "util/err.h"
#include "web/api.h"

#define LIST_DEFAULT 50
#define LIST_MAX 500

static int entity_of(mj_web_ctx *x, const struct mj_entity **e)
{
	*e = mj_entity_find(x->param[0]);
	if (!*e)
		return mj_error_set(MJ_ENOTFOUND, "没有名为“%.40s”的记录类型", x->param[0]);
	return 0;
}

static int parse_count(const char *s, long long dflt, long long max, const char *what, long long *out)
{
	*out = dflt;
	if (!s)
		return 0;
	char *end = NULL;
	long long n = strtoll(s, &end, 10);
	if (!*s || *end || n < 0 || n > max)
		return mj_error_set(MJ_EINVAL, "%s应为 0 到 %lld 之间的整数", what, max);
	*out = n;
	return 0;
}

/* JSON body values -> the strings mj_entity_write expects (null stays null). */
static int body_values(json_t *b, json_t **out)
{
	const char *key;
	json_t *v;
	char num[32];
	*out = json_object();
	json_object_foreach(b, key, v) {
		if (strcmp(key, "id") == 0) {
			json_decref(*out);
			*out = NULL;
			return mj_error_set(MJ_EINVAL, "不能设置记录编号");
		}
		if (json_is_string(v) || json_is_null(v))
			json_object_set(*out, key, v);
		else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			json_object_set_new(*out, key, json_string(num));
		} else if (json_is_boolean(v))
			json_object_set_new(*out, key, json_string(json_is_true(v) ? "1" : "0"));
		else {
			json_decref(*out);
			*out = NULL;
			return mj_error_set(MJ_EINVAL, "字段“%.40s”的值应为文本、整数、布尔值或 null", key);
		}
	}
	return 0;
}

/* Only an administrator may make someone an administrator. */
static int guard_role(mj_web_ctx *x, const struct mj_entity *e, json_t *vals)
{
	if (strcmp(e->name, "person") != 0 || strcmp(x->actor.role, "admin") == 0)
		return 0;
	const char *role = json_string_value(json_object_get(vals, "role"));
	if (role && (strcmp(role, "admin") == 0 || strcmp(role, "系统管理员") == 0))
		return mj_error_set(MJ_EPERM, "只有系统管理员可以设置管理员角色");
	return 0;
}

static long long val_id(json_t *v)
{
	const char *s = json_string_value(v);
	return s ? strtoll(s, NULL, 10) : 0;
}

/* The org tree and people are global records: the model lets any organizer
 * write them, the web narrows that to the organizer's own subtree. old: the
 * row being updated (NULL on create). */
static int guard_global(mj_web_ctx *x, const struct mj_entity *e, json_t *old, json_t *vals)
{
	if (e->scope != MJ_SCOPE_GLOBAL || strcmp(x->actor.role, "admin") == 0)
		return 0;
	int is_org = strcmp(e->name, "org") == 0;
	const char *key = is_org ? "parent_id" : "org_id";
	long long targets[2] = {0, 0};
	int n = 0;
	if (old)
		targets[n++] = is_org ? json_integer_value(json_object_get(old, "id"))
				      : json_integer_value(json_object_get(old, "org_id"));
	if (!old || json_object_get(vals, key))
		targets[n++] = val_id(json_object_get(vals, key));
	for (int i = 0; i < n; i++)
		if (!mj_web_org_in_scope(x->st, &x->actor, targets[i]))
			return mj_error_set(MJ_EPERM, "无权修改本组织范围以外的%s", e->label);
	return 0;
}

/* The row's version (mj_entity_version: the seq of its last audit entry) as
 * "@version": a client sends it back with an update (MJ_VERSION_KEY) and the
 * store refuses the update with 409 when the row changed since. Read in the
 * same snapshot as the row (GETs run in one read transaction). */
static int add_version(mj_web_ctx *x, const struct mj_entity *e, json_t *row)
{
	long long v = 0;
	int rc = mj_entity_version(x->st, e, json_integer_value(json_object_get(row, "id")), &v);
	if (!rc)
		json_object_set_new(row, MJ_VERSION_KEY, json_integer(v));
	return rc;
}

int mj_api_records_list(mj_web_ctx *x)
{
	const struct mj_entity *e;
	json_t *filters = json_object(), *rows = NULL;
	long long limit, offset, total = 0;
	int rc;
	if ((rc = entity_of(x, &e)) || (rc = mj_http_query_all(x->req, filters)) ||
	    (rc = parse_count(json_string_value(json_object_get(filters, "limit")), LIST_DEFAULT, LIST_MAX, "limit", &limit)) ||
	    (rc = parse_count(json_string_value(json_object_get(filters, "offset")), 0, 1000000000LL, "offset", &offset)))
		goto cleanup;
	json_object_del(filters, "limit");
	json_object_del(filters, "offset");
	if ((rc = mj_web_list(x->st, &x->actor, e, filters, limit, offset, &rows, &total)))
		goto cleanup;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		if ((rc = add_version(x, e, r))) {
			json_decref(rows);
			goto cleanup;
		}
	json_t *o = json_object();
	json_object_set_new(o, "items", rows);
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "limit", json_integer(limit));
	json_object_set_new(o, "offset", json_integer(offset));
	mj_http_json(x->resp, 200, o);
cleanup:
	json_decref(filters);
	return rc;
}

static int get_row(mj_web_ctx *x, const struct mj_entity **e, long long *id, json_t **row)
{
	int rc;
	*row = NULL;
	if ((rc = entity_of(x, e)))
		return rc;
	*id = mj_web_param_id(x, 1);
	if (!*id)
		return mj_error_set(MJ_ENOTFOUND, "记录编号无效");
	return mj_web_get(x->st, &x->actor, *e, *id, row);
}

int mj_api_records_get(mj_web_ctx *x)
{
	const struct mj_entity *e;
	long long id;
	json_t *row;
	int rc = get_row(x, &e, &id, &row);
	if (rc)
		return rc;
	if ((rc = add_version(x, e, row))) {
		json_decref(row);
		return rc;
	}
	mj_http_json(x->resp, 200, row);
	return 0;
}

int mj_api_records_create(mj_web_ctx *x)
{
	const struct mj_entity *e;
	json_t *b, *vals = NULL;
	long long id = 0;
	int rc;
	if ((rc = entity_of(x, &e)) || (rc = mj_web_body(x, &b)) || (rc = body_values(b, &vals)) ||
	    (rc = guard_role(x, e, vals)) || (rc = guard_global(x, e, NULL, vals)) ||
	    (rc = mj_entity_write(x->st, &x->actor, e, 0, vals, 0, &id)))
		goto cleanup;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	mj_http_json(x->resp, 201, o);
cleanup:
	json_decref(vals);
	return rc;
}

int mj_api_records_update(mj_web_ctx *x)
{
	const struct mj_entity *e;
	json_t *b, *vals = NULL, *row = NULL;
	long long id;
	int rc;
	if ((rc = get_row(x, &e, &id, &row)) || (rc = mj_web_body(x, &b)) || (rc = body_values(b, &vals)) ||
	    (rc = guard_role(x, e, vals)) || (rc = guard_global(x, e, row, vals)))
		goto cleanup;
	if (strcmp(e->name, "item") == 0)
		rc = mj_ledger_edit(x->st, &x->actor, id, vals);
	else
		rc = mj_entity_write(x->st, &x->actor, e, id, vals, 0, NULL);
	if (rc)
		goto cleanup;
	json_decref(row);
	row = NULL;
	/* the row as written and its new version, from one snapshot: another
	 * server's write in between must not lend this row a later version */
	if ((rc = mj_store_read_begin(x->st)) || (rc = mj_entity_get(x->st, e, id, &row)) ||
	    (rc = add_version(x, e, row)))
		goto cleanup;
	mj_store_read_end(x->st);
	mj_web_strip_secret(e, row);
	mj_http_json(x->resp, 200, row);
	row = NULL;
cleanup:
	json_decref(vals);
	json_decref(row);
	return rc;
}

int mj_api_records_delete(mj_web_ctx *x)
{
	const struct mj_entity *e;
	long long id;
	json_t *row;
	int rc = get_row(x, &e, &id, &row);
	if (rc)
		return rc;
	json_decref(row);
	if ((rc = mj_entity_delete(x->st, &x->actor, e, id)))
		return rc;
	x->resp->status = 204;
	return 0;
}
