/*
 * The SQLite backend: WAL journal, foreign keys on, a busy timeout, and one
 * statement at a time bound (all values as text or blob, so column affinity
 * decides storage) and stepped. The only file that includes sqlite3.h.
 *
 * Prepared statements are kept per connection in a small cache keyed by the
 * SQL text (most statements are fixed strings run again and again, e.g. the
 * session lookup on every web request): a cached statement is reset and its
 * bindings cleared after each use, so it holds no read snapshot and points to
 * no caller memory between uses. SQLite re-prepares a cached statement by
 * itself when the schema changes. A statement already running (the same SQL
 * run again from inside a row callback) gets a fresh, uncached one.
 *
 * Threads: a connection is opened in SQLite's multi-thread mode (no mutex per
 * call): a connection, like an mj_store, must be used by one thread at a time
 * (the web server hands each worker its own; see src/web/routes.c).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "util/err.h"
#include "util/mem.h"

#define MAX_COLS 64
#define CACHE_SLOTS 64
#define CACHE_MAX_SQL 4096 /* longer (generated) SQL is prepared each time */

struct cached {
	char *sql;
	size_t len;
	unsigned long hash;
	sqlite3_stmt *st;
};

struct lite {
	sqlite3 *db;
	struct cached cache[CACHE_SLOTS];
	int next; /* the slot to reuse when the cache is full (round robin) */
	int reading; /* inside read_begin's deferred transaction */
	unsigned long long scripts; /* scripts run and restores (schema changes) */
};

static unsigned long sql_hash(const char *s, size_t *len)
{
	unsigned long h = 1469598103934665603ul;
	const char *c = s;
	for (; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ul;
	*len = (size_t)(c - s);
	return h;
}

static void cache_flush(struct lite *l)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		sqlite3_finalize(l->cache[i].st);
		free(l->cache[i].sql);
		memset(&l->cache[i], 0, sizeof l->cache[i]);
	}
	l->next = 0;
}

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
		return mj_error_set(MJ_EBUSY, "数据库正忙，请稍后重试");
	return mj_error_set(MJ_EDB, "数据库错误（%s）：%s", what, sqlite3_errmsg(db));
}

/* The statement for sql: from the cache (*cached 1) or freshly prepared
 * (*cached 0: the caller finalizes it). NULL on a prepare error. */
static sqlite3_stmt *stmt_get(struct lite *l, const char *sql, int *cached)
{
	size_t len;
	unsigned long h = sql_hash(sql, &len);
	sqlite3_stmt *st = NULL;
	int free_slot = -1;
	*cached = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct cached *c = &l->cache[i];
		if (!c->st) {
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (c->hash == h && c->len == len && memcmp(c->sql, sql, len) == 0) {
			if (sqlite3_stmt_busy(c->st))
				break; /* running further up the stack: use a fresh one */
			*cached = 1;
			return c->st;
		}
	}
	if (len > CACHE_MAX_SQL) {
		if (sqlite3_prepare_v2(l->db, sql, (int)len + 1, &st, NULL) != SQLITE_OK)
			return NULL;
		return st;
	}
	if (sqlite3_prepare_v3(l->db, sql, (int)len + 1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	int slot = free_slot;
	if (slot < 0) {
		/* evict a statement that is not running (one running up the stack
		 * must stay alive) */
		for (int k = 0; k < CACHE_SLOTS && slot < 0; k++) {
			int i = (l->next + k) % CACHE_SLOTS;
			if (!sqlite3_stmt_busy(l->cache[i].st))
				slot = i;
		}
		if (slot < 0)
			return st;
		l->next = (slot + 1) % CACHE_SLOTS;
		sqlite3_finalize(l->cache[slot].st);
		free(l->cache[slot].sql);
	}
	struct cached *c = &l->cache[slot];
	c->sql = mj_malloc(len + 1);
	memcpy(c->sql, sql, len + 1);
	c->len = len;
	c->hash = h;
	c->st = st;
	*cached = 1;
	return st;
}

static void read_end(struct lite *l);

static int lite_exec(void *conn, const char *sql, int nparams, const char *const *params,
		     const size_t *lens, unsigned blob_mask, mj_row_fn fn, void *ctx)
{
	struct lite *l = conn;
	sqlite3 *db = l->db;
	int rc = 0, cached = 0;
	sqlite3_stmt *st = stmt_get(l, sql, &cached);
	if (!st)
		return db_error(db, "prepare");
	if (l->reading && !sqlite3_stmt_readonly(st))
		read_end(l); /* a write never runs inside the read snapshot */
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
	if (cached) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else
		sqlite3_finalize(st);
	return rc;
}

static int db_script(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int e = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (e != SQLITE_OK) {
		/* BEGIN IMMEDIATE that waited out the busy timeout: busy, not broken */
		int rc = (e & 0xff) == SQLITE_BUSY || (e & 0xff) == SQLITE_LOCKED
				 ? mj_error_set(MJ_EBUSY, "数据库正忙，请稍后重试")
				 : mj_error_set(MJ_EDB, "数据库脚本执行失败：%s", msg ? msg : "");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static int lite_script(void *conn, const char *sql) { return db_script(((struct lite *)conn)->db, sql); }
/* The read snapshot: a deferred transaction that only ever reads. */
static void read_end(struct lite *l)
{
	if (!l->reading)
		return;
	l->reading = 0;
	/* never leave a transaction open on a pooled connection */
	if (!sqlite3_get_autocommit(l->db) && lite_exec(l, "COMMIT", 0, NULL, NULL, 0, NULL, NULL)) {
		mj_error_clear();
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	}
}
static void lite_read_end(void *conn) { read_end(conn); }
static int lite_read_begin(void *conn)
{
	struct lite *l = conn;
	if (l->reading || !sqlite3_get_autocommit(l->db))
		return 0;
	int rc = lite_exec(l, "BEGIN", 0, NULL, NULL, 0, NULL, NULL);
	if (!rc)
		l->reading = 1;
	return rc;
}

static int lite_begin(void *conn)
{
	read_end(conn);
	return db_script(((struct lite *)conn)->db, "BEGIN IMMEDIATE");
}
static int lite_commit(void *conn) { return db_script(((struct lite *)conn)->db, "COMMIT"); }
static int lite_rollback(void *conn)
{
	struct lite *l = conn;
	if (l->reading) {
		read_end(l);
		return 0;
	}
	if (sqlite3_get_autocommit(l->db))
		return 0;
	return db_script(l->db, "ROLLBACK");
}

static int version_cb(void *ctx, int n, const char *const *names, const char *const *vals, const size_t *lens)
{
	(void)names; (void)lens;
	*(unsigned long long *)ctx = n > 0 && vals[0] ? strtoull(vals[0], NULL, 10) : 0;
	return 0;
}

/* PRAGMA data_version changes with every commit of another connection (of
 * any process) seen by this one; this connection's own changes and scripts
 * are counted apart. */
static int lite_data_version(void *conn, unsigned long long out[MJ_DATA_VERSION_N])
{
	struct lite *l = conn;
	unsigned long long dv = 0;
	int rc = lite_exec(l, "PRAGMA data_version", 0, NULL, NULL, 0, version_cb, &dv);
	if (rc)
		return rc;
	unsigned long long own = (unsigned long long)sqlite3_total_changes64(l->db);
	out[0] = dv;
	out[1] = own;
	out[2] = l->scripts;
	return 0;
}
static void lite_close(void *conn)
{
	struct lite *l = conn;
	cache_flush(l);
	sqlite3_close_v2(l->db);
	free(l);
}
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
	rc = copy_db(((struct lite *)conn)->db, out, progress, ctx);
	if (!rc)
		rc = db_script(out, "PRAGMA journal_mode=DELETE");
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
	/* the copy replaces the schema: statements prepared for the old one go */
	read_end(conn);
	cache_flush(conn);
	((struct lite *)conn)->scripts++;
	rc = copy_db(in, ((struct lite *)conn)->db, NULL, NULL);
	sqlite3_close_v2(in);
	return rc;
}

static const struct mj_backend sqlite_backend = {
	MJ_BACKEND_VERSION, "sqlite", lite_exec, lite_script,
	lite_begin, lite_commit, lite_rollback, lite_close, lite_defer, lite_sync_ids,
	lite_backup, lite_restore, lite_read_begin, lite_read_end, lite_data_version,
};

/* Before SQLite's first use: no global memory statistics (they take a global
 * mutex on every allocation of every connection). */
static void lite_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int mj_sqlite_open(const struct mj_backend **be, void **conn, const char *path)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	sqlite3 *db = NULL;
	pthread_once(&once, lite_init);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		int rc = mj_error_set(MJ_EDB, "无法打开数据库 %s：%s", path,
				      db ? sqlite3_errmsg(db) : "内存不足");
		sqlite3_close_v2(db);
		return rc;
	}
	sqlite3_busy_timeout(db, 5000);
	int rc = db_script(db, "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
	if (rc) {
		sqlite3_close_v2(db);
		return mj_error_set(MJ_EDB, "%s 不是可用的 mingjing 数据库：%s", path, mj_error_msg());
	}
	struct lite *l = mj_calloc(1, sizeof *l);
	l->db = db;
	*be = &sqlite_backend;
	*conn = l;
	return 0;
}
