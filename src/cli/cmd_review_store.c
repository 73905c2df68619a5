/*
 * Review of stored materials: `review --material ID` and `review --meeting M`
 * compare against every material in the database and the collections added
 * with `corpus add` (the index is persisted and reused while the corpus does
 * not change), and add the content checks of core/review_checks.h
 * (completeness against the notice's areas and last year's ledger,
 * specificity, repetition of earlier years' problems).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A text of the corpus read from the store when the matcher first asks for
 * it (a candidate to verify): with the persisted index, a review reads the
 * texts of its candidates, not the whole corpus. */
struct lazy {
	mj_store *st;
	json_t *docs;
};

static int fetch_text(void *ctx, size_t doc, char **text, size_t *len)
{
	struct lazy *z = ctx;
	json_t *t = NULL;
	const char *key = json_string_value(json_object_get(json_array_get(z->docs, doc), "key"));
	int rc = key ? mj_review_doc_text(z->st, key, &t) : mj_error_set(MJ_ENOTFOUND, "比对库中没有编号为 %zu 的文档", doc);
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

/* The index of the corpus: the persisted one when it indexes exactly these
 * documents, else built now and persisted. */
static int corpus_index(mj_store *st, json_t *docs, const mj_review_files *f, int strict, mj_index **ix)
{
	char sig[65];
	mj_buf blob = MJ_BUF_INIT;
	int found = 0, rc;
	mj_review_signature(docs, strict, sig);
	if ((rc = mj_review_index_get(st, sig, &blob, &found)))
		goto cleanup;
	if (found && mj_index_load(ix, blob.ptr, blob.len) == 0 && mj_index_ndocs(*ix) == f->n)
		goto cleanup;
	if (found && *ix) {
		mj_index_free(*ix);
		*ix = NULL;
	}
	mj_buf_reset(&blob);
	if ((rc = mj_review_build_index(ix, f, strict)))
		goto cleanup;
	if (mj_index_serialize(*ix, &blob) == 0)
		mj_review_index_put(st, sig, strict, blob.ptr ? blob.ptr : "", blob.len); /* a cache: failure is harmless */
cleanup:
	mj_buf_free(&blob);
	return rc;
}

/* The corpus and its index. With a persisted index for exactly these
 * documents only their keys, names and authors are read and f fetches each
 * text on first use (through z, which must outlive f's use); otherwise every
 * text is read, the index built and persisted. */
static int open_corpus(mj_store *st, const char *corpus, int strict, mj_review_files *f, json_t **docs,
		       mj_index **ix, struct lazy *z)
{
	char sig[65];
	mj_buf blob = MJ_BUF_INIT;
	int found = 0, rc;
	if ((rc = mj_review_corpus_docs(st, corpus, 0, docs)))
		return rc;
	mj_review_signature(*docs, strict, sig);
	if ((rc = mj_review_index_get(st, sig, &blob, &found)))
		goto cleanup;
	if (found && mj_index_load(ix, blob.ptr, blob.len) == 0 && mj_index_ndocs(*ix) == json_array_size(*docs)) {
		size_t i;
		json_t *d;
		json_array_foreach(*docs, i, d)
			if ((rc = mj_review_files_push(f, json_string_value(json_object_get(d, "name")),
						       json_string_value(json_object_get(d, "author")), "", 0)))
				goto cleanup;
		z->st = st;
		z->docs = *docs;
		f->fetched = mj_calloc(f->n + 1, 1);
		f->fetch = fetch_text;
		f->fetch_ctx = z;
		goto cleanup;
	}
	if (*ix) {
		mj_index_free(*ix);
		*ix = NULL;
	}
	json_decref(*docs);
	*docs = NULL;
	if ((rc = load_corpus(st, corpus, f, docs)))
		goto cleanup;
	rc = corpus_index(st, *docs, f, strict, ix);
cleanup:
	mj_buf_free(&blob);
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

static int doc_of_material(json_t *docs, long long material_id)
{
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
		if (json_integer_value(json_object_get(d, "material_id")) == material_id)
			return (int)i;
	return -1;
}

int mj_review_store_material(mj_cli *cli, long long material_id, const char *corpus, int strict,
			     const char *html_out, const char *tao_authors, const char *tao_file)
{
	mj_store *st;
	json_t *vrow = NULL, *docs = NULL, *cj = NULL;
	mj_review_files f = {0};
	struct lazy lazy = {0};
	mj_index *ix = NULL;
	mj_check_report rep;
	mj_buf ct = MJ_BUF_INIT;
	char name[160];
	int rc;
	mj_check_report_init(&rep);
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_material_version(st, material_id, 0, &vrow)))
		goto cleanup;
	const char *text = json_string_value(json_object_get(vrow, "text"));
	size_t len = text ? strlen(text) : 0;
	if ((rc = run_checks(st, material_id, text ? text : "", len, &rep)))
		goto cleanup;
	if ((rc = open_corpus(st, corpus, strict, &f, &docs, &ix, &lazy)))
		goto cleanup;
	snprintf(name, sizeof name, "材料 %lld 第 %lld 版", material_id, (long long)json_integer_value(json_object_get(vrow, "version")));
	cj = mj_check_report_json(&rep);
	mj_buf_puts(&ct, "【内容审查】\n");
	if ((rc = mj_check_report_text(&ct, &rep)))
		goto cleanup;
	mj_buf_puts(&ct, "\n【抄袭与套话】\n");
	rc = mj_review_run_ix(cli, name, text ? text : "", len, &f, ix, doc_of_material(docs, material_id), strict,
			      html_out, tao_authors, tao_file, cj, ct.ptr);
cleanup:
	mj_check_report_free(&rep);
	mj_buf_free(&ct);
	json_decref(cj);
	json_decref(vrow);
	json_decref(docs);
	mj_index_free(ix);
	mj_review_files_free(&f);
	return rc;
}

int mj_review_store_meeting(mj_cli *cli, long long meeting_id, const char *corpus, int strict)
{
	mj_store *st;
	json_t *mats = NULL, *docs = NULL, *out = json_array();
	mj_review_files f = {0};
	struct lazy lazy = {0};
	mj_index *ix = NULL;
	mj_matcher *m = NULL;
	mj_tao_list *tl = NULL;
	int rc;
	if ((rc = mj_cli_store(cli, &st)) ||
	    (rc = mj_material_list(st, meeting_id, 1, &mats)))
		goto cleanup;
	if ((rc = open_corpus(st, corpus, strict, &f, &docs, &ix, &lazy)))
		goto cleanup;
	mj_match_opts o;
	mj_match_opts_default(&o);
	o.strict = strict;
	mj_tao_list_builtin(&tl);
	o.tao = tl;
	if ((rc = mj_matcher_new(&m, ix, &o)))
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
			mj_matcher_set_scope(m, doc_of_material(docs, id), 0);
			rc = mj_matcher_query(&res, m, text ? text : "", len, mj_review_files_text, &f);
		}
		if (!rc) {
			const char *top = res.nsources ? f.name[res.sources[0].doc] : "";
			size_t ne = mj_check_report_count(&rep, MJ_CHECK_ERROR), nw = mj_check_report_count(&rep, MJ_CHECK_WARNING);
			json_array_append_new(out, json_pack("{s:I,s:O,s:O,s:f,s:f,s:f,s:s,s:I,s:I}", "material_id", (json_int_t)id,
							     "name", json_object_get(r, "name"), "state", json_object_get(r, "state"),
							     "copy_ratio", res.copy_ratio, "tao_ratio", res.tao_ratio,
							     "top_source_ratio", res.top_source_ratio, "top_source", top,
							     "errors", (json_int_t)ne, "warnings", (json_int_t)nw));
			if (!cli->json)
				fprintf(cli->out, "%-6lld %-10s %-8s %7.1f%% %7.1f%% %6zu %6zu  %s\n", id,
					json_string_value(json_object_get(r, "name")),
					mj_enum_label(mj_entity_field(mj_entity_find("material"), "state"),
						      json_string_value(json_object_get(r, "state"))),
					res.copy_ratio * 100, res.tao_ratio * 100, ne, nw, top);
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
	mj_index_free(ix);
	mj_review_files_free(&f);
	json_decref(mats);
	json_decref(docs);
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
