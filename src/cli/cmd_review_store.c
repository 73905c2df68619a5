/*
 * Review of stored materials: `review --material ID` and `review --meeting M`
 * compare against every material in the database and the collections added
 * with `corpus add` (the index is persisted and reused while the corpus does
 * not change), and add the content checks of core/review_checks.h
 * (completeness against the notice's areas and last year's ledger,
 * specificity, repetition of earlier years' problems).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd_review.h"
#include "core/material.h"
#include "core/review_checks.h"
#include "core/review_index.h"
#include "core/rules.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/utf8.h"

/* The store's corpus as texts (f) with their keys (docs). */
static int load_corpus(mj_store *st, const char *corpus, mj_review_files *f, json_t **docs)
{
	int rc = mj_review_corpus(st, corpus, docs);
	if (rc)
		return rc;
	size_t i;
	json_t *d;
	json_array_foreach(*docs, i, d) {
		const char *t = json_string_value(json_object_get(d, "text"));
		if ((rc = mj_review_files_push(f, json_string_value(json_object_get(d, "name")),
					       json_string_value(json_object_get(d, "author")), t ? t : "", t ? strlen(t) : 0)))
			return rc;
	}
	return 0;
}

/* A document of the corpus: a material's version (material_id > 0, ref the
 * version) or a collection's document (material_id 0, ref its id). Stored
 * as is in the index file (its extra bytes). */
typedef struct {
	int64_t material_id, ref;
} doc_ref;

/* A corpus ready for review: its index (mapped from the cache file, read
 * from the store's review_index or built now) and every document's ref. */
typedef struct {
	mj_index *ix;
	const doc_ref *refs; /* in the map, or refs_own */
	doc_ref *refs_own;
	size_t n;
	char stamp[MJ_INDEX_STAMP_MAX]; /* the corpus's stamp read before its documents; "" unknown */
	char *path;                      /* the cache file; NULL: none */
	int mapped;                      /* ix is the cache file */
} corpus_ix;

static void corpus_ix_free(corpus_ix *cx)
{
	mj_index_free(cx->ix);
	free(cx->refs_own);
	free(cx->path);
	memset(cx, 0, sizeof *cx);
}

/* A text of the corpus read from the store when the matcher first asks for
 * it (a candidate to verify): a review reads the texts of its candidates,
 * not the whole corpus. */
struct lazy {
	mj_store *st;
	const doc_ref *refs;
	size_t n;
	struct {
		void *map;
		size_t len;
	} arrays; /* lazy_files */
};

static int fetch_text(void *ctx, size_t doc, char **text, size_t *len)
{
	struct lazy *z = ctx;
	json_t *t = NULL;
	char key[64];
	if (doc >= z->n)
		return mj_error_set(MJ_ENOTFOUND, "比对库中没有编号为 %zu 的文档", doc);
	if (z->refs[doc].material_id > 0)
		snprintf(key, sizeof key, "m%lld.v%lld", (long long)z->refs[doc].material_id, (long long)z->refs[doc].ref);
	else
		snprintf(key, sizeof key, "c%lld", (long long)z->refs[doc].ref);
	int rc = mj_review_doc_text(z->st, key, &t);
	if (rc)
		return rc;
	mj_buf clean = MJ_BUF_INIT;
	size_t bad = 0;
	const char *s = json_string_value(t);
	rc = mj_utf8_sanitize(s, strlen(s), &clean, &bad);
	json_decref(t);
	if (rc) {
		mj_buf_free(&clean);
		return rc;
	}
	*len = clean.len;
	*text = clean.ptr ? mj_buf_detach(&clean) : mj_strdup("");
	return 0;
}

/* f as the corpus of cx with every text fetched on first use through z
 * (which must outlive f's use); names come from the index. Its arrays (5 MB
 * at 150,000 documents) are one anonymous mapping: pages are zero and cost
 * nothing until a fetched document touches them (a review fetches a few).
 * Free with lazy_files_free. */
static int lazy_files(mj_review_files *f, const corpus_ix *cx, struct lazy *z, mj_store *st)
{
	size_t n = cx->n ? cx->n : 1, ptrs = n * sizeof(char *);
	z->st = st;
	z->refs = cx->refs;
	z->n = cx->n;
	z->arrays.len = 3 * ptrs + n * sizeof(size_t) + n + 1;
	z->arrays.map = mmap(NULL, z->arrays.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (z->arrays.map == MAP_FAILED) {
		z->arrays.map = NULL;
		return mj_error_set(MJ_EIO, "内存不足");
	}
	char *p = z->arrays.map;
	f->n = f->cap = cx->n;
	f->name = (char **)p;
	f->author = (char **)(p + ptrs);
	f->text = (char **)(p + 2 * ptrs);
	f->len = (size_t *)(p + 3 * ptrs);
	f->fetched = (unsigned char *)(p + 3 * ptrs + n * sizeof(size_t));
	f->fetch = fetch_text;
	f->fetch_ctx = z;
	return 0;
}

/* Frees f as made by lazy_files: the fetched texts, then the mapping. */
static void lazy_files_free(mj_review_files *f, struct lazy *z)
{
	if (z->arrays.map) {
		for (size_t i = 0; i < f->n; i++)
			if (f->fetched[i])
				free(f->text[i]);
		munmap(z->arrays.map, z->arrays.len);
		z->arrays.map = NULL;
	}
	memset(f, 0, sizeof *f);
}

static doc_ref *refs_of_docs(json_t *docs)
{
	size_t i, n = json_array_size(docs);
	json_t *d;
	doc_ref *r = mj_calloc(n ? n : 1, sizeof *r);
	json_array_foreach(docs, i, d) {
		long long a = 0, b = 0;
		const char *key = json_string_value(json_object_get(d, "key"));
		if (key && sscanf(key, "m%lld.v%lld", &a, &b) == 2)
			r[i] = (doc_ref){a, b};
		else if (key && sscanf(key, "c%lld", &b) == 1)
			r[i] = (doc_ref){0, b};
	}
	return r;
}

/* Where the index file of this database and corpus selection is cached:
 * $MINGJING_INDEX_CACHE (a directory; "off": nowhere), else next to a
 * SQLite database (FILE.review-idx/), else for PostgreSQL under
 * $XDG_CACHE_HOME/mingjing, ~/.cache/mingjing or /var/cache/mingjing. The
 * file is named by the database and the selection; NULL when none applies
 * or the directory cannot be made. */
#define MJ_INDEX_CACHE_DIR_MAX 1024

static char *cache_path(const char *db_path, const char *corpus, int strict)
{
	const char *env = getenv("MINGJING_INDEX_CACHE");
	mj_buf dir = MJ_BUF_INIT;
	if (!db_path || !*db_path || strcmp(db_path, ":memory:") == 0 || (env && strcmp(env, "off") == 0))
		return NULL;
	if (env && *env && strlen(env) > MJ_INDEX_CACHE_DIR_MAX) {
		fprintf(stderr, "警告：MINGJING_INDEX_CACHE 过长（超过 %d 字节），本次不使用比对库索引文件\n",
			MJ_INDEX_CACHE_DIR_MAX);
		return NULL;
	}
	if (env && *env)
		mj_buf_puts(&dir, env);
	else if (!mj_store_is_pg(db_path))
		mj_buf_printf(&dir, "%s.review-idx", db_path);
	else if (getenv("XDG_CACHE_HOME") && *getenv("XDG_CACHE_HOME"))
		mj_buf_printf(&dir, "%s/mingjing", getenv("XDG_CACHE_HOME"));
	else if (getenv("HOME") && *getenv("HOME"))
		mj_buf_printf(&dir, "%s/.cache/mingjing", getenv("HOME"));
	else
		mj_buf_puts(&dir, "/var/cache/mingjing");
	/* make the directory and its missing parents (owner only) */
	char *d = mj_buf_detach(&dir);
	for (char *p = d + 1;; p++) {
		if (*p == '/' || !*p) {
			char c = *p;
			*p = 0;
			mkdir(d, 0700);
			*p = c;
			if (!c)
				break;
		}
	}
	struct stat sb;
	if (stat(d, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		/* the review still runs, from the database: say why it is slower */
		fprintf(stderr, "警告：比对库索引文件目录 %s 无法创建或不是目录，本次不使用索引文件\n", d);
		free(d);
		return NULL;
	}
	unsigned char h[8], c[8];
	char hd[17], hc[17];
	crypto_generichash(h, sizeof h, (const unsigned char *)db_path, strlen(db_path), NULL, 0);
	crypto_generichash(c, sizeof c, (const unsigned char *)(corpus ? corpus : "\1all"),
			   corpus ? strlen(corpus) : 4, NULL, 0);
	sodium_bin2hex(hd, sizeof hd, h, sizeof h);
	sodium_bin2hex(hc, sizeof hc, c, sizeof c);
	mj_buf_printf(&dir, "%s/%s-%s-%s.idx", d, hd, strict ? "strict" : "default", hc);
	free(d);
	return mj_buf_detach(&dir);
}

/* cx->ix from the cache file when it was built for exactly cx->stamp. */
static int try_map(corpus_ix *cx)
{
	char fstamp[MJ_INDEX_STAMP_MAX];
	const void *extra = NULL;
	size_t elen = 0;
	mj_index *ix = NULL;
	if (!cx->path || !cx->stamp[0] || mj_index_map(&ix, cx->path, fstamp, &extra, &elen)) {
		mj_error_clear();
		return 0;
	}
	if (strcmp(fstamp, cx->stamp) != 0 || elen != (size_t)mj_index_ndocs(ix) * sizeof(doc_ref)) {
		mj_index_free(ix);
		return 0;
	}
	cx->ix = ix;
	cx->refs = extra;
	cx->n = mj_index_ndocs(ix);
	cx->mapped = 1;
	return 1;
}

/*
 * The corpus and its index, cheapest first: the cache file when its stamp is
 * the store's (one row read, the file mapped); else the index persisted in
 * the store for exactly the corpus's documents (their keys read, the blob
 * loaded); else built from every text and persisted. The last two write the
 * cache file; with remap the index is then used from the file (a server
 * keeps the mapping, not a second copy). The stamp is read before the
 * documents, so a file written after a concurrent change carries the older
 * stamp and is rebuilt next time, never taken for the newer corpus.
 */
static int open_corpus(mj_store *st, const char *db_path, const char *corpus, int strict, int remap, corpus_ix *cx)
{
	char sig[65], token[33];
	mj_buf blob = MJ_BUF_INIT;
	mj_review_files f = {0};
	json_t *docs = NULL;
	int found = 0, rc;
	memset(cx, 0, sizeof *cx);
	if (mj_review_stamp(st, token) == 0) {
		unsigned char c[8];
		char hc[17];
		crypto_generichash(c, sizeof c, (const unsigned char *)(corpus ? corpus : "\1all"),
				   corpus ? strlen(corpus) : 4, NULL, 0);
		sodium_bin2hex(hc, sizeof hc, c, sizeof c);
		snprintf(cx->stamp, sizeof cx->stamp, "%s:%s:%s", token, strict ? "strict" : "default", hc);
		cx->path = cache_path(db_path, corpus, strict);
	} else
		mj_error_clear();
	if (try_map(cx))
		return 0;
	if ((rc = mj_review_corpus_docs(st, corpus, 0, &docs)))
		goto cleanup;
	mj_review_signature(docs, strict, sig);
	if ((rc = mj_review_index_get(st, sig, &blob, &found)))
		goto cleanup;
	if (!(found && mj_index_load(&cx->ix, blob.ptr, blob.len) == 0 && mj_index_ndocs(cx->ix) == json_array_size(docs))) {
		mj_error_clear();
		mj_index_free(cx->ix);
		cx->ix = NULL;
		json_decref(docs);
		docs = NULL;
		mj_buf_reset(&blob);
		if ((rc = load_corpus(st, corpus, &f, &docs)) || (rc = mj_review_build_index(&cx->ix, &f, strict)))
			goto cleanup;
		if (mj_index_serialize(cx->ix, &blob) == 0)
			mj_review_index_put(st, sig, strict, blob.ptr ? blob.ptr : "", blob.len); /* a cache: failure is harmless */
		mj_error_clear();
	}
	cx->refs_own = refs_of_docs(docs);
	cx->refs = cx->refs_own;
	cx->n = json_array_size(docs);
	if (cx->path && cx->stamp[0]) {
		if (mj_index_write_file(cx->ix, cx->path, cx->stamp, cx->refs_own, cx->n * sizeof(doc_ref)) == 0 && remap) {
			corpus_ix m = *cx;
			m.ix = NULL;
			m.refs_own = NULL;
			if (try_map(&m)) {
				mj_index_free(cx->ix);
				free(cx->refs_own);
				*cx = m;
			}
		}
		mj_error_clear(); /* a cache: failure is harmless */
	}
cleanup:
	mj_buf_free(&blob);
	mj_review_files_free(&f);
	json_decref(docs);
	if (rc)
		corpus_ix_free(cx);
	return rc;
}

/* Runs the content checks on a stored material's text into rep. */
static int run_checks(mj_store *st, long long material_id, const char *text, size_t len, mj_check_report *rep)
{
	json_t *ctx = NULL;
	mj_material *m = NULL;
	mj_check_phrases ph;
	int rc;
	mj_check_phrases_builtin(&ph);
	if ((rc = mj_review_context(st, material_id, &ctx)))
		goto cleanup;
	long long meeting = json_integer_value(json_object_get(ctx, "meeting_id"));
	if ((rc = mj_material_parse_for_meeting(st, meeting, text, len, &m)))
		goto cleanup;
	json_t *areas = json_object_get(ctx, "areas"), *ledger = json_object_get(ctx, "ledger"),
	       *earlier = json_object_get(ctx, "earlier");
	size_t na = json_array_size(areas), nl = json_array_size(ledger), ne = json_array_size(earlier), i;
	const char **a = mj_calloc(na + 1, sizeof *a);
	mj_check_ledger_item *li = mj_calloc(nl + 1, sizeof *li);
	mj_check_earlier *ea = mj_calloc(ne + 1, sizeof *ea);
	for (i = 0; i < na; i++)
		a[i] = json_string_value(json_array_get(areas, i));
	for (i = 0; i < nl; i++) {
		json_t *r = json_array_get(ledger, i);
		li[i].id = json_integer_value(json_object_get(r, "id"));
		li[i].problem = json_string_value(json_object_get(r, "problem"));
		enum mj_item_status stt = MJ_ITEM_TODO;
		mj_item_status_parse(&stt, json_string_value(json_object_get(r, "status")));
		li[i].status = stt;
	}
	for (i = 0; i < ne; i++) {
		json_t *r = json_array_get(earlier, i);
		ea[i].year = (int)json_integer_value(json_object_get(r, "year"));
		ea[i].text = json_string_value(json_object_get(r, "text"));
	}
	mj_check_opts o = {0};
	o.measure_match = 0.3;
	o.ledger_match = 0.5;
	o.share_min_percent = 50;
	if (nl == 0)
		o.flags |= MJ_CHECK_NO_PRIOR_REQUIRED;
	rc = mj_check_completeness(rep, m, a, na, li, nl, &o);
	if (!rc)
		rc = mj_check_specificity(rep, m, &ph, 0.5);
	if (!rc)
		rc = mj_check_repetition(rep, m, (int)json_integer_value(json_object_get(ctx, "year")), ea, ne, 0.6);
	free(a);
	free(li);
	free(ea);
cleanup:
	mj_check_phrases_free(&ph);
	mj_material_free(m);
	json_decref(ctx);
	return rc;
}

static int64_t doc_of_material(const corpus_ix *cx, long long material_id)
{
	for (size_t i = 0; i < cx->n; i++)
		if (cx->refs[i].material_id == material_id)
			return (int64_t)i;
	return -1;
}

/* The review of material_id (its current version vrow) against cx, printed
 * as `review --material` prints it to cli->out; *corrupt 1 when the mapped
 * index met a damaged part (the output is then not to be used). */
static int material_report(mj_cli *cli, mj_store *st, long long material_id, json_t *vrow, int strict,
			   const char *html_out, const char *tao_authors, const char *tao_file, const corpus_ix *cx,
			   int *corrupt)
{
	mj_review_files f = {0};
	struct lazy lazy = {0};
	mj_check_report rep;
	mj_buf ct = MJ_BUF_INIT;
	json_t *cj = NULL;
	char name[160];
	int rc;
	*corrupt = 0;
	mj_check_report_init(&rep);
	const char *text = json_string_value(json_object_get(vrow, "text"));
	size_t len = text ? strlen(text) : 0;
	if ((rc = run_checks(st, material_id, text ? text : "", len, &rep)) || (rc = lazy_files(&f, cx, &lazy, st)))
		goto cleanup;
	snprintf(name, sizeof name, "材料 %lld 第 %lld 版", material_id, (long long)json_integer_value(json_object_get(vrow, "version")));
	cj = mj_check_report_json(&rep);
	mj_buf_puts(&ct, "【内容审查】\n");
	if ((rc = mj_check_report_text(&ct, &rep)))
		goto cleanup;
	mj_buf_puts(&ct, "\n【抄袭与套话】\n");
	rc = mj_review_run_ix(cli, name, text ? text : "", len, &f, cx->ix, doc_of_material(cx, material_id), strict,
			      html_out, tao_authors, tao_file, cj, ct.ptr);
	*corrupt = mj_index_corrupt(cx->ix);
cleanup:
	mj_check_report_free(&rep);
	mj_buf_free(&ct);
	json_decref(cj);
	lazy_files_free(&f, &lazy);
	return rc;
}

/* A damaged cache file: removed so that the next open rebuilds it. */
static void drop_file(const corpus_ix *cx)
{
	if (cx->mapped && cx->path)
		unlink(cx->path);
}

int mj_review_store_material(mj_cli *cli, long long material_id, const char *corpus, int strict,
			     const char *html_out, const char *tao_authors, const char *tao_file)
{
	mj_store *st;
	json_t *vrow = NULL;
	corpus_ix cx = {0};
	char *buf = NULL;
	size_t blen = 0;
	int rc, corrupt = 0;
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_material_version(st, material_id, 0, &vrow)) ||
	    (rc = open_corpus(st, cli->db_path, corpus, strict, 0, &cx)))
		goto cleanup;
	/* into memory first: a damaged cache file is found while matching */
	FILE *real = cli->out, *mem = open_memstream(&buf, &blen);
	if (!mem) {
		rc = mj_error_set(MJ_EIO, "内存不足");
		goto cleanup;
	}
	cli->out = mem;
	rc = material_report(cli, st, material_id, vrow, strict, html_out, tao_authors, tao_file, &cx, &corrupt);
	cli->out = real;
	fclose(mem);
	if (!rc && corrupt) {
		drop_file(&cx);
		corpus_ix_free(&cx);
		if ((rc = open_corpus(st, cli->db_path, corpus, strict, 0, &cx)) ||
		    (rc = material_report(cli, st, material_id, vrow, strict, html_out, tao_authors, tao_file, &cx, &corrupt)))
			goto cleanup;
	} else if (!rc)
		fwrite(buf ? buf : "", 1, blen, cli->out);
cleanup:
	free(buf);
	json_decref(vrow);
	corpus_ix_free(&cx);
	return rc;
}

/* ---- the web's review of one material (`GET /api/v1/materials/ID/check`) ----
 * The server keeps one corpus (all documents, default mode) for every
 * request while the store's stamp stays the same: a request reads the stamp
 * (one row) and, when it changed, the first one reopens the corpus (the
 * cache file, else the store) while the others wait for it; requests still
 * using the old one keep it until they finish. */
struct held {
	corpus_ix cx;
	int refs;
};
static pthread_mutex_t held_mu = PTHREAD_MUTEX_INITIALIZER;
static struct held *held_cur;

static void held_release(struct held *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&held_mu);
	int last = --h->refs == 0;
	pthread_mutex_unlock(&held_mu);
	if (last) {
		corpus_ix_free(&h->cx);
		free(h);
	}
}

/* The held corpus for stamp (taking a reference), reopened when stale. */
static int held_get(mj_store *st, const char *db_path, const char *stamp, struct held **out)
{
	int rc = 0;
	*out = NULL;
	pthread_mutex_lock(&held_mu);
	if (!held_cur || !held_cur->cx.stamp[0] || strcmp(held_cur->cx.stamp, stamp) != 0) {
		struct held *h = mj_calloc(1, sizeof *h);
		if ((rc = open_corpus(st, db_path, NULL, 0, 1, &h->cx))) {
			free(h);
			pthread_mutex_unlock(&held_mu);
			return rc;
		}
		h->refs = 1;
		struct held *old = held_cur;
		held_cur = h;
		if (old && --old->refs == 0) {
			corpus_ix_free(&old->cx);
			free(old);
		}
	}
	held_cur->refs++;
	*out = held_cur;
	pthread_mutex_unlock(&held_mu);
	return 0;
}

/* Forgets h as the held corpus (its file was damaged). */
static void held_forget(struct held *h)
{
	pthread_mutex_lock(&held_mu);
	if (held_cur == h) {
		held_cur = NULL;
		h->refs--;
	}
	pthread_mutex_unlock(&held_mu);
}

int mj_review_material_json(mj_store *st, const char *db_path, long long material_id, char **body, size_t *len)
{
	json_t *vrow = NULL;
	char token[33], stamp[MJ_INDEX_STAMP_MAX];
	unsigned char c[8];
	char hc[17];
	struct held *h = NULL;
	int rc, corrupt = 0;
	*body = NULL;
	*len = 0;
	if ((rc = mj_material_version(st, material_id, 0, &vrow)))
		return rc;
	/* the stamp open_corpus gives the whole corpus in default mode */
	crypto_generichash(c, sizeof c, (const unsigned char *)"\1all", 4, NULL, 0);
	sodium_bin2hex(hc, sizeof hc, c, sizeof c);
	if (mj_review_stamp(st, token) == 0)
		snprintf(stamp, sizeof stamp, "%s:default:%s", token, hc);
	else {
		mj_error_clear();
		stamp[0] = 0;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if ((rc = held_get(st, db_path, stamp, &h)))
			break;
		char *buf = NULL;
		size_t blen = 0;
		FILE *mem = open_memstream(&buf, &blen);
		if (!mem) {
			rc = mj_error_set(MJ_EIO, "内存不足");
			break;
		}
		mj_cli cli = {db_path, NULL, 1, st, mem};
		rc = material_report(&cli, st, material_id, vrow, 0, NULL, NULL, NULL, &h->cx, &corrupt);
		fclose(mem);
		if (!rc && corrupt) {
			free(buf);
			drop_file(&h->cx);
			held_forget(h);
			held_release(h);
			h = NULL;
			continue;
		}
		if (rc)
			free(buf);
		else {
			*body = buf;
			*len = blen;
		}
		break;
	}
	if (!rc && !*body)
		rc = mj_error_set(MJ_EFORMAT, "比对库索引文件反复损坏");
	held_release(h);
	json_decref(vrow);
	return rc;
}

int mj_review_store_meeting(mj_cli *cli, long long meeting_id, const char *corpus, int strict)
{
	mj_store *st;
	json_t *mats = NULL, *out = json_array();
	mj_review_files f = {0};
	struct lazy lazy = {0};
	corpus_ix cx = {0};
	mj_matcher *m = NULL;
	mj_tao_list *tl = NULL;
	int rc;
	if ((rc = mj_cli_store(cli, &st)) ||
	    (rc = mj_material_list(st, meeting_id, 1, &mats)))
		goto cleanup;
	if ((rc = open_corpus(st, cli->db_path, corpus, strict, 0, &cx)) || (rc = lazy_files(&f, &cx, &lazy, st)))
		goto cleanup;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = strict;
	mj_tao_list_builtin(&tl);
	o.tao = tl;
	if ((rc = mj_matcher_new(&m, cx.ix, &o)))
		goto cleanup;
	if (!cli->json)
		fprintf(cli->out, "会议 %lld：%zu 份材料（比对库 %zu 篇）\n%-6s %-10s %-8s %8s %8s %6s %6s  %s\n", meeting_id,
			json_array_size(mats), f.n, "材料", "撰写人", "状态", "复制比", "套话比", "错误", "警告", "最大来源");
	size_t i;
	json_t *r;
	json_array_foreach(mats, i, r) {
		long long id = json_integer_value(json_object_get(r, "id"));
		const char *text = json_string_value(json_object_get(r, "text"));
		size_t len = text ? strlen(text) : 0;
		mj_check_report rep;
		mj_match_result res = {0};
		mj_check_report_init(&rep);
		rc = run_checks(st, id, text ? text : "", len, &rep);
		if (!rc) {
			mj_matcher_set_scope(m, doc_of_material(&cx, id), 0);
			rc = mj_matcher_query(&res, m, text ? text : "", len, mj_review_files_text, &f);
		}
		if (!rc && mj_index_corrupt(cx.ix)) {
			drop_file(&cx);
			rc = mj_error_set(MJ_EFORMAT, "比对库索引文件已损坏，已删除，请重新运行");
		}
		if (!rc) {
			mj_index_doc top = {0};
			if (!res.nsources || mj_index_doc_get(cx.ix, (uint32_t)res.sources[0].doc, &top))
				top.name = "";
			size_t ne = mj_check_report_count(&rep, MJ_CHECK_ERROR), nw = mj_check_report_count(&rep, MJ_CHECK_WARNING);
			json_array_append_new(out, json_pack("{s:I,s:O,s:O,s:f,s:f,s:f,s:s,s:I,s:I}", "material_id", (json_int_t)id,
							     "name", json_object_get(r, "name"), "state", json_object_get(r, "state"),
							     "copy_ratio", res.copy_ratio, "tao_ratio", res.tao_ratio,
							     "top_source_ratio", res.top_source_ratio, "top_source", top.name,
							     "errors", (json_int_t)ne, "warnings", (json_int_t)nw));
			if (!cli->json)
				fprintf(cli->out, "%-6lld %-10s %-8s %7.1f%% %7.1f%% %6zu %6zu  %s\n", id,
					json_string_value(json_object_get(r, "name")),
					mj_enum_label(mj_entity_field(mj_entity_find("material"), "state"),
						      json_string_value(json_object_get(r, "state"))),
					res.copy_ratio * 100, res.tao_ratio * 100, ne, nw, top.name);
		}
		mj_match_result_free(&res);
		mj_check_report_free(&rep);
		if (rc)
			goto cleanup;
	}
	if (cli->json) {
		char *d = json_dumps(out, JSON_INDENT(2));
		fprintf(cli->out, "%s\n", d);
		free(d);
	} else
		fputs("详情：mingjing review --material 材料编号 [--html 报告.html]\n", cli->out);
cleanup:
	mj_matcher_free(m);
	mj_tao_list_free(tl);
	corpus_ix_free(&cx);
	lazy_files_free(&f, &lazy);
	json_decref(mats);
	json_decref(out);
	return rc;
}

int mj_corpus_cmd_add(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	mj_actor a;
	mj_review_files f = {0};
	int rc = mj_args_done(argc, argv);
	long long added = 0;
	if (rc)
		return rc;
	if (argc < 2)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing corpus add 名称 文件或目录 …");
	if ((rc = mj_utf8_check("比对库名称", argv[0], MJ_LEN_NAME)))
		return rc;
	if (!*argv[0])
		return mj_error_set(MJ_EINVAL, "比对库名称不能为空");
	for (int i = 1; i < argc && !rc; i++)
		rc = mj_review_files_load(&f, argv[i], NULL);
	if (!rc && f.n == 0)
		rc = mj_error_set(MJ_EINVAL, "没有找到 .txt 或 .md 文件");
	if (rc || (rc = mj_cli_store(cli, &st)) || (rc = mj_store_actor(st, cli->as, &a)))
		goto cleanup;
	if ((rc = mj_store_begin(st)))
		goto cleanup;
	for (size_t i = 0; i < f.n && !rc; i++) {
		const char *base = strrchr(f.name[i], '/');
		rc = mj_corpus_add(st, &a, argv[0], base ? base + 1 : f.name[i], NULL, f.text[i], f.len[i], NULL);
		added += !rc;
	}
	if (rc) {
		mj_store_rollback(st);
		goto cleanup;
	}
	if ((rc = mj_store_commit(st)))
		goto cleanup;
	if (cli->json)
		fprintf(cli->out, "{\"corpus\": \"%s\", \"added\": %lld}\n", argv[0], added);
	else
		fprintf(cli->out, "已向比对库“%s”加入 %lld 篇文档%s\n", argv[0], added,
			f.replaced ? "（含无效 UTF-8 字节，已替换为 U+FFFD）" : "");
cleanup:
	mj_review_files_free(&f);
	return rc;
}

int mj_corpus_cmd_list(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	json_t *rows = NULL;
	int rc = mj_args_done(argc, argv);
	if (rc || (rc = mj_cli_store(cli, &st)) ||
	    (rc = mj_corpus_list(st, &rows)))
		return rc;
	if (cli->json) {
		char *d = json_dumps(rows, JSON_INDENT(2));
		fprintf(cli->out, "%s\n", d);
		free(d);
	} else {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			fprintf(cli->out, "%s：%lld 篇\n", json_string_value(json_object_get(r, "corpus")),
				(long long)json_integer_value(json_object_get(r, "docs")));
		fprintf(cli->out, "共 %zu 个比对库；数据库中的对照检查材料也总在比对范围内\n", json_array_size(rows));
	}
	json_decref(rows);
	return 0;
}
