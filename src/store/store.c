/*
 * The store: opening and migrating the database, nested transactions, the
 * generic create/update/delete/get/list driven by the model table
 * (core/model.h), permission facts, and the hash-chained audit log.
 *
 * Every write goes through mj_entity_write or mj_entity_delete, which
 * validate, check references and permissions, change the row and append the
 * audit entry in one transaction: so `audit verify` can compare every row
 * with its last entry.
 */
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perm.h"
#include "store/schema.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

struct mj_store {
	const struct mj_backend *be;
	void *conn;
	int depth;
	char *path;
};

const char *mj_store_path(const mj_store *s) { return s->path; }

int mj_store_defer_constraints(mj_store *s) { return s->be->defer_constraints(s->conn); }

int mj_store_backup(mj_store *s, const char *dest, void (*progress)(void *, int, int), void *ctx)
{
	if (!s->be->backup)
		return mj_error_set(MJ_EINVAL, "%s 数据库请用 pg_dump / pg_restore 备份和恢复", s->be->name);
	return s->be->backup(s->conn, dest, progress, ctx);
}

int mj_store_restore(mj_store *s, const char *src)
{
	if (s->depth > 0)
		return mj_error_set(MJ_ESTATE, "事务进行中，不能恢复");
	if (!s->be->restore)
		return mj_error_set(MJ_EINVAL, "%s 数据库请用 pg_dump / pg_restore 备份和恢复", s->be->name);
	return s->be->restore(s->conn, src);
}

int mj_store_exec_blob(mj_store *s, const char *sql, int nparams, const char *const *params,
		       const size_t *lens, unsigned blob_mask, mj_row_fn fn, void *ctx)
{
	return s->be->exec(s->conn, sql, nparams, params, lens, blob_mask, fn, ctx);
}

int mj_store_exec(mj_store *s, const char *sql, int nparams, const char *const *params,
		  mj_row_fn fn, void *ctx)
{
	return s->be->exec(s->conn, sql, nparams, params, NULL, 0, fn, ctx);
}

static int int_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		  const size_t *lens)
{
	long long *out = ctx;
	*out = (n > 0 && vals[0]) ? strtoll(vals[0], NULL, 10) : 0;
	return 0;
}

int mj_store_int(mj_store *s, long long *out, const char *sql, int nparams, const char *const *params)
{
	*out = 0;
	return mj_store_exec(s, sql, nparams, params, int_cb, out);
}

int mj_store_begin(mj_store *s)
{
	if (s->depth++ > 0)
		return 0;
	int rc = s->be->begin(s->conn);
	if (rc)
		s->depth = 0;
	return rc;
}

int mj_store_commit(mj_store *s)
{
	if (s->depth <= 0)
		return mj_error_set(MJ_EDB, "提交时没有进行中的事务");
	if (--s->depth > 0)
		return 0;
	int rc = s->be->commit(s->conn);
	if (rc)
		s->be->rollback(s->conn);
	return rc;
}

void mj_store_rollback(mj_store *s)
{
	/* A failure anywhere inside aborts the whole outermost transaction. */
	if (s->depth > 0) {
		s->depth = 0;
		s->be->rollback(s->conn);
	}
}

int mj_store_read_begin(mj_store *s)
{
	if (s->depth > 0 || !s->be->read_begin)
		return 0;
	return s->be->read_begin(s->conn);
}

void mj_store_read_end(mj_store *s)
{
	if (s->be->read_end)
		s->be->read_end(s->conn);
}

int mj_store_data_version(mj_store *s, unsigned long long v[MJ_DATA_VERSION_N])
{
	memset(v, 0, MJ_DATA_VERSION_N * sizeof *v);
	if (!s->be->data_version)
		return mj_error_set(MJ_EINVAL, "%s 数据库不提供数据版本", s->be->name);
	return s->be->data_version(s->conn, v);
}

/* What a migration needs beyond its portable script: the review stamp's
 * first token (random) and its triggers, in each engine's dialect. */
static int migrate_more(mj_store *s, long long to)
{
	if (to != MJ_MIGRATION_REVIEW_STAMP)
		return 0;
	unsigned char r[16];
	char token[33];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(token, sizeof token, r, sizeof r);
	const char *p[] = {token};
	int rc = mj_store_exec(s, "INSERT INTO review_stamp (id, token) VALUES (1, ?)", 1, p, NULL, NULL);
	const char *const *ddl = strcmp(s->be->name, "postgresql") == 0 ? mj_review_stamp_pg : mj_review_stamp_sqlite;
	for (size_t i = 0; !rc && ddl[i]; i++)
		rc = mj_store_exec(s, ddl[i], 0, NULL, NULL, NULL);
	return rc;
}

/* Brings the schema up to date. The version is read first without a
 * transaction (the common case: nothing to do); when migrations are due, they
 * run in one write transaction after reading the version again, so that
 * several processes opening a new database at once migrate it exactly once. */
static int migrate(mj_store *s)
{
	long long version = 0;
	int known = 0, rc;
	while (mj_migrations[known])
		known++;
	if (mj_store_int(s, &version, "SELECT max(version) FROM schema_version", 0, NULL))
		version = 0; /* no table yet */
	mj_error_clear();
	if (version == known)
		return 0;
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = s->be->exec_script(s->conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")) ||
	    (rc = mj_store_int(s, &version, "SELECT max(version) FROM schema_version", 0, NULL)))
		goto fail;
	if (version > known) {
		rc = mj_error_set(MJ_EDB, "数据库版本 %lld 比本程序支持的版本 %d 新，请升级 mingjing", version, known);
		goto fail;
	}
	for (long long v = version; v < known; v++) {
		char num[24];
		snprintf(num, sizeof num, "%lld", v + 1);
		const char *p[] = {num};
		const char *more = mj_migration_engine(mj_migrations[v], s->be->name);
		if ((rc = s->be->exec_script(s->conn, mj_migrations[v])) || (rc = migrate_more(s, v + 1)) ||
		    (more && (rc = s->be->exec_script(s->conn, more))) ||
		    (rc = mj_store_exec(s, "INSERT INTO schema_version(version) VALUES (?)", 1, p, NULL, NULL)))
			goto fail;
	}
	return mj_store_commit(s);
fail:
	mj_store_rollback(s);
	return rc;
}

/* A PostgreSQL connection URL (postgresql://... or postgres://...). */
int mj_store_is_pg(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

const char *mj_store_backend(const mj_store *s) { return s->be->name; }

int mj_store_sync_ids(mj_store *s, const char *table, const char *column)
{
	return s->be->sync_ids(s->conn, table, column);
}

int mj_store_open(mj_store **out, const char *path)
{
	*out = NULL;
	if (sodium_init() < 0)
		return mj_error_set(MJ_EIO, "libsodium 初始化失败");
	mj_store *s = mj_calloc(1, sizeof *s);
	int rc = mj_store_is_pg(path) ? mj_pg_open(&s->be, &s->conn, path) : mj_sqlite_open(&s->be, &s->conn, path);
	if (rc) {
		free(s);
		return rc;
	}
	if (s->be->version != MJ_BACKEND_VERSION) {
		s->be->close(s->conn);
		free(s);
		return mj_error_set(MJ_EDB, "数据库后端版本不符");
	}
	s->path = mj_strdup(path);
	if ((rc = migrate(s))) {
		mj_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void mj_store_close(mj_store *s)
{
	if (!s)
		return;
	mj_store_rollback(s);
	mj_store_read_end(s);
	s->be->close(s->conn);
	free(s->path);
	free(s);
}

/* ---- rows as JSON ---------------------------------------------------- */

static void blob_hash(const void *data, size_t len, char out[80])
{
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, 80, "blake2b:%s", hex);
}

struct rows_ctx {
	const struct mj_entity *e;
	json_t *arr;
};

static json_t *field_value(const struct mj_field *f, const char *v, size_t len)
{
	if (!v)
		return json_null();
	switch (f->type) {
	case MJ_F_INT: case MJ_F_REF: case MJ_F_BOOL:
		return json_integer(strtoll(v, NULL, 10));
	case MJ_F_BLOB: {
		char h[80];
		blob_hash(v, len, h);
		return json_string(h);
	}
	default:
		return json_stringn(v, len);
	}
}

static int rows_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		   const size_t *lens)
{
	struct rows_ctx *rc = ctx;
	json_t *obj = json_object();
	json_object_set_new(obj, "id", json_integer(strtoll(vals[0], NULL, 10)));
	int i = 1;
	for (const struct mj_field *f = rc->e->fields; f->name && i < n; f++, i++)
		json_object_set_new(obj, f->name, field_value(f, vals[i], lens[i]));
	json_array_append_new(rc->arr, obj);
	return 0;
}

static void select_cols(mj_buf *sql, const struct mj_entity *e)
{
	mj_buf_puts(sql, "SELECT id");
	for (const struct mj_field *f = e->fields; f->name; f++)
		mj_buf_printf(sql, ", %s", f->name);
	mj_buf_printf(sql, " FROM %s", e->name);
}

int mj_entity_get(mj_store *s, const struct mj_entity *e, long long id, json_t **row)
{
	mj_buf sql = MJ_BUF_INIT;
	char num[24];
	snprintf(num, sizeof num, "%lld", id);
	const char *p[] = {num};
	struct rows_ctx ctx = {e, json_array()};
	*row = NULL;
	select_cols(&sql, e);
	mj_buf_puts(&sql, " WHERE id = ?");
	int rc = mj_store_exec(s, sql.ptr, 1, p, rows_cb, &ctx);
	mj_buf_free(&sql);
	if (!rc && json_array_size(ctx.arr) == 0)
		rc = mj_error_set(MJ_ENOTFOUND, "%s编号 %lld 不存在", e->label, id);
	if (!rc)
		*row = json_incref(json_array_get(ctx.arr, 0));
	json_decref(ctx.arr);
	return rc;
}

int mj_entity_list(mj_store *s, const struct mj_entity *e, json_t *filters, long long limit,
		   long long offset, json_t **rows)
{
	mj_buf sql = MJ_BUF_INIT;
	const char *params[64];
	int np = 0, rc = 0;
	const char *key;
	json_t *val;
	struct rows_ctx ctx = {e, json_array()};
	*rows = NULL;
	select_cols(&sql, e);
	json_object_foreach(filters, key, val) {
		const struct mj_field *f = mj_entity_field(e, key);
		if ((!f && strcmp(key, "id") != 0) || (f && (f->flags & MJ_FF_SECRET)) || np >= 60) {
			rc = mj_error_set(MJ_EINVAL, "%s没有可筛选的字段“%s”", e->label, key);
			goto cleanup;
		}
		const char *v = json_string_value(val);
		if (f && f->type == MJ_F_ENUM && v && mj_enum_code(f, v))
			v = mj_enum_code(f, v);
		mj_buf_printf(&sql, "%s %s %s", np ? " AND" : " WHERE", key, v ? "= ?" : "IS NULL");
		if (v)
			params[np++] = v;
	}
	mj_buf_puts(&sql, " ORDER BY id");
	if (limit > 0) {
		mj_buf_printf(&sql, " LIMIT %lld OFFSET %lld", limit, offset > 0 ? offset : 0);
	}
	rc = mj_store_exec(s, sql.ptr, np, params, rows_cb, &ctx);
cleanup:
	mj_buf_free(&sql);
	if (rc)
		json_decref(ctx.arr);
	else
		*rows = ctx.arr;
	return rc;
}

int mj_entity_row_json(mj_store *s, const struct mj_entity *e, long long id, char **out)
{
	json_t *row;
	*out = NULL;
	int rc = mj_entity_get(s, e, id, &row);
	if (rc)
		return rc;
	*out = json_dumps(row, JSON_COMPACT);
	json_decref(row);
	return 0;
}

/* ---- scope and permission facts -------------------------------------- */

static long long jint(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return 0;
}

static int team_of_meeting(mj_store *s, long long meeting_id, long long *team)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", meeting_id);
	const char *p[] = {num};
	return mj_store_int(s, team, "SELECT team_id FROM meeting WHERE id = ?", 1, p);
}

int mj_store_team_of(mj_store *s, const struct mj_entity *e, json_t *row, long long *team_id)
{
	*team_id = 0;
	char num[24];
	const char *p[] = {num};
	switch (e->scope) {
	case MJ_SCOPE_GLOBAL: case MJ_SCOPE_NOTICE:
		return 0;
	case MJ_SCOPE_TEAM:
		*team_id = strcmp(e->name, "team") == 0 ? jint(row, "id") : jint(row, "team_id");
		return 0;
	case MJ_SCOPE_MEETING:
		return team_of_meeting(s, jint(row, "meeting_id"), team_id);
	case MJ_SCOPE_PARENT:
		if (mj_entity_field(e, "material_id")) {
			snprintf(num, sizeof num, "%lld", jint(row, "material_id"));
			return mj_store_int(s, team_id, "SELECT m.team_id FROM material x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?", 1, p);
		}
		snprintf(num, sizeof num, "%lld", jint(row, "item_id"));
		return mj_store_int(s, team_id, "SELECT m.team_id FROM item x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?", 1, p);
	}
	return 0;
}

/* 1 when org `inner` is `outer` or lies below it in the org tree. */
static int org_within(mj_store *s, long long inner, long long outer)
{
	for (int depth = 0; inner && depth < 32; depth++) {
		if (inner == outer)
			return 1;
		char num[24];
		snprintf(num, sizeof num, "%lld", inner);
		const char *p[] = {num};
		if (mj_store_int(s, &inner, "SELECT parent_id FROM org WHERE id = ?", 1, p))
			return 0;
	}
	return 0;
}

static int is_self(const mj_actor *a, const struct mj_entity *e, json_t *row)
{
	long long me = a->person_id;
	if (!me || !row)
		return 0;
	if (strcmp(e->name, "talk") == 0)
		return jint(row, "a_id") == me || jint(row, "b_id") == me;
	if (strcmp(e->name, "material") == 0)
		return jint(row, "person_id") == me;
	if (strcmp(e->name, "item") == 0)
		return jint(row, "owner_id") == me || jint(row, "leader_id") == me;
	return 0;
}

unsigned mj_store_facts(mj_store *s, const mj_actor *a, long long team_id,
			const struct mj_entity *e, json_t *row)
{
	unsigned f = 0;
	char num[24], me[24];
	if (strcmp(a->role, "operator") == 0)
		f |= MJ_PF_OPERATOR;
	if (strcmp(a->role, "admin") == 0)
		f |= MJ_PF_ADMIN;
	if (e && is_self(a, e, row))
		f |= MJ_PF_SELF;
	if (e && mj_entity_field(e, "material_id") && row) {
		long long owner = 0;
		snprintf(num, sizeof num, "%lld", jint(row, "material_id"));
		const char *p[] = {num};
		if (!mj_store_int(s, &owner, "SELECT person_id FROM material WHERE id = ?", 1, p) &&
		    owner == a->person_id && owner)
			f |= MJ_PF_SELF;
	}
	if (e && strcmp(e->name, "item_note") == 0 && row) {
		long long owner = 0, leader = 0;
		snprintf(num, sizeof num, "%lld", jint(row, "item_id"));
		const char *p[] = {num};
		mj_store_int(s, &owner, "SELECT owner_id FROM item WHERE id = ?", 1, p);
		mj_store_int(s, &leader, "SELECT leader_id FROM item WHERE id = ?", 1, p);
		if (a->person_id && (owner == a->person_id || leader == a->person_id))
			f |= MJ_PF_SELF;
	}
	if (strcmp(a->role, "organizer") == 0 && a->org_id) {
		long long sup = 0;
		if (team_id) {
			snprintf(num, sizeof num, "%lld", team_id);
			const char *p[] = {num};
			mj_store_int(s, &sup, "SELECT superior_org_id FROM team WHERE id = ?", 1, p);
		} else if (e && strcmp(e->name, "team") == 0 && row) {
			sup = jint(row, "superior_org_id");
		} else if (e && strcmp(e->name, "notice") == 0 && row) {
			sup = jint(row, "org_id");
		} else if (e && strcmp(e->name, "area") == 0 && row) {
			snprintf(num, sizeof num, "%lld", jint(row, "notice_id"));
			const char *p[] = {num};
			mj_store_int(s, &sup, "SELECT org_id FROM notice WHERE id = ?", 1, p);
		} else if (e && e->scope == MJ_SCOPE_GLOBAL) {
			sup = a->org_id; /* organizers maintain the org tree and people */
		}
		if (sup && org_within(s, sup, a->org_id))
			f |= MJ_PF_ORGANIZER;
	}
	if (team_id && a->person_id) {
		long long v = 0;
		snprintf(num, sizeof num, "%lld", team_id);
		snprintf(me, sizeof me, "%lld", a->person_id);
		const char *p[] = {num, me};
		if (!mj_store_int(s, &v, "SELECT count(*) FROM team WHERE id = ? AND secretary_id = ?", 2, p) && v)
			f |= MJ_PF_SECRETARY;
		if (!mj_store_int(s, &v, "SELECT count(*) FROM team WHERE id = ? AND head_id = ?", 2, p) && v)
			f |= MJ_PF_HEAD | MJ_PF_MEMBER;
		if (!mj_store_int(s, &v, "SELECT count(*) FROM member WHERE team_id = ? AND person_id = ?", 2, p) && v)
			f |= MJ_PF_MEMBER;
	}
	return f;
}

int mj_store_actor(mj_store *s, const char *as, mj_actor *out)
{
	memset(out, 0, sizeof *out);
	if (!as || !*as) {
		snprintf(out->name, sizeof out->name, "命令行操作员");
		snprintf(out->role, sizeof out->role, "operator");
		return 0;
	}
	const struct mj_entity *pe = mj_entity_find("person");
	json_t *rows = NULL, *filters = json_object();
	int all_digits = *as != 0;
	for (const char *c = as; *c; c++)
		if (*c < '0' || *c > '9')
			all_digits = 0;
	json_object_set_new(filters, all_digits ? "id" : "name", json_string(as));
	int rc = mj_entity_list(s, pe, filters, 3, 0, &rows);
	json_decref(filters);
	if (!rc && json_array_size(rows) == 0) {
		filters = json_object();
		json_object_set_new(filters, "login", json_string(as));
		json_decref(rows);
		rc = mj_entity_list(s, pe, filters, 3, 0, &rows);
		json_decref(filters);
	}
	if (rc)
		return rc;
	if (json_array_size(rows) != 1) {
		rc = json_array_size(rows) == 0
			     ? mj_error_set(MJ_ENOTFOUND, "找不到人员“%s”（--as 可用姓名、登录名或编号）", as)
			     : mj_error_set(MJ_EINVAL, "有多位人员名为“%s”，请用编号指定", as);
		json_decref(rows);
		return rc;
	}
	json_t *r = json_array_get(rows, 0);
	out->person_id = jint(r, "id");
	out->org_id = jint(r, "org_id");
	snprintf(out->name, sizeof out->name, "%s", json_string_value(json_object_get(r, "name")));
	snprintf(out->role, sizeof out->role, "%s", json_string_value(json_object_get(r, "role")));
	json_decref(rows);
	return 0;
}

/* ---- writes ------------------------------------------------------------ */

static int check_ref(mj_store *s, const struct mj_entity *e, const struct mj_field *f, const char *v)
{
	const struct mj_entity *target = mj_entity_find(f->ref);
	mj_buf sql = MJ_BUF_INIT;
	long long n = 0;
	const char *p[] = {v};
	mj_buf_printf(&sql, "SELECT count(*) FROM %s WHERE id = ?", f->ref);
	int rc = mj_store_int(s, &n, sql.ptr, 1, p);
	mj_buf_free(&sql);
	if (!rc && !n)
		rc = mj_error_set(MJ_ENOTFOUND, "%s的“%s”引用的%s编号 %s 不存在", e->label, f->label,
				  target ? target->label : f->ref, v);
	return rc;
}

int mj_model_check_row(const struct mj_entity *e, json_t *row);

int mj_entity_version(mj_store *s, const struct mj_entity *e, long long id, long long *version)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", id);
	const char *p[] = {e->name, num};
	return mj_store_int(s, version, "SELECT max(seq) FROM audit_log WHERE entity = ? AND entity_id = ?", 2, p);
}

/* The optimistic check of an update: values[MJ_VERSION_KEY], when present,
 * must equal the row's current version. */
static int check_version(mj_store *s, const struct mj_entity *e, long long id, json_t *values)
{
	json_t *want = json_object_get(values, MJ_VERSION_KEY);
	if (!want)
		return 0;
	const char *v = json_string_value(want);
	char *end = NULL;
	long long expect = v ? strtoll(v, &end, 10) : -1;
	if (!v || !*v || *end || expect < 0)
		return mj_error_set(MJ_EINVAL, "期望的版本号“%.40s”无效，应为非负整数", v ? v : "");
	if (!id)
		return mj_error_set(MJ_EINVAL, "新建%s不能指定版本号", e->label);
	long long have = 0;
	int rc = mj_entity_version(s, e, id, &have);
	if (rc)
		return rc;
	if (have != expect)
		return mj_error_set(MJ_ECONFLICT, "记录已被他人修改，请刷新后重试（%s编号 %lld 当前版本 %lld，修改基于版本 %lld）",
				    e->label, id, have, expect);
	return 0;
}

int mj_entity_write(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id,
		    json_t *values, unsigned opts, long long *id_out)
{
	json_t *old = NULL, *merged = NULL;
	mj_buf sql = MJ_BUF_INIT;
	const char *params[64];
	size_t lens[64];
	unsigned blob_mask = 0;
	const char *names[64];
	int np = 0, rc = 0;
	const char *key;
	json_t *val;
	long long new_id = 0;
	char idbuf[24];

	if (id_out)
		*id_out = 0;
	if ((rc = mj_store_begin(s)))
		return rc;
	if (id && (rc = mj_entity_get(s, e, id, &old)))
		goto cleanup;
	if ((rc = check_version(s, e, id, values)))
		goto cleanup;
	merged = old ? json_deep_copy(old) : json_object();
	json_object_foreach(values, key, val) {
		if (strcmp(key, MJ_VERSION_KEY) == 0)
			continue;
		const struct mj_field *f = mj_entity_field(e, key);
		const char *v = json_string_value(val);
		size_t vlen = v ? json_string_length(val) : 0;
		if (strcmp(key, "id") == 0 && (opts & MJ_W_KEEPID) && !id) {
			if (!v || strtoll(v, NULL, 10) <= 0) {
				rc = mj_error_set(MJ_EINVAL, "%s编号无效", e->label);
				goto cleanup;
			}
			names[np] = "id";
			lens[np] = vlen;
			params[np++] = v;
			json_object_set_new(merged, "id", json_integer(strtoll(v, NULL, 10)));
			continue;
		}
		if (!f) {
			rc = mj_error_set(MJ_EINVAL, "%s没有字段“%s”", e->label, key);
			goto cleanup;
		}
		if (!(opts & MJ_W_INTERNAL) && ((f->flags & MJ_FF_INTERNAL) || (id && (f->flags & MJ_FF_RO)))) {
			rc = mj_error_set(MJ_EINVAL, "%s的“%s”不能直接%s", e->label, f->label, id ? "修改" : "设置");
			goto cleanup;
		}
		if (!json_is_null(val) && !v) {
			rc = mj_error_set(MJ_EINVAL, "%s的“%s”应为文本", e->label, f->label);
			goto cleanup;
		}
		const char *canon = v;
		if (v && f->type == MJ_F_BLOB) {
			if (!(opts & MJ_W_INTERNAL)) {
				rc = mj_error_set(MJ_EINVAL, "%s的“%s”不能直接设置", e->label, f->label);
				goto cleanup;
			}
			blob_mask |= 1u << np;
		} else if (v && (rc = mj_field_validate(e, f, v, &canon)))
			goto cleanup;
		if (!v && (f->flags & MJ_FF_REQ)) {
			rc = mj_error_set(MJ_EINVAL, "%s的“%s”不能为空", e->label, f->label);
			goto cleanup;
		}
		if (v && f->type == MJ_F_REF && !(opts & MJ_W_NOREF) && (rc = check_ref(s, e, f, canon)))
			goto cleanup;
		if (np >= 60) {
			rc = mj_error_set(MJ_EINVAL, "字段过多");
			goto cleanup;
		}
		names[np] = f->name;
		lens[np] = canon == v ? vlen : strlen(canon);
		params[np++] = canon;
		if (f->type == MJ_F_BLOB)
			json_object_set_new(merged, f->name, json_string("(blob)"));
		else
			json_object_set_new(merged, f->name, field_value(f, canon, lens[np - 1]));
	}
	if (!id) {
		for (const struct mj_field *f = e->fields; f->name; f++) {
			json_t *v = json_object_get(merged, f->name);
			if ((f->flags & MJ_FF_REQ) && (!v || json_is_null(v))) {
				char opt[64];
				size_t i = 0;
				for (const char *c = f->name; *c && i < sizeof opt - 1; c++)
					opt[i++] = *c == '_' ? '-' : *c;
				opt[i] = 0;
				rc = mj_error_set(MJ_EINVAL, "新建%s缺少必填项“%s”（--%s）", e->label, f->label, opt);
				goto cleanup;
			}
		}
	}
	if ((rc = mj_model_check_row(e, merged)))
		goto cleanup;
	if (!(opts & MJ_W_NOPERM)) {
		long long team = 0;
		if ((rc = mj_store_team_of(s, e, merged, &team)))
			goto cleanup;
		unsigned facts = mj_store_facts(s, a, team, e, merged);
		if ((rc = mj_perm_check(e, id ? MJ_ACT_UPDATE : MJ_ACT_CREATE, facts)))
			goto cleanup;
	}
	if (!id) {
		mj_buf_printf(&sql, "INSERT INTO %s ", e->name);
		for (int i = 0; i < np; i++)
			mj_buf_printf(&sql, "%s%s", i ? ", " : "(", names[i]);
		for (int i = 0; i < np; i++)
			mj_buf_puts(&sql, i ? ", ?" : ") VALUES (?");
		mj_buf_puts(&sql, np ? ") RETURNING id" : "DEFAULT VALUES RETURNING id");
		rc = mj_store_exec_blob(s, sql.ptr, np, params, lens, blob_mask, int_cb, &new_id);
	} else {
		new_id = id;
		if (np > 0) {
			mj_buf_printf(&sql, "UPDATE %s SET ", e->name);
			for (int i = 0; i < np; i++)
				mj_buf_printf(&sql, "%s%s = ?", i ? ", " : "", names[i]);
			mj_buf_puts(&sql, " WHERE id = ?");
			snprintf(idbuf, sizeof idbuf, "%lld", id);
			lens[np] = strlen(idbuf);
			params[np++] = idbuf;
			rc = mj_store_exec_blob(s, sql.ptr, np, params, lens, blob_mask, NULL, NULL);
		}
	}
	if (rc)
		goto cleanup;
	char *content = NULL;
	if ((rc = mj_entity_row_json(s, e, new_id, &content)))
		goto cleanup;
	rc = mj_audit_append(s, a, e->name, new_id, id ? "update" : ((opts & MJ_W_KEEPID) ? "import" : "create"), content);
	free(content);
cleanup:
	mj_buf_free(&sql);
	json_decref(old);
	json_decref(merged);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	if ((rc = mj_store_commit(s)))
		return rc;
	if (id_out)
		*id_out = new_id;
	return 0;
}

int mj_entity_delete(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id)
{
	json_t *old = NULL;
	mj_buf sql = MJ_BUF_INIT;
	char num[24];
	const char *p[] = {num};
	long long team = 0;
	int rc;
	snprintf(num, sizeof num, "%lld", id);
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, e, id, &old)))
		goto cleanup;
	if ((rc = mj_store_team_of(s, e, old, &team)))
		goto cleanup;
	if ((rc = mj_perm_check(e, MJ_ACT_DELETE, mj_store_facts(s, a, team, e, old))))
		goto cleanup;
	mj_buf_printf(&sql, "DELETE FROM %s WHERE id = ?", e->name);
	if ((rc = mj_store_exec(s, sql.ptr, 1, p, NULL, NULL)))
		goto cleanup;
	rc = mj_audit_append(s, a, e->name, id, "delete", NULL);
cleanup:
	mj_buf_free(&sql);
	json_decref(old);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

/* ---- ad-hoc queries for store modules ---------------------------------- */

static int anyrows_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		      const size_t *lens)
{
	json_t *obj = json_object();
	for (int i = 0; i < n; i++) {
		json_t *v;
		if (!vals[i])
			v = json_null();
		else {
			/* integers come back as JSON integers, everything else as text */
			const char *c = vals[i];
			int digits = lens[i] > 0 && lens[i] < 18;
			for (size_t k = 0; k < lens[i] && digits; k++)
				if (!((c[k] >= '0' && c[k] <= '9') || (k == 0 && c[k] == '-' && lens[i] > 1)))
					digits = 0;
			if (digits && !(lens[i] > 1 && c[0] == '0'))
				v = json_integer(strtoll(c, NULL, 10));
			else
				v = json_stringn(c, lens[i]);
		}
		json_object_set_new(obj, names[i], v ? v : json_null());
	}
	json_array_append_new(ctx, obj);
	return 0;
}

int mj_store_rows(mj_store *s, json_t **rows, const char *sql, int nparams, const char *const *params)
{
	json_t *arr = json_array();
	int rc = mj_store_exec(s, sql, nparams, params, anyrows_cb, arr);
	if (rc) {
		json_decref(arr);
		*rows = NULL;
		return rc;
	}
	*rows = arr;
	return 0;
}
