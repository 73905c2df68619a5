/* Versioned migrations (see schema.c). */
#ifndef MJ_STORE_SCHEMA_H
#define MJ_STORE_SCHEMA_H
extern const char *const mj_migrations[]; /* NULL-terminated; [i] goes to version i+1 */
/* Triggers of the review corpus's stamp (migration 9), per engine; NULL-terminated. */
#define MJ_MIGRATION_REVIEW_STAMP 9
extern const char *const mj_review_stamp_sqlite[];
extern const char *const mj_review_stamp_pg[];
/* The part of a migration written in one engine's dialect (triggers), run
 * right after the portable script mj_migrations[i] on engine ("sqlite" or
 * "postgresql"); NULL when it has none. */
const char *mj_migration_engine(const char *migration, const char *engine);
#endif
