/*
 * The review index as a mapped file (core/review_index.h, mj_index_write_file
 * / mj_index_map): a mapped index answers every lookup exactly as the index
 * it was written from; truncated, damaged or other-version files are refused
 * or found out when used, and are never read out of bounds (run under ASan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/review_index.h"
#include "util/buf.h"
#include "util/err.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/mj_map_XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static uint64_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

/* Text of about n characters from 40 ideographs, with one of 8 stock
 * sentences (shared between authors) every few sentences. */
static void gen(mj_buf *b, uint64_t *s, size_t n)
{
	static const char *stock[] = {"理论学习的系统性还不够强", "调查研究不够深入", "联系服务群众不够紧密",
				      "抓落实的韧劲不足", "统筹推进的能力还有短板", "文风会风还需改进",
				      "勤俭节约的意识有所淡化", "批评和自我批评不够经常"};
	size_t c = 0;
	while (c < n) {
		if (rnd(s) % 4 == 0) {
			mj_buf_puts(b, stock[rnd(s) % 8]);
			c += 10;
		}
		for (int i = 0; i < 12; i++) {
			uint32_t cp = 0x4E00 + (uint32_t)(rnd(s) % 40) * 37;
			char u[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)), (char)(0x80 | (cp & 0x3F)), 0};
			mj_buf_puts(b, u);
		}
		mj_buf_puts(b, "。");
		c += 13;
	}
}

static mj_index *build(mj_winnow_params p, int ndocs, size_t chars, uint64_t seed)
{
	mj_index_builder *b;
	mj_index *ix;
	uint64_t s = seed;
	assert_int_equal(mj_index_builder_new(&b, &p), 0);
	for (int i = 0; i < ndocs; i++) {
		mj_buf t = MJ_BUF_INIT;
		char name[32], author[32];
		gen(&t, &s, chars);
		snprintf(name, sizeof name, "文档%d", i);
		snprintf(author, sizeof author, "a%d", i % (ndocs / 2 + 1));
		assert_int_equal(mj_index_builder_add(b, NULL, name, author, t.ptr, t.len), 0);
		mj_buf_free(&t);
	}
	assert_int_equal(mj_index_builder_finish(&ix, b), 0);
	return ix;
}

/* 1 when every lookup, bucket and document of b answers as a's. */
static int same_answers(const mj_index *a, const mj_index *b)
{
	if (mj_index_ndocs(a) != mj_index_ndocs(b) || mj_index_nauthors(a) != mj_index_nauthors(b) ||
	    mj_index_npostings(a) != mj_index_npostings(b) || mj_index_params(a).k != mj_index_params(b).k ||
	    mj_index_params(a).w != mj_index_params(b).w)
		return 0;
	size_t cur = 0, n;
	uint32_t h, au;
	const uint64_t *pa, *pb;
	while ((n = mj_index_next_group(a, &cur, &h, &pa, &au))) {
		uint32_t bu;
		if (mj_index_lookup(b, h, &pb, &bu) != n || bu != au || memcmp(pa, pb, n * 8) != 0)
			return 0;
	}
	for (uint32_t k = 0; k < MJ_INDEX_NBUCKETS; k += 97)
		if (mj_index_bucket(a, k, &pa) != (n = mj_index_bucket(b, k, &pb)) || memcmp(pa, pb, n * 8) != 0)
			return 0;
	for (uint32_t d = 0; d < mj_index_ndocs(a); d++) {
		mj_index_doc x, y;
		if (mj_index_doc_get(a, d, &x) || mj_index_doc_get(b, d, &y) || strcmp(x.name, y.name) ||
		    strcmp(x.author, y.author) || x.nchars != y.nchars || x.nfps != y.nfps || x.author_id != y.author_id)
			return 0;
	}
	return !mj_index_corrupt(b);
}

static void path_of(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

static void map_roundtrip(void **state)
{
	(void)state;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	mj_index *ix = build(p, 40, 2000, 1), *m;
	char path[128], stamp[MJ_INDEX_STAMP_MAX];
	int64_t extra[40 * 2];
	for (int i = 0; i < 80; i++)
		extra[i] = 1000 + i;
	path_of(path, sizeof path, "a.idx");
	assert_int_equal(mj_index_write_file(ix, path, "token:default:x", extra, sizeof extra), 0);
	const void *e;
	size_t elen;
	assert_int_equal(mj_index_map(&m, path, stamp, &e, &elen), 0);
	assert_string_equal(stamp, "token:default:x");
	assert_int_equal(elen, sizeof extra);
	assert_int_equal((uintptr_t)e % 8, 0);
	assert_memory_equal(e, extra, sizeof extra);
	assert_true(same_answers(ix, m));
	assert_int_equal(mj_index_verify(m), 0);
	/* an unknown document, as in memory */
	mj_index_doc d;
	assert_int_equal(mj_index_doc_get(m, 40, &d), MJ_ENOTFOUND);
	mj_index_free(m);
	/* no file; a stamp too long; a directory that does not exist */
	path_of(path, sizeof path, "none.idx");
	assert_int_equal(mj_index_map(&m, path, stamp, NULL, NULL), MJ_ENOTFOUND);
	char longst[MJ_INDEX_STAMP_MAX + 10];
	memset(longst, 'x', sizeof longst - 1);
	longst[sizeof longst - 1] = 0;
	assert_int_equal(mj_index_write_file(ix, path, longst, NULL, 0), MJ_EINVAL);
	path_of(path, sizeof path, "no/such/dir/a.idx");
	assert_int_equal(mj_index_write_file(ix, path, "s", NULL, 0), MJ_EIO);
	mj_index_free(ix);
}

/* Enough postings for the lookup directory past the 65,536 buckets (every
 * 2-gram a fingerprint), which the file holds as its own section. */
static void map_directory(void **state)
{
	(void)state;
	mj_winnow_params p = {2, 1};
	mj_index *ix = build(p, 60, 20000, 2), *m;
	assert_true(mj_index_npostings(ix) > (17u << 16));
	char path[128], stamp[MJ_INDEX_STAMP_MAX];
	path_of(path, sizeof path, "dir.idx");
	assert_int_equal(mj_index_write_file(ix, path, "s", NULL, 0), 0);
	assert_int_equal(mj_index_map(&m, path, stamp, NULL, NULL), 0);
	assert_true(same_answers(ix, m));
	mj_index_free(m);
	mj_index_free(ix);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = malloc(*len);
	assert_int_equal(fread(d, 1, *len, f), *len);
	fclose(f);
	return d;
}

static void spit(const char *path, const void *d, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	fclose(f);
}

/* Every truncation is refused when mapped. */
static void map_truncated(void **state)
{
	(void)state;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	mj_index *ix = build(p, 12, 1500, 3), *m;
	char path[128], bad[128], stamp[MJ_INDEX_STAMP_MAX];
	path_of(path, sizeof path, "t.idx");
	path_of(bad, sizeof bad, "t-bad.idx");
	assert_int_equal(mj_index_write_file(ix, path, "s", "12345678", 8), 0);
	size_t len;
	unsigned char *d = slurp(path, &len);
	for (size_t cut = 0; cut < len; cut += cut < 600 ? 1 : (len / 300) | 1) {
		spit(bad, d, cut);
		assert_int_equal(mj_index_map(&m, bad, stamp, NULL, NULL), MJ_EFORMAT);
	}
	spit(bad, d, len - 1);
	assert_int_equal(mj_index_map(&m, bad, stamp, NULL, NULL), MJ_EFORMAT);
	/* one byte too many is not this file either */
	unsigned char *more = calloc(1, len + 1);
	memcpy(more, d, len);
	spit(bad, more, len + 1);
	assert_int_equal(mj_index_map(&m, bad, stamp, NULL, NULL), MJ_EFORMAT);
	free(more);
	free(d);
	mj_index_free(ix);
}

/* Another format version (its header otherwise valid) is refused. */
static void map_other_version(void **state)
{
	(void)state;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	mj_index *ix = build(p, 6, 1000, 4), *m;
	char path[128], stamp[MJ_INDEX_STAMP_MAX];
	path_of(path, sizeof path, "v.idx");
	assert_int_equal(mj_index_write_file(ix, path, "s", NULL, 0), 0);
	size_t len;
	unsigned char *d = slurp(path, &len);
	assert_memory_equal(d, "MJIXMAP", 8);
	uint32_t v = 2;
	memcpy(d + 8, &v, 4);
	/* the header's checksum (the 8 bytes after magic .. stamp .. meta sum) made right again */
	uint64_t hs = XXH64(d, 176, 0);
	memcpy(d + 176, &hs, 8);
	spit(path, d, len);
	assert_int_equal(mj_index_map(&m, path, stamp, NULL, NULL), MJ_EFORMAT);
	free(d);
	mj_index_free(ix);
}

/* A byte changed anywhere: refused when mapped, or found while used
 * (mj_index_corrupt / mj_index_verify), or harmless (padding): the mapped
 * index then answers exactly as the original. Never out of bounds. */
static void map_damaged(void **state)
{
	(void)state;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	mj_index *ix = build(p, 16, 1500, 5), *m;
	char path[128], bad[128], stamp[MJ_INDEX_STAMP_MAX];
	path_of(path, sizeof path, "d.idx");
	path_of(bad, sizeof bad, "d-bad.idx");
	assert_int_equal(mj_index_write_file(ix, path, "s", "abcdefgh", 8), 0);
	size_t len;
	unsigned char *d = slurp(path, &len);
	int refused = 0, found = 0, harmless = 0;
	for (size_t at = 0; at < len; at += at < 512 ? 1 : (len / 400) | 1) {
		d[at] ^= 0x5A;
		spit(bad, d, len);
		d[at] ^= 0x5A;
		if (mj_index_map(&m, bad, stamp, NULL, NULL)) {
			refused++;
			continue;
		}
		if (same_answers(ix, m)) {
			assert_int_equal(mj_index_verify(m), 0);
			harmless++;
		} else {
			/* wrong answers only ever come with the damage noticed */
			assert_true(mj_index_corrupt(m) || mj_index_verify(m) == MJ_EFORMAT);
			found++;
		}
		mj_index_free(m);
	}
	print_message("# damaged bytes: %d refused when mapped, %d found when used, %d harmless\n", refused, found,
		      harmless);
	assert_true(refused > 0 && found > 0);
	free(d);
	mj_index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_roundtrip),   cmocka_unit_test(map_directory),
		cmocka_unit_test(map_truncated),   cmocka_unit_test(map_other_version),
		cmocka_unit_test(map_damaged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
