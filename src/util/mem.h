/*
 * Memory: allocation failure aborts (mingjing is an application, not a library),
 * so callers never check for NULL. Every buffer that grows from input has its own
 * cap (see buf.h), so bad input yields MJ_ETOOBIG, never an out-of-memory abort.
 */
#ifndef MJ_MEM_H
#define MJ_MEM_H
#include <stddef.h>

void *mj_malloc(size_t n);
void *mj_calloc(size_t count, size_t size);
void *mj_realloc(void *p, size_t n);
char *mj_strdup(const char *s);
char *mj_strndup(const char *s, size_t n);

/*
 * Arena: many small allocations freed at once (per request, per parse).
 * mj_arena_alloc returns zeroed, 16-byte-aligned memory owned by the arena.
 */
typedef struct mj_arena_block mj_arena_block;
typedef struct {
	mj_arena_block *head;
	size_t used_total;
} mj_arena;

void mj_arena_init(mj_arena *a);
void *mj_arena_alloc(mj_arena *a, size_t n);
char *mj_arena_strndup(mj_arena *a, const char *s, size_t n);
void mj_arena_free(mj_arena *a);

#endif
