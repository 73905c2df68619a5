/*
 * The storage interface. Every caller above this layer (cli, web) talks to the
 * database only through these functions; the SQLite and PostgreSQL backends
 * (store_sqlite.c, store_pg.c) are the only files that include their client
 * headers. Filled in by the foundation work.
 */
#ifndef MJ_STORE_H
#define MJ_STORE_H

typedef struct mj_store mj_store;

/* Opens (creating and migrating when needed) the database at path. */
int mj_store_open(mj_store **out, const char *path);
void mj_store_close(mj_store *s);

#endif
