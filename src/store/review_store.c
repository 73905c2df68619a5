/*
 * What the review of a stored material needs from the database: the corpus
 * (every material's current version, and the documents of the collections
 * users added with `corpus add`), the persisted fingerprint index of that
 * corpus (so nothing is rescanned per query), and the context of the content
 * checks (the notice's areas, the member's items of last year's ledger, the
 * member's problems of earlier years).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

/* Docs of the corpus in a fixed order: [{key, name, author, text, material_id}].
 * corpus NULL: every material and every collection; "" : materials only;
 * else materials and that collection. */
int mj_review_corpus_docs(mj_store *s, const char *corpus, int with_text, json_t **out)
{
	json_t *mats = NULL, *docs = NULL;
	int rc = mj_store_rows(s, &mats,
			       with_text ? "SELECT x.id AS material_id, v.version, p.name AS person, x.person_id, m.year, t.name AS team, v.text"
			       " FROM material x JOIN material_version v ON v.material_id = x.id AND v.version = x.current_version"
			       " JOIN person p ON p.id = x.person_id JOIN meeting m ON m.id = x.meeting_id JOIN team t ON t.id = m.team_id"
			       " ORDER BY x.id"
			       : "SELECT x.id AS material_id, x.current_version AS version, p.name AS person, x.person_id, m.year, t.name AS team"
			       " FROM material x JOIN material_version v ON v.material_id = x.id AND v.version = x.current_version"
			       " JOIN person p ON p.id = x.person_id JOIN meeting m ON m.id = x.meeting_id JOIN team t ON t.id = m.team_id"
			       " ORDER BY x.id", 0, NULL);
	if (rc)
		return rc;
	if (!corpus)
		rc = mj_store_rows(s, &docs,
				   with_text ? "SELECT id, corpus, name, author, text FROM corpus_doc ORDER BY id"
					     : "SELECT id, corpus, name, author FROM corpus_doc ORDER BY id",
				   0, NULL);
	else {
		const char *p[] = {corpus};
		rc = mj_store_rows(s, &docs,
				   with_text ? "SELECT id, corpus, name, author, text FROM corpus_doc WHERE corpus = ? ORDER BY id"
					     : "SELECT id, corpus, name, author FROM corpus_doc WHERE corpus = ? ORDER BY id",
				   1, p);
	}
	if (rc) {
		json_decref(mats);
		return rc;
	}
	json_t *arr = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(mats, i, r) {
		char key[64], name[256], author[32];
		long long id = json_integer_value(json_object_get(r, "material_id"));
		snprintf(key, sizeof key, "m%lld.v%lld", id, (long long)json_integer_value(json_object_get(r, "version")));
		snprintf(name, sizeof name, "材料%lld：%s（%s，%lld年度）", id, json_string_value(json_object_get(r, "person")),
			 json_string_value(json_object_get(r, "team")), (long long)json_integer_value(json_object_get(r, "year")));
		snprintf(author, sizeof author, "p%lld", (long long)json_integer_value(json_object_get(r, "person_id")));
		json_t *text = json_object_get(r, "text"), *d = json_pack("{s:s,s:s,s:s,s:I}", "key", key, "name", name,
									   "author", author, "material_id", (json_int_t)id);
		if (with_text)
			json_object_set_new(d, "text", json_is_string(text) ? json_incref(text) : json_string(""));
		json_array_append_new(arr, d);
	}
	if (corpus && !*corpus) {
		json_decref(docs);
		docs = json_array();
	}
	json_array_foreach(docs, i, r) {
		char key[64], name[400], author[420];
		long long id = json_integer_value(json_object_get(r, "id"));
		const char *au = json_string_value(json_object_get(r, "author"));
		snprintf(key, sizeof key, "c%lld", id);
		snprintf(name, sizeof name, "比对库“%s”：%s", json_string_value(json_object_get(r, "corpus")),
			 json_string_value(json_object_get(r, "name")));
		snprintf(author, sizeof author, "c:%s", au && *au ? au : name);
		json_t *d = json_pack("{s:s,s:s,s:s,s:I}", "key", key, "name", name, "author", author, "material_id",
				      (json_int_t)0);
		if (with_text)
			json_object_set(d, "text", json_object_get(r, "text"));
		json_array_append_new(arr, d);
	}
	json_decref(mats);
	json_decref(docs);
	*out = arr;
	return 0;
}

int mj_review_corpus(mj_store *s, const char *corpus, json_t **out)
{
	return mj_review_corpus_docs(s, corpus, 1, out);
}

int mj_review_doc_text(mj_store *s, const char *key, json_t **text)
{
	long long a = 0, b = 0;
	char pa[24], pb[24], tail;
	json_t *rows = NULL;
	int rc;
	*text = NULL;
	if (sscanf(key, "m%lld.v%lld%c", &a, &b, &tail) == 2) {
		snprintf(pa, sizeof pa, "%lld", a);
		snprintf(pb, sizeof pb, "%lld", b);
		const char *p[] = {pa, pb};
		rc = mj_store_rows(s, &rows, "SELECT text FROM material_version WHERE material_id = ? AND version = ?", 2, p);
	} else if (sscanf(key, "c%lld%c", &a, &tail) == 1) {
		snprintf(pa, sizeof pa, "%lld", a);
		const char *p[] = {pa};
		rc = mj_store_rows(s, &rows, "SELECT text FROM corpus_doc WHERE id = ?", 1, p);
	} else
		return mj_error_set(MJ_EINVAL, "比对库文档编号“%s”无效", key);
	if (rc)
		return rc;
	json_t *t = json_object_get(json_array_get(rows, 0), "text");
	if (!json_array_size(rows)) {
		json_decref(rows);
		return mj_error_set(MJ_ENOTFOUND, "比对库文档 %s 已不存在（数据刚被修改？请重新审查）", key);
	}
	*text = json_is_string(t) ? json_incref(t) : json_string("");
	json_decref(rows);
	return 0;
}

/* Signature of a corpus: BLAKE2b of its keys in order, and the mode. */
void mj_review_signature(json_t *docs, int strict, char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)(strict ? "strict" : "default"), strict ? 6 : 7);
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d) {
		const char *k = json_string_value(json_object_get(d, "key"));
		crypto_generichash_update(&st, (const unsigned char *)k, strlen(k) + 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

struct blob_ctx {
	mj_buf *out;
	int found;
};

static int blob_cb(void *ctx, int n, const char *const *names, const char *const *vals, const size_t *lens)
{
	struct blob_ctx *b = ctx;
	b->found = 1;
	return vals[0] ? mj_buf_put(b->out, vals[0], lens[0]) : 0;
}

/* The persisted index for signature into out; *found 0 when absent. */
int mj_review_index_get(mj_store *s, const char *signature, mj_buf *out, int *found)
{
	struct blob_ctx b = {out, 0};
	const char *p[] = {signature};
	int rc = mj_store_exec(s, "SELECT blob FROM review_index WHERE signature = ?", 1, p, blob_cb, &b);
	*found = b.found;
	return rc;
}

static int stamp_cb(void *ctx, int n, const char *const *names, const char *const *vals, const size_t *lens)
{
	(void)names;
	char *out = ctx;
	if (n < 1 || !vals[0] || lens[0] != 32)
		return MJ_EFORMAT;
	memcpy(out, vals[0], 32);
	out[32] = 0;
	return 0;
}

int mj_review_stamp(mj_store *s, char out[33])
{
	out[0] = 0;
	int rc = mj_store_exec(s, "SELECT token FROM review_stamp WHERE id = 1", 0, NULL, stamp_cb, out);
	if (rc == MJ_EFORMAT || (!rc && !out[0]))
		return mj_error_set(MJ_EDB, "比对库版本标记缺失或无效（review_stamp）");
	return rc;
}

/* Replaces every persisted index by this one (derived data: not audited). */
int mj_review_index_put(mj_store *s, const char *signature, int strict, const void *blob, size_t len)
{
	char day[11];
	mj_date_format(mj_today(), day);
	const char *p[] = {signature, strict ? "1" : "0", day, blob};
	size_t lens[] = {strlen(signature), 1, strlen(day), len};
	int rc = mj_store_begin(s);
	if (rc)
		return rc;
	if ((rc = mj_store_exec(s, "DELETE FROM review_index WHERE strict = ?", 1, p + 1, NULL, NULL)) ||
	    (rc = mj_store_exec_blob(s, "INSERT INTO review_index (signature, strict, built_on, blob) VALUES (?, ?, ?, ?)",
				     4, p, lens, 1u << 3, NULL, NULL))) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

int mj_corpus_add(mj_store *s, const mj_actor *a, const char *corpus, const char *name, const char *author,
		  const char *text, size_t len, long long *id)
{
	char day[11];
	mj_date_format(mj_today(), day);
	json_t *v = json_pack("{s:s,s:s,s:s%,s:s}", "corpus", corpus, "name", name, "text", text, len, "added_on", day);
	if (author)
		json_object_set_new(v, "author", json_string(author));
	int rc = mj_entity_write(s, a, mj_entity_find("corpus_doc"), 0, v, MJ_W_INTERNAL, id);
	json_decref(v);
	return rc;
}

/* Context of the content checks of a material: {"meeting_id", "year",
 * "areas": [titles], "ledger": [{id, problem, status}] (the member's items
 * of the team's previous meeting), "earlier": [{year, text}] (problems of the
 * member's materials of earlier years)}. */
int mj_review_context(mj_store *s, long long material_id, json_t **out)
{
	json_t *mrow = NULL, *areas = NULL, *ledger = NULL, *earlier_m = NULL, *earlier = json_array();
	char mid[24], pid[24], meet[24];
	int rc;
	if ((rc = mj_entity_get(s, mj_entity_find("material"), material_id, &mrow)))
		goto cleanup;
	long long meeting = json_integer_value(json_object_get(mrow, "meeting_id"));
	long long person = json_integer_value(json_object_get(mrow, "person_id"));
	snprintf(mid, sizeof mid, "%lld", material_id);
	snprintf(pid, sizeof pid, "%lld", person);
	snprintf(meet, sizeof meet, "%lld", meeting);
	const char *pmp[] = {meet, pid};
	if ((rc = mj_meeting_areas(s, meeting, &areas)) ||
	    (rc = mj_store_rows(s, &ledger,
				"SELECT i.id, i.problem, i.status FROM item i JOIN meeting x ON x.id = i.meeting_id"
				" WHERE x.team_id = (SELECT team_id FROM meeting WHERE id = ?1) AND x.kind = (SELECT kind FROM meeting WHERE id = ?1)"
				" AND x.year = (SELECT year FROM meeting WHERE id = ?1) - 1 AND i.owner_id = ?2 ORDER BY i.id", 2, pmp)) ||
	    (rc = mj_store_rows(s, &earlier_m,
				"SELECT x.id, m.year FROM material x JOIN meeting m ON m.id = x.meeting_id"
				" WHERE x.person_id = ?2 AND x.current_version > 0 AND m.year < (SELECT year FROM meeting WHERE id = ?1)"
				" ORDER BY m.year", 2, pmp)))
		goto cleanup;
	size_t i;
	json_t *r;
	json_array_foreach(earlier_m, i, r) {
		json_t *probs = NULL;
		if (mj_material_problems(s, json_integer_value(json_object_get(r, "id")), 0, &probs))
			continue;
		size_t k;
		json_t *p;
		json_array_foreach(probs, k, p)
			json_array_append_new(earlier, json_pack("{s:O,s:O}", "year", json_object_get(r, "year"),
								 "text", json_object_get(p, "headline")));
		json_decref(probs);
	}
	long long year = 0;
	mj_store_int(s, &year, "SELECT year FROM meeting WHERE id = ?", 1, (const char *const[]){meet});
	*out = json_pack("{s:I,s:I,s:o,s:o,s:o}", "meeting_id", (json_int_t)meeting, "year", (json_int_t)year,
			 "areas", areas, "ledger", ledger, "earlier", earlier);
	areas = ledger = earlier = NULL;
cleanup:
	json_decref(mrow);
	json_decref(areas);
	json_decref(ledger);
	json_decref(earlier_m);
	json_decref(earlier);
	return rc;
}

/* Collections: [{corpus, docs, chars}]. */
int mj_corpus_list(mj_store *s, json_t **rows)
{
	return mj_store_rows(s, rows, "SELECT corpus, count(*) AS docs, sum(length(text)) AS chars FROM corpus_doc"
				      " GROUP BY corpus ORDER BY corpus", 0, NULL);
}
