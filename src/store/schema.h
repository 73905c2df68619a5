/* Versioned migrations (see schema.c). */
#ifndef MJ_STORE_SCHEMA_H
#define MJ_STORE_SCHEMA_H
extern const char *const mj_migrations[]; /* NULL-terminated; [i] goes to version i+1 */
#endif
