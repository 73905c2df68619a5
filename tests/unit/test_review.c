/*
 * Unit and accuracy tests for the review engine (src/core/norm, winnow,
 * review_index, review_match). The corpus is generated from a fixed PRNG seed
 * with a made-up vocabulary of ideographs, with planted copies of known length
 * and position, light paraphrases and a stock sentence shared by many authors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/norm.h"
#include "core/review_index.h"
#include "core/review_match.h"
#include "core/winnow.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/utf8.h"

/* ---- generator ---- */
typedef struct {
	uint64_t s;
} rng;

static uint64_t rnd(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A vocabulary of 4000 "words" of 1..4 ideographs drawn from U+4E00..U+9FA5. */
#define NWORDS 4000
typedef struct {
	uint32_t w[NWORDS][4];
	uint8_t len[NWORDS];
} vocab;

static void vocab_init(vocab *v, uint64_t seed)
{
	rng r = {seed};
	for (int i = 0; i < NWORDS; i++) {
		v->len[i] = (uint8_t)(1 + rnd(&r) % 4);
		for (int k = 0; k < v->len[i]; k++)
			v->w[i][k] = 0x4E00 + (uint32_t)(rnd(&r) % (0x9FA5 - 0x4E00));
	}
}

static void put_cp(mj_buf *b, uint32_t cp)
{
	char tmp[4];
	size_t n = mj_utf8_encode(cp, tmp);
	mj_buf_put(b, tmp, n);
}

/* Appends about nchars characters of prose: words, commas, full stops, paragraphs. */
static void gen_text(mj_buf *b, const vocab *v, rng *r, size_t nchars)
{
	size_t made = 0;
	while (made < nchars) {
		int wi = (int)(rnd(r) % NWORDS);
		for (int k = 0; k < v->len[wi]; k++)
			put_cp(b, v->w[wi][k]);
		made += v->len[wi];
		uint64_t p = rnd(r) % 100;
		if (p < 6)
			mj_buf_puts(b, "，");
		else if (p < 9)
			mj_buf_puts(b, "。");
		else if (p < 10)
			mj_buf_puts(b, "。\n\n");
	}
}

/* ---- corpus held in memory ---- */
typedef struct {
	char **text;
	size_t *len;
	size_t n;
} corpus;

static int corpus_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	corpus *c = ctx;
	if (doc >= c->n)
		return MJ_ENOTFOUND;
	*text = c->text[doc];
	*len = c->len[doc];
	return 0;
}

static void corpus_add(corpus *c, mj_buf *b)
{
	c->text = realloc(c->text, (c->n + 1) * sizeof *c->text);
	c->len = realloc(c->len, (c->n + 1) * sizeof *c->len);
	c->len[c->n] = b->len;
	c->text[c->n] = mj_buf_detach(b);
	if (!c->text[c->n])
		c->text[c->n] = calloc(1, 1);
	c->n++;
}

static void corpus_free(corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->text[i]);
	free(c->text);
	free(c->len);
	memset(c, 0, sizeof *c);
}

static mj_index *corpus_index(const corpus *c, mj_winnow_params p, int same_author)
{
	mj_index_builder *b;
	assert_int_equal(mj_index_builder_new(&b, &p), 0);
	for (size_t i = 0; i < c->n; i++) {
		char name[32], author[32];
		snprintf(name, sizeof name, "doc%zu", i);
		snprintf(author, sizeof author, "author%zu", same_author ? (size_t)0 : i);
		assert_int_equal(mj_index_builder_add(b, NULL, name, author, c->text[i], c->len[i]), 0);
	}
	mj_index *ix;
	assert_int_equal(mj_index_builder_finish(&ix, b), 0);
	return ix;
}

/* The threaded builder (mj_index_builder_add_many, finish on threads) gives
 * the same index, byte for byte, as adding the documents one by one. */
static void index_threads_equal(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 11);
	rng r = {17};
	corpus c = {0};
	for (int i = 0; i < 150; i++) { /* several batches of fingerprinting */
		mj_buf b = MJ_BUF_INIT;
		if (i == 40)
			mj_buf_puts(&b, "bad \xff\xfe utf-8 \xe4\xb8 and more text");
		else if (i != 41) /* 41: empty */
			gen_text(&b, v, &r, 200 + (size_t)(i * 37) % 2500);
		corpus_add(&c, &b);
	}
	const char *names[150], *authors[150];
	char nbuf[150][16], abuf[150][16];
	for (int i = 0; i < 150; i++) {
		snprintf(nbuf[i], sizeof nbuf[i], "doc%d", i);
		snprintf(abuf[i], sizeof abuf[i], "author%d", i % 7 == 0 ? 0 : i); /* shared keys */
		names[i] = nbuf[i];
		authors[i] = i == 5 ? NULL : abuf[i];
	}
	mj_winnow_params ps[] = {MJ_WINNOW_STRICT, MJ_WINNOW_DEFAULT};
	for (int pi = 0; pi < 2; pi++) {
		mj_index_builder *b;
		assert_int_equal(mj_index_builder_new(&b, &ps[pi]), 0);
		for (int i = 0; i < 150; i++)
			assert_int_equal(mj_index_builder_add(b, NULL, names[i], authors[i], c.text[i], c.len[i]), 0);
		mj_index *ref;
		assert_int_equal(mj_index_builder_finish(&ref, b), 0);
		mj_buf want = MJ_BUF_INIT;
		assert_int_equal(mj_index_serialize(ref, &want), 0);
		mj_index_free(ref);
		for (unsigned nth = 1; nth <= 3; nth++) {
			assert_int_equal(mj_index_builder_new(&b, &ps[pi]), 0);
			/* room reserved before any posting, and too little (3 threads:
			 * the arrays grow past it as usual) */
			if (nth == 3)
				mj_index_builder_reserve(b, 300);
			/* the first two one by one, the rest at once: ids continue */
			for (int i = 0; i < 2; i++)
				assert_int_equal(mj_index_builder_add(b, NULL, names[i], authors[i], c.text[i], c.len[i]), 0);
			/* room reserved with postings in place (2 threads: a block big
			 * enough for huge pages, the postings so far copied into it) */
			if (nth == 2)
				mj_index_builder_reserve(b, 1000000);
			assert_int_equal(mj_index_builder_add_many(b, 148, names + 2, authors + 2,
								   (const char *const *)c.text + 2, c.len + 2,
								   nth, NULL, NULL), 0);
			mj_index *ix;
			assert_int_equal(mj_index_builder_finish_threads(&ix, b, nth), 0);
			mj_buf got = MJ_BUF_INIT;
			assert_int_equal(mj_index_serialize(ix, &got), 0);
			assert_int_equal(got.len, want.len);
			assert_memory_equal(got.ptr, want.ptr, want.len);
			mj_buf_free(&got);
			mj_index_free(ix);
		}
		/* a corpus of empty texts: no postings at all */
		const char *empty[3] = {"", "", ""};
		size_t zero[3] = {0, 0, 0};
		assert_int_equal(mj_index_builder_new(&b, &ps[pi]), 0);
		assert_int_equal(mj_index_builder_add_many(b, 3, names, authors, empty, zero, 2, NULL, NULL), 0);
		assert_int_equal(mj_index_builder_finish_threads(&ref, b, 2), 0);
		assert_int_equal(mj_index_ndocs(ref), 3);
		assert_int_equal(mj_index_npostings(ref), 0);
		mj_index_free(ref);
		assert_int_equal(mj_index_builder_new(&b, &ps[pi]), 0);
		assert_int_equal(mj_index_builder_add_many(b, 1, names, authors, (const char *const *)c.text,
							   c.len, 0, NULL, NULL), MJ_EINVAL);
		assert_int_equal(mj_index_builder_finish_threads(&ref, b, 65), MJ_EINVAL);
		mj_buf_free(&want);
	}
	corpus_free(&c);
	free(v);
}

/* ---- normalization ---- */
static void norm_basic(void **state)
{
	(void)state;
	const char *s = "Ａｂｃ，１２３　中文。\nX y";
	mj_norm_text t = {0};
	assert_int_equal(mj_norm_text_build(&t, s, strlen(s)), 0);
	uint32_t want[] = {'a', 'b', 'c', '1', '2', '3', 0x4E2D, 0x6587, 'x', 'y'};
	assert_int_equal(t.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(t.cp[i], want[i]);
	/* offsets map back to the source characters */
	assert_int_equal(t.off[0], 0);
	assert_int_equal(t.off[3], 12);  /* after "Ａｂｃ，" */
	assert_int_equal(t.off[6], 24);  /* 中 after "１２３　" */
	assert_int_equal(t.off[8], strlen("Ａｂｃ，１２３　中文。\n"));
	size_t bs, be;
	mj_norm_byte_range(&t, 6, 8, &bs, &be);
	assert_int_equal(bs, 24);
	assert_int_equal(be, 30);
	assert_int_equal(mj_norm_index_at(&t, 24), 6);
	assert_int_equal(mj_norm_index_at(&t, 25), 7);
	size_t line, col;
	mj_norm_line_col(s, strlen(s), t.off[9], &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	mj_norm_line_col(s, strlen(s), t.off[6], &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 9);
	/* NFKC expansions share their source character */
	const char *e = "㈠ﬁ";
	assert_int_equal(mj_norm_text_build(&t, e, strlen(e)), 0);
	assert_int_equal(t.n, 3); /* 一 f i */
	assert_int_equal(t.cp[0], 0x4E00);
	assert_int_equal(t.cp[1], 'f');
	assert_int_equal(t.off[1], 3);
	assert_int_equal(t.off[2], 3);
	assert_int_equal(t.srclen[2], 3);
	mj_norm_text_free(&t);
}

/* The fast path gives the same answer as utf8proc for every character it handles. */
static void norm_fast_path_matches_utf8proc(void **state)
{
	(void)state;
	for (uint32_t cp = 1; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		int fast = cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) ||
			   (cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0x2000 && cp <= 0x206F) ||
			   (cp >= 0x3000 && cp <= 0x303F);
		if (!fast || utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CN)
			continue;
		unsigned char in[4];
		size_t n = mj_utf8_encode(cp, (char *)in), pos = 0;
		uint32_t a[MJ_NORM_MAX_EXPAND];
		size_t na = mj_norm_step(in, n, &pos, a);
		assert_int_equal(pos, n);
		/* reference: utf8proc NFKC + casefold, keep letters/marks/digits */
		utf8proc_uint8_t *ref = NULL;
		utf8proc_ssize_t rl = utf8proc_map(in, (utf8proc_ssize_t)n, &ref,
						   UTF8PROC_STABLE | UTF8PROC_COMPOSE |
							   UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
		assert_true(rl >= 0);
		uint32_t b[MJ_NORM_MAX_EXPAND];
		size_t nb = 0;
		int prev = 0;
		for (utf8proc_ssize_t i = 0; i < rl;) {
			utf8proc_int32_t c;
			int first = i == 0;
			i += utf8proc_iterate(ref + i, rl - i, &c);
			utf8proc_category_t k = utf8proc_category(c);
			int mark = k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC ||
				   k == UTF8PROC_CATEGORY_ME;
			if (mark && !first && !prev)
				continue;
			prev = 0;
			if (k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL ||
			    k == UTF8PROC_CATEGORY_LT || k == UTF8PROC_CATEGORY_LM ||
			    k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_MN ||
			    k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME ||
			    k == UTF8PROC_CATEGORY_ND || k == UTF8PROC_CATEGORY_NL ||
			    k == UTF8PROC_CATEGORY_NO || k == UTF8PROC_CATEGORY_CO) {
				b[nb++] = (uint32_t)c;
				prev = 1;
			}
		}
		free(ref);
		if (na != nb || memcmp(a, b, na * 4) != 0)
			fail_msg("U+%04X: fast path %zu chars, utf8proc %zu", cp, na, nb);
	}
}

static void norm_invalid_utf8(void **state)
{
	(void)state;
	const char s[] = "\xff\xfe\xe4\xb8\xad\xe4\xb8" "a\xc0\xaf";
	mj_norm_text t = {0};
	assert_int_equal(mj_norm_text_build(&t, s, sizeof s - 1), 0);
	/* FFFD FFFD 中 FFFD(truncated E4 B8 -> two bytes) a FFFD FFFD */
	assert_int_equal(t.cp[0], 0xFFFD);
	assert_int_equal(t.cp[1], 0xFFFD);
	assert_int_equal(t.cp[2], 0x4E2D);
	assert_int_equal(t.off[2], 2);
	assert_int_equal(t.cp[t.n - 3], 'a');
	assert_int_equal(t.replaced, t.n - 2);
	assert_int_equal(mj_norm_text_build(&t, "", 0), 0);
	assert_int_equal(t.n, 0);
	mj_norm_text_free(&t);
}

/* ---- winnowing ---- */
static void winnow_fused_equals_two_pass(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 7);
	rng r = {11};
	mj_buf b = MJ_BUF_INIT;
	gen_text(&b, v, &r, 5000);
	mj_buf_puts(&b, "ＡＢＣ abc ﬁ ㈠ \xff x");
	mj_norm_text t = {0};
	mj_fps f1 = {0}, f2 = {0};
	mj_winnow_params ps[] = {MJ_WINNOW_STRICT, MJ_WINNOW_DEFAULT, {1, 1}, {3, 64}};
	for (size_t i = 0; i < 4; i++) {
		size_t nc = 0;
		assert_int_equal(mj_norm_text_build(&t, b.ptr, b.len), 0);
		assert_int_equal(mj_winnow_cps(&f1, &ps[i], t.cp, t.n), 0);
		assert_int_equal(mj_winnow_text(&f2, &nc, &ps[i], b.ptr, b.len), 0);
		assert_int_equal(nc, t.n);
		assert_int_equal(f1.n, f2.n);
		assert_memory_equal(f1.v, f2.v, f1.n * sizeof *f1.v);
		/* density near 2 / (w + 1); every window holds a fingerprint */
		for (size_t k = 1; k < f1.n; k++) {
			assert_true(f1.v[k].pos > f1.v[k - 1].pos);
			assert_true(f1.v[k].pos - f1.v[k - 1].pos <= ps[i].w);
			assert_int_equal(f1.v[k].hash, mj_winnow_hash(t.cp + f1.v[k].pos, ps[i].k));
		}
	}
	mj_winnow_params bad = {0, 5};
	assert_int_equal(mj_winnow_cps(&f1, &bad, t.cp, t.n), MJ_EINVAL);
	mj_fps_free(&f1);
	mj_fps_free(&f2);
	mj_norm_text_free(&t);
	mj_buf_free(&b);
	free(v);
}

/*
 * Winnowing written out the slow way: the hash of every k-gram on its own, the
 * rightmost minimum of every window by a scan, a fingerprint whenever the
 * selected position changes; a text with fewer than w k-grams (but at least
 * one) gets its single window. Returns the count written to out.
 */
static size_t winnow_reference(const uint32_t *cp, size_t n, mj_winnow_params p, mj_fp *out)
{
	if (n < p.k)
		return 0;
	size_t nk = n - p.k + 1, nout = 0, last = SIZE_MAX;
	uint32_t *h = malloc(nk * sizeof *h);
	for (size_t i = 0; i < nk; i++)
		h[i] = mj_winnow_hash(cp + i, p.k);
	size_t nwin = nk >= p.w ? nk - p.w + 1 : 1, span = nk >= p.w ? p.w : nk;
	for (size_t s = 0; s < nwin; s++) {
		size_t best = s;
		for (size_t i = s; i < s + span; i++)
			if (h[i] <= h[best])
				best = i;
		if (best != last) {
			out[nout++] = (mj_fp){h[best], (uint32_t)best};
			last = best;
		}
	}
	free(h);
	return nout;
}

/* Both entry points select exactly what the definition selects, over texts
 * crossing the internal blocks, with many equal hashes (a 3-letter alphabet
 * and long repeats), for extreme parameters too. */
static void winnow_matches_reference(void **state)
{
	(void)state;
	rng r = {2026};
	enum { MAXN = 6000 };
	uint32_t *cp = malloc(MAXN * sizeof *cp);
	mj_fp *want = malloc(MAXN * sizeof *want);
	mj_fps got = {0}, got_text = {0};
	mj_buf b = MJ_BUF_INIT;
	mj_winnow_params ps[] = {MJ_WINNOW_STRICT, MJ_WINNOW_DEFAULT, {1, 1}, {1, 64}, {32, 1},
				 {32, 64}, {2, 2}, {7, 33}, {4, 32}};
	const size_t lens[] = {0, 1, 4, 5, 12, 13, 25, 26, 27, 100, 2047, 2048, 2049, 4113, MAXN};
	for (size_t pi = 0; pi < sizeof ps / sizeof *ps; pi++) {
		for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
			size_t n = lens[li];
			int kind = (int)(rnd(&r) % 3);
			for (size_t i = 0; i < n; i++) {
				if (kind == 0)
					cp[i] = 0x4E00 + (uint32_t)(rnd(&r) % 20000);
				else if (kind == 1)
					cp[i] = "abc"[rnd(&r) % 3];
				else
					cp[i] = i % 97 < 60 ? 0x7684 : 0x4E00 + (uint32_t)(i % 5);
			}
			size_t nw = winnow_reference(cp, n, ps[pi], want);
			assert_int_equal(mj_winnow_cps(&got, &ps[pi], cp, n), 0);
			assert_int_equal(got.n, nw);
			if (nw)
				assert_memory_equal(got.v, want, nw * sizeof *want);
			/* the same characters as UTF-8 with punctuation and spaces between */
			mj_buf_reset(&b);
			for (size_t i = 0; i < n; i++) {
				put_cp(&b, cp[i]);
				if (rnd(&r) % 8 == 0)
					mj_buf_puts(&b, rnd(&r) % 2 ? "，" : " \n");
			}
			size_t nc = 0;
			assert_int_equal(mj_winnow_text(&got_text, &nc, &ps[pi], b.ptr ? b.ptr : "", b.len), 0);
			assert_int_equal(nc, n);
			assert_int_equal(got_text.n, nw);
			if (nw)
				assert_memory_equal(got_text.v, want, nw * sizeof *want);
		}
	}
	mj_buf_free(&b);
	mj_fps_free(&got);
	mj_fps_free(&got_text);
	free(want);
	free(cp);
}

/* The fused pass's decoding table agrees with the normalizer for every BMP
 * code point: with k = w = 1 every character is its own fingerprint. */
static void winnow_every_bmp_char(void **state)
{
	(void)state;
	mj_buf b = MJ_BUF_INIT;
	for (uint32_t c = 1; c < 0x10000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		put_cp(&b, c);
		put_cp(&b, 0x4E00 + c % 64); /* and a kept neighbour */
	}
	mj_norm_text t = {0};
	mj_fps f1 = {0}, f2 = {0};
	mj_winnow_params p = {1, 1};
	size_t nc = 0;
	assert_int_equal(mj_norm_text_build(&t, b.ptr, b.len), 0);
	assert_int_equal(mj_winnow_cps(&f1, &p, t.cp, t.n), 0);
	assert_int_equal(mj_winnow_text(&f2, &nc, &p, b.ptr, b.len), 0);
	assert_int_equal(nc, t.n);
	assert_int_equal(f1.n, t.n);
	assert_int_equal(f2.n, f1.n);
	assert_memory_equal(f1.v, f2.v, f1.n * sizeof *f1.v);
	mj_fps_free(&f1);
	mj_fps_free(&f2);
	mj_norm_text_free(&t);
	mj_buf_free(&b);
}

/* Any shared run of 13 gives a shared fingerprint in strict mode. */
static void winnow_guarantee_13(void **state)
{
	(void)state;
	rng r = {99};
	mj_fps fa = {0}, fb = {0};
	mj_winnow_params p = MJ_WINNOW_STRICT;
	assert_int_equal(p.w + p.k - 1, 13);
	for (int trial = 0; trial < 2000; trial++) {
		uint32_t a[60], b[60];
		for (int i = 0; i < 60; i++) {
			a[i] = 0x4E00 + (uint32_t)(rnd(&r) % 20000);
			b[i] = 0x4E00 + (uint32_t)(rnd(&r) % 20000);
		}
		int pa = (int)(rnd(&r) % 47), pb = (int)(rnd(&r) % 47);
		memcpy(b + pb, a + pa, 13 * sizeof *a);
		mj_winnow_cps(&fa, &p, a, 60);
		mj_winnow_cps(&fb, &p, b, 60);
		int found = 0;
		for (size_t i = 0; i < fa.n && !found; i++)
			for (size_t j = 0; j < fb.n && !found; j++)
				found = fa.v[i].hash == fb.v[j].hash &&
					fa.v[i].pos >= (uint32_t)pa && fa.v[i].pos + 5 <= (uint32_t)pa + 13;
		assert_true(found);
	}
	mj_fps_free(&fa);
	mj_fps_free(&fb);
}

/* ---- index ---- */
static void index_roundtrip(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 3);
	rng r = {5};
	corpus c = {0};
	for (int i = 0; i < 20; i++) {
		mj_buf b = MJ_BUF_INIT;
		gen_text(&b, v, &r, 3000);
		corpus_add(&c, &b);
	}
	mj_index *ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	assert_int_equal(mj_index_ndocs(ix), 20);
	assert_int_equal(mj_index_nauthors(ix), 20);
	mj_buf blob = MJ_BUF_INIT;
	assert_int_equal(mj_index_serialize(ix, &blob), 0);
	mj_index *iy;
	assert_int_equal(mj_index_load(&iy, blob.ptr, blob.len), 0);
	assert_int_equal(mj_index_npostings(ix), mj_index_npostings(iy));
	/* every fingerprint of doc 7 is found at its position */
	mj_fps f = {0};
	mj_winnow_params p = MJ_WINNOW_STRICT;
	mj_winnow_text(&f, NULL, &p, c.text[7], c.len[7]);
	for (size_t i = 0; i < f.n; i++) {
		const uint64_t *post;
		size_t n = mj_index_lookup(iy, f.v[i].hash, &post, NULL);
		int hit = 0;
		for (size_t k = 0; k < n; k++)
			hit |= mj_posting_doc(post[k]) == 7 && mj_posting_pos(post[k]) == f.v[i].pos;
		assert_true(hit);
	}
	mj_index_doc d;
	assert_int_equal(mj_index_doc_get(iy, 7, &d), 0);
	assert_string_equal(d.name, "doc7");
	assert_string_equal(d.author, "author7");
	assert_int_equal(mj_index_doc_get(iy, 20, &d), MJ_ENOTFOUND);
	/* corrupt blobs are refused, never crash */
	mj_index_free(ix);
	assert_int_equal(mj_index_load(&ix, blob.ptr, 10), MJ_EFORMAT);
	mj_index *iz;
	char *bad = malloc(blob.len);
	memcpy(bad, blob.ptr, blob.len);
	bad[4 + 36 + 4 * 65537 + 5] ^= 0x7F; /* a posting's doc id */
	int rc = mj_index_load(&iz, bad, blob.len);
	if (rc == 0)
		mj_index_free(iz);
	assert_int_equal(mj_index_load(&iz, bad, blob.len - 1), MJ_EFORMAT);
	/* a blob of format 1 (fingerprints of the earlier hash) is refused, so
	 * the store rebuilds the index instead of matching stale fingerprints */
	memcpy(bad, blob.ptr, blob.len);
	assert_int_equal(bad[4], 2);
	bad[4] = 1;
	assert_int_equal(mj_index_load(&iz, bad, blob.len), MJ_EFORMAT);
	free(bad);
	mj_fps_free(&f);
	mj_buf_free(&blob);
	mj_index_free(iy);
	corpus_free(&c);
	free(v);
}

/* ---- accuracy ---- */
typedef struct {
	size_t q_start, len;  /* normalized, in the query */
	uint32_t doc;
	size_t s_start;
} planted;

/* Appends cps to b as UTF-8. */
static void put_cps(mj_buf *b, const uint32_t *cp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_cp(b, cp[i]);
}

/* A CJK character different from both x and y. */
static uint32_t other_than(uint32_t x, uint32_t y)
{
	uint32_t c = 0x4E00;
	while (c == x || c == y)
		c++;
	return c;
}

typedef struct {
	corpus c;
	mj_buf query;
	planted plant[8];
	size_t nplant;
	size_t tao_q_start, tao_len;
	size_t stock_q_start, stock_len;
	vocab *v;
} fixture;

#define NDOCS 60
#define TAO_DOCS 30

static size_t norm_len(const mj_buf *b)
{
	mj_norm_text t = {0};
	mj_norm_text_build(&t, b->ptr ? b->ptr : "", b->len);
	size_t n = t.n;
	mj_norm_text_free(&t);
	return n;
}

static void fixture_build(fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->v = malloc(sizeof *fx->v);
	vocab_init(fx->v, 2024);
	rng r = {42};
	/* the stock sentence many authors write */
	mj_buf tao = MJ_BUF_INIT;
	gen_text(&tao, fx->v, &r, 24);
	mj_norm_text taon = {0};
	mj_norm_text_build(&taon, tao.ptr, tao.len);
	for (int i = 0; i < NDOCS; i++) {
		mj_buf b = MJ_BUF_INIT;
		gen_text(&b, fx->v, &r, 1500);
		if (i < TAO_DOCS) {
			mj_buf_puts(&b, "。");
			put_cps(&b, taon.cp, taon.n);
			mj_buf_puts(&b, "。");
			gen_text(&b, fx->v, &r, 300);
		}
		corpus_add(&fx->c, &b);
	}
	/* the query: own prose with planted copies from docs 40..43 */
	mj_buf *q = &fx->query;
	gen_text(q, fx->v, &r, 400);
	size_t lens[] = {13, 20, 40, 100};
	mj_norm_text src = {0};
	for (int i = 0; i < 4; i++) {
		uint32_t doc = 40 + (uint32_t)i;
		mj_norm_text_build(&src, fx->c.text[doc], fx->c.len[doc]);
		size_t s = 100 + rnd(&r) % (src.n - 300);
		mj_buf_puts(q, "。");
		put_cp(q, other_than(src.cp[s - 1], 0));
		planted *p = &fx->plant[fx->nplant++];
		p->q_start = norm_len(q);
		p->len = lens[i];
		p->doc = doc;
		p->s_start = s;
		put_cps(q, src.cp + s, lens[i]);
		put_cp(q, other_than(src.cp[s + lens[i]], 0));
		mj_buf_puts(q, "，");
		gen_text(q, fx->v, &r, 300);
	}
	/* light paraphrase from doc 44: 41 chars with the 21st changed -> 20 + 20 */
	mj_norm_text_build(&src, fx->c.text[44], fx->c.len[44]);
	{
		size_t s = 200;
		mj_buf_puts(q, "。");
		put_cp(q, other_than(src.cp[s - 1], 0));
		size_t qs = norm_len(q);
		put_cps(q, src.cp + s, 20);
		put_cp(q, other_than(src.cp[s + 20], src.cp[s + 20]));
		put_cps(q, src.cp + s + 21, 20);
		put_cp(q, other_than(src.cp[s + 41], 0));
		fx->plant[fx->nplant++] = (planted){qs, 20, 44, s};
		fx->plant[fx->nplant++] = (planted){qs + 21, 20, 44, s + 21};
		mj_buf_puts(q, "。");
		gen_text(q, fx->v, &r, 300);
	}
	/* heavier paraphrase from doc 45: every 10th char changed -> nothing >= 13 */
	mj_norm_text_build(&src, fx->c.text[45], fx->c.len[45]);
	for (size_t k = 0; k < 60; k++) {
		uint32_t c = src.cp[300 + k];
		put_cp(q, k % 10 == 9 ? other_than(c, c) : c);
	}
	mj_buf_puts(q, "。");
	/* the stock sentence, and built-in formulations shared with doc 50 */
	fx->tao_q_start = norm_len(q);
	fx->tao_len = taon.n;
	put_cps(q, taon.cp, taon.n);
	mj_buf_puts(q, "。");
	gen_text(q, fx->v, &r, 200);
	const char *stock = "“四个意识”、“四个自信”、“两个维护”";
	fx->stock_q_start = norm_len(q);
	fx->stock_len = 12;
	mj_buf_puts(q, stock);
	gen_text(q, fx->v, &r, 200);
	{
		mj_buf b = MJ_BUF_INIT;
		mj_buf_put(&b, fx->c.text[50], fx->c.len[50]);
		mj_buf_puts(&b, "不断增强“四个意识”、坚定“四个自信”、做到“两个维护”");
		free(fx->c.text[50]);
		fx->c.len[50] = b.len;
		fx->c.text[50] = mj_buf_detach(&b);
	}
	mj_norm_text_free(&src);
	mj_norm_text_free(&taon);
	mj_buf_free(&tao);
}

static void fixture_free(fixture *fx)
{
	corpus_free(&fx->c);
	mj_buf_free(&fx->query);
	free(fx->v);
}

static const mj_passage *find_passage(const mj_match_result *res, const planted *p)
{
	for (size_t i = 0; i < res->npassages; i++) {
		const mj_passage *x = &res->passages[i];
		if (x->doc == p->doc && x->q_start == p->q_start && x->q_end == p->q_start + p->len &&
		    x->s_start == p->s_start && x->s_end == p->s_start + p->len)
			return x;
	}
	return NULL;
}

static void accuracy_strict(void **state)
{
	(void)state;
	fixture fx;
	fixture_build(&fx);
	mj_index *ix = corpus_index(&fx.c, MJ_WINNOW_STRICT, 0);
	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	o.tao = tl;
	mj_matcher *m;
	assert_int_equal(mj_matcher_new(&m, ix, &o), 0);
	mj_match_result res;
	assert_int_equal(mj_matcher_query(&res, m, fx.query.ptr, fx.query.len, corpus_text, &fx.c), 0);
	for (size_t i = 0; i < fx.nplant; i++) {
		const mj_passage *x = find_passage(&res, &fx.plant[i]);
		if (!x) {
			for (size_t k = 0; k < res.npassages; k++)
				print_message("got doc %u q[%u,%u) s[%u,%u)\n", res.passages[k].doc,
					      res.passages[k].q_start, res.passages[k].q_end,
					      res.passages[k].s_start, res.passages[k].s_end);
			fail_msg("planted copy %zu (%zu chars from doc %u) not found", i,
				 fx.plant[i].len, fx.plant[i].doc);
		}
		/* byte offsets point at the copied characters in both texts */
		mj_norm_text ta = {0}, tb = {0};
		mj_norm_text_build(&ta, fx.query.ptr + x->q_byte_start, x->q_byte_end - x->q_byte_start);
		mj_norm_text_build(&tb, fx.c.text[x->doc] + x->s_byte_start,
				   x->s_byte_end - x->s_byte_start);
		assert_int_equal(ta.n, fx.plant[i].len);
		assert_int_equal(tb.n, fx.plant[i].len);
		assert_memory_equal(ta.cp, tb.cp, ta.n * 4);
		mj_norm_text_free(&ta);
		mj_norm_text_free(&tb);
		assert_true(x->q_line >= 1 && x->q_col >= 1 && x->s_line >= 1);
	}
	/* nothing else: no paraphrase with short runs, no 套话 as copying */
	assert_int_equal(res.npassages, fx.nplant);
	for (size_t i = 0; i < res.npassages; i++) {
		assert_true(res.passages[i].q_end <= fx.tao_q_start ||
			    res.passages[i].q_start >= fx.tao_q_start + fx.tao_len);
		assert_true(res.passages[i].doc != 50);
	}
	/* 套话 marked: the shared stock sentence and the built-in formulations */
	for (size_t k = 0; k < fx.tao_len; k++)
		assert_int_equal(res.mask[fx.tao_q_start + k], 2);
	for (size_t k = 0; k < fx.stock_len; k++)
		assert_int_equal(res.mask[fx.stock_q_start + k], 2);
	assert_true(res.ntao >= 2);
	size_t copied = 13 + 20 + 40 + 100 + 40;
	assert_int_equal(res.copied_chars, copied);
	assert_true(res.copy_ratio > 0 && res.copy_ratio < 1);
	assert_true(res.tao_ratio > 0);
	assert_int_equal(res.nsources, 5);
	assert_int_equal(res.sources[0].doc, 43);
	assert_int_equal(res.sources[0].covered, 100);
	assert_true(res.top_source_ratio * res.q.n > 99.5);
	/* sections: the whole text and the part holding the 100-char copy */
	const mj_passage *p100 = find_passage(&res, &fx.plant[3]);
	mj_byte_span sec[2] = {{0, fx.query.len}, {p100->q_byte_start, p100->q_byte_end}};
	double cr[2], tr[2];
	assert_int_equal(mj_match_section_ratios(cr, tr, &res, sec, 2), 0);
	assert_true(cr[0] > 0.0 && cr[0] < 1.0);
	assert_true(cr[1] > 0.999);
	mj_match_result_free(&res);

	/* a document sharing nothing: no passages */
	mj_buf un = MJ_BUF_INIT;
	rng r = {777};
	gen_text(&un, fx.v, &r, 3000);
	assert_int_equal(mj_matcher_query(&res, m, un.ptr, un.len, corpus_text, &fx.c), 0);
	assert_int_equal(res.npassages, 0);
	assert_int_equal(res.copied_chars, 0);
	mj_match_result_free(&res);
	mj_buf_free(&un);
	mj_matcher_free(m);

	/* default mode: runs >= 26 are guaranteed */
	mj_index *id = corpus_index(&fx.c, MJ_WINNOW_DEFAULT, 0);
	o.strict = 0;
	assert_int_equal(mj_matcher_new(&m, id, &o), 0);
	assert_int_equal(mj_matcher_query(&res, m, fx.query.ptr, fx.query.len, corpus_text, &fx.c), 0);
	assert_non_null(find_passage(&res, &fx.plant[2]));
	assert_non_null(find_passage(&res, &fx.plant[3]));
	for (size_t i = 0; i < res.npassages; i++) {
		assert_true(res.passages[i].doc != 50 && res.passages[i].q_end - res.passages[i].q_start >= 13);
		assert_true(res.passages[i].q_end <= fx.tao_q_start ||
			    res.passages[i].q_start >= fx.tao_q_start + fx.tao_len);
	}
	for (size_t k = 0; k < fx.tao_len; k++)
		assert_int_equal(res.mask[fx.tao_q_start + k], 2);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(id);
	mj_index_free(ix);
	mj_tao_list_free(tl);
	fixture_free(&fx);
}

/* dedup over the corpus plus the query: the pairs are the planted ones. */
static void dedup_pairs(void **state)
{
	(void)state;
	fixture fx;
	fixture_build(&fx);
	corpus_add(&fx.c, &fx.query); /* doc 60 */
	mj_index *ix = corpus_index(&fx.c, MJ_WINNOW_STRICT, 0);
	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	o.tao = tl;
	mj_dup_result d;
	assert_int_equal(mj_dedup_run(&d, ix, &o, corpus_text, &fx.c, NULL, NULL), 0);
	assert_int_equal(d.npairs, 5);
	for (size_t i = 0; i < d.npairs; i++) {
		assert_int_equal(d.pairs[i].b, 60);
		assert_true(d.pairs[i].a >= 40 && d.pairs[i].a <= 44);
		if (i)
			assert_true(d.pairs[i].similarity <= d.pairs[i - 1].similarity);
	}
	assert_int_equal(d.pairs[0].a, 43);
	assert_int_equal(d.pairs[0].covered_a, 100);
	mj_dup_result_free(&d);
	mj_index_free(ix);
	mj_tao_list_free(tl);
	fixture_free(&fx);
}

/* The pair pass (posting groups -> candidate pairs -> restricted queries) gives
 * exactly the pairs and passages of querying every document against the later
 * ones, in both modes and on one or two threads. The corpus mixes copies of
 * 13..300 bytes' worth of characters, near duplicates, and a stock sentence
 * written by many authors. */
static int same_pairs(const mj_dup_result *x, const mj_dup_result *y)
{
	if (x->npairs != y->npairs)
		return 0;
	for (size_t i = 0; i < x->npairs; i++) {
		const mj_dup_pair *p = &x->pairs[i], *q = &y->pairs[i];
		if (p->a != q->a || p->b != q->b || p->covered_a != q->covered_a ||
		    p->covered_b != q->covered_b || p->similarity != q->similarity ||
		    p->npassages != q->npassages)
			return 0;
		for (size_t k = 0; k < p->npassages; k++)
			if (memcmp(&p->passages[k], &q->passages[k], sizeof p->passages[k]) != 0)
				return 0;
	}
	return 1;
}

/* A fetcher that fails for every document but the first. */
static int failing_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	if (doc > 0)
		return mj_error_set(MJ_EIO, "无法读取文档 %u", doc);
	return corpus_text(ctx, doc, text, len);
}

static void dedup_pair_pass_equals_per_document(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 21);
	rng r = {77};
	corpus c = {0};
	mj_buf b = MJ_BUF_INIT, stock = MJ_BUF_INIT;
	gen_text(&stock, v, &r, 30);
	const size_t lens[] = {13, 16, 20, 30, 40, 100, 300};
	for (size_t d = 0; d < 150; d++) {
		gen_text(&b, v, &r, 300 + rnd(&r) % 700);
		if (d % 3 == 0)
			mj_buf_put(&b, stock.ptr, stock.len);
		if (d > 5 && rnd(&r) % 100 < 60) {
			/* copy a passage of one of the earlier documents */
			size_t src = rnd(&r) % d, L = lens[rnd(&r) % 7] * 3;
			if (c.len[src] > L + 3) {
				size_t at = (rnd(&r) % ((c.len[src] - L) / 3)) * 3;
				while (at < c.len[src] && ((unsigned char)c.text[src][at] & 0xC0) == 0x80)
					at++;
				size_t e = at + L < c.len[src] ? at + L : c.len[src];
				while (e < c.len[src] && ((unsigned char)c.text[src][e] & 0xC0) == 0x80)
					e++;
				mj_buf_put(&b, c.text[src] + at, e - at);
			}
		}
		if (d > 5 && d % 17 == 0) { /* near duplicate of an earlier document */
			mj_buf_reset(&b);
			mj_buf_put(&b, c.text[d - 3], c.len[d - 3]);
			put_cp(&b, 0x4E01);
		}
		gen_text(&b, v, &r, 100);
		corpus_add(&c, &b);
	}
	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	for (int strict = 0; strict < 2; strict++) {
		mj_index *ix = corpus_index(&c, strict ? MJ_WINNOW_STRICT : MJ_WINNOW_DEFAULT, 0);
		mj_match_opts o;
		mj_match_opts_default(&o);
		o.strict = strict;
		o.tao = tl;
		mj_dup_result ref, one, two;
		assert_int_equal(mj_dedup_range(&ref, ix, &o, 0, (uint32_t)c.n, corpus_text, &c, NULL, NULL), 0);
		assert_int_equal(mj_dedup_run(&one, ix, &o, corpus_text, &c, NULL, NULL), 0);
		void *ctx[2] = {&c, &c};
		assert_int_equal(mj_dedup_run_threads(&two, ix, &o, 2, corpus_text, ctx, NULL, NULL), 0);
		assert_true(ref.npairs >= 40);
		assert_true(same_pairs(&ref, &one));
		assert_true(same_pairs(&ref, &two));
		mj_dup_result_free(&ref);
		mj_dup_result_free(&one);
		mj_dup_result_free(&two);
		/* a fetch error on any thread comes back with its message */
		mj_error_clear();
		assert_int_equal(mj_dedup_run_threads(&two, ix, &o, 2, failing_text, ctx, NULL, NULL), MJ_EIO);
		assert_int_equal(two.npairs, 0);
		assert_non_null(strstr(mj_error_msg(), "无法读取文档"));
		mj_index_free(ix);
	}
	mj_tao_list_free(tl);
	mj_buf_free(&b);
	mj_buf_free(&stock);
	corpus_free(&c);
	free(v);
}

/* Random ideographs (U+4E00..U+9E1F) appended to b, also kept in cp[] when set. */
static void put_random(mj_buf *b, rng *r, size_t n, uint32_t *cp)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = 0x4E00 + (uint32_t)(rnd(r) % 20000);
		if (cp)
			cp[i] = c;
		put_cp(b, c);
	}
}

/* Whether hash h is among the fingerprints fp[0..n). */
static int fps_have(const mj_fps *f, uint32_t h)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].hash == h)
			return 1;
	return 0;
}

/*
 * Issue #4: documents 0 and 1 share a run of exactly 13 characters (one strict
 * window) whose only fingerprint selected in both is a k-gram K that eight
 * other authors write in unrelated contexts. K is common (>= T authors) but no
 * shared passage stands around it, so the query of document 0 demotes it and
 * it votes: the per-document pass reports the pair. The pair scan skips K's
 * group (common) and finds no other shared fingerprint; the pair pass must
 * still report the pair, with the same passage.
 */
static void dedup_pair_through_demoted_common(void **state)
{
	(void)state;
	mj_winnow_params wp = MJ_WINNOW_STRICT;
	rng r = {404};
	/* K: the smallest hash of many random 5-grams, so that it is the
	 * minimum of every window holding it */
	uint32_t K[5], kh = UINT32_MAX;
	for (int i = 0; i < 200000; i++) {
		uint32_t t[5];
		for (int j = 0; j < 5; j++)
			t[j] = 0x4E00 + (uint32_t)(rnd(&r) % 20000);
		uint32_t h = mj_winnow_hash(t, wp.k);
		if (h < kh) {
			kh = h;
			memcpy(K, t, sizeof K);
		}
	}
	mj_buf b = MJ_BUF_INIT, run = MJ_BUF_INIT;
	corpus c = {0};
	int found = 0;
	for (int attempt = 0; attempt < 200 && !found; attempt++) {
		corpus_free(&c);
		/* the shared run: 4 characters, K, 4 characters */
		mj_buf_reset(&run);
		put_random(&run, &r, 4, NULL);
		for (int j = 0; j < 5; j++)
			put_cp(&run, K[j]);
		put_random(&run, &r, 4, NULL);
		for (int d = 0; d < 2; d++) {
			put_random(&b, &r, 60, NULL);
			mj_buf_put(&b, run.ptr, run.len);
			put_random(&b, &r, 60, NULL);
			corpus_add(&c, &b);
		}
		for (int d = 0; d < 8; d++) { /* K in unrelated contexts */
			put_random(&b, &r, 40 + d, NULL);
			for (int j = 0; j < 5; j++)
				put_cp(&b, K[j]);
			put_random(&b, &r, 40 + d, NULL);
			corpus_add(&c, &b);
		}
		/* wanted: K is the only fingerprint the two share, and every
		 * document selects it */
		mj_fps f[10] = {0};
		int ok = 1;
		for (size_t d = 0; d < c.n; d++) {
			assert_int_equal(mj_winnow_text(&f[d], NULL, &wp, c.text[d], c.len[d]), 0);
			ok = ok && fps_have(&f[d], kh);
		}
		for (size_t i = 0; i < f[0].n && ok; i++)
			if (f[0].v[i].hash != kh && fps_have(&f[1], f[0].v[i].hash))
				ok = 0;
		for (size_t d = 0; d < c.n; d++)
			mj_fps_free(&f[d]);
		found = ok;
	}
	assert_true(found);
	mj_index *ix = corpus_index(&c, wp, 0);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	mj_dup_result ref, one, two;
	assert_int_equal(mj_dedup_range(&ref, ix, &o, 0, (uint32_t)c.n, corpus_text, &c, NULL, NULL), 0);
	/* the reference reports the pair, with the 13 characters (at least) */
	assert_int_equal(ref.npairs, 1);
	assert_int_equal(ref.pairs[0].a, 0);
	assert_int_equal(ref.pairs[0].b, 1);
	assert_int_equal(ref.pairs[0].npassages, 1);
	assert_true(ref.pairs[0].passages[0].q_end - ref.pairs[0].passages[0].q_start >= 13);
	assert_true(ref.pairs[0].passages[0].q_start <= 60);
	assert_true(ref.pairs[0].passages[0].q_end >= 73);
	assert_int_equal(mj_dedup_run(&one, ix, &o, corpus_text, &c, NULL, NULL), 0);
	void *ctx[2] = {&c, &c};
	assert_int_equal(mj_dedup_run_threads(&two, ix, &o, 2, corpus_text, ctx, NULL, NULL), 0);
	if (one.npairs != 1)
		fail_msg("pair pass: %zu pairs, the per-document pass 1 (0, 1)", one.npairs);
	assert_true(same_pairs(&ref, &one));
	assert_true(same_pairs(&ref, &two));
	mj_dup_result_free(&ref);
	mj_dup_result_free(&one);
	mj_dup_result_free(&two);
	mj_index_free(ix);
	corpus_free(&c);
	mj_buf_free(&b);
	mj_buf_free(&run);
}

/* ---- edge cases ---- */
/* The corpus holds at most MJ_INDEX_MAX_DOCS documents (docs/security.md,
 * limits): the next one is refused with MJ_ETOOBIG and the index built so far
 * still finishes. Empty documents keep this cheap (no postings). */
static void index_document_cap(void **state)
{
	(void)state;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	mj_index_builder *b = NULL;
	assert_int_equal(mj_index_builder_new(&b, &p), 0);
	uint32_t id = 0;
	for (uint32_t i = 0; i < MJ_INDEX_MAX_DOCS; i++)
		if (mj_index_builder_add(b, &id, "d", "a", "", 0) != 0)
			fail_msg("document %u refused below the cap", i);
	assert_int_equal(id, MJ_INDEX_MAX_DOCS - 1);
	assert_int_equal(mj_index_builder_add(b, &id, "d", "a", "", 0), MJ_ETOOBIG);
	assert_non_null(strstr(mj_error_msg(), "上限"));
	mj_index *ix = NULL;
	assert_int_equal(mj_index_builder_finish(&ix, b), 0);
	assert_int_equal(mj_index_ndocs(ix), MJ_INDEX_MAX_DOCS);
	mj_index_free(ix);
}

static void edge_empty_and_invalid(void **state)
{
	(void)state;
	corpus c = {0};
	mj_buf b = MJ_BUF_INIT;
	corpus_add(&c, &b); /* empty doc */
	mj_buf_put(&b, "\xff\xfe\xfd abc \xc3", 9);
	corpus_add(&c, &b);
	mj_index *ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_matcher *m;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	assert_int_equal(mj_matcher_new(&m, ix, &o), 0);
	mj_match_result res;
	assert_int_equal(mj_matcher_query(&res, m, "", 0, corpus_text, &c), 0);
	assert_int_equal(res.npassages, 0);
	assert_int_equal(res.copy_ratio, 0);
	mj_match_result_free(&res);
	assert_int_equal(mj_matcher_query(&res, m, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 14,
					  corpus_text, &c), 0);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	corpus_free(&c);
}

static void edge_one_doc_and_identical(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 8);
	rng r = {9};
	mj_buf text = MJ_BUF_INIT;
	gen_text(&text, v, &r, 2000);
	/* one-document corpus: the query is that document */
	corpus c = {0};
	mj_buf b = MJ_BUF_INIT;
	mj_buf_put(&b, text.ptr, text.len);
	corpus_add(&c, &b);
	mj_index *ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_matcher *m;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	mj_matcher_new(&m, ix, &o);
	mj_match_result res;
	assert_int_equal(mj_matcher_query(&res, m, text.ptr, text.len, corpus_text, &c), 0);
	assert_int_equal(res.npassages, 1);
	assert_int_equal(res.passages[0].q_start, 0);
	assert_int_equal(res.passages[0].q_end, res.q.n);
	assert_true(res.copy_ratio == 1.0);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	/* four identical documents by four authors: every pair is a full copy */
	for (int i = 0; i < 3; i++) {
		mj_buf_put(&b, text.ptr, text.len);
		corpus_add(&c, &b);
	}
	ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_dup_result d;
	assert_int_equal(mj_dedup_run(&d, ix, &o, corpus_text, &c, NULL, NULL), 0);
	assert_int_equal(d.npairs, 6);
	for (size_t i = 0; i < d.npairs; i++)
		assert_true(d.pairs[i].similarity == 1.0);
	mj_dup_result_free(&d);
	mj_index_free(ix);
	/* the same text by >= 5 authors is 套话 by definition (documented) */
	mj_buf_put(&b, text.ptr, text.len);
	corpus_add(&c, &b);
	ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_matcher_new(&m, ix, &o);
	assert_int_equal(mj_matcher_query(&res, m, text.ptr, text.len, corpus_text, &c), 0);
	assert_int_equal(res.npassages, 0);
	assert_true(res.tao_ratio > 0.95);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	/* ... unless they are all by one author */
	ix = corpus_index(&c, MJ_WINNOW_STRICT, 1);
	mj_matcher_new(&m, ix, &o);
	assert_int_equal(mj_matcher_query(&res, m, text.ptr, text.len, corpus_text, &c), 0);
	assert_int_equal(res.nsources, 5);
	assert_true(res.copy_ratio == 1.0);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	corpus_free(&c);
	mj_buf_free(&text);
	free(v);
}

/* One 5 MB paragraph with a 100-char passage copied from its end. */
static void edge_big_paragraph(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 10);
	rng r = {10};
	mj_buf b = MJ_BUF_INIT;
	while (b.len < 5u * 1024 * 1024) {
		int wi = (int)(rnd(&r) % NWORDS);
		for (int k = 0; k < v->len[wi]; k++)
			put_cp(&b, v->w[wi][k]);
	}
	corpus c = {0};
	mj_norm_text t = {0};
	mj_norm_text_build(&t, b.ptr, b.len);
	size_t s = t.n - 500;
	mj_buf q = MJ_BUF_INIT;
	mj_buf_puts(&q, "开头");
	put_cps(&q, t.cp + s, 100);
	corpus_add(&c, &b);
	mj_index *ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_matcher *m;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	mj_matcher_new(&m, ix, &o);
	mj_match_result res;
	assert_int_equal(mj_matcher_query(&res, m, q.ptr, q.len, corpus_text, &c), 0);
	assert_int_equal(res.npassages, 1);
	assert_true(res.passages[0].s_start <= s && res.passages[0].s_end >= s + 100);
	assert_true(res.passages[0].q_end - res.passages[0].q_start >= 100);
	assert_int_equal(res.passages[0].s_line, 1);
	mj_match_result_free(&res);
	/* and the big paragraph as the query against itself */
	assert_int_equal(mj_matcher_query(&res, m, c.text[0], c.len[0], corpus_text, &c), 0);
	assert_int_equal(res.npassages, 1);
	assert_true(res.copy_ratio == 1.0);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	mj_norm_text_free(&t);
	mj_buf_free(&q);
	corpus_free(&c);
	free(v);
}

static void tao_list_file(void **state)
{
	(void)state;
	mj_tao_list *l;
	mj_tao_list_builtin(&l);
	size_t n0 = mj_tao_list_count(l);
	assert_true(n0 >= 40);
	const char *f = "# 注释\n甲乙丙丁戊\n\n己\n庚辛壬癸";
	assert_int_equal(mj_tao_list_load(l, f, strlen(f)), 0);
	assert_int_equal(mj_tao_list_count(l), n0 + 2);
	mj_tao_list_free(l);
}

/*
 * 套话 is a passage many authors share, not a common word. Every one of 40
 * documents (40 authors) holds the same eight 6-character "words" several
 * times, each time in different surroundings (8 characters, each holding a k-gram
 * of low hash, so that it is selected by many), and 30 of them hold one stock
 * sentence. A query holding the eight words scattered in its own prose has no
 * 套话 there; the stock sentence in it is 套话 (strict mode: a 13-character
 * sentence; default mode: a 30-character one, above t = 26); nothing is copying.
 */
#define WORD 8
static void tao_passage_not_words(void **state)
{
	(void)state;
	vocab *v = malloc(sizeof *v);
	vocab_init(v, 31);
	rng r = {32};
	uint32_t words[8][WORD];
	/* common words: winnowing selects a k-gram of them in most texts, so
	 * each holds a k-gram of low hash in both modes (k = 5 and k = 6) */
	for (int i = 0; i < 8; i++) {
		uint32_t low5, low6;
		do {
			low5 = low6 = UINT32_MAX;
			for (int k = 0; k < WORD; k++)
				words[i][k] = 0x4E00 + (uint32_t)(rnd(&r) % (0x9FA5 - 0x4E00));
			for (int k = 0; k + 5 <= WORD; k++) {
				uint32_t h5 = mj_winnow_hash(words[i] + k, 5);
				low5 = h5 < low5 ? h5 : low5;
				if (k + 6 <= WORD) {
					uint32_t h6 = mj_winnow_hash(words[i] + k, 6);
					low6 = h6 < low6 ? h6 : low6;
				}
			}
		} while (low5 > UINT32_MAX / 32 || low6 > UINT32_MAX / 32);
	}
	for (int mode = 0; mode < 2; mode++) {
		size_t slen = mode ? 30 : 13;
		uint32_t stock[30];
		for (size_t k = 0; k < slen; k++)
			stock[k] = 0x4E00 + (uint32_t)(rnd(&r) % (0x9FA5 - 0x4E00));
		corpus c = {0};
		for (int d = 0; d < 40; d++) {
			mj_buf b = MJ_BUF_INIT;
			for (int rep = 0; rep < 6; rep++)
				for (int i = 0; i < 8; i++) {
					gen_text(&b, v, &r, 20 + rnd(&r) % 30);
					put_cps(&b, words[i], WORD);
				}
			if (d < 30) {
				mj_buf_puts(&b, "。");
				put_cps(&b, stock, slen);
				mj_buf_puts(&b, "。");
			}
			gen_text(&b, v, &r, 200);
			corpus_add(&c, &b);
		}
		mj_winnow_params wp = mode ? MJ_WINNOW_DEFAULT : MJ_WINNOW_STRICT;
		mj_index *ix = corpus_index(&c, wp, 0);
		/* the premise: most words hold a common k-gram (>= 5 authors selected it) */
		int common = 0;
		for (int i = 0; i < 8; i++) {
			uint32_t most = 0;
			for (uint32_t k = 0; k + wp.k <= WORD; k++) {
				const uint64_t *post;
				uint32_t authors;
				mj_index_lookup(ix, mj_winnow_hash(words[i] + k, wp.k), &post, &authors);
				most = authors > most ? authors : most;
			}
			common += most >= 5;
		}
		if (common < 5)
			fail_msg("mode %d: only %d words common", mode, common);
		/* the query: own prose (another vocabulary) with the words 40 apart */
		vocab *own = malloc(sizeof *own);
		vocab_init(own, 33);
		mj_buf q = MJ_BUF_INIT;
		size_t wpos[8];
		for (int i = 0; i < 8; i++) {
			gen_text(&q, own, &r, 40);
			wpos[i] = norm_len(&q);
			put_cps(&q, words[i], WORD);
		}
		gen_text(&q, own, &r, 40);
		mj_buf_puts(&q, "。");
		size_t spos = norm_len(&q);
		put_cps(&q, stock, slen);
		mj_buf_puts(&q, "。");
		gen_text(&q, own, &r, 60);
		mj_match_opts o;
		mj_match_opts_default(&o);
		o.strict = !mode;
		mj_matcher *m;
		assert_int_equal(mj_matcher_new(&m, ix, &o), 0);
		mj_match_result res;
		assert_int_equal(mj_matcher_query(&res, m, q.ptr, q.len, corpus_text, &c), 0);
		for (int i = 0; i < 8; i++)
			for (size_t k = wpos[i] >= 10 ? wpos[i] - 10 : 0; k < wpos[i] + WORD + 10; k++)
				if (res.mask[k] != 0)
					fail_msg("mode %d: word %d: character %zu marked %d", mode, i, k,
						 res.mask[k]);
		for (size_t k = 0; k < slen; k++)
			assert_int_equal(res.mask[spos + k], 2);
		assert_int_equal(res.npassages, 0);
		/* 套话 is the stock sentence, and at most w - 1 characters on each side */
		assert_true(res.tao_chars >= slen && res.tao_chars <= slen + 2 * (wp.w - 1));
		mj_match_result_free(&res);
		mj_matcher_free(m);
		mj_index_free(ix);
		corpus_free(&c);
		mj_buf_free(&q);
		free(own);
	}
	free(v);
}

/* The example material, when present: it matches itself, 套话 is found. */
static void seed_material(void **state)
{
	(void)state;
	const char *dir = getenv("MJ_SEED_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/000_357417ef9be4b89b.txt", dir ? dir : "");
	char *text;
	size_t len;
	if (!dir || mj_file_read(path, 20u << 20, &text, &len) != 0) {
		skip();
		return;
	}
	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	corpus c = {0};
	mj_buf b = MJ_BUF_INIT;
	mj_buf_put(&b, text, len / 2);
	corpus_add(&c, &b);
	mj_index *ix = corpus_index(&c, MJ_WINNOW_STRICT, 0);
	mj_matcher *m;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	o.tao = tl;
	mj_matcher_new(&m, ix, &o);
	mj_match_result res;
	assert_int_equal(mj_matcher_query(&res, m, text, len, corpus_text, &c), 0);
	assert_true(res.copy_ratio > 0.3 && res.copy_ratio < 0.7);
	assert_true(res.ntao > 0);
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_index_free(ix);
	mj_tao_list_free(tl);
	corpus_free(&c);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(norm_basic),
		cmocka_unit_test(norm_fast_path_matches_utf8proc),
		cmocka_unit_test(norm_invalid_utf8),
		cmocka_unit_test(winnow_fused_equals_two_pass),
		cmocka_unit_test(winnow_guarantee_13),
		cmocka_unit_test(winnow_matches_reference),
		cmocka_unit_test(winnow_every_bmp_char),
		cmocka_unit_test(index_roundtrip),
		cmocka_unit_test(index_threads_equal),
		cmocka_unit_test(accuracy_strict),
		cmocka_unit_test(dedup_pairs),
		cmocka_unit_test(edge_empty_and_invalid),
		cmocka_unit_test(index_document_cap),
		cmocka_unit_test(edge_one_doc_and_identical),
		cmocka_unit_test(edge_big_paragraph),
		cmocka_unit_test(tao_list_file),
		cmocka_unit_test(dedup_pair_pass_equals_per_document),
		cmocka_unit_test(dedup_pair_through_demoted_common),
		cmocka_unit_test(tao_passage_not_words),
		cmocka_unit_test(seed_material),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
