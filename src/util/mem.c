/*
 * Aborting allocators and a simple block arena.
 */
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void oom(size_t n)
{
	fprintf(stderr, "mingjing: 内存不足 (out of memory allocating %zu bytes)\n", n);
	abort();
}

void *mj_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

#define HUGE_PAGE ((size_t)2 << 20)

void *mj_malloc_huge(size_t n)
{
#ifdef MADV_HUGEPAGE
	void *p = NULL;
	if (n >= 2 * HUGE_PAGE && posix_memalign(&p, HUGE_PAGE, n) == 0) {
		(void)madvise(p, n & ~(size_t)4095, MADV_HUGEPAGE);
		return p;
	}
#endif
	return mj_malloc(n);
}

void *mj_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *mj_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *mj_strdup(const char *s)
{
	return mj_strndup(s, strlen(s));
}

char *mj_strndup(const char *s, size_t n)
{
	char *p = mj_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

struct mj_arena_block {
	mj_arena_block *next;
	size_t cap, used;
	_Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK 65536

void mj_arena_init(mj_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void *mj_arena_alloc(mj_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	mj_arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = mj_malloc(sizeof *b + cap);
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

char *mj_arena_strndup(mj_arena *a, const char *s, size_t n)
{
	char *p = mj_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void mj_arena_free(mj_arena *a)
{
	mj_arena_block *b = a->head;
	while (b) {
		mj_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}
