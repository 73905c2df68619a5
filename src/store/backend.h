/*
 * The backend table: what a database engine must provide to the store. One
 * versioned table of function pointers per engine (SQLite in store_sqlite.c,
 * PostgreSQL in store_pg.c). SQL given to a backend is portable: `?` placeholders
 * (a backend rewrites them as it needs), text parameters, INSERT ... RETURNING.
 * Only backend files include a database client header.
 */
#ifndef MJ_STORE_BACKEND_H
#define MJ_STORE_BACKEND_H
#include <stddef.h>

/* Row callback: vals[i] NULL for SQL NULL; lens[i] is the byte length.
 * Return non-zero to stop (that value is returned by exec). */
typedef int (*mj_row_fn)(void *ctx, int ncol, const char *const *names,
			 const char *const *vals, const size_t *lens);

/* 2: sync_ids added. 3: read_begin / read_end / data_version added. */
#define MJ_BACKEND_VERSION 3

/* A data version is a few counters, compared as a whole. */
#define MJ_DATA_VERSION_N 3

struct mj_backend {
	int version;
	const char *name;
	/* Runs one statement. params[i] NULL binds NULL; lens NULL: strlen(params[i]),
	 * else lens[i] (and the value binds as a blob when blob_mask has bit i). */
	int (*exec)(void *conn, const char *sql, int nparams, const char *const *params,
		    const size_t *lens, unsigned blob_mask, mj_row_fn fn, void *ctx);
	int (*exec_script)(void *conn, const char *sql); /* several statements, no params */
	int (*begin)(void *conn);
	int (*commit)(void *conn);
	int (*rollback)(void *conn);
	void (*close)(void *conn);
	/* Defers foreign-key checks to the end of the current transaction. */
	int (*defer_constraints)(void *conn);
	/* After rows were inserted with explicit ids: makes the next generated
	 * value of table.column follow the largest one present (no-op on SQLite). */
	int (*sync_ids)(void *conn, const char *table, const char *column);
	/* Online, consistent copy of the whole database into dest (a new file),
	 * calling progress(ctx, done, total) as it goes; and the reverse. */
	int (*backup)(void *conn, const char *dest, void (*progress)(void *ctx, int done, int total), void *ctx);
	int (*restore)(void *conn, const char *src);
	/* Optional (NULL: reads simply run one by one). A read-only snapshot
	 * over several statements, ended by read_end; a write, begin or rollback
	 * inside it ends it first (so a write never runs in a stale snapshot). */
	int (*read_begin)(void *conn);
	void (*read_end)(void *conn);
	/* Optional (NULL: unknown, nothing may be cached). A number that differs
	 * whenever the data this connection reads may differ: a commit by any
	 * other connection or process, or a change made on this one (equal
	 * arrays: same data). Inside a read snapshot it is that snapshot's. */
	int (*data_version)(void *conn, unsigned long long out[MJ_DATA_VERSION_N]);
};

int mj_sqlite_open(const struct mj_backend **be, void **conn, const char *path);
/* url: postgresql://... or postgres://... (any libpq connection string). */
int mj_pg_open(const struct mj_backend **be, void **conn, const char *url);

#endif
