/*
 * The SQLite backend: WAL journal, foreign keys on, a busy timeout, and one
 * statement at a time prepared, bound (all values as text or blob, so column
 * affinity decides storage), stepped and finalized. The only file that
 * includes sqlite3.h.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "util/err.h"
#include "util/mem.h"

#define MAX_COLS 64

static int db_error(sqlite3 *db, const char *what)
{
	int ext = sqlite3_extended_errcode(db);
	if ((ext & 0xff) == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return mj_error_set(MJ_ENOTFOUND, "违反引用约束：引用的记录不存在，或该记录仍被其他记录引用");
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return mj_error_set(MJ_EEXISTS, "记录已存在（%s）", sqlite3_errmsg(db));
		return mj_error_set(MJ_ECONFLICT, "违反数据约束：%s", sqlite3_errmsg(db));
	}
	if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
		return mj_error_set(MJ_ECONFLICT, "数据库正忙，请稍后重试");
	return mj_error_set(MJ_EDB, "数据库错误（%s）：%s", what, sqlite3_errmsg(db));
}

static int lite_exec(void *conn, const char *sql, int nparams, const char *const *params,
		     const size_t *lens, unsigned blob_mask, mj_row_fn fn, void *ctx)
{
	sqlite3 *db = conn;
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "prepare");
	for (int i = 0; i < nparams; i++) {
		int r;
		if (!params[i])
			r = sqlite3_bind_null(st, i + 1);
		else if (i < 32 && (blob_mask >> i) & 1)
			r = sqlite3_bind_blob64(st, i + 1, params[i], lens ? lens[i] : strlen(params[i]),
						SQLITE_STATIC);
		else
			r = sqlite3_bind_text64(st, i + 1, params[i], lens ? lens[i] : strlen(params[i]),
						SQLITE_STATIC, SQLITE_UTF8);
		if (r != SQLITE_OK) {
			rc = db_error(db, "bind");
			goto cleanup;
		}
	}
	for (;;) {
		int s = sqlite3_step(st);
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			rc = db_error(db, "step");
			goto cleanup;
		}
		if (!fn)
			continue;
		int n = sqlite3_column_count(st);
		if (n > MAX_COLS)
			n = MAX_COLS;
		const char *names[MAX_COLS], *vals[MAX_COLS];
		size_t vl[MAX_COLS];
		for (int i = 0; i < n; i++) {
			names[i] = sqlite3_column_name(st, i);
			if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
				vals[i] = sqlite3_column_blob(st, i);
				if (!vals[i])
					vals[i] = "";
			} else
				vals[i] = (const char *)sqlite3_column_text(st, i);
			vl[i] = (size_t)sqlite3_column_bytes(st, i);
		}
		rc = fn(ctx, n, names, vals, vl);
		if (rc)
			goto cleanup;
	}
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int lite_script(void *conn, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = mj_error_set(MJ_EDB, "数据库脚本执行失败：%s", msg ? msg : "");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static int lite_begin(void *conn) { return lite_script(conn, "BEGIN IMMEDIATE"); }
static int lite_commit(void *conn) { return lite_script(conn, "COMMIT"); }
static int lite_rollback(void *conn)
{
	if (sqlite3_get_autocommit(conn))
		return 0;
	return lite_script(conn, "ROLLBACK");
}
static void lite_close(void *conn) { sqlite3_close_v2(conn); }
static int lite_defer(void *conn) { return lite_script(conn, "PRAGMA defer_foreign_keys = ON"); }
/* INTEGER PRIMARY KEY already continues after the largest id. */
static int lite_sync_ids(void *conn, const char *table, const char *column) { return 0; }

/* Copies between the live database and a file with the online backup API: the
 * copy is a consistent snapshot even while other connections write. */
static int copy_db(sqlite3 *from, sqlite3 *to, void (*progress)(void *, int, int), void *ctx)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return mj_error_set(MJ_EDB, "无法开始备份：%s", sqlite3_errmsg(to));
	int rc;
	do {
		rc = sqlite3_backup_step(b, 512);
		if (progress)
			progress(ctx, sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b), sqlite3_backup_pagecount(b));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return mj_error_set(MJ_EDB, "备份失败：%s", sqlite3_errstr(rc));
	return 0;
}

static int lite_backup(void *conn, const char *dest, void (*progress)(void *, int, int), void *ctx)
{
	sqlite3 *out = NULL;
	int rc;
	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = mj_error_set(MJ_EIO, "无法创建备份文件 %s：%s", dest, out ? sqlite3_errmsg(out) : "");
		sqlite3_close_v2(out);
		return rc;
	}
	rc = copy_db(conn, out, progress, ctx);
	if (!rc)
		rc = lite_script(out, "PRAGMA journal_mode=DELETE");
	sqlite3_close_v2(out);
	return rc;
}

static int lite_restore(void *conn, const char *src)
{
	sqlite3 *in = NULL;
	int rc;
	if (sqlite3_open_v2(src, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = mj_error_set(MJ_EIO, "无法打开备份文件 %s：%s", src, in ? sqlite3_errmsg(in) : "");
		sqlite3_close_v2(in);
		return rc;
	}
	char *msg = NULL;
	if (sqlite3_exec(in, "SELECT count(*) FROM audit_log", NULL, NULL, &msg) != SQLITE_OK) {
		rc = mj_error_set(MJ_EFORMAT, "%s 不是 mingjing 的备份文件：%s", src, msg ? msg : "");
		sqlite3_free(msg);
		sqlite3_close_v2(in);
		return rc;
	}
	rc = copy_db(in, conn, NULL, NULL);
	sqlite3_close_v2(in);
	return rc;
}

static const struct mj_backend sqlite_backend = {
	MJ_BACKEND_VERSION, "sqlite", lite_exec, lite_script,
	lite_begin, lite_commit, lite_rollback, lite_close, lite_defer, lite_sync_ids,
	lite_backup, lite_restore,
};

int mj_sqlite_open(const struct mj_backend **be, void **conn, const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK) {
		int rc = mj_error_set(MJ_EDB, "无法打开数据库 %s：%s", path,
				      db ? sqlite3_errmsg(db) : "内存不足");
		sqlite3_close_v2(db);
		return rc;
	}
	sqlite3_busy_timeout(db, 5000);
	int rc = lite_script(db, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
	if (rc) {
		sqlite3_close_v2(db);
		return mj_error_set(MJ_EDB, "%s 不是可用的 mingjing 数据库：%s", path, mj_error_msg());
	}
	*be = &sqlite_backend;
	*conn = db;
	return 0;
}
