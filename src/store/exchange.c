/*
 * Export and import of one meeting as JSON.
 *
 * The export holds the meeting, every record that belongs to it (studies,
 * opinions, talks, attendance, criticisms, comments, materials with their
 * versions, ledger items with their notes, appraisals), the team with its
 * members and oversight, the notice with its areas, and the closure of
 * everything these refer to (people, orgs, last year's items ...). Records are
 * grouped by entity in model order and sorted by id, blobs in base64, so the
 * same database always exports the same bytes, and export -> import into an
 * empty database -> export gives the same JSON.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"

#define EXPORT_FORMAT "mingjing-meeting"
#define EXPORT_VERSION 1

struct ids_ctx {
	json_t *set; /* object "id" -> true, per entity */
};

static int ids_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		  const size_t *lens)
{
	json_t *set = ctx;
	if (vals[0])
		json_object_set_new(set, vals[0], json_true());
	return 0;
}

/* Adds to want[entity] the ids returned by sql (one parameter: the id). */
static int add_ids(mj_store *s, json_t *want, const char *entity, const char *sql, long long id)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", id);
	const char *p[] = {num};
	json_t *set = json_object_get(want, entity);
	return mj_store_exec(s, sql, 1, p, ids_cb, set);
}

static int cmp_ids(const void *a, const void *b)
{
	long long x = strtoll(*(const char *const *)a, NULL, 10), y = strtoll(*(const char *const *)b, NULL, 10);
	return x < y ? -1 : x > y;
}

static int add_blob(mj_store *s, const struct mj_entity *e, const struct mj_field *f, json_t *row);

int mj_export_meeting(mj_store *s, long long meeting_id, json_t **out)
{
	json_t *want = json_object(), *rows = json_object(), *doc = NULL, *m = NULL;
	const struct mj_entity *e;
	int rc;
	*out = NULL;
	if ((rc = mj_entity_get(s, mj_entity_find("meeting"), meeting_id, &m)))
		goto cleanup;
	for (e = mj_entities; e->name; e++)
		json_object_set_new(want, e->name, json_object());
	long long team = json_integer_value(json_object_get(m, "team_id"));
	long long notice = json_integer_value(json_object_get(m, "notice_id"));
	static const char *const children[] = {"study", "opinion", "talk", "attendance", "criticism",
					       "oversight", "material", "item", "appraisal"};
	char sql[200];
	add_ids(s, want, "meeting", "SELECT id FROM meeting WHERE id = ?", meeting_id);
	for (size_t i = 0; i < sizeof children / sizeof children[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE meeting_id = ?", children[i]);
		if ((rc = add_ids(s, want, children[i], sql, meeting_id)))
			goto cleanup;
	}
	if ((rc = add_ids(s, want, "material_version", "SELECT v.id FROM material_version v JOIN material x ON x.id = v.material_id WHERE x.meeting_id = ?", meeting_id)) ||
	    (rc = add_ids(s, want, "material_link", "SELECT l.id FROM material_link l JOIN material x ON x.id = l.material_id WHERE x.meeting_id = ?", meeting_id)) ||
	    (rc = add_ids(s, want, "item_note", "SELECT n.id FROM item_note n JOIN item x ON x.id = n.item_id WHERE x.meeting_id = ?", meeting_id)) ||
	    (rc = add_ids(s, want, "member", "SELECT id FROM member WHERE team_id = ?", team)) ||
	    (rc = add_ids(s, want, "oversee", "SELECT id FROM oversee WHERE team_id = ?", team)) ||
	    (notice && (rc = add_ids(s, want, "area", "SELECT id FROM area WHERE notice_id = ?", notice))))
		goto cleanup;

	/* Closure over references: fetch every wanted row, add what it refers to. */
	for (int changed = 1; changed;) {
		changed = 0;
		for (e = mj_entities; e->name; e++) {
			json_t *set = json_object_get(want, e->name);
			json_t *have = json_object_get(rows, e->name);
			if (!have) {
				have = json_object();
				json_object_set_new(rows, e->name, have);
			}
			const char *key;
			json_t *v;
			json_object_foreach(set, key, v) {
				if (json_object_get(have, key))
					continue;
				json_t *row;
				if ((rc = mj_entity_get(s, e, strtoll(key, NULL, 10), &row)))
					goto cleanup;
				json_object_set_new(have, key, row);
				changed = 1;
				for (const struct mj_field *f = e->fields; f->name; f++) {
					json_t *r = json_object_get(row, f->name);
					if (f->type != MJ_F_REF || !json_is_integer(r))
						continue;
					char num[24];
					snprintf(num, sizeof num, "%lld", (long long)json_integer_value(r));
					json_t *tset = json_object_get(want, f->ref);
					if (!json_object_get(tset, num))
						json_object_set_new(tset, num, json_true());
				}
			}
		}
	}

	doc = json_object();
	json_object_set_new(doc, "format", json_string(EXPORT_FORMAT));
	json_object_set_new(doc, "version", json_integer(EXPORT_VERSION));
	json_object_set_new(doc, "meeting_id", json_integer(meeting_id));
	json_t *records = json_object();
	json_object_set_new(doc, "records", records);
	for (e = mj_entities; e->name; e++) {
		json_t *have = json_object_get(rows, e->name);
		size_t n = json_object_size(have), i = 0;
		if (!n)
			continue;
		const char **keys = mj_calloc(n, sizeof *keys);
		const char *key;
		json_t *v;
		json_object_foreach(have, key, v) keys[i++] = key;
		qsort(keys, n, sizeof *keys, cmp_ids);
		json_t *arr = json_array();
		for (i = 0; i < n; i++) {
			json_t *row = json_object_get(have, keys[i]);
			for (const struct mj_field *f = e->fields; f->name; f++) {
				if (f->flags & MJ_FF_SECRET)
					json_object_del(row, f->name);
				else if (f->type == MJ_F_BLOB && (rc = add_blob(s, e, f, row)))
					break;
			}
			json_array_append(arr, row);
		}
		free(keys);
		json_object_set_new(records, e->name, arr);
		if (rc)
			goto cleanup;
	}
	*out = doc;
	doc = NULL;
cleanup:
	json_decref(want);
	json_decref(rows);
	json_decref(doc);
	json_decref(m);
	return rc;
}

struct blob_ctx {
	json_t *value;
};

static int blob_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		   const size_t *lens)
{
	struct blob_ctx *b = ctx;
	if (!vals[0]) {
		b->value = json_null();
		return 0;
	}
	size_t cap = sodium_base64_encoded_len(lens[0], sodium_base64_VARIANT_ORIGINAL);
	char *enc = mj_malloc(cap);
	sodium_bin2base64(enc, cap, (const unsigned char *)vals[0], lens[0], sodium_base64_VARIANT_ORIGINAL);
	b->value = json_string(enc);
	free(enc);
	return 0;
}

static int add_blob(mj_store *s, const struct mj_entity *e, const struct mj_field *f, json_t *row)
{
	char sql[160], num[24];
	struct blob_ctx b = {NULL};
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?", f->name, e->name);
	snprintf(num, sizeof num, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
	const char *p[] = {num};
	int rc = mj_store_exec(s, sql, 1, p, blob_cb, &b);
	if (!rc)
		json_object_set_new(row, f->name, b.value ? b.value : json_null());
	return rc;
}

/* Row of an import file -> values for mj_entity_write (all strings). Blobs are
 * decoded into *blob. */
static int import_values(const struct mj_entity *e, json_t *row, json_t **vals, char **blob, size_t *blob_len)
{
	json_t *v = json_object();
	const char *key;
	json_t *val;
	*blob = NULL;
	*blob_len = 0;
	json_object_foreach(row, key, val) {
		const struct mj_field *f = mj_entity_field(e, key);
		if (strcmp(key, "id") != 0 && !f) {
			json_decref(v);
			return mj_error_set(MJ_EFORMAT, "导入文件中的%s含有未知字段“%.40s”", e->label, key);
		}
		if (json_is_null(val)) {
			json_object_set_new(v, key, json_null());
		} else if (json_is_integer(val)) {
			char num[24];
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(val));
			json_object_set_new(v, key, json_string(num));
		} else if (json_is_string(val) && f && f->type == MJ_F_BLOB) {
			const char *b64 = json_string_value(val);
			size_t cap = json_string_length(val);
			char *bin = mj_malloc(cap + 1);
			size_t n = 0;
			if (sodium_base642bin((unsigned char *)bin, cap + 1, b64, cap, NULL, &n, NULL,
					      sodium_base64_VARIANT_ORIGINAL) != 0) {
				free(bin);
				json_decref(v);
				return mj_error_set(MJ_EFORMAT, "导入文件中%s的“%s”不是有效的 base64", e->label, f->label);
			}
			*blob = bin;
			*blob_len = n;
			json_object_set_new(v, key, json_stringn_nocheck(bin, n));
		} else if (json_is_string(val)) {
			json_object_set(v, key, val);
		} else {
			json_decref(v);
			return mj_error_set(MJ_EFORMAT, "导入文件中%s的“%.40s”类型不对", e->label, key);
		}
	}
	if (!json_is_integer(json_object_get(row, "id"))) {
		json_decref(v);
		return mj_error_set(MJ_EFORMAT, "导入文件中的%s缺少编号", e->label);
	}
	*vals = v;
	return 0;
}

int mj_import(mj_store *s, const mj_actor *a, json_t *doc, long long *inserted, long long *skipped)
{
	int rc;
	*inserted = *skipped = 0;
	json_t *records = json_object_get(doc, "records");
	if (!json_is_object(doc) || strcmp(json_string_value(json_object_get(doc, "format")) ?: "", EXPORT_FORMAT) != 0 ||
	    json_integer_value(json_object_get(doc, "version")) != EXPORT_VERSION || !json_is_object(records))
		return mj_error_set(MJ_EFORMAT, "不是 mingjing 导出的会议文件（format 应为 %s，version 应为 %d）",
				    EXPORT_FORMAT, EXPORT_VERSION);
	const char *key;
	json_t *val;
	json_object_foreach(records, key, val) {
		if (!mj_entity_find(key) || !json_is_array(val))
			return mj_error_set(MJ_EFORMAT, "导入文件含有未知的记录类型“%.40s”", key);
	}
	if ((rc = mj_store_begin(s)) || (rc = mj_store_defer_constraints(s)))
		goto fail;
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		json_t *arr = json_object_get(records, e->name);
		size_t i;
		json_t *row;
		json_array_foreach(arr, i, row) {
			json_t *vals = NULL, *existing = NULL;
			char *blob = NULL;
			size_t blen;
			if (!json_is_object(row)) {
				rc = mj_error_set(MJ_EFORMAT, "导入文件中%s的第 %zu 条不是对象", e->label, i + 1);
				goto fail;
			}
			if ((rc = import_values(e, row, &vals, &blob, &blen)))
				goto fail;
			long long id = json_integer_value(json_object_get(row, "id"));
			rc = mj_entity_get(s, e, id, &existing);
			if (rc == 0) {
				/* Compare with what an export of the existing row would hold. */
				json_t *cmp = json_deep_copy(row);
				for (const struct mj_field *f = e->fields; f->name; f++)
					if (f->type == MJ_F_BLOB || (f->flags & MJ_FF_SECRET))
						json_object_del(cmp, f->name), json_object_del(existing, f->name);
				int same = json_equal(cmp, existing);
				json_decref(cmp);
				json_decref(existing);
				json_decref(vals);
				free(blob);
				if (!same) {
					rc = mj_error_set(MJ_ECONFLICT, "%s编号 %lld 已存在且内容不同，导入已取消，未做任何修改", e->label, id);
					goto fail;
				}
				(*skipped)++;
				continue;
			}
			if (rc != MJ_ENOTFOUND) {
				json_decref(vals);
				free(blob);
				goto fail;
			}
			rc = mj_entity_write(s, a, e, 0, vals, MJ_W_KEEPID | MJ_W_INTERNAL | MJ_W_NOPERM | MJ_W_NOREF, NULL);
			json_decref(vals);
			free(blob);
			if (rc) {
				char msg[1024];
				snprintf(msg, sizeof msg, "%s", mj_error_msg());
				rc = mj_error_set(rc, "导入%s编号 %lld 失败：%s", e->label, id, msg);
				goto fail;
			}
			(*inserted)++;
		}
	}
	/* Rows came with their ids: identity columns must continue after them. */
	for (const struct mj_entity *e = mj_entities; e->name; e++)
		if (json_array_size(json_object_get(records, e->name)) && (rc = mj_store_sync_ids(s, e->name, "id")))
			goto fail;
	if ((rc = mj_store_commit(s))) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", mj_error_msg());
		return mj_error_set(rc, "导入失败，未做任何修改：%s", msg);
	}
	return 0;
fail:
	mj_store_rollback(s);
	*inserted = *skipped = 0;
	return rc;
}
