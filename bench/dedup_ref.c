/*
 * The near-duplicate pair pass (mj_dedup_run_threads, 2 threads) against the
 * reference it must equal (mj_dedup_range: one query per document, no allow
 * list), on a directory of .txt files (each file its own author, names in
 * byte order, the built-in stock list). Prints both pair counts, the pass's
 * work and the pairs found by one side only or with different passages.
 * Exit status 1 when they differ.
 *   MJ_BENCH_DUMP=/tmp/c MJ_BENCH_DOCS=3000 build/bench/bench_review
 *     (with /tmp/c/plain, /tmp/c/spaced, /tmp/c/norm created first)
 *   build/bench/dedup_ref /tmp/c/plain 1     (strict; 0: default mode)
 * The reference on the 3,000-document peers corpus takes about 10 s (strict).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review_index.h"
#include "core/review_match.h"
#include "core/winnow.h"
#include "util/err.h"
#include "util/file.h"

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

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int pair_order(const void *x, const void *y)
{
	const mj_dup_pair *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

static int same_pair(const mj_dup_pair *p, const mj_dup_pair *q)
{
	if (p->covered_a != q->covered_a || p->covered_b != q->covered_b ||
	    p->npassages != q->npassages)
		return 0;
	for (size_t k = 0; k < p->npassages; k++)
		if (memcmp(&p->passages[k], &q->passages[k], sizeof p->passages[k]) != 0)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("dedup_ref: usage: dedup_ref DIR [1 strict | 0 default] (skipped)\n");
		return 0;
	}
	int strict = argc > 2 ? atoi(argv[2]) != 0 : 1;
	DIR *dir = opendir(argv[1]);
	if (!dir) {
		fprintf(stderr, "dedup_ref: cannot open %s\n", argv[1]);
		return 2;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	corpus c = {calloc(n + 1, sizeof *c.text), calloc(n + 1, sizeof *c.len), n};
	mj_winnow_params wp = strict ? MJ_WINNOW_STRICT : MJ_WINNOW_DEFAULT;
	mj_index_builder *b = NULL;
	mj_index *ix = NULL;
	if (mj_index_builder_new(&b, &wp))
		return 2;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		if (mj_file_read(path, (size_t)64 << 20, &c.text[i], &c.len[i]) ||
		    mj_index_builder_add(b, NULL, names[i], names[i], c.text[i], c.len[i])) {
			fprintf(stderr, "dedup_ref: %s: %s\n", path, mj_error_msg());
			return 2;
		}
	}
	if (mj_index_builder_finish(&ix, b))
		return 2;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = strict;
	mj_tao_list *tl = NULL;
	mj_tao_list_builtin(&tl);
	o.tao = tl;
	mj_dup_result pass, ref;
	void *ctx[2] = {&c, &c};
	if (mj_dedup_run_threads(&pass, ix, &o, 2, corpus_text, ctx, NULL, NULL) ||
	    mj_dedup_range(&ref, ix, &o, 0, (uint32_t)n, corpus_text, &c, NULL, NULL)) {
		fprintf(stderr, "dedup_ref: %s\n", mj_error_msg());
		return 2;
	}
	printf("%s, %zu documents: pair pass %zu pairs (%zu documents queried up to mark_common, %zu "
	       "candidate pairs, %zu after the pre-check, %zu documents queried); reference %zu pairs\n",
	       strict ? "strict" : "default", n, pass.npairs, pass.marked_docs, pass.cand_pairs,
	       pass.checked_pairs, pass.queried_docs, ref.npairs);
	qsort(ref.pairs, ref.npairs, sizeof *ref.pairs, pair_order);
	qsort(pass.pairs, pass.npairs, sizeof *pass.pairs, pair_order);
	size_t i = 0, j = 0, only_ref = 0, only_pass = 0, differ = 0;
	while (i < ref.npairs || j < pass.npairs) {
		int d = i == ref.npairs ? 1 : j == pass.npairs ? -1 : pair_order(&ref.pairs[i], &pass.pairs[j]);
		if (d < 0) {
			if (only_ref++ < 5)
				printf("  reference only: %s %s\n", names[ref.pairs[i].a], names[ref.pairs[i].b]);
			i++;
		} else if (d > 0) {
			if (only_pass++ < 5)
				printf("  pair pass only: %s %s\n", names[pass.pairs[j].a], names[pass.pairs[j].b]);
			j++;
		} else {
			if (!same_pair(&ref.pairs[i], &pass.pairs[j]) && differ++ < 5)
				printf("  passages differ: %s %s\n", names[ref.pairs[i].a], names[ref.pairs[i].b]);
			i++;
			j++;
		}
	}
	printf("reference only %zu, pair pass only %zu, passages differ %zu\n", only_ref, only_pass, differ);
	mj_dup_result_free(&pass);
	mj_dup_result_free(&ref);
	mj_tao_list_free(tl);
	mj_index_free(ix);
	for (size_t k = 0; k < n; k++) {
		free(names[k]);
		free(c.text[k]);
	}
	free(names);
	free(c.text);
	free(c.len);
	return only_ref || only_pass || differ;
}
