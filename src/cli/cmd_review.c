/*
 * `mingjing review FILE --against FILE|DIR ...` and `mingjing corpus dedup DIR`:
 * the command-line face of the review engine (src/core/review_*) on plain text
 * files. Files are read with a 20 MB cap, repaired to valid UTF-8, fingerprinted
 * into an in-memory index and matched; the report goes out as Chinese text,
 * JSON (jansson) or a self-contained HTML page with copied passages marked and
 * linked to their sources side by side.
 */
#include "cli/cmd_review.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/review_index.h"
#include "util/err.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/utf8.h"

/* qsort that accepts an empty (possibly NULL) array. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- files ---- */

static int has_text_ext(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".txt") == 0) ||
	       (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

/* Threads used for reading files and building indexes: every online core,
 * at most 8. */
static unsigned cli_threads(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	return ncpu < 1 ? 1 : ncpu > 8 ? 8 : (unsigned)ncpu;
}

/* Reads one file into *text (valid UTF-8: bad bytes replaced, then *bad
 * counts them). A valid file is kept as read, without a copy. */
static int read_text_file(const char *path, char **text, size_t *len, size_t *bad)
{
	char *raw;
	size_t rlen;
	*text = NULL;
	*len = 0;
	*bad = 0;
	int rc = mj_file_read(path, MJ_REVIEW_MAX_FILE, &raw, &rlen);
	if (rc)
		return rc;
	if (mj_utf8_valid(raw, rlen)) {
		*text = mj_realloc(raw, rlen + 1); /* the read buffer's spare room back */
		*len = rlen;
		return 0;
	}
	mj_buf clean;
	mj_buf_init(&clean, (size_t)MJ_REVIEW_MAX_FILE * 3);
	rc = mj_utf8_sanitize(raw, rlen, &clean, bad);
	free(raw);
	if (rc) {
		mj_buf_free(&clean);
		return mj_error_set(rc, "文件 %s 过大", path);
	}
	*len = clean.len;
	*text = clean.ptr ? mj_buf_detach(&clean) : mj_strdup("");
	return 0;
}

static void files_reserve(mj_review_files *f, size_t need)
{
	if (need <= f->cap)
		return;
	size_t cap = f->cap ? f->cap : 16;
	while (cap < need)
		cap *= 2;
	f->cap = cap;
	f->name = mj_realloc(f->name, f->cap * sizeof *f->name);
	f->text = mj_realloc(f->text, f->cap * sizeof *f->text);
	f->len = mj_realloc(f->len, f->cap * sizeof *f->len);
	if (f->author)
		f->author = mj_realloc(f->author, f->cap * sizeof *f->author);
}

/* The files of a load, read by several threads. */
typedef struct {
	char **paths;
	char **text;
	size_t *len, *bad;
	int *rc;
	char **msg;            /* the error message of a failed file */
	size_t n;
	atomic_size_t *next;
} read_job;

static void *read_run(void *arg)
{
	read_job *j = arg;
	for (;;) {
		size_t i = atomic_fetch_add(j->next, 1);
		if (i >= j->n)
			break;
		if ((j->rc[i] = read_text_file(j->paths[i], &j->text[i], &j->len[i], &j->bad[i])))
			j->msg[i] = mj_strdup(mj_error_msg());
	}
	return NULL;
}

/* Reads paths[0..n) (taking them over) and appends them to f in order; on an
 * error the first failing file's error is returned and nothing is added. */
static int add_files(mj_review_files *f, char **paths, size_t n)
{
	if (!n)
		return 0;
	char **text = mj_calloc(n, sizeof *text);
	size_t *len = mj_calloc(n, sizeof *len), *bad = mj_calloc(n, sizeof *bad);
	int *rcs = mj_calloc(n, sizeof *rcs);
	char **msg = mj_calloc(n, sizeof *msg);
	atomic_size_t next;
	atomic_init(&next, 0);
	unsigned nth = cli_threads();
	if (nth > n)
		nth = (unsigned)n;
	read_job job = {paths, text, len, bad, rcs, msg, n, &next};
	pthread_t th[8];
	int started[8] = {0};
	for (unsigned t = 1; t < nth; t++)
		started[t] = pthread_create(&th[t], NULL, read_run, &job) == 0;
	read_run(&job);
	for (unsigned t = 1; t < nth; t++)
		if (started[t])
			pthread_join(th[t], NULL);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (rcs[i])
			rc = mj_error_set(rcs[i], "%s", msg[i] ? msg[i] : "");
	if (!rc) {
		files_reserve(f, f->n + n);
		for (size_t i = 0; i < n; i++) {
			if (f->author)
				f->author[f->n] = NULL;
			f->name[f->n] = paths[i];
			f->text[f->n] = text[i];
			f->len[f->n] = len[i];
			f->replaced += bad[i];
			f->n++;
			paths[i] = NULL;
			text[i] = NULL;
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(paths[i]);
		free(text[i]);
		free(msg[i]);
	}
	free(text);
	free(len);
	free(bad);
	free(rcs);
	free(msg);
	return rc;
}

int mj_review_files_push(mj_review_files *f, const char *name, const char *author, const char *text, size_t len)
{
	mj_buf clean = MJ_BUF_INIT;
	size_t bad = 0;
	int rc = mj_utf8_sanitize(text, len, &clean, &bad);
	if (rc) {
		mj_buf_free(&clean);
		return rc;
	}
	files_reserve(f, f->n + 1);
	if (!f->author)
		f->author = mj_calloc(f->cap, sizeof *f->author); /* earlier texts: no author key */
	f->name[f->n] = mj_strdup(name);
	f->author[f->n] = author ? mj_strdup(author) : NULL;
	f->len[f->n] = clean.len;
	f->text[f->n] = clean.ptr ? mj_buf_detach(&clean) : mj_strdup("");
	f->replaced += bad;
	f->n++;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int same_file(const char *path, const char *skip)
{
	if (!skip)
		return 0;
	char *rp = realpath(path, NULL);
	int same = rp && strcmp(rp, skip) == 0;
	free(rp);
	return same;
}

typedef struct {
	char **v;
	size_t n, cap;
	uint64_t bytes;  /* their sizes when listed */
} path_list;

static void path_push(path_list *l, char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = mj_realloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = path;
}

/* The files to load under path, in order (read afterwards, in parallel). */
static int load_path(path_list *out, const char *path, const char *skip, int depth)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return mj_error_set(MJ_EIO, "找不到文件或目录 %s", path);
	if (!S_ISDIR(st.st_mode)) {
		if (!same_file(path, skip)) {
			path_push(out, mj_strdup(path));
			out->bytes += (uint64_t)st.st_size;
		}
		return 0;
	}
	if (depth > 16)
		return 0;
	DIR *d = opendir(path);
	if (!d)
		return mj_error_set(MJ_EIO, "无法打开目录 %s", path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = mj_realloc(names, cap * sizeof *names);
		}
		mj_buf p = MJ_BUF_INIT;
		mj_buf_printf(&p, "%s/%s", path, e->d_name);
		names[n++] = mj_buf_detach(&p);
	}
	closedir(d);
	sort_n(names, n, sizeof *names, name_cmp);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat s2;
		if (stat(names[i], &s2) != 0)
			continue;
		if (S_ISDIR(s2.st_mode))
			rc = load_path(out, names[i], skip, depth + 1);
		else if (S_ISREG(s2.st_mode) && has_text_ext(names[i]) && !same_file(names[i], skip)) {
			path_push(out, names[i]);
			out->bytes += (uint64_t)s2.st_size;
			names[i] = NULL;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int mj_review_files_load(mj_review_files *f, const char *path, const char *skip)
{
	path_list l = {0};
	int rc = load_path(&l, path, skip, 0);
	if (!rc)
		rc = add_files(f, l.v, l.n); /* takes the paths over */
	else
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
	free(l.v);
	return rc;
}

void mj_review_files_free(mj_review_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->text[i]);
		if (f->author)
			free(f->author[i]);
	}
	free(f->author);
	free(f->name);
	free(f->text);
	free(f->len);
	free(f->fetched);
	memset(f, 0, sizeof *f);
}

int mj_review_files_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	mj_review_files *f = ctx;
	if (doc >= f->n)
		return mj_error_set(MJ_ENOTFOUND, "比对库中没有编号为 %u 的文档", doc);
	if (f->fetch && !f->fetched[doc]) {
		char *t = NULL;
		size_t l = 0;
		int rc = f->fetch(f->fetch_ctx, doc, &t, &l);
		if (rc)
			return rc;
		free(f->text[doc]);
		f->text[doc] = t;
		f->len[doc] = l;
		f->fetched[doc] = 1;
	}
	*text = f->text[doc];
	*len = f->len[doc];
	return 0;
}

/* ---- progress ---- */

typedef struct {
	int on;
	const char *what;
	int last;
} progress;

static void progress_cb(void *ctx, size_t done, size_t total)
{
	progress *p = ctx;
	if (!p->on || !total)
		return;
	int pct = (int)(done * 100 / total);
	if (pct == p->last && done != total)
		return;
	p->last = pct;
	char bar[31];
	int fill = pct * 30 / 100;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r%s [%s] %3d%% (%zu/%zu)", p->what, bar, pct, done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* ---- helpers for reports ---- */

/* Up to max_chars characters of s[a..b) appended to out (…) when cut). */
static int put_excerpt(mj_buf *out, const char *s, size_t a, size_t b, size_t max_chars, int html)
{
	size_t i = a, chars = 0;
	while (i < b && chars < max_chars) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, b - i, &cp);
		i += k ? k : 1;
		chars++;
	}
	int rc = 0;
	for (size_t j = a; j < i && !rc; j++) {
		/* newlines shown as a space in one-line excerpts */
		if (s[j] == '\n' || s[j] == '\r') {
			rc = mj_buf_putc(out, ' ');
			continue;
		}
		size_t e = j;
		while (e < i && s[e] != '\n' && s[e] != '\r')
			e++;
		rc = html ? mj_buf_put_html(out, s + j, e - j) : mj_buf_put(out, s + j, e - j);
		j = e - 1;
	}
	if (!rc && i < b)
		rc = mj_buf_puts(out, "…");
	return rc;
}

static const char *doc_name(const mj_index *ix, uint32_t id)
{
	mj_index_doc d;
	return mj_index_doc_get(ix, id, &d) == 0 ? d.name : "?";
}

int mj_review_report_text(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix, int strict)
{
	mj_buf_printf(out, "审查材料：%s（规范化后 %zu 字）\n", name, r->q.n);
	mj_buf_printf(out, "比对库：%u 篇文档，%s；候选 %zu 篇，核对 %zu 篇\n", mj_index_ndocs(ix),
		      strict ? "严格模式（13 字以上的相同片段全部检出）" : "默认模式",
		      r->candidates, r->verified);
	mj_buf_printf(out, "复制比：%.1f%%　套话比：%.1f%%", r->copy_ratio * 100, r->tao_ratio * 100);
	if (r->nsources)
		mj_buf_printf(out, "　最大单一来源：%.1f%%（%s）", r->top_source_ratio * 100,
			      doc_name(ix, r->sources[0].doc));
	mj_buf_puts(out, "\n");
	if (r->q.replaced)
		mj_buf_printf(out, "注意：材料中有 %zu 处无效的 UTF-8 字节，已替换为 U+FFFD\n", r->q.replaced);
	if (r->nsources) {
		mj_buf_printf(out, "\n来源（共 %zu 篇）：\n", r->nsources);
		for (size_t i = 0; i < r->nsources; i++)
			mj_buf_printf(out, "  %s：%u 字（%.1f%%）\n", doc_name(ix, r->sources[i].doc),
				      r->sources[i].covered,
				      r->q.n ? 100.0 * r->sources[i].covered / (double)r->q.n : 0.0);
	}
	mj_buf_printf(out, "\n抄袭片段（共 %zu 处%s）：\n", r->npassages, r->truncated ? "，已截断" : "");
	if (!r->npassages)
		mj_buf_puts(out, "  无\n");
	for (size_t i = 0; i < r->npassages; i++) {
		const mj_passage *p = &r->passages[i];
		mj_buf_printf(out, "  %zu. 第 %u 行第 %u 列起，%u 字 ← %s 第 %u 行第 %u 列\n     「", i + 1,
			      p->q_line, p->q_col, p->q_end - p->q_start, doc_name(ix, p->doc),
			      p->s_line, p->s_col);
		put_excerpt(out, text, p->q_byte_start, p->q_byte_end, 60, 0);
		mj_buf_puts(out, "」\n");
	}
	mj_buf_printf(out, "\n套话（通用表述，不计入抄袭；共 %zu 处）：\n", r->ntao);
	if (!r->ntao)
		mj_buf_puts(out, "  无\n");
	for (size_t i = 0; i < r->ntao; i++) {
		const mj_span_hit *t = &r->tao[i];
		mj_buf_printf(out, "  %zu. 第 %u 行第 %u 列起，%u 字「", i + 1, t->q_line, t->q_col,
			      t->q_end - t->q_start);
		put_excerpt(out, text, t->q_byte_start, t->q_byte_end, 40, 0);
		mj_buf_puts(out, "」\n");
	}
	(void)len;
	return 0;
}

static json_t *jstr(const char *s, size_t a, size_t b)
{
	json_t *j = json_stringn(s + a, b - a);
	return j ? j : json_string("");
}

static json_t *passage_json(const mj_passage *p, const char *text, const mj_index *ix,
			    const mj_review_files *src)
{
	json_t *q = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "start", (json_int_t)p->q_start, "end",
			      (json_int_t)p->q_end, "byte_start", (json_int_t)p->q_byte_start,
			      "byte_end", (json_int_t)p->q_byte_end, "line", (json_int_t)p->q_line,
			      "col", (json_int_t)p->q_col);
	json_t *s = json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "doc", (json_int_t)p->doc, "name",
			      doc_name(ix, p->doc), "start", (json_int_t)p->s_start, "end",
			      (json_int_t)p->s_end, "byte_start", (json_int_t)p->s_byte_start,
			      "byte_end", (json_int_t)p->s_byte_end, "line", (json_int_t)p->s_line,
			      "col", (json_int_t)p->s_col);
	json_t *o = json_pack("{s:I,s:o,s:o,s:o}", "length", (json_int_t)(p->q_end - p->q_start),
			      "query", q, "source", s, "text",
			      jstr(text, p->q_byte_start, p->q_byte_end));
	(void)src;
	return o;
}

int mj_review_report_json(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix,
			  const mj_review_files *sources, int strict)
{
	json_t *root = json_object();
	json_object_set_new(root, "file", json_string(name));
	json_object_set_new(root, "chars", json_integer((json_int_t)r->q.n));
	json_object_set_new(root, "invalid_utf8", json_integer((json_int_t)r->q.replaced));
	json_object_set_new(root, "corpus_docs", json_integer(mj_index_ndocs(ix)));
	json_object_set_new(root, "strict", json_boolean(strict));
	json_object_set_new(root, "candidates", json_integer((json_int_t)r->candidates));
	json_object_set_new(root, "verified", json_integer((json_int_t)r->verified));
	json_object_set_new(root, "copy_ratio", json_real(r->copy_ratio));
	json_object_set_new(root, "tao_ratio", json_real(r->tao_ratio));
	json_object_set_new(root, "top_source_ratio", json_real(r->top_source_ratio));
	json_object_set_new(root, "truncated", json_boolean(r->truncated));
	json_t *srcs = json_array();
	for (size_t i = 0; i < r->nsources; i++)
		json_array_append_new(srcs, json_pack("{s:I,s:s,s:I,s:f}", "doc",
						      (json_int_t)r->sources[i].doc, "name",
						      doc_name(ix, r->sources[i].doc), "covered",
						      (json_int_t)r->sources[i].covered, "ratio",
						      r->q.n ? (double)r->sources[i].covered / (double)r->q.n : 0.0));
	json_object_set_new(root, "sources", srcs);
	json_t *ps = json_array();
	for (size_t i = 0; i < r->npassages; i++)
		json_array_append_new(ps, passage_json(&r->passages[i], text, ix, sources));
	json_object_set_new(root, "passages", ps);
	json_t *ts = json_array();
	for (size_t i = 0; i < r->ntao; i++) {
		const mj_span_hit *t = &r->tao[i];
		json_array_append_new(ts, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "start",
						    (json_int_t)t->q_start, "end", (json_int_t)t->q_end,
						    "byte_start", (json_int_t)t->q_byte_start, "byte_end",
						    (json_int_t)t->q_byte_end, "line", (json_int_t)t->q_line,
						    "col", (json_int_t)t->q_col, "text",
						    jstr(text, t->q_byte_start, t->q_byte_end)));
	}
	json_object_set_new(root, "tao", ts);
	char *s = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!s)
		return mj_error_set(MJ_EINVAL, "无法生成 JSON");
	int rc = mj_buf_puts(out, s);
	if (!rc)
		rc = mj_buf_putc(out, '\n');
	free(s);
	(void)len;
	return rc;
}

/* Per byte of text: 0 plain, 1 copied, 2 套话. Bytes between two normalized
 * characters of the same class (punctuation inside a passage) take it too. */
static unsigned char *byte_classes(const mj_match_result *r, size_t len)
{
	unsigned char *c = mj_calloc(len + 1, 1);
	const mj_norm_text *q = &r->q;
	for (size_t i = 0; i < q->n; i++) {
		size_t a = q->off[i], b = a + q->srclen[i];
		for (size_t k = a; k < b && k < len; k++)
			c[k] = r->mask[i];
		if (i + 1 < q->n && r->mask[i] && r->mask[i + 1] == r->mask[i])
			for (size_t k = b; k < q->off[i + 1] && k < len; k++)
				c[k] = r->mask[i];
	}
	return c;
}

int mj_review_report_html(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix,
			  const mj_review_files *sources)
{
	mj_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
			 "<title>审查报告：");
	mj_buf_put_html(out, name, strlen(name));
	mj_buf_puts(out, "</title><style>"
			 "body{font-family:sans-serif;margin:2em;line-height:1.7}"
			 "mark.c{background:#fbb}mark.t{background:#def}"
			 ".text{white-space:pre-wrap;border:1px solid #ccc;padding:1em}"
			 "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;"
			 "padding:.5em;vertical-align:top;width:50%}a.ref{font-size:75%}"
			 "</style></head><body>\n<h1>对照检查材料审查报告</h1>\n<p>材料：");
	mj_buf_put_html(out, name, strlen(name));
	mj_buf_printf(out, "（规范化后 %zu 字）；比对库 %u 篇</p>\n", r->q.n, mj_index_ndocs(ix));
	mj_buf_printf(out, "<p>复制比 <b>%.1f%%</b>，套话比 %.1f%%", r->copy_ratio * 100,
		      r->tao_ratio * 100);
	if (r->nsources) {
		mj_buf_printf(out, "，最大单一来源 %.1f%%（", r->top_source_ratio * 100);
		const char *n0 = doc_name(ix, r->sources[0].doc);
		mj_buf_put_html(out, n0, strlen(n0));
		mj_buf_puts(out, "）");
	}
	mj_buf_puts(out, "。<mark class=\"c\">红色</mark>为抄袭片段，<mark class=\"t\">蓝色</mark>为套话。</p>\n"
			 "<h2>全文</h2>\n<div class=\"text\">");
	unsigned char *cls = byte_classes(r, len);
	size_t next_p = 0;
	unsigned char cur = 0;
	for (size_t i = 0; i < len;) {
		while (next_p < r->npassages && r->passages[next_p].q_byte_start <= i) {
			if (r->passages[next_p].q_byte_start == i)
				mj_buf_printf(out, "<a class=\"ref\" id=\"q%zu\" href=\"#p%zu\">[%zu]</a>",
					      next_p + 1, next_p + 1, next_p + 1);
			next_p++;
		}
		if (cls[i] != cur) {
			if (cur)
				mj_buf_puts(out, "</mark>");
			if (cls[i])
				mj_buf_puts(out, cls[i] == 1 ? "<mark class=\"c\">" : "<mark class=\"t\">");
			cur = cls[i];
		}
		size_t e = i + 1;
		while (e < len && cls[e] == cur &&
		       !(next_p < r->npassages && r->passages[next_p].q_byte_start == e))
			e++;
		mj_buf_put_html(out, text + i, e - i);
		i = e;
	}
	if (cur)
		mj_buf_puts(out, "</mark>");
	free(cls);
	mj_buf_puts(out, "</div>\n<h2>抄袭片段与来源对照</h2>\n<table><tr><th>本材料</th><th>来源</th></tr>\n");
	for (size_t i = 0; i < r->npassages; i++) {
		const mj_passage *p = &r->passages[i];
		mj_buf_printf(out, "<tr id=\"p%zu\"><td><a href=\"#q%zu\">[%zu]</a> 第 %u 行第 %u 列，%u 字<br>"
			      "<mark class=\"c\">", i + 1, i + 1, i + 1, p->q_line, p->q_col,
			      p->q_end - p->q_start);
		put_excerpt(out, text, p->q_byte_start, p->q_byte_end, 400, 1);
		mj_buf_puts(out, "</mark></td><td>");
		const char *sn = doc_name(ix, p->doc);
		mj_buf_puts(out, "<a href=\"");
		mj_buf_put_html(out, sn, strlen(sn));
		mj_buf_puts(out, "\">");
		mj_buf_put_html(out, sn, strlen(sn));
		mj_buf_printf(out, "</a> 第 %u 行第 %u 列<br>", p->s_line, p->s_col);
		if (sources && p->doc < sources->n && p->s_byte_end <= sources->len[p->doc]) {
			const char *st = sources->text[p->doc];
			size_t ctx0 = p->s_byte_start > 60 ? p->s_byte_start - 60 : 0;
			while (ctx0 > 0 && ((unsigned char)st[ctx0] & 0xC0) == 0x80)
				ctx0--;
			mj_buf_puts(out, "…");
			put_excerpt(out, st, ctx0, p->s_byte_start, 20, 1);
			mj_buf_puts(out, "<mark class=\"c\">");
			put_excerpt(out, st, p->s_byte_start, p->s_byte_end, 400, 1);
			mj_buf_puts(out, "</mark>");
			put_excerpt(out, st, p->s_byte_end, sources->len[p->doc], 20, 1);
		}
		mj_buf_puts(out, "</td></tr>\n");
	}
	mj_buf_puts(out, "</table>\n</body></html>\n");
	return 0;
}

/* ---- commands ---- */

static int build_index(mj_index **ix, const mj_review_files *f, int strict, progress *pg)
{
	mj_index_builder *b;
	mj_winnow_params p = strict ? MJ_WINNOW_STRICT : MJ_WINNOW_DEFAULT;
	int rc = mj_index_builder_new(&b, &p);
	if (rc)
		return rc;
	/* each file is its own author unless an author key was given */
	const char **au = mj_malloc((f->n + 1) * sizeof *au);
	for (size_t i = 0; i < f->n; i++)
		au[i] = f->author && f->author[i] ? f->author[i] : f->name[i];
	unsigned nth = cli_threads();
	rc = mj_index_builder_add_many(b, f->n, (const char *const *)f->name, au,
				       (const char *const *)f->text, f->len, nth, progress_cb, pg);
	free(au);
	if (rc) {
		mj_index_builder_free(b);
		return rc;
	}
	return mj_index_builder_finish_threads(ix, b, nth);
}

int mj_review_build_index(mj_index **ix, const mj_review_files *f, int strict)
{
	progress pg = {isatty(2) && f->n >= 20, "建立比对索引", -1};
	return build_index(ix, f, strict, &pg);
}

static int match_opts(mj_match_opts *o, int strict, const char *tao_authors, const char *tao_file,
		      mj_tao_list **tl)
{
	mj_match_opts_default(o);
	o->strict = strict;
	if (tao_authors) {
		char *end;
		long v = strtol(tao_authors, &end, 10);
		if (*end || v < 3 || v > 1000000)
			return mj_error_set(MJ_EUSAGE, "--tao-authors 需要 3 到 1000000 之间的整数");
		o->tao_min_authors = (uint32_t)v;
		o->tao_share = 0;
	}
	mj_tao_list_builtin(tl);
	if (tao_file) {
		char *t;
		size_t n;
		int rc = mj_file_read(tao_file, 4u << 20, &t, &n);
		if (rc)
			return rc;
		rc = mj_tao_list_load(*tl, t, n);
		free(t);
		if (rc)
			return rc;
	}
	o->tao = *tl;
	return 0;
}

int mj_review_run(mj_cli *cli, const char *name, const char *text, size_t len, const mj_review_files *corpus,
		  int strict, const char *html_out, const char *tao_authors, const char *tao_file)
{
	return mj_review_run_ix(cli, name, text, len, corpus, NULL, -1, strict, html_out, tao_authors, tao_file, NULL, NULL);
}

int mj_review_run_ix(mj_cli *cli, const char *name, const char *text, size_t len, const mj_review_files *corpus,
		     const mj_index *given, int64_t exclude_doc, int strict, const char *html_out,
		     const char *tao_authors, const char *tao_file, json_t *extra_json, const char *extra_text)
{
	mj_index *ix = NULL;
	mj_matcher *m = NULL;
	mj_tao_list *tl = NULL;
	mj_match_result res = {0};
	mj_buf out = MJ_BUF_INIT;
	progress pg = {isatty(2), "建立比对索引", -1};
	mj_match_opts o;
	int rc;
	if (corpus->n == 0) {
		rc = mj_error_set(MJ_EINVAL, "比对库为空：没有可比对的文档");
		goto cleanup;
	}
	if (corpus->n < 20)
		pg.on = 0;
	if (!given && (rc = build_index(&ix, corpus, strict, &pg)))
		goto cleanup;
	const mj_index *use = given ? given : ix;
	if ((rc = match_opts(&o, strict, tao_authors, tao_file, &tl)))
		goto cleanup;
	if ((rc = mj_matcher_new(&m, use, &o)))
		goto cleanup;
	mj_matcher_set_scope(m, exclude_doc, 0);
	if ((rc = mj_matcher_query(&res, m, text, len, mj_review_files_text, (void *)corpus)))
		goto cleanup;
	if (html_out) {
		if ((rc = mj_review_report_html(&out, name, text, len, &res, use, corpus)))
			goto cleanup;
		if ((rc = mj_file_write(html_out, out.ptr, out.len)))
			goto cleanup;
		mj_buf_reset(&out);
		if (!cli->json)
			fprintf(cli->out, "已生成 HTML 报告：%s\n", html_out);
	}
	if (cli->json)
		rc = mj_review_report_json(&out, name, text, len, &res, use, corpus, strict);
	else {
		if (extra_text)
			mj_buf_puts(&out, extra_text);
		rc = mj_review_report_text(&out, name, text, len, &res, use, strict);
	}
	if (rc)
		goto cleanup;
	if (cli->json && extra_json) {
		json_error_t je;
		json_t *doc = json_loadb(out.ptr, out.len, 0, &je);
		if (doc) {
			json_object_set(doc, "checks", extra_json);
			char *d = json_dumps(doc, JSON_INDENT(2));
			mj_buf_reset(&out);
			mj_buf_puts(&out, d);
			mj_buf_putc(&out, '\n');
			free(d);
			json_decref(doc);
		}
	}
	if (corpus->replaced && !cli->json)
		mj_buf_printf(&out, "注意：比对库文件中共有 %zu 处无效的 UTF-8 字节，已替换为 U+FFFD\n",
			      corpus->replaced);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, cli->out);
cleanup:
	mj_match_result_free(&res);
	mj_matcher_free(m);
	mj_tao_list_free(tl);
	mj_index_free(ix);
	mj_buf_free(&out);
	return rc;
}

int mj_review_files_run(mj_cli *cli, const char *file, char **against, size_t nagainst,
			int strict, const char *html_out, const char *tao_authors,
			const char *tao_file)
{
	mj_review_files q = {0}, corpus = {0};
	char *skip = realpath(file, NULL);
	int rc;
	char *one = mj_strdup(file);
	if ((rc = add_files(&q, &one, 1)))
		goto cleanup;
	for (size_t i = 0; i < nagainst; i++)
		if ((rc = mj_review_files_load(&corpus, against[i], skip)))
			goto cleanup;
	if (corpus.n == 0) {
		rc = mj_error_set(MJ_EINVAL, "比对库为空：--against 中没有 .txt 或 .md 文件");
		goto cleanup;
	}
	rc = mj_review_run(cli, file, q.text[0], q.len[0], &corpus, strict, html_out, tao_authors, tao_file);
cleanup:
	free(skip);
	mj_review_files_free(&q);
	mj_review_files_free(&corpus);
	return rc;
}

int mj_cmd_review(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	char **against = mj_calloc((size_t)argc + 1, sizeof *against);
	size_t na = 0;
	const char *a;
	while ((a = mj_opt(&argc, argv, "--against", &rc)) != NULL)
		against[na++] = (char *)a;
	const char *html = mj_opt(&argc, argv, "--html", &rc);
	const char *tao_authors = mj_opt(&argc, argv, "--tao-authors", &rc);
	const char *tao_file = mj_opt(&argc, argv, "--tao-list", &rc);
	const char *material = mj_opt(&argc, argv, "--material", &rc);
	const char *meeting = mj_opt(&argc, argv, "--meeting", &rc);
	const char *corpus = mj_opt(&argc, argv, "--corpus", &rc);
	int strict = mj_flag(&argc, argv, "--strict");
	long long id = 0;
	char *end;
	if (!rc)
		rc = mj_args_done(argc, argv);
	if (!rc && (material || meeting)) {
		const char *v = material ? material : meeting;
		id = strtoll(v, &end, 10);
		if ((material && meeting) || argc || na)
			rc = mj_error_set(MJ_EUSAGE, "--material 与 --meeting 只能二选一，且不能同时给出文件或 --against");
		else if (*end || id <= 0)
			rc = mj_error_set(MJ_EINVAL, "编号“%.40s”无效", v);
		else if (material)
			rc = mj_review_store_material(cli, id, corpus, strict, html, tao_authors, tao_file);
		else
			rc = mj_review_store_meeting(cli, id, corpus, strict);
		free(against);
		return rc;
	}
	if (!rc && (argc != 1 || na == 0))
		rc = mj_error_set(MJ_EUSAGE, "用法: mingjing review 文件 --against 文件或目录 | --material 编号 | --meeting 编号（--help 查看详情）");
	if (!rc)
		rc = mj_review_files_run(cli, argv[0], against, na, strict, html, tao_authors, tao_file);
	free(against);
	return rc;
}

/* ---- a corpus read from its files on demand (corpus dedup) ----
 *
 * The texts are not held: the index is built from the files read by every
 * thread into a buffer of its own, and the matcher reads a candidate's file
 * again when it needs it (a read from the page cache costs less here than
 * keeping the whole corpus in freshly touched memory). A file found invalid
 * UTF-8 while indexing is repaired the same way on every read. */
typedef struct {
	const mj_review_files *f;  /* names only */
	unsigned char *invalid;    /* per document: repaired when read */
} lazy_corpus;

typedef struct {
	lazy_corpus *lc;
	char *raw;
	size_t cap;
	mj_buf clean;
	size_t replaced;           /* bytes repaired while indexing */
} lazy_ctx;

/* Reads path into c->raw (reused); MJ_REVIEW_MAX_FILE at most. */
static int lazy_read(lazy_ctx *c, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return mj_error_set(MJ_EIO, "无法打开文件 %s：%s", path, strerror(errno));
	size_t n = 0;
	int rc = 0;
	for (;;) {
		if (n == c->cap) {
			if (c->cap > MJ_REVIEW_MAX_FILE) {
				rc = mj_error_set(MJ_ETOOBIG, "文件 %s 超过 %u 字节的上限", path,
						  MJ_REVIEW_MAX_FILE);
				break;
			}
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->raw = mj_realloc(c->raw, c->cap + 1);
		}
		ssize_t got = read(fd, c->raw + n, c->cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = mj_error_set(MJ_EIO, "读取文件 %s 失败", path);
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > MJ_REVIEW_MAX_FILE) {
			rc = mj_error_set(MJ_ETOOBIG, "文件 %s 超过 %u 字节的上限", path, MJ_REVIEW_MAX_FILE);
			break;
		}
	}
	close(fd);
	if (!rc) {
		c->raw[n] = 0;
		*len = n;
	}
	return rc;
}

/* check: decide validity (indexing); else repair only what indexing found bad */
static int lazy_text(lazy_ctx *c, size_t doc, int check, const char **text, size_t *len)
{
	if (doc >= c->lc->f->n)
		return mj_error_set(MJ_ENOTFOUND, "比对库中没有编号为 %zu 的文档", doc);
	size_t n = 0;
	int rc = lazy_read(c, c->lc->f->name[doc], &n);
	if (rc)
		return rc;
	if (check)
		c->lc->invalid[doc] = !mj_utf8_valid(c->raw, n);
	if (!c->lc->invalid[doc]) {
		*text = c->raw;
		*len = n;
		return 0;
	}
	size_t bad = 0;
	mj_buf_reset(&c->clean);
	if ((rc = mj_utf8_sanitize(c->raw, n, &c->clean, &bad)))
		return mj_error_set(rc, "文件 %s 过大", c->lc->f->name[doc]);
	if (check)
		c->replaced += bad;
	*text = mj_buf_cstr(&c->clean);
	*len = c->clean.len;
	return 0;
}

static int lazy_index_text(void *ctx, size_t i, const char **text, size_t *len)
{
	return lazy_text(ctx, i, 1, text, len);
}

static int lazy_doc_text(void *ctx, uint32_t doc, const char **text, size_t *len)
{
	return lazy_text(ctx, doc, 0, text, len);
}

static int corpus_dedup(mj_cli *cli, const char *dir, int strict, const char *tao_authors,
			const char *tao_file)
{
	mj_review_files f = {0};
	mj_index *ix = NULL;
	mj_tao_list *tl = NULL;
	mj_dup_result d = {0};
	mj_buf out = MJ_BUF_INIT;
	mj_match_opts o;
	progress pg = {isatty(2), "建立比对索引", -1};
	path_list paths = {0};
	lazy_corpus lc = {&f, NULL};
	lazy_ctx cx[8];
	void *ctxs[8];
	unsigned nth = cli_threads();
	memset(cx, 0, sizeof cx);
	for (unsigned t = 0; t < nth; t++) {
		cx[t].lc = &lc;
		ctxs[t] = &cx[t];
	}
	int rc;
	if ((rc = load_path(&paths, dir, NULL, 0)))
		goto cleanup;
	/* names only: the texts are read when needed (see lazy_corpus) */
	files_reserve(&f, paths.n + 1);
	for (size_t i = 0; i < paths.n; i++) {
		f.name[i] = paths.v[i];
		f.text[i] = NULL;
		f.len[i] = 0;
	}
	f.n = paths.n;
	paths.n = 0;
	lc.invalid = mj_calloc(f.n + 1, 1);
	if (f.n < 20)
		pg.on = 0;
	{
		mj_index_builder *b;
		mj_winnow_params p = strict ? MJ_WINNOW_STRICT : MJ_WINNOW_DEFAULT;
		if ((rc = mj_index_builder_new(&b, &p)))
			goto cleanup;
		/* the postings at most: 2 / (w + 1) per character on average
		 * (winnowing's density), a character at least a byte; in one
		 * block from the start (cheaper to touch than one that grows) */
		mj_index_builder_reserve(b, (size_t)(paths.bytes * 2 / (p.w + 1)) + f.n + 1024);
		/* each file is its own author */
		rc = mj_index_builder_add_fetch(b, f.n, (const char *const *)f.name,
						(const char *const *)f.name, lazy_index_text, ctxs, nth,
						progress_cb, &pg);
		if (rc) {
			mj_index_builder_free(b);
			goto cleanup;
		}
		if ((rc = mj_index_builder_finish_threads(&ix, b, nth)))
			goto cleanup;
	}
	for (unsigned t = 0; t < nth; t++)
		f.replaced += cx[t].replaced;
	if ((rc = match_opts(&o, strict, tao_authors, tao_file, &tl)))
		goto cleanup;
	pg.what = "查重";
	pg.last = -1;
	if ((rc = mj_dedup_run_threads(&d, ix, &o, nth, lazy_doc_text, ctxs, progress_cb, &pg)))
		goto cleanup;
	/* the texts of the reported documents, for the excerpts */
	for (size_t i = 0; i < d.npairs; i++) {
		uint32_t a = d.pairs[i].a;
		if (f.text[a])
			continue;
		size_t bad;
		if ((rc = read_text_file(f.name[a], &f.text[a], &f.len[a], &bad)))
			goto cleanup;
	}
	if (cli->json) {
		json_t *root = json_object();
		json_object_set_new(root, "docs", json_integer((json_int_t)f.n));
		json_object_set_new(root, "strict", json_boolean(strict));
		json_t *pairs = json_array();
		for (size_t i = 0; i < d.npairs; i++) {
			const mj_dup_pair *p = &d.pairs[i];
			json_t *ps = json_array();
			for (size_t k = 0; k < p->npassages; k++)
				json_array_append_new(ps, passage_json(&p->passages[k], f.text[p->a], ix, &f));
			json_array_append_new(pairs, json_pack("{s:s,s:s,s:f,s:I,s:I,s:o}", "a", f.name[p->a],
							       "b", f.name[p->b], "similarity", p->similarity,
							       "covered_a", (json_int_t)p->covered_a,
							       "covered_b", (json_int_t)p->covered_b,
							       "passages", ps));
		}
		json_object_set_new(root, "pairs", pairs);
		char *s = json_dumps(root, JSON_INDENT(2));
		json_decref(root);
		if (s) {
			mj_buf_puts(&out, s);
			mj_buf_putc(&out, '\n');
			free(s);
		}
	} else {
		mj_buf_printf(&out, "比对库：%zu 篇文档，%s\n", f.n, strict ? "严格模式" : "默认模式");
		mj_buf_printf(&out, "有相同片段的文档对：%zu 对（相似度从高到低）\n", d.npairs);
		for (size_t i = 0; i < d.npairs; i++) {
			const mj_dup_pair *p = &d.pairs[i];
			mj_buf_printf(&out, "  %zu. 相似度 %.1f%%：%s（%u 字）↔ %s（%u 字），%zu 处片段\n", i + 1,
				      p->similarity * 100, f.name[p->a], p->covered_a, f.name[p->b],
				      p->covered_b, p->npassages);
			for (size_t k = 0; k < p->npassages && k < 5; k++) {
				const mj_passage *x = &p->passages[k];
				mj_buf_printf(&out, "       第 %u 行第 %u 列 ↔ 第 %u 行第 %u 列，%u 字「", x->q_line,
					      x->q_col, x->s_line, x->s_col, x->q_end - x->q_start);
				put_excerpt(&out, f.text[p->a], x->q_byte_start, x->q_byte_end, 40, 0);
				mj_buf_puts(&out, "」\n");
			}
		}
	}
	fwrite(out.ptr ? out.ptr : "", 1, out.len, cli->out);
cleanup:
	mj_dup_result_free(&d);
	mj_tao_list_free(tl);
	mj_index_free(ix);
	mj_review_files_free(&f);
	for (size_t i = 0; i < paths.n; i++)
		free(paths.v[i]);
	free(paths.v);
	free(lc.invalid);
	for (unsigned t = 0; t < nth; t++) {
		free(cx[t].raw);
		mj_buf_free(&cx[t].clean);
	}
	mj_buf_free(&out);
	return rc;
}

int mj_cmd_corpus(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return mj_corpus_cmd_add(cli, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return mj_corpus_cmd_list(cli, argc - 1, argv + 1);
	const char *tao_authors = mj_opt(&argc, argv, "--tao-authors", &rc);
	const char *tao_file = mj_opt(&argc, argv, "--tao-list", &rc);
	int strict = mj_flag(&argc, argv, "--strict");
	if (!rc)
		rc = mj_args_done(argc, argv);
	if (rc)
		return rc;
	if (argc == 2 && strcmp(argv[0], "dedup") == 0)
		return corpus_dedup(cli, argv[1], strict, tao_authors, tao_file);
	return mj_error_set(MJ_EUSAGE, "用法: mingjing corpus add 名称 文件或目录 … | corpus list | corpus dedup 目录 [--strict] [--json]");
}
