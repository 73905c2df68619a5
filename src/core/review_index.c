/*
 * The review index (see review_index.h): builder, radix sort into CSR buckets,
 * document frequency by author, lookup, and the blob format.
 *
 * Blob format, all integers little-endian:
 *   "MJIX" u32 version=2   (1: the polynomial k-gram hash before 2026-11-29;
 *                           its fingerprints differ, so such a blob is refused
 *                           and the caller rebuilds the index)
 *   u32 k, w, ndocs, nauthors, nmulti, pool_len   u64 npostings
 *   u32 off[65537]            bucket starts, off[65536] = npostings
 *   u64 postings[npostings]   (hash & 0xFFFF) << 48 | doc << 28 | pos
 *   u32 multi[2 * nmulti]     (hash, distinct authors >= 2), sorted by hash
 *   u32 docs[4 * ndocs]       (name offset, author id, nchars, nfps)
 *   u32 authors[nauthors]     pool offset of each author key
 *   pool[pool_len]            NUL-terminated strings
 */
#include "core/review_index.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "util/err.h"
#include "util/mem.h"

#define NBUCKETS 65536u
/* Bump whenever fingerprints change (hash, normalization, selection). */
#define INDEX_VERSION 2u

typedef struct {
	uint32_t name_off, author_id, nchars, nfps;
} doc_rec;

struct mj_index {
	mj_winnow_params params;
	uint32_t ndocs, nauthors, nmulti;
	size_t npostings, pool_len;
	uint32_t *off;      /* NBUCKETS + 1 */
	uint64_t *post;
	/* lookup directory derived from off and post (not serialized): the top
	 * dir_bits bits of the hash -> first posting; dir == off when 16 */
	uint32_t *dir;
	uint32_t dir_bits;
	uint32_t *multi;    /* pairs */
	uint32_t *mdir;     /* NBUCKETS + 1: first pair of each top 16 bits of the
			     * hash (derived, not serialized) */
	doc_rec *docs;
	uint32_t *authors;  /* pool offsets */
	char *pool;
	/* a mapped index file (mj_index_map): the arrays above point into map;
	 * every bucket is checked (checksum and bounds) on first use, ok[b]
	 * 1 good, 2 bad; a bad one makes lookups empty and sets corrupt */
	void *map;
	size_t map_len;
	const uint64_t *sums;
	_Atomic unsigned char *ok;
	atomic_int corrupt;
	const void *extra;
	size_t extra_len;
};

static int bucket_ok(const mj_index *ix, uint32_t b);

struct mj_index_builder {
	mj_winnow_params params;
	uint64_t *packed;   /* one per posting: (hash & 0xFFFF) << 48 | doc << 28 | pos */
	uint16_t *hi;       /* hash >> 16 of each posting */
	size_t n, cap;
	doc_rec *docs;
	size_t ndocs, docs_cap;
	uint32_t *authors;
	size_t nauthors, authors_cap;
	uint32_t *atab;     /* open addressing: author id + 1, 0 empty */
	size_t atab_cap;
	char *pool;
	size_t pool_len, pool_cap;
	mj_fps fps;
};

static void *grow_array(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*cap = c;
	return mj_realloc(p, c * elem);
}

void mj_index_builder_reserve(mj_index_builder *b, size_t npostings)
{
	if (npostings <= b->cap || npostings > UINT32_MAX)
		return;
	/* cheaper to touch than a block that grows (see mj_malloc_huge) */
	uint64_t *pk = mj_malloc_huge(npostings * sizeof *pk);
	uint16_t *hi = mj_malloc_huge(npostings * sizeof *hi);
	if (b->n) {
		memcpy(pk, b->packed, b->n * sizeof *pk);
		memcpy(hi, b->hi, b->n * sizeof *hi);
	}
	free(b->packed);
	free(b->hi);
	b->packed = pk;
	b->hi = hi;
	b->cap = npostings;
}

int mj_index_builder_new(mj_index_builder **out, const mj_winnow_params *p)
{
	*out = NULL;
	int rc = mj_winnow_check(p);
	if (rc)
		return rc;
	mj_index_builder *b = mj_calloc(1, sizeof *b);
	b->params = *p;
	b->atab_cap = 64;
	b->atab = mj_calloc(b->atab_cap, sizeof *b->atab);
	*out = b;
	return 0;
}

void mj_index_builder_free(mj_index_builder *b)
{
	if (!b)
		return;
	free(b->packed);
	free(b->hi);
	free(b->docs);
	free(b->authors);
	free(b->atab);
	free(b->pool);
	mj_fps_free(&b->fps);
	free(b);
}

static uint32_t pool_add(mj_index_builder *b, const char *s, size_t len)
{
	b->pool = grow_array(b->pool, &b->pool_cap, b->pool_len + len + 1, 1);
	uint32_t at = (uint32_t)b->pool_len;
	memcpy(b->pool + at, s, len);
	b->pool[at + len] = 0;
	b->pool_len += len + 1;
	return at;
}

/* Dense id of an author key; NULL/"" gets a fresh id (its own author). */
static uint32_t author_id(mj_index_builder *b, const char *key)
{
	size_t len = key ? strlen(key) : 0;
	if (len == 0) {
		b->authors = grow_array(b->authors, &b->authors_cap, b->nauthors + 1, sizeof *b->authors);
		b->authors[b->nauthors] = pool_add(b, "", 0);
		return (uint32_t)b->nauthors++;
	}
	if ((b->nauthors + 1) * 2 > b->atab_cap) {
		size_t nc = b->atab_cap * 2;
		uint32_t *nt = mj_calloc(nc, sizeof *nt);
		for (size_t i = 0; i < b->atab_cap; i++) {
			if (!b->atab[i])
				continue;
			const char *s = b->pool + b->authors[b->atab[i] - 1];
			size_t j = XXH64(s, strlen(s), 0) & (nc - 1);
			while (nt[j])
				j = (j + 1) & (nc - 1);
			nt[j] = b->atab[i];
		}
		free(b->atab);
		b->atab = nt;
		b->atab_cap = nc;
	}
	size_t j = XXH64(key, len, 0) & (b->atab_cap - 1);
	while (b->atab[j]) {
		if (strcmp(b->pool + b->authors[b->atab[j] - 1], key) == 0)
			return b->atab[j] - 1;
		j = (j + 1) & (b->atab_cap - 1);
	}
	b->authors = grow_array(b->authors, &b->authors_cap, b->nauthors + 1, sizeof *b->authors);
	b->authors[b->nauthors] = pool_add(b, key, len);
	b->atab[j] = (uint32_t)b->nauthors + 1;
	return (uint32_t)b->nauthors++;
}

/* Registers one fingerprinted document (fps->n fingerprints of a text of
 * nchars characters) and makes room for its postings, which go to
 * [*at, *at + fps->n): copy them with copy_postings. */
static int builder_reserve(mj_index_builder *b, uint32_t *doc_id, const char *name,
			   const char *author, size_t nchars, size_t nfps, size_t *at)
{
	if (b->ndocs >= MJ_INDEX_MAX_DOCS)
		return mj_error_set(MJ_ETOOBIG, "比对库文档数超过上限 %u", MJ_INDEX_MAX_DOCS);
	if (nchars > MJ_INDEX_MAX_POS)
		return mj_error_set(MJ_ETOOBIG, "文档“%s”过长", name ? name : "");
	if (b->n + nfps >= UINT32_MAX)
		return mj_error_set(MJ_ETOOBIG, "比对库指纹数超过上限");
	if (b->pool_len + (name ? strlen(name) : 0) + (author ? strlen(author) : 0) + 2 >= UINT32_MAX)
		return mj_error_set(MJ_ETOOBIG, "比对库名称过多");
	uint32_t id = (uint32_t)b->ndocs;
	b->docs = grow_array(b->docs, &b->docs_cap, b->ndocs + 1, sizeof *b->docs);
	doc_rec *d = &b->docs[b->ndocs++];
	d->name_off = pool_add(b, name ? name : "", name ? strlen(name) : 0);
	d->author_id = author_id(b, author);
	d->nchars = (uint32_t)nchars;
	d->nfps = (uint32_t)nfps;
	size_t cap2 = b->cap;
	b->hi = grow_array(b->hi, &cap2, b->n + nfps, sizeof *b->hi);
	b->packed = grow_array(b->packed, &b->cap, b->n + nfps, sizeof *b->packed);
	*at = b->n;
	b->n += nfps;
	if (doc_id)
		*doc_id = id;
	return 0;
}

static void copy_postings(uint64_t *pk, uint16_t *hi, uint32_t id, const mj_fps *fps)
{
	for (size_t i = 0; i < fps->n; i++) {
		uint32_t h = fps->v[i].hash;
		pk[i] = (uint64_t)(h & 0xFFFF) << 48 | (uint64_t)id << 28 | fps->v[i].pos;
		hi[i] = (uint16_t)(h >> 16);
	}
}

int mj_index_builder_add(mj_index_builder *b, uint32_t *doc_id, const char *name,
			 const char *author, const char *text, size_t len)
{
	if (b->ndocs >= MJ_INDEX_MAX_DOCS)
		return mj_error_set(MJ_ETOOBIG, "比对库文档数超过上限 %u", MJ_INDEX_MAX_DOCS);
	size_t nchars = 0;
	int rc = mj_winnow_text(&b->fps, &nchars, &b->params, text, len);
	if (rc)
		return rc;
	size_t at;
	uint32_t id;
	if ((rc = builder_reserve(b, &id, name, author, nchars, b->fps.n, &at)))
		return rc;
	if (b->fps.n) /* no arrays yet for a corpus of empty texts */
		copy_postings(b->packed + at, b->hi + at, id, &b->fps);
	if (doc_id)
		*doc_id = id;
	return 0;
}

/* Runs fn(args + t * size) for t < n on n threads (the calling one included);
 * a share whose thread cannot be started runs here afterwards. */
void mj_index_run_threads(unsigned n, void *(*fn)(void *), void *args, size_t size)
{
	pthread_t th[MJ_INDEX_MAX_THREADS];
	int started[MJ_INDEX_MAX_THREADS] = {0};
	for (unsigned t = 1; t < n; t++)
		started[t] = pthread_create(&th[t], NULL, fn, (char *)args + t * size) == 0;
	fn(args);
	for (unsigned t = 1; t < n; t++)
		if (started[t])
			pthread_join(th[t], NULL);
	for (unsigned t = 1; t < n; t++)
		if (!started[t])
			fn((char *)args + t * size);
}

/* One batch of documents on several threads: fingerprints first, then (once
 * the builder has made room, at[]) the copy of their postings. */
typedef struct {
	mj_index_builder *b;
	mj_index_text_fn get_text;
	void *ctx;             /* this thread's */
	size_t first, end;     /* documents of the batch */
	mj_fps *fps;           /* per document of the batch */
	size_t *nchars;
	const size_t *at;      /* copy: where each document's postings go */
	uint32_t id0;          /* copy: id of the batch's first document */
	atomic_size_t *next;
	size_t failed_at;      /* the first document whose text failed (SIZE_MAX) */
	int rc;
	char msg[256];         /* its error message (thread-local otherwise) */
} fp_batch;

static void *fp_batch_run(void *arg)
{
	fp_batch *j = arg;
	for (;;) {
		size_t i = atomic_fetch_add(j->next, 1);
		if (j->first + i >= j->end)
			break;
		if (j->at) {
			if (j->fps[i].n)
				copy_postings(j->b->packed + j->at[i], j->b->hi + j->at[i],
					      j->id0 + (uint32_t)i, &j->fps[i]);
			continue;
		}
		const char *t;
		size_t len;
		int rc = j->get_text(j->ctx, j->first + i, &t, &len);
		if (!rc) /* params were checked by the builder: no error there */
			rc = mj_winnow_text(&j->fps[i], &j->nchars[i], &j->b->params, t, len);
		if (rc && j->first + i < j->failed_at) {
			j->failed_at = j->first + i;
			j->rc = rc;
			snprintf(j->msg, sizeof j->msg, "%s", mj_error_msg());
		}
	}
	return NULL;
}

/* Documents fingerprinted per thread and batch: the batch's fingerprints are
 * held until they are appended (a few MB at most). A batch ends with the
 * threads waiting for each other twice (fingerprints, then the copies), which
 * on a busy machine costs more than it does idle, so a long run takes up to
 * FP_BATCH_MAX per thread (about eight batches); a short one keeps several. */
#define FP_BATCH_PER_THREAD 32
#define FP_BATCH_MAX 128

/* Runs the batch's jobs (fingerprints, or with at set the copies). */
static void batch_run(fp_batch *jobs, unsigned nthreads, const size_t *at, uint32_t id0)
{
	atomic_size_t next;
	atomic_init(&next, 0);
	for (unsigned t = 0; t < nthreads; t++) {
		jobs[t].next = &next;
		jobs[t].at = at;
		jobs[t].id0 = id0;
	}
	if (nthreads > 1 && jobs[0].end - jobs[0].first > 1)
		mj_index_run_threads(nthreads, fp_batch_run, jobs, sizeof *jobs);
	else
		fp_batch_run(jobs);
}

int mj_index_builder_add_fetch(mj_index_builder *b, size_t n, const char *const *names,
			       const char *const *authors, mj_index_text_fn get_text,
			       void *const *ctxs, unsigned nthreads, mj_index_progress_fn progress,
			       void *pctx)
{
	if (nthreads < 1 || nthreads > MJ_INDEX_MAX_THREADS)
		return mj_error_set(MJ_EINVAL, "线程数必须在 1 到 %d 之间", MJ_INDEX_MAX_THREADS);
	size_t per = n / ((size_t)nthreads * 8);
	per = per < FP_BATCH_PER_THREAD ? FP_BATCH_PER_THREAD : per > FP_BATCH_MAX ? FP_BATCH_MAX : per;
	size_t batch = (size_t)nthreads * per;
	mj_fps *fps = mj_calloc(batch, sizeof *fps);
	size_t *nchars = mj_calloc(batch, sizeof *nchars);
	size_t *at = mj_calloc(batch, sizeof *at);
	fp_batch *jobs = mj_calloc(nthreads, sizeof *jobs);
	int rc = 0;
	for (size_t first = 0; first < n && !rc; first += batch) {
		size_t end = first + batch < n ? first + batch : n;
		if (progress)
			progress(pctx, first, n);
		for (unsigned t = 0; t < nthreads; t++)
			jobs[t] = (fp_batch){.b = b, .get_text = get_text, .ctx = ctxs[t], .first = first,
					     .end = end, .fps = fps, .nchars = nchars,
					     .failed_at = SIZE_MAX};
		batch_run(jobs, nthreads, NULL, 0);
		/* a text that could not be fetched: the first one's error, nothing
		 * of this batch added */
		size_t failed = SIZE_MAX;
		for (unsigned t = 0; t < nthreads; t++)
			if (jobs[t].failed_at < failed) {
				failed = jobs[t].failed_at;
				rc = mj_error_set(jobs[t].rc, "%s", jobs[t].msg);
			}
		if (rc)
			break;
		uint32_t id0 = (uint32_t)b->ndocs;
		size_t done = 0;
		while (first + done < end) {
			size_t i = first + done;
			if ((rc = builder_reserve(b, NULL, names ? names[i] : NULL,
						  authors ? authors[i] : NULL, nchars[done], fps[done].n,
						  &at[done])))
				break;
			done++;
		}
		/* the documents registered get their postings (also when a later
		 * one failed: the builder stays consistent) */
		for (unsigned t = 0; t < nthreads; t++)
			jobs[t].end = first + done;
		batch_run(jobs, nthreads, at, id0);
	}
	if (!rc && progress)
		progress(pctx, n, n);
	for (size_t i = 0; i < batch; i++)
		mj_fps_free(&fps[i]);
	free(fps);
	free(nchars);
	free(at);
	free(jobs);
	return rc;
}

typedef struct {
	const char *const *texts;
	const size_t *lens;
} text_array;

static int array_text(void *ctx, size_t i, const char **text, size_t *len)
{
	const text_array *a = ctx;
	*text = a->texts[i];
	*len = a->lens[i];
	return 0;
}

int mj_index_builder_add_many(mj_index_builder *b, size_t n, const char *const *names,
			      const char *const *authors, const char *const *texts,
			      const size_t *lens, unsigned nthreads, mj_index_progress_fn progress,
			      void *pctx)
{
	text_array a = {texts, lens};
	void *ctxs[MJ_INDEX_MAX_THREADS];
	for (unsigned t = 0; t < MJ_INDEX_MAX_THREADS; t++)
		ctxs[t] = &a;
	return mj_index_builder_add_fetch(b, n, names, authors, array_text, ctxs, nthreads, progress,
					  pctx);
}

static void build_mdir(mj_index *ix);

/* Distinct authors of each group of equal hashes; fills ix->multi. */
static void count_authors(mj_index *ix)
{
	uint32_t *stamp = mj_calloc(ix->nauthors ? ix->nauthors : 1, sizeof *stamp);
	size_t mcap = 0;
	uint32_t group = 0;
	for (uint32_t bk = 0; bk < NBUCKETS; bk++) {
		const uint64_t *p = ix->post + ix->off[bk];
		size_t nb = ix->off[bk + 1] - ix->off[bk];
		for (size_t i = 0; i < nb;) {
			uint64_t key = p[i] >> 48;
			size_t e = i + 1;
			while (e < nb && (p[e] >> 48) == key)
				e++;
			if (e - i >= MJ_INDEX_DF_MIN) {
				group++;
				uint32_t a = 0;
				for (size_t x = i; x < e; x++) {
					uint32_t au = ix->docs[mj_posting_doc(p[x])].author_id;
					if (stamp[au] != group) {
						stamp[au] = group;
						a++;
					}
				}
				if (a >= MJ_INDEX_DF_MIN) {
					ix->multi = grow_array(ix->multi, &mcap, (size_t)ix->nmulti * 2 + 2,
							       sizeof *ix->multi);
					ix->multi[ix->nmulti * 2] = bk << 16 | (uint32_t)key;
					ix->multi[ix->nmulti * 2 + 1] = a;
					ix->nmulti++;
				}
			}
			i = e;
		}
	}
	free(stamp);
}

/* Ascending sort of n 64-bit values (insertion sort for short runs, else a
 * quicksort on the median of three that recurses into the smaller half). */
void mj_sort_u64(uint64_t *v, size_t n)
{
	while (n > 24) {
		uint64_t a = v[0], m = v[n / 2], c = v[n - 1];
		uint64_t piv = a < m ? (m < c ? m : (a < c ? c : a)) : (a < c ? a : (m < c ? c : m));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < piv)
				i++;
			while (v[j] > piv)
				j--;
			if (i >= j)
				break;
			uint64_t t = v[i];
			v[i] = v[j];
			v[j] = t;
			i++;
			j--;
		}
		size_t left = j + 1;
		if (left < n - left) {
			mj_sort_u64(v, left);
			v += left;
			n -= left;
		} else {
			mj_sort_u64(v + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* One in-place pass of an American flag sort: the postings in
 * [bound[0], bound[256]) go to the bucket (hi >> shift) & 0xFF, whose range
 * is [bound[k], bound[k + 1]). next is scratch. */
static void flag_pass(uint64_t *post, uint16_t *hi, const uint32_t *bound, uint32_t *next,
		      unsigned shift)
{
	memcpy(next, bound, 256 * sizeof *next);
	for (unsigned k = 0; k < 256; k++) {
		while (next[k] < bound[k + 1]) {
			size_t i = next[k];
			uint64_t v = post[i];
			uint16_t h = hi[i];
			unsigned hk = (h >> shift) & 0xFF;
			while (hk != k) {
				size_t j = next[hk]++;
				uint64_t tv = post[j];
				uint16_t th = hi[j];
				post[j] = v;
				hi[j] = h;
				v = tv;
				h = th;
				hk = (h >> shift) & 0xFF;
			}
			post[i] = v;
			hi[i] = h;
			next[k]++;
		}
	}
}

/*
 * The lookup directory: with 65,536 buckets a big index has thousands of
 * postings per bucket and a lookup costs a dozen cache misses. The directory
 * splits every bucket by the top bits of the low half so that a range holds
 * about 16 postings (2^16 .. 2^24 entries, ~4 bytes per 4 postings at most).
 */
static void build_dir(mj_index *ix)
{
	uint32_t extra = 0;
	while (extra < 8 && (ix->npostings >> (16 + extra)) > 16)
		extra++;
	if (ix->dir && ix->dir != ix->off)
		free(ix->dir);
	ix->dir_bits = 16 + extra;
	if (!extra) {
		ix->dir = ix->off;
		return;
	}
	size_t nd = (size_t)1 << ix->dir_bits;
	uint32_t *dir = mj_calloc(nd + 1, sizeof *dir);
	for (size_t b = 0; b < NBUCKETS; b++)
		for (size_t i = ix->off[b]; i < ix->off[b + 1]; i++)
			dir[(b << extra | (size_t)(ix->post[i] >> 48) >> (16 - extra)) + 1]++;
	for (size_t i = 1; i <= nd; i++)
		dir[i] += dir[i - 1];
	ix->dir = dir;
}

/* The second radix pass and the bucket sorts of super-buckets [sb_lo, sb_hi):
 * disjoint ranges of the postings, so threads can share them. */
typedef struct {
	uint64_t *post;
	uint16_t *hi;
	const uint32_t *off;
	unsigned sb_lo, sb_hi;
	uint64_t *scratch;     /* bucket_sort's */
	size_t scap;
} finish_job;

/* Ascending sort of one bucket (about 16-100 postings, their high half
 * equal): a counting pass on the top byte (that of the low half of the
 * hash) through scratch, then each run of an equal top byte sorted (most
 * hold one or two postings; a hash many documents share makes a long one).
 * A quicksort of the whole bucket mispredicted a branch per comparison. A
 * rare big bucket (a hash in thousands of documents) is sorted in place, so
 * that the scratch stays small (64 KB per thread). */
#define BUCKET_SCRATCH_MAX 4096

static void bucket_sort(uint64_t *v, size_t n, uint64_t **scratch, size_t *scap)
{
	if (n <= 32 || n > BUCKET_SCRATCH_MAX) {
		mj_sort_u64(v, n);
		return;
	}
	if (n > *scap) {
		*scap = BUCKET_SCRATCH_MAX;
		free(*scratch);
		*scratch = mj_malloc(*scap * sizeof **scratch);
	}
	uint64_t *t = *scratch;
	uint32_t cnt[257] = {0};
	for (size_t i = 0; i < n; i++)
		cnt[(v[i] >> 56) + 1]++;
	for (unsigned b = 1; b <= 256; b++)
		cnt[b] += cnt[b - 1];
	uint32_t at[256];
	memcpy(at, cnt, sizeof at);
	for (size_t i = 0; i < n; i++)
		t[at[v[i] >> 56]++] = v[i];
	memcpy(v, t, n * sizeof *v);
	for (unsigned b = 0; b < 256; b++)
		if (cnt[b + 1] - cnt[b] > 1)
			mj_sort_u64(v + cnt[b], cnt[b + 1] - cnt[b]);
}

static void *finish_run(void *arg)
{
	finish_job *j = arg;
	uint32_t bound[257], next[256];
	for (unsigned sb = j->sb_lo; sb < j->sb_hi; sb++) {
		for (unsigned t = 0; t <= 256; t++)
			bound[t] = j->off[(sb << 8) + t];
		flag_pass(j->post, j->hi, bound, next, 0);
		for (size_t k = (size_t)sb << 8; k < ((size_t)sb + 1) << 8; k++)
			bucket_sort(j->post + j->off[k], j->off[k + 1] - j->off[k], &j->scratch,
				    &j->scap);
	}
	free(j->scratch);
	return NULL;
}

int mj_index_builder_finish(mj_index **out, mj_index_builder *b)
{
	return mj_index_builder_finish_threads(out, b, 1);
}

int mj_index_builder_finish_threads(mj_index **out, mj_index_builder *b, unsigned nthreads)
{
	*out = NULL;
	if (nthreads < 1 || nthreads > MJ_INDEX_MAX_THREADS) {
		mj_index_builder_free(b);
		return mj_error_set(MJ_EINVAL, "线程数必须在 1 到 %d 之间", MJ_INDEX_MAX_THREADS);
	}
	mj_index *ix = mj_calloc(1, sizeof *ix);
	ix->params = b->params;
	ix->ndocs = (uint32_t)b->ndocs;
	ix->nauthors = (uint32_t)b->nauthors;
	ix->npostings = b->n;
	size_t n = b->n;
	/* In place, so that the peak is the builder's 10 bytes per posting:
	 * postings are permuted into their buckets (high half of the hash) by
	 * cycle-leader swaps, then every bucket is sorted by its packed value,
	 * which orders it by low half of the hash, then document, then position. */
	uint32_t *cnt = mj_calloc(NBUCKETS + 1, sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[b->hi[i] + 1]++;
	for (size_t i = 1; i <= NBUCKETS; i++)
		cnt[i] += cnt[i - 1];
	ix->off = mj_malloc((NBUCKETS + 1) * sizeof *ix->off);
	memcpy(ix->off, cnt, (NBUCKETS + 1) * sizeof *cnt);
	uint64_t *post = b->packed ? b->packed : mj_malloc(sizeof *post);
	uint16_t *hi = b->hi;
	b->packed = NULL;
	b->hi = NULL;
	/* two in-place passes of 256 buckets each (top byte, then low byte of
	 * the high half): few write heads, so the swaps stay in cache. The
	 * second pass and the sorts work on the 256 disjoint ranges of the
	 * first, split between the threads by postings. */
	uint32_t bound[257], next[256];
	for (unsigned t = 0; t <= 256; t++)
		bound[t] = ix->off[t < 256 ? t << 8 : NBUCKETS];
	flag_pass(post, hi, bound, next, 8);
	finish_job jobs[MJ_INDEX_MAX_THREADS];
	unsigned sb = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		size_t want = n / nthreads * (t + 1);
		jobs[t] = (finish_job){post, hi, ix->off, sb, sb, NULL, 0};
		while (sb < 256 && (t + 1 == nthreads || ix->off[(sb + 1) << 8] <= want))
			sb++;
		jobs[t].sb_hi = sb;
	}
	mj_index_run_threads(nthreads, finish_run, jobs, sizeof *jobs);
	free(hi);
	free(cnt);
	ix->post = post;
	ix->docs = b->docs;
	b->docs = NULL;
	ix->authors = b->authors;
	b->authors = NULL;
	ix->pool = b->pool ? b->pool : mj_calloc(1, 1);
	ix->pool_len = b->pool ? b->pool_len : 1;
	b->pool = NULL;
	mj_index_builder_free(b);
	build_dir(ix);
	count_authors(ix);
	build_mdir(ix);
	*out = ix;
	return 0;
}

void mj_index_free(mj_index *ix)
{
	if (!ix)
		return;
	if (ix->map) {
		munmap(ix->map, ix->map_len);
		free((void *)ix->ok);
		free(ix->mdir);
		free(ix);
		return;
	}
	if (ix->dir != ix->off)
		free(ix->dir);
	free(ix->off);
	free(ix->post);
	free(ix->multi);
	free(ix->mdir);
	free(ix->docs);
	free(ix->authors);
	free(ix->pool);
	free(ix);
}

mj_winnow_params mj_index_params(const mj_index *ix) { return ix->params; }
uint32_t mj_index_ndocs(const mj_index *ix) { return ix->ndocs; }
uint32_t mj_index_nauthors(const mj_index *ix) { return ix->nauthors; }
size_t mj_index_npostings(const mj_index *ix) { return ix->npostings; }

size_t mj_index_memory(const mj_index *ix)
{
	size_t dir = ix->dir != ix->off ? (((size_t)1 << ix->dir_bits) + 1) * sizeof(uint32_t) : 0;
	return sizeof *ix + 2 * (NBUCKETS + 1) * sizeof(uint32_t) + dir + ix->npostings * 8 +
	       (size_t)ix->nmulti * 8 + (size_t)ix->ndocs * sizeof(doc_rec) +
	       (size_t)ix->nauthors * 4 + ix->pool_len;
}

int mj_index_doc_get(const mj_index *ix, uint32_t id, mj_index_doc *out)
{
	if (id >= ix->ndocs)
		return mj_error_set(MJ_ENOTFOUND, "比对库中没有编号为 %u 的文档", id);
	const doc_rec *d = &ix->docs[id];
	out->id = id;
	out->name = ix->pool + d->name_off;
	out->author = ix->pool + ix->authors[d->author_id];
	out->author_id = d->author_id;
	out->nchars = d->nchars;
	out->nfps = d->nfps;
	return 0;
}

uint32_t mj_index_doc_author(const mj_index *ix, uint32_t id) { return ix->docs[id].author_id; }

/* The directory of the author counts: with hundreds of thousands of them a
 * binary search over all cost a dozen cache misses per lookup. */
static void build_mdir(mj_index *ix)
{
	free(ix->mdir);
	ix->mdir = mj_calloc(NBUCKETS + 1, sizeof *ix->mdir);
	for (size_t i = 0; i < ix->nmulti; i++)
		ix->mdir[(ix->multi[i * 2] >> 16) + 1]++;
	for (size_t b = 1; b <= NBUCKETS; b++)
		ix->mdir[b] += ix->mdir[b - 1];
}

static uint32_t authors_of(const mj_index *ix, uint32_t hash, size_t n)
{
	if (n < 2)
		return (uint32_t)n;
	size_t lo = ix->mdir[hash >> 16], hi = ix->mdir[(hash >> 16) + 1], end = hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->multi[mid * 2] < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < end && ix->multi[lo * 2] == hash)
		return ix->multi[lo * 2 + 1];
	return n < MJ_INDEX_DF_MIN ? (uint32_t)n : MJ_INDEX_DF_MIN - 1;
}

size_t mj_index_lookup(const mj_index *ix, uint32_t hash, const uint64_t **postings,
		       uint32_t *authors)
{
	uint32_t b = hash >> (32 - ix->dir_bits);
	uint64_t key = (uint64_t)(hash & 0xFFFF);
	if (ix->ok && !bucket_ok(ix, hash >> 16)) {
		*postings = ix->post;
		if (authors)
			*authors = 0;
		return 0;
	}
	size_t lo = ix->dir[b], hi = ix->dir[b + 1], top = hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((ix->post[mid] >> 48) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < top && (ix->post[end] >> 48) == key)
		end++;
	*postings = ix->post + lo;
	if (authors)
		*authors = authors_of(ix, hash, end - lo);
	return end - lo;
}

void mj_index_prefetch(const mj_index *ix, uint32_t hash, int stage)
{
	uint32_t b = hash >> (32 - ix->dir_bits);
	if (stage == 0) {
		__builtin_prefetch(&ix->dir[b]);
		return;
	}
	size_t lo = ix->dir[b], hi = ix->dir[b + 1];
	__builtin_prefetch(&ix->post[lo]);
	__builtin_prefetch(&ix->mdir[hash >> 16]);
	if (hi > lo + 8)
		__builtin_prefetch(&ix->post[lo + (hi - lo) / 2]);
}

size_t mj_index_bucket(const mj_index *ix, uint32_t b, const uint64_t **postings)
{
	if (b >= NBUCKETS || (ix->ok && !bucket_ok(ix, b))) {
		*postings = ix->post;
		return 0;
	}
	*postings = ix->post + ix->off[b];
	return ix->off[b + 1] - ix->off[b];
}

uint32_t mj_index_authors(const mj_index *ix, uint32_t hash, size_t npostings)
{
	if (ix->ok && !bucket_ok(ix, hash >> 16))
		return 0; /* a damaged bucket of a mapped index: as mj_index_lookup */
	return authors_of(ix, hash, npostings);
}

size_t mj_index_next_group(const mj_index *ix, size_t *cursor, uint32_t *hash,
			   const uint64_t **postings, uint32_t *authors)
{
	size_t i = *cursor;
	if (i >= ix->npostings)
		return 0;
	uint64_t key = ix->post[i] >> 48;
	/* the bucket holding i: binary search over off */
	size_t lo = 0, hi = NBUCKETS;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (ix->off[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	if (ix->ok && !bucket_ok(ix, (uint32_t)lo)) {
		*cursor = ix->off[lo + 1] > i ? ix->off[lo + 1] : ix->npostings;
		*hash = (uint32_t)lo << 16;
		*postings = ix->post + i;
		if (authors)
			*authors = 0;
		return 0;
	}
	size_t end = i + 1;
	while (end < ix->off[lo + 1] && (ix->post[end] >> 48) == key)
		end++;
	*hash = (uint32_t)lo << 16 | (uint32_t)key;
	*postings = ix->post + i;
	if (authors)
		*authors = authors_of(ix, *hash, end - i);
	*cursor = end;
	return end - i;
}

/* ---- blob ---- */

#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
static int put_u32(mj_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	return mj_buf_put(b, x, 4);
}
#endif

static int put_u32s(mj_buf *b, const uint32_t *v, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return mj_buf_put(b, v, n * 4);
#else
	for (size_t i = 0; i < n; i++) {
		int rc = put_u32(b, v[i]);
		if (rc)
			return rc;
	}
	return 0;
#endif
}

static int put_u64s(mj_buf *b, const uint64_t *v, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return mj_buf_put(b, v, n * 8);
#else
	for (size_t i = 0; i < n; i++) {
		int rc = put_u32(b, (uint32_t)v[i]);
		if (!rc)
			rc = put_u32(b, (uint32_t)(v[i] >> 32));
		if (rc)
			return rc;
	}
	return 0;
#endif
}

int mj_index_serialize(const mj_index *ix, mj_buf *out)
{
	int rc = 0;
	uint32_t hdr[9] = {INDEX_VERSION, ix->params.k, ix->params.w, ix->ndocs, ix->nauthors,
			   ix->nmulti, (uint32_t)ix->pool_len, (uint32_t)ix->npostings,
			   (uint32_t)((uint64_t)ix->npostings >> 32)};
	if ((rc = mj_buf_put(out, "MJIX", 4)) || (rc = put_u32s(out, hdr, 9)) ||
	    (rc = put_u32s(out, ix->off, NBUCKETS + 1)) ||
	    (rc = put_u64s(out, ix->post, ix->npostings)) ||
	    (rc = put_u32s(out, ix->multi, (size_t)ix->nmulti * 2)) ||
	    (rc = put_u32s(out, (const uint32_t *)ix->docs, (size_t)ix->ndocs * 4)) ||
	    (rc = put_u32s(out, ix->authors, ix->nauthors)) ||
	    (rc = mj_buf_put(out, ix->pool, ix->pool_len)))
		return mj_error_set(rc, "比对库索引过大，无法保存");
	return 0;
}

typedef struct {
	const unsigned char *p;
	size_t left;
} reader;

static int get_u32s(reader *r, uint32_t *v, size_t n)
{
	if (n > r->left / 4)
		return MJ_EFORMAT;
	for (size_t i = 0; i < n; i++, r->p += 4)
		v[i] = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
		       (uint32_t)r->p[3] << 24;
	r->left -= n * 4;
	return 0;
}

static int get_u64s(reader *r, uint64_t *v, size_t n)
{
	if (n > r->left / 8)
		return MJ_EFORMAT;
	for (size_t i = 0; i < n; i++) {
		uint32_t lohi[2];
		get_u32s(r, lohi, 2);
		v[i] = (uint64_t)lohi[1] << 32 | lohi[0];
	}
	return 0;
}

int mj_index_load(mj_index **out, const void *data, size_t len)
{
	*out = NULL;
	reader r = {data, len};
	uint32_t hdr[9];
	mj_index *ix = NULL;
	if (len < 4 + 36 || memcmp(data, "MJIX", 4) != 0)
		goto bad;
	r.p += 4;
	r.left -= 4;
	get_u32s(&r, hdr, 9);
	if (hdr[0] != INDEX_VERSION)
		goto bad;
	ix = mj_calloc(1, sizeof *ix);
	ix->params.k = hdr[1];
	ix->params.w = hdr[2];
	ix->ndocs = hdr[3];
	ix->nauthors = hdr[4];
	ix->nmulti = hdr[5];
	ix->pool_len = hdr[6];
	uint64_t np = (uint64_t)hdr[7] | (uint64_t)hdr[8] << 32;
	if (hdr[1] < 1 || hdr[1] > MJ_WINNOW_MAX_K || hdr[2] < 1 || hdr[2] > MJ_WINNOW_MAX_W ||
	    ix->ndocs > MJ_INDEX_MAX_DOCS || np > UINT32_MAX || ix->pool_len < 1)
		goto bad;
	ix->npostings = (size_t)np;
	/* every array must fit in what is left before allocating it */
	size_t need = (NBUCKETS + 1) * 4.0 + np * 8.0 + ix->nmulti * 8.0 + ix->ndocs * 16.0 +
		      ix->nauthors * 4.0 + ix->pool_len > (double)r.left ? SIZE_MAX : 0;
	if (need)
		goto bad;
	ix->off = mj_malloc((NBUCKETS + 1) * sizeof *ix->off);
	ix->post = mj_malloc((np ? np : 1) * 8);
	ix->multi = mj_malloc(((size_t)ix->nmulti * 2 + 1) * 4);
	ix->docs = mj_malloc(((size_t)ix->ndocs + 1) * sizeof *ix->docs);
	ix->authors = mj_malloc(((size_t)ix->nauthors + 1) * 4);
	ix->pool = mj_malloc(ix->pool_len);
	if (get_u32s(&r, ix->off, NBUCKETS + 1) || get_u64s(&r, ix->post, np) ||
	    get_u32s(&r, ix->multi, (size_t)ix->nmulti * 2) ||
	    get_u32s(&r, (uint32_t *)ix->docs, (size_t)ix->ndocs * 4) ||
	    get_u32s(&r, ix->authors, ix->nauthors) || r.left != ix->pool_len)
		goto bad;
	memcpy(ix->pool, r.p, ix->pool_len);
	if (ix->pool[ix->pool_len - 1] != 0)
		goto bad;
	/* structure checks: lookups and reports never read out of bounds */
	if (ix->off[0] != 0 || ix->off[NBUCKETS] != np)
		goto bad;
	for (size_t b = 0; b < NBUCKETS; b++) {
		if (ix->off[b] > ix->off[b + 1])
			goto bad;
		for (size_t i = ix->off[b]; i < ix->off[b + 1]; i++) {
			uint64_t p = ix->post[i];
			if (i > ix->off[b] && (p >> 48) < (ix->post[i - 1] >> 48))
				goto bad;
			if (mj_posting_doc(p) >= ix->ndocs)
				goto bad;
		}
	}
	for (size_t i = 0; i < ix->nmulti; i++)
		if (i && ix->multi[i * 2] <= ix->multi[i * 2 - 2])
			goto bad;
	for (size_t i = 0; i < ix->ndocs; i++) {
		if (ix->docs[i].name_off >= ix->pool_len || ix->docs[i].author_id >= ix->nauthors)
			goto bad;
	}
	for (size_t i = 0; i < ix->nauthors; i++)
		if (ix->authors[i] >= ix->pool_len)
			goto bad;
	for (size_t i = 0; i < np; i++)
		if (mj_posting_pos(ix->post[i]) > ix->docs[mj_posting_doc(ix->post[i])].nchars)
			goto bad;
	build_dir(ix);
	build_mdir(ix);
	*out = ix;
	return 0;
bad:
	mj_index_free(ix);
	return mj_error_set(MJ_EFORMAT, "比对库索引数据已损坏或版本不符");
}

/* ---- mapped index file ----
 *
 * The same arrays as in memory, each 64-byte aligned, after a 256-byte
 * header, in native little-endian order so that they are used in place:
 *   off[65537] u32 | dir[2^dir_bits + 1] u32 (absent when dir_bits is 16) |
 *   postings[n] u64 | sums[65536] u64 | multi[2 * nmulti] u32 |
 *   docs[4 * ndocs] u32 | authors[nauthors] u32 | pool | extra (the caller's)
 * The layout follows from the counts alone (offsets are computed, never
 * read). The header has its own checksum; off, sums, multi, docs, authors,
 * pool and extra have one checksum checked when the file is mapped (a few
 * MB at 150,000 documents); the postings and directory of bucket b, the bulk
 * of the file, have sums[b], checked with the postings' bounds when a lookup
 * first touches b. */

#define MAP_MAGIC "MJIXMAP"
#define MAP_VERSION 1u

typedef struct {
	char magic[8];
	uint32_t version, header_size;
	uint32_t k, w, ndocs, nauthors, nmulti, dir_bits;
	uint64_t npostings, pool_len, extra_len, file_size;
	char stamp[MJ_INDEX_STAMP_MAX];
	uint64_t meta_sum;
	uint64_t header_sum;
	unsigned char pad[256 - 8 - 8 * 4 - 4 * 8 - MJ_INDEX_STAMP_MAX - 16];
} map_header;

_Static_assert(sizeof(map_header) == 256, "map header is 256 bytes");

typedef struct {
	uint64_t off, dir, post, sums, multi, docs, authors, pool, extra, end;
} map_layout;

static uint64_t align64(uint64_t v) { return (v + 63) & ~(uint64_t)63; }

static void layout_of(map_layout *l, uint32_t dir_bits, uint64_t np, uint32_t nmulti, uint32_t ndocs,
		      uint32_t nauthors, uint64_t pool_len, uint64_t extra_len)
{
	l->off = sizeof(map_header);
	l->dir = align64(l->off + (NBUCKETS + 1) * 4ull);
	l->post = align64(l->dir + (dir_bits > 16 ? ((1ull << dir_bits) + 1) * 4 : 0));
	l->sums = align64(l->post + np * 8);
	l->multi = align64(l->sums + NBUCKETS * 8ull);
	l->docs = align64(l->multi + nmulti * 8ull);
	l->authors = align64(l->docs + ndocs * 16ull);
	l->pool = align64(l->authors + nauthors * 4ull);
	l->extra = align64(l->pool + pool_len);
	l->end = l->extra + extra_len;
}

/* Checksum of bucket b's postings and directory entries. */
static uint64_t bucket_sum(const mj_index *ix, uint32_t b)
{
	uint64_t h = XXH64(ix->post + ix->off[b], (size_t)(ix->off[b + 1] - ix->off[b]) * 8, b);
	if (ix->dir != ix->off) {
		uint32_t e = ix->dir_bits - 16;
		h = XXH64(ix->dir + ((size_t)b << e), (((size_t)1 << e) + 1) * 4, h);
	}
	return h;
}

static int bucket_check(const mj_index *ix, uint32_t b)
{
	size_t lo = ix->off[b], hi = ix->off[b + 1];
	if (ix->dir != ix->off) {
		uint32_t e = ix->dir_bits - 16;
		const uint32_t *d = ix->dir + ((size_t)b << e);
		if (d[0] != lo || d[(size_t)1 << e] != hi)
			return 0;
		for (size_t i = 0; i < ((size_t)1 << e); i++)
			if (d[i] > d[i + 1])
				return 0;
	}
	if (bucket_sum(ix, b) != ix->sums[b])
		return 0;
	/* the bounds too, so that even a file made to match its checksums
	 * never leads a reader out of its arrays */
	for (size_t i = lo; i < hi; i++) {
		uint64_t p = ix->post[i];
		uint32_t d = mj_posting_doc(p);
		if (d >= ix->ndocs || mj_posting_pos(p) > ix->docs[d].nchars ||
		    (i > lo && (p >> 48) < (ix->post[i - 1] >> 48)))
			return 0;
	}
	return 1;
}

static int bucket_ok(const mj_index *ix, uint32_t b)
{
	mj_index *w = (mj_index *)ix; /* the check's memo only */
	unsigned char v = atomic_load_explicit(&w->ok[b], memory_order_acquire);
	if (!v) {
		v = bucket_check(ix, b) ? 1 : 2;
		atomic_store_explicit(&w->ok[b], v, memory_order_release);
	}
	if (v != 1)
		atomic_store(&w->corrupt, 1);
	return v == 1;
}

int mj_index_corrupt(const mj_index *ix)
{
	return ix->ok ? atomic_load(&((mj_index *)ix)->corrupt) : 0;
}

int mj_index_verify(const mj_index *ix)
{
	if (!ix->ok)
		return 0;
	for (uint32_t b = 0; b < NBUCKETS; b++)
		if (!bucket_ok(ix, b))
			return mj_error_set(MJ_EFORMAT, "比对库索引文件第 %u 段已损坏", b);
	return 0;
}

static int put_pad(FILE *f, uint64_t *at, uint64_t to)
{
	static const unsigned char zero[64];
	if (to < *at || to - *at > sizeof zero)
		return -1;
	if (to > *at && fwrite(zero, 1, (size_t)(to - *at), f) != to - *at)
		return -1;
	*at = to;
	return 0;
}

static int put_sec(FILE *f, uint64_t *at, uint64_t start, const void *p, uint64_t len)
{
	if (put_pad(f, at, start) || (len && fwrite(p, 1, (size_t)len, f) != len))
		return -1;
	*at += len;
	return 0;
}

int mj_index_write_file(const mj_index *ix, const char *path, const char *stamp, const void *extra,
			size_t extra_len)
{
#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
	(void)ix; (void)path; (void)stamp; (void)extra; (void)extra_len;
	return mj_error_set(MJ_EINVAL, "本机字节序不支持比对库索引文件");
#else
	if (strlen(stamp) >= MJ_INDEX_STAMP_MAX)
		return mj_error_set(MJ_EINVAL, "比对库索引文件的版本标记过长");
	map_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, MAP_MAGIC, sizeof MAP_MAGIC);
	h.version = MAP_VERSION;
	h.header_size = sizeof h;
	h.k = ix->params.k;
	h.w = ix->params.w;
	h.ndocs = ix->ndocs;
	h.nauthors = ix->nauthors;
	h.nmulti = ix->nmulti;
	h.dir_bits = ix->dir_bits;
	h.npostings = ix->npostings;
	h.pool_len = ix->pool_len;
	h.extra_len = extra_len;
	strcpy(h.stamp, stamp);
	map_layout l;
	layout_of(&l, h.dir_bits, h.npostings, h.nmulti, h.ndocs, h.nauthors, h.pool_len, h.extra_len);
	h.file_size = l.end;
	uint64_t *sums = mj_malloc(NBUCKETS * sizeof *sums);
	for (uint32_t b = 0; b < NBUCKETS; b++)
		sums[b] = bucket_sum(ix, b);
	XXH64_state_t *xs = XXH64_createState();
	XXH64_reset(xs, 0);
	XXH64_update(xs, ix->off, (NBUCKETS + 1) * 4);
	XXH64_update(xs, sums, NBUCKETS * 8);
	XXH64_update(xs, ix->multi ? (const void *)ix->multi : "", (size_t)ix->nmulti * 8);
	XXH64_update(xs, ix->docs ? (const void *)ix->docs : "", (size_t)ix->ndocs * 16);
	XXH64_update(xs, ix->authors ? (const void *)ix->authors : "", (size_t)ix->nauthors * 4);
	XXH64_update(xs, ix->pool, ix->pool_len);
	XXH64_update(xs, extra_len ? extra : "", extra_len);
	h.meta_sum = XXH64_digest(xs);
	XXH64_freeState(xs);
	h.header_sum = XXH64(&h, offsetof(map_header, header_sum), 0);

	size_t tl = strlen(path) + 32;
	char *tmp = mj_malloc(tl);
	snprintf(tmp, tl, "%s.tmp%ld", path, (long)getpid());
	/* owner-only (the names of the documents are in it), never through a link */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (fd >= 0 && !f)
		close(fd);
	int bad = !f;
	uint64_t at = 0;
	if (!bad)
		bad = put_sec(f, &at, 0, &h, sizeof h) || put_sec(f, &at, l.off, ix->off, (NBUCKETS + 1) * 4ull) ||
		      (ix->dir != ix->off && put_sec(f, &at, l.dir, ix->dir, ((1ull << ix->dir_bits) + 1) * 4)) ||
		      put_sec(f, &at, l.post, ix->post, h.npostings * 8) ||
		      put_sec(f, &at, l.sums, sums, NBUCKETS * 8ull) ||
		      put_sec(f, &at, l.multi, ix->multi, h.nmulti * 8ull) ||
		      put_sec(f, &at, l.docs, ix->docs, h.ndocs * 16ull) ||
		      put_sec(f, &at, l.authors, ix->authors, h.nauthors * 4ull) ||
		      put_sec(f, &at, l.pool, ix->pool, h.pool_len) || put_sec(f, &at, l.extra, extra, extra_len) ||
		      at != l.end;
	if (f && fclose(f))
		bad = 1;
	if (!bad && rename(tmp, path))
		bad = 1;
	if (bad)
		unlink(tmp);
	free(tmp);
	free(sums);
	return bad ? mj_error_set(MJ_EIO, "无法写入比对库索引文件 %s", path) : 0;
#endif
}

int mj_index_map(mj_index **out, const char *path, char stamp[MJ_INDEX_STAMP_MAX], const void **extra,
		 size_t *extra_len)
{
	*out = NULL;
	stamp[0] = 0;
#if !(defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
	(void)path; (void)extra; (void)extra_len;
	return mj_error_set(MJ_EFORMAT, "本机字节序不支持比对库索引文件");
#else
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mj_error_set(MJ_ENOTFOUND, "没有比对库索引文件 %s", path);
	struct stat sb;
	void *map = MAP_FAILED;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size >= sizeof(map_header) &&
	    (uint64_t)sb.st_size <= SIZE_MAX)
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return mj_error_set(MJ_EFORMAT, "比对库索引文件 %s 无法读取或过短", path);
	size_t len = (size_t)sb.st_size;
	const unsigned char *base = map;
	map_header h;
	memcpy(&h, base, sizeof h);
	mj_index *ix = NULL;
	map_layout l;
	if (memcmp(h.magic, MAP_MAGIC, sizeof MAP_MAGIC) != 0 || h.version != MAP_VERSION ||
	    h.header_size != sizeof h || h.header_sum != XXH64(&h, offsetof(map_header, header_sum), 0) ||
	    !memchr(h.stamp, 0, sizeof h.stamp))
		goto bad;
	if (h.k < 1 || h.k > MJ_WINNOW_MAX_K || h.w < 1 || h.w > MJ_WINNOW_MAX_W || h.ndocs > MJ_INDEX_MAX_DOCS ||
	    h.npostings > UINT32_MAX || h.nmulti > h.npostings || h.dir_bits < 16 || h.dir_bits > 24 ||
	    h.pool_len < 1 || h.pool_len > UINT32_MAX || h.extra_len > ((uint64_t)1 << 40) ||
	    h.nauthors > h.ndocs + 1ull)
		goto bad;
	layout_of(&l, h.dir_bits, h.npostings, h.nmulti, h.ndocs, h.nauthors, h.pool_len, h.extra_len);
	if (l.end != h.file_size || h.file_size != (uint64_t)len)
		goto bad;
	XXH64_state_t *xs = XXH64_createState();
	XXH64_reset(xs, 0);
	XXH64_update(xs, base + l.off, (NBUCKETS + 1) * 4);
	XXH64_update(xs, base + l.sums, NBUCKETS * 8);
	XXH64_update(xs, base + l.multi, (size_t)h.nmulti * 8);
	XXH64_update(xs, base + l.docs, (size_t)h.ndocs * 16);
	XXH64_update(xs, base + l.authors, (size_t)h.nauthors * 4);
	XXH64_update(xs, base + l.pool, (size_t)h.pool_len);
	XXH64_update(xs, base + l.extra, (size_t)h.extra_len);
	uint64_t sum = XXH64_digest(xs);
	XXH64_freeState(xs);
	if (sum != h.meta_sum)
		goto bad;
	ix = mj_calloc(1, sizeof *ix);
	ix->map = map;
	ix->map_len = len;
	ix->params.k = h.k;
	ix->params.w = h.w;
	ix->ndocs = h.ndocs;
	ix->nauthors = h.nauthors;
	ix->nmulti = h.nmulti;
	ix->npostings = (size_t)h.npostings;
	ix->pool_len = (size_t)h.pool_len;
	ix->off = (uint32_t *)(base + l.off);
	ix->dir_bits = h.dir_bits;
	ix->dir = h.dir_bits > 16 ? (uint32_t *)(base + l.dir) : ix->off;
	ix->post = (uint64_t *)(base + l.post);
	ix->sums = (const uint64_t *)(base + l.sums);
	ix->multi = (uint32_t *)(base + l.multi);
	ix->docs = (doc_rec *)(base + l.docs);
	ix->authors = (uint32_t *)(base + l.authors);
	ix->pool = (char *)(base + l.pool);
	ix->extra = base + l.extra;
	ix->extra_len = (size_t)h.extra_len;
	ix->ok = mj_calloc(NBUCKETS, sizeof *ix->ok);
	atomic_init(&ix->corrupt, 0);
	/* what every reader relies on, checked whole (small arrays) */
	if (ix->off[0] != 0 || ix->off[NBUCKETS] != ix->npostings || ix->pool[ix->pool_len - 1] != 0)
		goto bad;
	for (size_t b = 0; b < NBUCKETS; b++)
		if (ix->off[b] > ix->off[b + 1])
			goto bad;
	for (size_t i = 0; i < ix->ndocs; i++)
		if (ix->docs[i].name_off >= ix->pool_len || ix->docs[i].author_id >= ix->nauthors)
			goto bad;
	for (size_t i = 0; i < ix->nauthors; i++)
		if (ix->authors[i] >= ix->pool_len)
			goto bad;
	if (ix->dir != ix->off && (ix->dir[0] != 0 || ix->dir[(size_t)1 << ix->dir_bits] != ix->npostings))
		goto bad;
	/* the author-count directory is derived, built here as after a load */
	build_mdir(ix);
	memcpy(stamp, h.stamp, sizeof h.stamp);
	if (extra)
		*extra = ix->extra;
	if (extra_len)
		*extra_len = ix->extra_len;
	*out = ix;
	return 0;
bad:
	if (ix)
		mj_index_free(ix);
	else
		munmap(map, len);
	return mj_error_set(MJ_EFORMAT, "比对库索引文件 %s 已损坏或版本不符", path);
#endif
}
