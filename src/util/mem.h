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
/* A block for a big array about to be filled: asked for on transparent huge
 * pages where the system gives them on request (only advice; an ordinary
 * block otherwise, and below 4 MB). On the development VM the first touch of
 * fresh memory costs 4-5 ms per MB with 4 KB pages, a page fault each, and a
 * tenth of that with 2 MB pages. Freed with free. */
void *mj_malloc_huge(size_t n);
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
