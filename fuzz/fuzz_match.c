/*
 * libFuzzer target for the index and the matcher: the input is split at its
 * first NUL byte (or in half) into a query and a corpus document; the document
 * is indexed in strict mode (and the index sent through serialize / load), the
 * query matched against it, and every reported passage checked to be a real
 * shared run within both texts. Then the same in default mode against three
 * authors (the document twice and its first two thirds, 套话 at 3 authors), so
 * that stretches shared by many are found and cut out of passages. Both texts
 * are then indexed together and the near-duplicate pair pass (mj_dedup_run)
 * must give exactly the pairs and passages of the per-document reference pass
 * (mj_dedup_range), in strict and default mode. Inputs starting with "MJIX"
 * are also fed to mj_index_load as a blob.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "core/review_index.h"
#include "core/review_match.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	const char *text;
	size_t len;
} one_doc;

static int two_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	one_doc *d = ctx;
	if (doc > 1)
		return -2;
	*text = d[doc].text;
	*len = d[doc].len;
	return 0;
}

/* The pair pass against the reference on the index of the two texts. */
static void dedup_check(const one_doc two[2], const mj_tao_list *tl, int strict)
{
	mj_index_builder *b;
	mj_winnow_params p = strict ? MJ_WINNOW_STRICT : MJ_WINNOW_DEFAULT;
	if (mj_index_builder_new(&b, &p) ||
	    mj_index_builder_add(b, NULL, "q", "q", two[0].text, two[0].len) ||
	    mj_index_builder_add(b, NULL, "d", "d", two[1].text, two[1].len))
		abort();
	mj_index *ix;
	mj_index_builder_finish(&ix, b);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = strict;
	o.tao = tl;
	mj_dup_result x, y;
	if (mj_dedup_run(&x, ix, &o, two_text, (void *)two, NULL, NULL) ||
	    mj_dedup_range(&y, ix, &o, 0, 2, two_text, (void *)two, NULL, NULL))
		abort();
	if (x.npairs != y.npairs)
		abort();
	for (size_t i = 0; i < x.npairs; i++) {
		if (x.pairs[i].npassages != y.pairs[i].npassages ||
		    x.pairs[i].covered_a != y.pairs[i].covered_a || x.pairs[i].covered_b != y.pairs[i].covered_b)
			abort();
		for (size_t k = 0; k < x.pairs[i].npassages; k++)
			if (memcmp(&x.pairs[i].passages[k], &y.pairs[i].passages[k], sizeof(mj_passage)))
				abort();
	}
	mj_dup_result_free(&x);
	mj_dup_result_free(&y);
	mj_index_free(ix);
}

static int doc_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	one_doc *d = ctx;
	if (doc != 0)
		return -2;
	*text = d->text;
	*len = d->len;
	return 0;
}

/* Three authors: docs 0 and 1 are the document, doc 2 its first two thirds. */
static int three_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	one_doc *d = ctx;
	if (doc > 2)
		return -2;
	*text = d->text;
	*len = doc == 2 ? d->len * 2 / 3 : d->len;
	return 0;
}

static void three_authors(const char *q, size_t qlen, one_doc *d)
{
	mj_index_builder *b;
	mj_winnow_params p = MJ_WINNOW_DEFAULT;
	const char *names[] = {"a", "b", "c"};
	if (mj_index_builder_new(&b, &p))
		abort();
	for (uint32_t i = 0; i < 3; i++) {
		const char *t;
		size_t l;
		three_text(d, i, &t, &l);
		if (mj_index_builder_add(b, NULL, names[i], names[i], t, l))
			abort();
	}
	mj_index *ix;
	mj_index_builder_finish(&ix, b);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.tao_min_authors = 3;
	mj_matcher *m;
	if (mj_matcher_new(&m, ix, &o))
		abort();
	mj_match_result r;
	if (mj_matcher_query(&r, m, q, qlen, three_text, d))
		abort();
	mj_norm_text dn[3] = {{0}};
	for (uint32_t i = 0; i < 3; i++) {
		const char *t;
		size_t l;
		three_text(d, i, &t, &l);
		mj_norm_text_build(&dn[i], t, l);
	}
	for (size_t i = 0; i < r.npassages; i++) {
		const mj_passage *x = &r.passages[i];
		size_t L = x->q_end - x->q_start;
		const mj_norm_text *s = &dn[x->doc];
		if (x->doc > 2 || L < o.min_len || x->s_end - x->s_start != L || x->q_end > r.q.n ||
		    x->s_end > s->n)
			abort();
		if (memcmp(r.q.cp + x->q_start, s->cp + x->s_start, L * 4) != 0)
			abort();
		size_t bs, be;
		mj_norm_byte_range(s, x->s_start, x->s_end, &bs, &be);
		if (x->q_byte_end > qlen || x->s_byte_start != bs || x->s_byte_end != be)
			abort();
		for (size_t k = x->q_start; k < x->q_end; k++)
			if (r.mask[k] != 1)
				abort();
	}
	if (r.copied_chars + r.tao_chars > r.q.n || r.copy_ratio > 1.0)
		abort();
	for (uint32_t i = 0; i < 3; i++)
		mj_norm_text_free(&dn[i]);
	mj_match_result_free(&r);
	mj_matcher_free(m);
	mj_index_free(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	if (size >= 4 && memcmp(s, "MJIX", 4) == 0) {
		mj_index *ix;
		if (mj_index_load(&ix, s, size) == 0)
			mj_index_free(ix);
		return 0;
	}
	const char *nul = memchr(s, 0, size);
	size_t qlen = nul ? (size_t)(nul - s) : size / 2;
	one_doc d = {s + qlen + (nul ? 1 : 0), size - qlen - (nul ? 1 : 0)};

	mj_index_builder *b;
	mj_winnow_params p = MJ_WINNOW_STRICT;
	if (mj_index_builder_new(&b, &p) || mj_index_builder_add(b, NULL, "d", "a", d.text, d.len))
		abort();
	mj_index *ix0, *ix;
	mj_index_builder_finish(&ix0, b);
	mj_buf blob = MJ_BUF_INIT;
	if (mj_index_serialize(ix0, &blob) || mj_index_load(&ix, blob.ptr, blob.len))
		abort();
	mj_buf_free(&blob);
	mj_index_free(ix0);

	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = 1;
	o.tao = tl;
	mj_matcher *m;
	if (mj_matcher_new(&m, ix, &o))
		abort();
	mj_match_result r;
	if (mj_matcher_query(&r, m, s, qlen, doc_text, &d))
		abort();
	mj_norm_text dn = {0};
	mj_norm_text_build(&dn, d.text, d.len);
	for (size_t i = 0; i < r.npassages; i++) {
		const mj_passage *x = &r.passages[i];
		size_t L = x->q_end - x->q_start;
		if (L < o.min_len || x->s_end - x->s_start != L || x->q_end > r.q.n || x->s_end > dn.n)
			abort();
		if (memcmp(r.q.cp + x->q_start, dn.cp + x->s_start, L * 4) != 0)
			abort();
		if (x->q_byte_end > qlen || x->s_byte_end > d.len || x->q_byte_start > x->q_byte_end)
			abort();
	}
	if (r.copied_chars + r.tao_chars > r.q.n || r.copy_ratio > 1.0)
		abort();
	mj_norm_text_free(&dn);
	mj_match_result_free(&r);
	mj_matcher_free(m);
	one_doc two[2] = {{s, qlen}, d};
	dedup_check(two, tl, 1);
	dedup_check(two, tl, 0);
	mj_tao_list_free(tl);
	mj_index_free(ix);
	three_authors(s, qlen, &d);
	return 0;
}
