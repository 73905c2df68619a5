/*
 * The review index: an inverted index from winnowing fingerprint hash to the
 * (document, position) pairs where it was selected, over a whole corpus.
 *
 * Layout (CSR): all postings live in ONE sorted array of packed 64-bit words
 * (low 16 bits of the hash | document id | position); the high 16 bits of the
 * hash pick a bucket whose range is given by an offsets array of 65,537 words.
 * A lookup is one bucket plus a binary search inside it. The builder collects
 * every posting into one growing array and sorts it at the end with two stable
 * radix passes, so there is no allocation per document.
 *
 * Alongside: per document its name (source), author key and normalized length;
 * per hash selected by MJ_INDEX_DF_MIN or more distinct authors, their count (the document
 * frequency used to recognise 套话, stock text everybody writes).
 *
 * Limits: 1,048,575 documents, 2^28 normalized characters per document, 2^32
 * postings; past them adding fails with MJ_ETOOBIG.
 *
 * The index serializes to a byte blob (little-endian, versioned) so the store
 * can persist it; mj_index_load validates everything it reads.
 */
#ifndef MJ_REVIEW_INDEX_H
#define MJ_REVIEW_INDEX_H
#include <stddef.h>
#include <stdint.h>

#include "core/winnow.h"
#include "util/buf.h"

#define MJ_INDEX_MAX_DOCS ((1u << 20) - 1)
#define MJ_INDEX_MAX_POS ((1u << 28) - 1)
/* Author counts are kept for hashes of at least this many distinct authors;
 * below it mj_index_lookup reports at most MJ_INDEX_DF_MIN - 1 (an upper
 * bound). 套话 thresholds must therefore be >= MJ_INDEX_DF_MIN. */
#define MJ_INDEX_DF_MIN 3

typedef struct mj_index mj_index;
typedef struct mj_index_builder mj_index_builder;

/* One document of the index; strings point into the index (valid while it lives). */
typedef struct {
	uint32_t id;
	const char *name;   /* source: file name, material title... */
	const char *author; /* author key ("" when unknown) */
	uint32_t author_id; /* dense id of the author key */
	uint32_t nchars;    /* normalized length */
	uint32_t nfps;      /* fingerprints indexed */
} mj_index_doc;

/* Postings are packed; decode them with these. */
static inline uint32_t mj_posting_doc(uint64_t p) { return (uint32_t)(p >> 28) & 0xFFFFF; }
static inline uint32_t mj_posting_pos(uint64_t p) { return (uint32_t)p & 0xFFFFFFF; }

/* New empty builder for fingerprints with params *p. Free with
 * mj_index_builder_free (or hand it to mj_index_builder_finish). */
int mj_index_builder_new(mj_index_builder **out, const mj_winnow_params *p);
/* Room for npostings postings in one block (an expected total: fewer is
 * fine, more grows as usual), asked for on huge pages where the system has
 * them: cheaper to touch than one that grows. */
void mj_index_builder_reserve(mj_index_builder *b, size_t npostings);
/* Fingerprints text (UTF-8, repaired on the fly) and adds it as the next
 * document; *doc_id (may be NULL) receives its id (0, 1, 2, ... in order).
 * author NULL or "" means unknown: every such document counts as its own author. */
int mj_index_builder_add(mj_index_builder *b, uint32_t *doc_id, const char *name,
			 const char *author, const char *text, size_t len);
/* Adds n documents as mj_index_builder_add would one by one, in order (ids
 * continue from the builder's count), fingerprinting them on nthreads threads
 * (1 .. MJ_INDEX_MAX_THREADS). names and authors may be NULL (all unknown).
 * progress (may be NULL) is called from the calling thread. The texts are only
 * read. */
#define MJ_INDEX_MAX_THREADS 64

/* Runs fn(args + t * size) for t < n (1 .. MJ_INDEX_MAX_THREADS) on n
 * threads, the calling one included; a share whose thread cannot be started
 * runs on the calling thread afterwards. Shared by the index builder and the
 * near-duplicate pass. */
void mj_index_run_threads(unsigned n, void *(*fn)(void *), void *args, size_t size);
typedef void (*mj_index_progress_fn)(void *ctx, size_t done, size_t total);
int mj_index_builder_add_many(mj_index_builder *b, size_t n, const char *const *names,
			      const char *const *authors, const char *const *texts,
			      const size_t *lens, unsigned nthreads, mj_index_progress_fn progress,
			      void *pctx);
/* The same with the texts fetched through get_text(ctxs[t], i, ...) by thread
 * t (i: 0 .. n-1 of this call; the text must stay valid until that thread's
 * next call), so that a corpus need not be held in memory. An error of
 * get_text (the first document's, in order) is returned; the documents of
 * earlier batches stay added. */
typedef int (*mj_index_text_fn)(void *ctx, size_t i, const char **text, size_t *len);
int mj_index_builder_add_fetch(mj_index_builder *b, size_t n, const char *const *names,
			       const char *const *authors, mj_index_text_fn get_text,
			       void *const *ctxs, unsigned nthreads, mj_index_progress_fn progress,
			       void *pctx);
/* Sorts and packs the postings into a finished index. b is freed in all cases. */
int mj_index_builder_finish(mj_index **out, mj_index_builder *b);
/* The same, sorting on nthreads threads (1 .. MJ_INDEX_MAX_THREADS); the
 * index is identical. */
int mj_index_builder_finish_threads(mj_index **out, mj_index_builder *b, unsigned nthreads);
void mj_index_builder_free(mj_index_builder *b);

void mj_index_free(mj_index *ix);

mj_winnow_params mj_index_params(const mj_index *ix);
uint32_t mj_index_ndocs(const mj_index *ix);
uint32_t mj_index_nauthors(const mj_index *ix);
size_t mj_index_npostings(const mj_index *ix);
/* Bytes of memory held by the index. */
size_t mj_index_memory(const mj_index *ix);
/* MJ_ENOTFOUND for an unknown id. */
int mj_index_doc_get(const mj_index *ix, uint32_t id, mj_index_doc *out);
/* Dense author id of document id (< mj_index_ndocs, e.g. from a posting). */
uint32_t mj_index_doc_author(const mj_index *ix, uint32_t id);

/* Postings of hash: returns their count and sets *postings to the first (sorted
 * by document then position; owned by the index). *authors (may be NULL)
 * receives the number of distinct authors among them. */
size_t mj_index_lookup(const mj_index *ix, uint32_t hash, const uint64_t **postings,
		       uint32_t *authors);

/* A hint that hash will be looked up soon (no effect on results): stage 0
 * fetches its directory entry, stage 1 (a few lookups later, once that entry
 * is in cache) the start of its range of postings. */
void mj_index_prefetch(const mj_index *ix, uint32_t hash, int stage);

/* Walks the posting groups (one per distinct hash) in hash order: start with
 * *cursor = 0; returns 0 at the end, else the group's size and sets the rest. */
size_t mj_index_next_group(const mj_index *ix, size_t *cursor, uint32_t *hash,
			   const uint64_t **postings, uint32_t *authors);

/* The postings of bucket b (0 .. MJ_INDEX_NBUCKETS - 1), i.e. of every hash
 * whose high 16 bits are b, sorted by (low 16 bits of the hash, document,
 * position): returns their count. For passes over the whole index that split
 * it between threads by bucket. The hash of posting p is b << 16 | p >> 48. */
#define MJ_INDEX_NBUCKETS 65536u
size_t mj_index_bucket(const mj_index *ix, uint32_t b, const uint64_t **postings);
/* Distinct authors of hash, whose group has npostings postings (as
 * mj_index_lookup reports them). Without touching the postings: a hash
 * selected by >= MJ_INDEX_DF_MIN authors is found in a small table, so with
 * npostings = 2 the answer is exact from MJ_INDEX_DF_MIN on and below it
 * some value below MJ_INDEX_DF_MIN (what a test against a threshold needs). */
uint32_t mj_index_authors(const mj_index *ix, uint32_t hash, size_t npostings);

/* Ascending in-place sort of n 64-bit values (the index's bucket sort, also
 * used by the near-duplicate pass). */
void mj_sort_u64(uint64_t *v, size_t n);

/* Appends the index as a blob to out (capped buffers give MJ_ETOOBIG). */
int mj_index_serialize(const mj_index *ix, mj_buf *out);
/* Reads a blob written by mj_index_serialize; MJ_EFORMAT when it is not one.
 * The new index owns copies of everything (data may be freed afterwards). */
int mj_index_load(mj_index **out, const void *data, size_t len);

/*
 * The index as a file used in place (mmap): written whole through a temporary
 * file and rename, with a caller's stamp (the corpus it indexes) and extra
 * bytes (the caller's per-document data). Mapping checks the header, sizes and
 * the small arrays at once, and each bucket (checksum and bounds) the first
 * time a lookup touches it: a damaged bucket answers nothing and sets
 * mj_index_corrupt, after which the caller drops the file and rebuilds. The
 * arrays of a mapped index are read-only; mj_index_free unmaps it.
 */
#define MJ_INDEX_STAMP_MAX 96
int mj_index_write_file(const mj_index *ix, const char *path, const char *stamp, const void *extra,
			size_t extra_len);
/* MJ_ENOTFOUND without a file, MJ_EFORMAT when it is not a valid index file of
 * this version; stamp receives the writer's stamp, *extra its extra bytes
 * (in the map: valid while the index lives; 8-byte aligned). */
int mj_index_map(mj_index **out, const char *path, char stamp[MJ_INDEX_STAMP_MAX], const void **extra,
		 size_t *extra_len);
/* 1 when a mapped index met a damaged bucket (its answers are incomplete). */
int mj_index_corrupt(const mj_index *ix);
/* Checks every bucket of a mapped index now (0 for one in memory). */
int mj_index_verify(const mj_index *ix);

#endif
