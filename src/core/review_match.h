/*
 * The matcher: finds the passages of a query document copied from documents of
 * a review index, CNKI-style, and the corpus-wide near-duplicate pass.
 *
 * For one query:
 *  1. normalize it and compute its fingerprints with the index's parameters;
 *  2. look every fingerprint up; one selected by at least T distinct authors
 *     (T = max(tao_min_authors, tao_share * authors)) is "common": it marks its
 *     k-gram as 套话 and does not nominate candidates; every other posting gives
 *     its document one vote (in default mode only fingerprints found in at
 *     most max_postings documents vote);
 *  3. candidates, most votes first (all of them in strict mode; otherwise at
 *     most max_candidates, skipping those whose shared fingerprints all lie
 *     in passages already found), are verified on their text (fetched through a
 *     callback): every shared run of at least min_len normalized characters is
 *     found from exact min_len-gram seeds and extended left and right to a
 *     maximal passage; each query character is attributed at most once per
 *     source;
 *  4. a passage is 套话 when half or more of it lies in stock formulations (the
 *     built-in list or a loaded one) or when it contains common fingerprints and
 *     no other; 套话 is reported apart and never counts as copying.
 *
 * Strict mode (an index built with MJ_WINNOW_STRICT, t = 13) therefore reports
 * every run of >= 13 normalized characters shared with any document of the
 * corpus, either as a copied passage or (when all of its fingerprints are
 * common to many authors) inside the 套话 spans.
 */
#ifndef MJ_REVIEW_MATCH_H
#define MJ_REVIEW_MATCH_H
#include <stddef.h>
#include <stdint.h>

#include "core/norm.h"
#include "core/review_index.h"

/* ---- stock formulations (套话) ---- */
typedef struct mj_tao_list mj_tao_list;

/* A list holding the built-in formulations (see review_match.c). */
int mj_tao_list_builtin(mj_tao_list **out);
/* Adds the phrases of a text file: one per line, '#' starts a comment line.
 * Phrases normalizing to fewer than 2 characters are ignored. */
int mj_tao_list_load(mj_tao_list *l, const char *text, size_t len);
int mj_tao_list_add(mj_tao_list *l, const char *phrase, size_t len);
size_t mj_tao_list_count(const mj_tao_list *l);
void mj_tao_list_free(mj_tao_list *l);

typedef struct {
	int strict;                /* verify every candidate */
	uint32_t min_len;          /* shortest passage reported (13) */
	uint32_t tao_min_authors;  /* common fingerprint: >= this many authors (5) */
	double tao_share;          /* ... or >= this share of all authors (0.01) */
	uint32_t max_candidates;   /* default mode: documents verified (64) */
	uint32_t max_passages;     /* passages kept per query (20000) */
	uint32_t max_postings;     /* default mode: a fingerprint found in more
				    * documents nominates none of them (256) */
	uint32_t rare_postings;    /* default mode: a document with a single vote is
				    * a candidate only when that fingerprint has at
				    * most this many postings (16) */
	int skip_covered;          /* default mode: skip a candidate whose shared
				    * fingerprints all lie in passages already
				    * found (it would only repeat a source) (1) */
	int64_t exclude_doc;       /* document never reported (the query itself), -1 */
	int64_t min_doc;           /* only documents with id >= this (dedup), 0 */
	const mj_tao_list *tao;    /* stock formulations; NULL: none */
} mj_match_opts;

void mj_match_opts_default(mj_match_opts *o);

/* Fetches the text (UTF-8) of index document doc. The text must stay valid until
 * the next call on the same ctx. Returns 0 or an error (passed up unchanged). */
typedef int (*mj_doc_text_fn)(void *ctx, uint32_t doc, const char **text, size_t *len);

/* One copied passage. Offsets: normalized [start, end), bytes [start, end);
 * line and column (1-based, characters) of the first character. */
typedef struct {
	uint32_t doc; /* source document id */
	uint32_t q_start, q_end, q_byte_start, q_byte_end, q_line, q_col;
	uint32_t s_start, s_end, s_byte_start, s_byte_end, s_line, s_col;
} mj_passage;

/* A stretch of the query that is 套话 (no source: shared by many). */
typedef struct {
	uint32_t q_start, q_end, q_byte_start, q_byte_end, q_line, q_col;
} mj_span_hit;

typedef struct {
	uint32_t doc;
	uint32_t votes;   /* fingerprints shared (candidate score) */
	uint32_t covered; /* query characters covered by its copied passages */
} mj_source;

typedef struct {
	mj_norm_text q;           /* the normalized query */
	mj_passage *passages;     /* copied passages, by q_start then doc */
	size_t npassages;
	mj_span_hit *tao;         /* 套话 stretches, in order */
	size_t ntao;
	mj_source *sources;       /* sources with a copied passage, most covered first */
	size_t nsources;
	uint8_t *mask;            /* per query char: 1 copied, 2 套话 */
	size_t copied_chars, tao_chars;
	double copy_ratio;        /* copied_chars / q.n */
	double tao_ratio;         /* 套话 chars not copied / q.n */
	double top_source_ratio;  /* largest single source's covered / q.n */
	size_t candidates, verified, skipped;
	int truncated;            /* max_passages reached */
} mj_match_result;

void mj_match_result_free(mj_match_result *r);

/* A reusable matcher over one index (holds scratch memory; one thread each). */
typedef struct mj_matcher mj_matcher;

int mj_matcher_new(mj_matcher **out, const mj_index *ix, const mj_match_opts *opts);
void mj_matcher_free(mj_matcher *m);
/* Changes which documents may be reported: never exclude_doc (-1: none), only
 * ids >= min_doc. */
void mj_matcher_set_scope(mj_matcher *m, int64_t exclude_doc, int64_t min_doc);
/* Reviews text[0..len) against the index. *out is filled (free with
 * mj_match_result_free, also after an error). */
int mj_matcher_query(mj_match_result *out, mj_matcher *m, const char *text, size_t len,
		     mj_doc_text_fn get_text, void *ctx);

/* Section byte ranges [start, end) of the query -> copy and 套话 ratios of each
 * (0 for an empty section). */
typedef struct {
	size_t start, end;
} mj_byte_span;
int mj_match_section_ratios(double *copy_ratio, double *tao_ratio, const mj_match_result *r,
			    const mj_byte_span *sections, size_t n);

/* ---- near duplicates over the whole index ---- */
typedef struct {
	uint32_t a, b;             /* a < b */
	uint32_t covered_a, covered_b; /* characters of each in shared passages */
	double similarity;         /* (covered_a + covered_b) / (nchars_a + nchars_b) */
	mj_passage *passages;      /* query = a, source = b */
	size_t npassages;
} mj_dup_pair;

typedef struct {
	mj_dup_pair *pairs;        /* most similar first */
	size_t npairs;
	/* the pair pass's work (mj_dedup_run*): candidate pairs from the
	 * posting groups and the demoted common fingerprints, pairs left after
	 * the pre-check, documents queried, documents whose common fingerprints
	 * were tested first (up to mark_common) */
	size_t cand_pairs, checked_pairs, queried_docs, marked_docs;
} mj_dup_result;

typedef void (*mj_progress_fn)(void *ctx, size_t done, size_t total);

/* Every pair of documents sharing a copied passage. progress may be NULL.
 * The pair pass: candidate pairs come from the posting groups of the index
 * (sorted and counted, no query per document), plus the hits of the common
 * fingerprints that the query of a document in a common group with a later
 * one demotes (found by querying it up to that step); after a pre-check of
 * the hits, each document with candidate partners left is queried against
 * those partners only. Same pairs and passages as querying every document
 * against the documents after it (mj_dedup_range). */
int mj_dedup_run(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
		 mj_doc_text_fn get_text, void *ctx, mj_progress_fn progress, void *pctx);
/* The same on nthreads threads (1..64): thread t fetches texts with ctx[t], so
 * get_text may be called concurrently with different contexts. progress is
 * called from one thread. */
int mj_dedup_run_threads(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
			 unsigned nthreads, mj_doc_text_fn get_text, void *const *ctx,
			 mj_progress_fn progress, void *pctx);
/* The reference pass, one query per document: query documents first <= a <
 * end only (pairs (a, b), b > a), so that threads can share the work; merge
 * their results with mj_dup_result_merge (which empties from and keeps into
 * sorted). */
int mj_dedup_range(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
		   uint32_t first, uint32_t end, mj_doc_text_fn get_text, void *ctx,
		   mj_progress_fn progress, void *pctx);
int mj_dup_result_merge(mj_dup_result *into, mj_dup_result *from);
void mj_dup_result_free(mj_dup_result *r);

#endif
