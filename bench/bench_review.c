/*
 * Benchmark of the review engine on a corpus generated reproducibly from a
 * fixed seed (nothing is stored: each document's text is regenerated from its
 * id whenever needed). Prints each figure with its ratio to the target:
 *   - fingerprinting throughput of UTF-8 Chinese, MB/s on one core (>= 500);
 *   - index memory per 10,000-character document, default mode (<= 8 KB);
 *   - one 10,000-character material against N documents, median / p99
 *     latency (<= 20 ms / <= 100 ms), text fetching included;
 *   - the near-duplicate pass over the N documents (<= 3 min).
 * Sizes come from the environment so a quick run is possible:
 *   MJ_BENCH_DOCS (100000) MJ_BENCH_CHARS (10000) MJ_BENCH_QUERIES (200)
 *   MJ_BENCH_FP_MB (200) MJ_BENCH_DEDUP (1: run the near-duplicate pass)
 *   MJ_BENCH_THREADS (2: threads for the near-duplicate pass)
 *   MJ_BENCH_CACHE (1: keep the corpus texts in memory, so latencies measure
 *   the engine; 0: regenerate a candidate's text on every fetch)
 *
 * The corpus: prose from a 20,000-word vocabulary with a skewed (Zipf-like)
 * frequency, a pool of 60 stock sentences (about 10 per document), passages of
 * 50..300 characters copied from 1,000 "template site" documents by 30% of the
 * documents, and 0.5% near-duplicates (another document with 1% of its
 * characters changed).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/norm.h"
#include "core/review_index.h"
#include "core/review_match.h"
#include "core/winnow.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

#define SEED 20261129u
#define NVOCAB 20000
#define NSTOCK 60
#define NTEMPLATES 1000
#define TEMPLATE_BASE 100000000u

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

typedef struct {
	char word[NVOCAB][12];
	uint8_t wlen[NVOCAB];
	mj_buf stock[NSTOCK];
	mj_buf templ[NTEMPLATES];
	size_t nchars;
} world;

/* A seed for stream id: streams seeded id * G apart would be shifted copies. */
static uint64_t seed_for(uint64_t salt, uint64_t id)
{
	uint64_t z = salt * 0xD6E8FEB86659FD93ull ^ id;
	z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
	z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ull;
	return z ^ (z >> 33);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread / of the whole process: on a shared machine wall
 * times include waiting for a core, CPU times do not. */
static double cpu_thread(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_process(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t env_size(const char *name, size_t def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *end;
	unsigned long long x = strtoull(v, &end, 10);
	return *end ? def : (size_t)x;
}

static void prose(world *w, rng *r, mj_buf *b, size_t nchars)
{
	size_t made = 0;
	while (made < nchars) {
		uint64_t a = rnd(r);
		/* one word in four from a skewed distribution (frequent words) */
		size_t i = (a >> 56) < 64 ? (size_t)(((a & 0xFFFF) % NVOCAB) * ((a >> 16 & 0xFFFF) % NVOCAB) / NVOCAB)
					  : (size_t)((a & 0xFFFFFFFF) % NVOCAB);
		mj_buf_put(b, w->word[i], w->wlen[i]);
		made += w->wlen[i] / 3;
		uint64_t p = (a >> 40) % 100;
		if (p < 7)
			mj_buf_put(b, "，", 3);
		else if (p < 10)
			mj_buf_put(b, "。", 3);
		else if (p == 10)
			mj_buf_put(b, "。\n", 4);
	}
}

static void world_init(world *w)
{
	rng r = {SEED};
	for (int i = 0; i < NVOCAB; i++) {
		int n = 1 + (int)(rnd(&r) % 4);
		w->wlen[i] = (uint8_t)(n * 3);
		for (int k = 0; k < n; k++)
			mj_utf8_encode(0x4E00 + (uint32_t)(rnd(&r) % 20902), w->word[i] + k * 3);
	}
	for (int i = 0; i < NSTOCK; i++) {
		mj_buf_init(&w->stock[i], 0);
		prose(w, &r, &w->stock[i], 15 + rnd(&r) % 25);
	}
}

/* The base text of document id (templates included), without near-duplication. */
static void base_text(world *w, uint32_t id, mj_buf *b)
{
	rng r = {seed_for(SEED, id)};
	size_t target = w->nchars;
	int templ = id >= TEMPLATE_BASE;
	int copies = !templ && rnd(&r) % 100 < 30 ? 1 + (int)(rnd(&r) % 3) : 0;
	size_t made = 0;
	while (made < target) {
		size_t chunk = 200 + rnd(&r) % 600;
		size_t before = b->len;
		prose(w, &r, b, chunk);
		made += (b->len - before) / 3;
		if (rnd(&r) % 100 < 60) {
			mj_buf *s = &w->stock[rnd(&r) % NSTOCK];
			mj_buf_put(b, s->ptr, s->len);
			made += s->len / 3;
		}
		if (copies && rnd(&r) % 4 == 0) {
			copies--;
			mj_buf t = w->templ[rnd(&r) % NTEMPLATES];
			size_t len = (50 + rnd(&r) % 250) * 3;
			size_t at = (rnd(&r) % (t.len / 3 - len / 3)) * 3;
			while (at < t.len && ((unsigned char)t.ptr[at] & 0xC0) == 0x80)
				at++;
			size_t end = at + len < t.len ? at + len : t.len;
			while (end < t.len && ((unsigned char)t.ptr[end] & 0xC0) == 0x80)
				end++;
			mj_buf_put(b, t.ptr + at, end - at);
			made += (end - at) / 3;
		}
	}
}

/* The text of document id: 0.5% are near-copies of an earlier one. */
static void doc_text(world *w, uint32_t id, mj_buf *b)
{
	mj_buf_reset(b);
	rng r = {seed_for(SEED + 1, id)};
	if (id > 100 && id < TEMPLATE_BASE && rnd(&r) % 1000 < 5) {
		uint32_t src = id - 1 - (uint32_t)(rnd(&r) % 100);
		base_text(w, src, b);
		/* change 1% of the ideographs */
		for (size_t i = 0; i + 3 <= b->len; i += 3)
			if (rnd(&r) % 100 == 0 && ((unsigned char)b->ptr[i] & 0xF0) == 0xE0)
				mj_utf8_encode(0x4E00 + (uint32_t)(rnd(&r) % 20902), b->ptr + i);
		return;
	}
	base_text(w, id, b);
}

typedef struct {
	world *w;
	mj_buf buf;
	double fetch_time;
	const char *cache;      /* all corpus texts, one after another (or NULL) */
	const size_t *cache_off; /* ndocs + 1 offsets */
	size_t ncache;
} fetcher;

static int fetch(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	fetcher *f = ctx;
	if (f->cache && doc < f->ncache) {
		*text = f->cache + f->cache_off[doc];
		*len = f->cache_off[doc + 1] - f->cache_off[doc];
		return 0;
	}
	double t0 = now();
	doc_text(f->w, doc, &f->buf);
	f->fetch_time += now() - t0;
	*text = f->buf.ptr;
	*len = f->buf.len;
	return 0;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void progress(void *ctx, size_t done, size_t total)
{
	double *t0 = ctx;
	if (done % 5000 == 0 || done == total) {
		fprintf(stderr, "\r  dedup %zu/%zu (%.0f s)", done, total, now() - *t0);
		if (done == total)
			fputc('\n', stderr);
	}
}

/* Share of planted runs of length L that leave a common fingerprint (the
 * candidate is then nominated and the run found exactly by alignment). */
static void recall_table(void)
{
	const size_t lens[] = {13, 15, 17, 20, 22, 24, 26, 30, 40};
	mj_winnow_params ps[2] = {MJ_WINNOW_DEFAULT, MJ_WINNOW_STRICT};
	enum { N = 400, TRIALS = 4000 };
	uint32_t a[N], b[N];
	mj_fps fa = {0}, fb = {0};
	printf("recall by shared run length (%d trials each):\n  length ", TRIALS);
	for (size_t l = 0; l < sizeof lens / sizeof *lens; l++)
		printf("%6zu", lens[l]);
	printf("\n");
	for (int m = 0; m < 2; m++) {
		printf("  %-7s", m ? "strict" : "default");
		rng r = {seed_for(99, (uint64_t)m)};
		for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
			size_t L = lens[l], hit = 0;
			for (int t = 0; t < TRIALS; t++) {
				for (int i = 0; i < N; i++) {
					a[i] = 0x4E00 + (uint32_t)(rnd(&r) % 20902);
					b[i] = 0x4E00 + (uint32_t)(rnd(&r) % 20902);
				}
				size_t pa = 50 + rnd(&r) % 200, pb = 50 + rnd(&r) % 200;
				memcpy(b + pb, a + pa, L * sizeof *a);
				mj_winnow_cps(&fa, &ps[m], a, N);
				mj_winnow_cps(&fb, &ps[m], b, N);
				int found = 0;
				for (size_t i = 0; i < fa.n && !found; i++) {
					if (fa.v[i].pos < pa || fa.v[i].pos + ps[m].k > pa + L)
						continue;
					for (size_t j = 0; j < fb.n && !found; j++)
						found = fb.v[j].hash == fa.v[i].hash;
				}
				hit += found;
			}
			printf("%5.1f%%", 100.0 * hit / TRIALS);
		}
		printf("\n");
	}
	mj_fps_free(&fa);
	mj_fps_free(&fb);
}

/* MJ_BENCH_DUMP=DIR: writes the documents as DIR/plain/NNNNNN.txt and, one
 * normalized character per word, DIR/spaced/NNNNNN.txt (for word-based tools
 * such as sim_text), and the normalized text alone, DIR/norm/NNNNNN.txt (for
 * character tokenizers such as Dolos'), then exits. Used by bench/peers.sh. */
static int dump_corpus(world *w, const char *dir, size_t ndocs)
{
	mj_buf path = MJ_BUF_INIT, one = MJ_BUF_INIT, sp = MJ_BUF_INIT;
	mj_norm_text t = {0};
	for (uint32_t id = 0; id < ndocs; id++) {
		doc_text(w, id, &one);
		mj_buf_reset(&path);
		mj_buf_printf(&path, "%s/plain/%06u.txt", dir, id);
		FILE *f = fopen(path.ptr, "wb");
		if (!f) {
			fprintf(stderr, "cannot write %s\n", path.ptr);
			return 1;
		}
		fwrite(one.ptr, 1, one.len, f);
		fclose(f);
		mj_norm_text_build(&t, one.ptr, one.len);
		mj_buf_reset(&sp);
		for (size_t i = 0; i < t.n; i++) {
			char u[4];
			mj_buf_put(&sp, u, mj_utf8_encode(t.cp[i], u));
			mj_buf_putc(&sp, (i + 1) % 40 ? ' ' : '\n');
		}
		mj_buf_reset(&path);
		mj_buf_printf(&path, "%s/spaced/%06u.txt", dir, id);
		f = fopen(path.ptr, "wb");
		if (!f)
			return 1;
		fwrite(sp.ptr, 1, sp.len, f);
		fclose(f);
		/* the same without spaces (for character tokenizers such as Dolos') */
		mj_buf_reset(&sp);
		for (size_t i = 0; i < t.n; i++) {
			char u[4];
			mj_buf_put(&sp, u, mj_utf8_encode(t.cp[i], u));
			if ((i + 1) % 40 == 0)
				mj_buf_putc(&sp, '\n');
		}
		mj_buf_reset(&path);
		mj_buf_printf(&path, "%s/norm/%06u.txt", dir, id);
		f = fopen(path.ptr, "wb");
		if (!f)
			return 1;
		fwrite(sp.ptr, 1, sp.len, f);
		fclose(f);
	}
	mj_norm_text_free(&t);
	mj_buf_free(&path);
	mj_buf_free(&one);
	mj_buf_free(&sp);
	return 0;
}

int main(void)
{
	size_t ndocs = env_size("MJ_BENCH_DOCS", 100000);
	size_t nchars = env_size("MJ_BENCH_CHARS", 10000);
	size_t nq = env_size("MJ_BENCH_QUERIES", 200);
	size_t fp_mb = env_size("MJ_BENCH_FP_MB", 200);
	int dedup = (int)env_size("MJ_BENCH_DEDUP", 1);
	int cache = (int)env_size("MJ_BENCH_CACHE", 1);
	size_t nthreads = env_size("MJ_BENCH_THREADS", 2);
	if (nthreads < 1 || nthreads > 64)
		nthreads = 1;
	world *w = mj_calloc(1, sizeof *w);
	w->nchars = nchars;
	world_init(w);
	for (uint32_t t = 0; t < NTEMPLATES; t++) {
		mj_buf_init(&w->templ[t], 0);
		base_text(w, TEMPLATE_BASE + t, &w->templ[t]);
	}
	const char *dump = getenv("MJ_BENCH_DUMP");
	if (dump && *dump)
		return dump_corpus(w, dump, ndocs);
	printf("review bench: %zu documents of ~%zu characters, seed %u\n", ndocs, nchars, SEED);
	recall_table();

	/* 1. fingerprinting throughput */
	mj_buf big = MJ_BUF_INIT, one = MJ_BUF_INIT;
	for (uint32_t id = 0; big.len < fp_mb * 1000000; id++) {
		doc_text(w, id, &one);
		mj_buf_put(&big, one.ptr, one.len);
	}
	mj_fps fps = {0};
	mj_norm_text nt = {0};
	const char *names[] = {"default (k=6,w=21)", "strict (k=5,w=9)"};
	mj_winnow_params ps[] = {MJ_WINNOW_DEFAULT, MJ_WINNOW_STRICT};
	for (int m = 0; m < 2; m++) {
		double best = 1e9, best_cpu = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			double t0 = now(), c0 = cpu_thread();
			size_t total = 0;
			for (size_t off = 0; off < big.len; off += 30000) {
				size_t len = big.len - off < 30000 ? big.len - off : 30000;
				while (off + len < big.len && ((unsigned char)big.ptr[off + len] & 0xC0) == 0x80)
					len++;
				mj_winnow_text(&fps, NULL, &ps[m], big.ptr + off, len);
				total += fps.n;
			}
			double t = now() - t0, c = cpu_thread() - c0;
			if (t < best)
				best = t;
			if (c < best_cpu)
				best_cpu = c;
			(void)total;
		}
		double mbs = big.len / 1e6 / best_cpu;
		printf("fingerprinting %-20s %7.0f MB/s per CPU second (target >= 500: %.2fx); wall %.0f MB/s\n",
		       names[m], mbs, mbs / 500, big.len / 1e6 / best);
	}
	{
		double best = 1e9;
		for (int rep = 0; rep < 3; rep++) {
			double t0 = cpu_thread();
			for (size_t off = 0; off < big.len; off += 30000) {
				size_t len = big.len - off < 30000 ? big.len - off : 30000;
				while (off + len < big.len && ((unsigned char)big.ptr[off + len] & 0xC0) == 0x80)
					len++;
				mj_norm_text_build(&nt, big.ptr + off, len);
			}
			double t = cpu_thread() - t0;
			if (t < best)
				best = t;
		}
		printf("normalization with offset map      %7.0f MB/s per CPU second\n", big.len / 1e6 / best);
	}
	mj_norm_text_free(&nt);
	mj_buf_free(&big);

	/* 2. the index */
	double t0 = now();
	mj_index_builder *b;
	mj_winnow_params dp = MJ_WINNOW_DEFAULT;
	mj_index_builder_new(&b, &dp);
	size_t total_chars = 0, total_bytes = 0;
	char author[32];
	mj_buf texts = MJ_BUF_INIT;
	size_t *text_off = mj_malloc((ndocs + 1) * sizeof *text_off);
	for (uint32_t id = 0; id < ndocs; id++) {
		doc_text(w, id, &one);
		text_off[id] = texts.len;
		if (cache)
			mj_buf_put(&texts, one.ptr, one.len);
		snprintf(author, sizeof author, "a%u", id);
		size_t nc = 0;
		mj_index_builder_add(b, NULL, "", author, one.ptr, one.len);
		total_bytes += one.len;
		(void)nc;
		if (id % 10000 == 0)
			fprintf(stderr, "\r  indexing %u/%zu", id, ndocs);
	}
	text_off[ndocs] = texts.len;
	fprintf(stderr, "\n");
	mj_index *ix;
	mj_index_builder_finish(&ix, b);
	for (uint32_t id = 0; id < ndocs; id++) {
		mj_index_doc d;
		mj_index_doc_get(ix, id, &d);
		total_chars += d.nchars;
	}
	double tb = now() - t0;
	double per_doc = (double)mj_index_memory(ix) / ndocs * (10000.0 / ((double)total_chars / ndocs));
	printf("index build (generation included) %.1f s, %zu postings, %.0f MB text\n", tb,
	       mj_index_npostings(ix), total_bytes / 1e6);
	printf("index memory per 10,000-char doc  %7.0f B     (target <= 8192: %.2fx)\n", per_doc,
	       per_doc / 8192);

	/* 3. query latency */
	mj_tao_list *tl;
	mj_tao_list_builtin(&tl);
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.tao = tl;
	mj_matcher *m;
	mj_matcher_new(&m, ix, &o);
	fetcher f = {w, MJ_BUF_INIT, 0, cache ? texts.ptr : NULL, text_off, ndocs};
	printf("candidate texts: %s\n", cache ? "held in memory (MJ_BENCH_CACHE=1): engine cost only"
					      : "regenerated on every fetch (MJ_BENCH_CACHE=0)");
	double *lat = mj_malloc((nq + 1) * sizeof *lat);
	double *lat_cpu = mj_malloc((nq + 1) * sizeof *lat_cpu);
	size_t cands = 0, verified = 0, found = 0;
	double fetch_total = 0;
	mj_buf q = MJ_BUF_INIT;
	rng r = {SEED + 7};
	for (size_t i = 0; i < nq; i++) {
		/* a fresh material that copies 3 passages of 100 chars from the corpus */
		mj_buf_reset(&q);
		doc_text(w, (uint32_t)(ndocs + 1000 + i), &one);
		mj_buf_put(&q, one.ptr, one.len / 2);
		for (int k = 0; k < 3; k++) {
			doc_text(w, (uint32_t)(rnd(&r) % ndocs), &one);
			size_t at = (rnd(&r) % (one.len / 3 - 400)) * 3;
			while (((unsigned char)one.ptr[at] & 0xC0) == 0x80)
				at++;
			mj_buf_puts(&q, "。");
			mj_buf_put(&q, one.ptr + at, 300);
		}
		doc_text(w, (uint32_t)(ndocs + 1000 + i), &one);
		mj_buf_put(&q, one.ptr + one.len / 2 - (one.len / 2) % 3, one.len / 2 - 900);
		mj_match_result res;
		f.fetch_time = 0;
		double t1 = now(), c1 = cpu_thread();
		mj_matcher_query(&res, m, q.ptr, q.len, fetch, &f);
		lat[i] = (now() - t1) * 1000;
		lat_cpu[i] = (cpu_thread() - c1) * 1000;
		fetch_total += f.fetch_time;
		cands += res.candidates;
		verified += res.verified;
		found += res.nsources;
		mj_match_result_free(&res);
	}
	qsort(lat, nq, sizeof *lat, dcmp);
	qsort(lat_cpu, nq, sizeof *lat_cpu, dcmp);
	if (nq) {
		double med = lat[nq / 2], p99 = lat[(size_t)((nq - 1) * 0.99)];
		double cmed = lat_cpu[nq / 2], cp99 = lat_cpu[(size_t)((nq - 1) * 0.99)];
		printf("query vs %zu docs, CPU time: median %.2f ms (target <= 20: %.2fx), p99 %.2f ms (target <= 100: %.2fx)\n",
		       ndocs, cmed, cmed / 20, cp99, cp99 / 100);
		printf("query vs %zu docs, wall time: median %.2f ms (%.2fx), p99 %.2f ms (%.2fx)\n", ndocs, med,
		       med / 20, p99, p99 / 100);
		printf("  per query: %.0f candidates, %.1f verified, %.1f sources with copied passages; "
		       "text generation (stands for the store's fetch) %.2f ms of it on average\n",
		       (double)cands / nq, (double)verified / nq, (double)found / nq, fetch_total * 1000 / nq);
	}
	mj_matcher_free(m);

	/* 4. near duplicates: the pair pass on nthreads threads */
	if (dedup) {
		double t2 = now(), c2 = cpu_process();
		mj_dup_result d = {0};
		fetcher *fs = mj_calloc(nthreads, sizeof *fs);
		void **ctxs = mj_calloc(nthreads, sizeof *ctxs);
		for (size_t t = 0; t < nthreads; t++) {
			fs[t] = f;
			fs[t].buf = (mj_buf)MJ_BUF_INIT;
			ctxs[t] = &fs[t];
		}
		int drc = mj_dedup_run_threads(&d, ix, &o, (unsigned)nthreads, fetch, ctxs, progress, &t2);
		for (size_t t = 0; t < nthreads; t++)
			mj_buf_free(&fs[t].buf);
		free(fs);
		free(ctxs);
		if (drc)
			fprintf(stderr, "dedup failed: %d\n", drc);
		double td = now() - t2, cd = cpu_process() - c2;
		size_t near = 0;
		for (size_t i = 0; i < d.npairs; i++)
			near += d.pairs[i].similarity > 0.8;
		if (getenv("MJ_BENCH_VERBOSE"))
			for (size_t i = 0; i < d.npairs && i < 8; i++) {
				mj_index_doc da, db;
				mj_index_doc_get(ix, d.pairs[i].a, &da);
				mj_index_doc_get(ix, d.pairs[i].b, &db);
				printf("  pair %u(%u) %u(%u) sim %.3f cov %u %u np %zu\n", d.pairs[i].a, da.nchars,
				       d.pairs[i].b, db.nchars, d.pairs[i].similarity, d.pairs[i].covered_a,
				       d.pairs[i].covered_b, d.pairs[i].npassages);
			}
		printf("near-duplicate pass over %zu docs, %zu thread(s): wall %.1f s (target <= 180: %.2fx), CPU %.1f s "
		       "(/%zu = %.1f s: %.2fx on idle cores); %zu pairs, %zu above 80%%\n",
		       ndocs, nthreads, td, td / 180, cd, nthreads, cd / nthreads, cd / nthreads / 180, d.npairs, near);
		printf("  pair pass: %zu documents queried up to mark_common, %zu candidate pairs (posting groups and demoted "
		       "fingerprints), %zu after the pre-check, %zu documents queried\n",
		       d.marked_docs, d.cand_pairs, d.checked_pairs, d.queried_docs);
		mj_dup_result_free(&d);
	}
	mj_tao_list_free(tl);
	mj_index_free(ix);
	mj_fps_free(&fps);
	mj_buf_free(&one);
	mj_buf_free(&q);
	mj_buf_free(&f.buf);
	for (int i = 0; i < NSTOCK; i++)
		mj_buf_free(&w->stock[i]);
	for (int i = 0; i < NTEMPLATES; i++)
		mj_buf_free(&w->templ[i]);
	free(w);
	free(lat);
	free(lat_cpu);
	free(text_off);
	mj_buf_free(&texts);
	return 0;
}
