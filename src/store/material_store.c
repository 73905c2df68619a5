/*
 * Materials in the store: versions (the original file, its text and its
 * tree), review states (submit, return with reason and rewrite deadline,
 * approve), problems turned into ledger items with links both ways, and the
 * draft whose section 一 reports last year's ledger truthfully.
 *
 * A member's material is written by that member only (不得代写): the
 * permission policy lets a version be added, and the material submitted, by
 * its author alone (or the local command-line operator, for migration; never
 * an administrator); the head and the superior's organizers return and
 * approve.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "core/perm.h"
#include "core/review_checks.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void num(char out[24], long long v) { snprintf(out, 24, "%lld", v); }

/* Titles of the areas of the meeting's notice, in order (new array ref). */
int mj_meeting_areas(mj_store *s, long long meeting_id, json_t **titles)
{
	char m[24];
	num(m, meeting_id);
	const char *p[] = {m};
	json_t *rows;
	int rc = mj_store_rows(s, &rows, "SELECT a.title FROM area a JOIN meeting m ON m.notice_id = a.notice_id"
					 " WHERE m.id = ? ORDER BY a.ord, a.id", 1, p);
	if (rc)
		return rc;
	*titles = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_array_append(*titles, json_object_get(r, "title"));
	json_decref(rows);
	return 0;
}

int mj_material_parse_for_meeting(mj_store *s, long long meeting_id, const char *data, size_t len, mj_material **out)
{
	json_t *titles = NULL;
	int rc = mj_meeting_areas(s, meeting_id, &titles);
	if (rc)
		return rc;
	size_t n = json_array_size(titles);
	const char **areas = mj_calloc(n + 1, sizeof *areas);
	for (size_t i = 0; i < n; i++)
		areas[i] = json_string_value(json_array_get(titles, i));
	mj_material_opts opts = {areas, n};
	rc = mj_material_parse(out, data, len, &opts);
	free(areas);
	json_decref(titles);
	return rc;
}

/* Finds (or creates) the material of person in meeting; *created set when new. */
static int find_material(mj_store *s, const mj_actor *a, long long meeting_id, long long person_id,
			 const char *kind, long long *id)
{
	char m[24], p[24];
	num(m, meeting_id);
	num(p, person_id);
	const char *pp[] = {m, p, kind};
	int rc = mj_store_int(s, id, "SELECT id FROM material WHERE meeting_id = ? AND person_id = ? AND kind = ?", 3, pp);
	if (rc || *id)
		return rc;
	if (strcmp(kind, "team") == 0) {
		long long head = 0;
		const char *pm[] = {m};
		if ((rc = mj_store_int(s, &head, "SELECT t.head_id FROM meeting x JOIN team t ON t.id = x.team_id WHERE x.id = ?", 1, pm)))
			return rc;
		if (head != person_id)
			return mj_error_set(MJ_EINVAL, "班子对照检查材料由主要负责人牵头，应登记在主要负责人名下");
	} else {
		long long n = 0;
		const char *pm[] = {m, p};
		if ((rc = mj_store_int(s, &n, "SELECT count(*) FROM member mb JOIN meeting x ON x.team_id = mb.team_id"
					     " WHERE x.id = ? AND mb.person_id = ?", 2, pm)))
			return rc;
		if (!n)
			return mj_error_set(MJ_EINVAL, "人员 %lld 不是该会议所属班子的成员", person_id);
	}
	json_t *v = json_pack("{s:s,s:s,s:s}", "meeting_id", m, "person_id", p, "kind", kind);
	rc = mj_entity_write(s, a, mj_entity_find("material"), 0, v, 0, id);
	json_decref(v);
	return rc;
}

int mj_material_add(mj_store *s, const mj_actor *a, long long meeting_id, long long person_id,
		    const char *kind, const char *filename, const char *data, size_t len, int draft,
		    long long *material_id, int *version, size_t *replaced)
{
	mj_material *tree = NULL;
	mj_buf text = MJ_BUF_INIT, json = MJ_BUF_INIT;
	json_t *v = NULL;
	long long mid = 0, cur = 0;
	int rc;
	char day[11], vs[24], ms[24], by[24];
	*material_id = 0;
	*version = 0;
	if (filename && (rc = mj_utf8_check("文件名", filename, 255)))
		return rc;
	if ((rc = mj_material_parse_for_meeting(s, meeting_id, data, len, &tree)))
		return rc;
	if (replaced)
		*replaced = tree->replaced;
	if (tree->format == MJ_DOC_DOCX)
		rc = mj_docx_extract(&text, data, len);
	else
		rc = mj_utf8_sanitize(data, len, &text, NULL);
	if (rc || (rc = mj_material_to_json(&json, tree, 0)))
		goto cleanup;
	if (tree->nsections == 0) {
		rc = mj_error_set(MJ_EFORMAT, "文件中没有找到对照检查材料的章节（如“一、……”），未保存");
		goto cleanup;
	}
	if ((rc = mj_store_begin(s)))
		goto cleanup;
	if ((rc = find_material(s, a, meeting_id, person_id, kind, &mid)))
		goto fail;
	json_t *mrow;
	if ((rc = mj_entity_get(s, mj_entity_find("material"), mid, &mrow)))
		goto fail;
	cur = geti(mrow, "current_version");
	const char *state = gets(mrow, "state");
	int final = state && strcmp(state, "final") == 0;
	json_decref(mrow);
	if (final) {
		rc = mj_error_set(MJ_ESTATE, "材料已定稿，不能再上传新版本");
		goto fail;
	}
	mj_date_format(mj_today(), day);
	num(vs, cur + 1);
	num(ms, mid);
	num(by, a->person_id);
	v = json_object();
	json_object_set_new(v, "material_id", json_string(ms));
	json_object_set_new(v, "version", json_string(vs));
	json_object_set_new(v, "filename", filename ? json_string(filename) : json_null());
	json_object_set_new(v, "content", json_stringn_nocheck(data, len));
	json_object_set_new(v, "text", json_stringn(text.ptr ? text.ptr : "", text.len));
	json_object_set_new(v, "tree", json_stringn(json.ptr ? json.ptr : "", json.len));
	json_object_set_new(v, "added_by", a->person_id ? json_string(by) : json_null());
	json_object_set_new(v, "added_on", json_string(day));
	/* The version is the author's own: the policy allows its author only. */
	if ((rc = mj_entity_write(s, a, mj_entity_find("material_version"), 0, v, MJ_W_INTERNAL, NULL)))
		goto fail;
	json_decref(v);
	v = json_pack("{s:s,s:s}", "current_version", vs, "state", draft ? "draft" : "submitted");
	if ((rc = mj_entity_write(s, a, mj_entity_find("material"), mid, v, MJ_W_INTERNAL | MJ_W_NOPERM, NULL)))
		goto fail;
	if ((rc = mj_store_commit(s)))
		goto cleanup;
	*material_id = mid;
	*version = (int)cur + 1;
	goto cleanup;
fail:
	mj_store_rollback(s);
cleanup:
	json_decref(v);
	mj_material_free(tree);
	mj_buf_free(&text);
	mj_buf_free(&json);
	return rc;
}

int mj_material_version(mj_store *s, long long material_id, int version, json_t **row)
{
	char m[24], v[24];
	json_t *rows;
	long long cur = version;
	num(m, material_id);
	const char *pm[] = {m};
	*row = NULL;
	int rc;
	if (!cur && (rc = mj_store_int(s, &cur, "SELECT current_version FROM material WHERE id = ?", 1, pm)))
		return rc;
	num(v, cur);
	const char *p[] = {m, v};
	if ((rc = mj_store_rows(s, &rows, "SELECT id, version, filename, text, added_by, added_on FROM material_version"
					  " WHERE material_id = ? AND version = ?", 2, p)))
		return rc;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return mj_error_set(MJ_ENOTFOUND, "材料 %lld 没有第 %lld 版", material_id, cur);
	}
	*row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

/* Review actions: submit (author), return (with reason and rewrite deadline)
 * and approve (定稿) by the head or the superior's organizers. */
int mj_material_review_action(mj_store *s, const mj_actor *a, long long material_id, const char *action,
			      const char *reason, const char *due)
{
	const struct mj_entity *e = mj_entity_find("material");
	json_t *row = NULL, *v = NULL;
	long long team = 0;
	int rc, d;
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, e, material_id, &row)) || (rc = mj_store_team_of(s, e, row, &team)))
		goto cleanup;
	unsigned f = mj_store_facts(s, a, team, e, row);
	const char *state = gets(row, "state");
	if (geti(row, "current_version") == 0) {
		rc = mj_error_set(MJ_ESTATE, "材料还没有任何版本");
		goto cleanup;
	}
	if (strcmp(action, "submit") == 0) {
		if (!(f & (MJ_PF_SELF | MJ_PF_OPERATOR))) {
			rc = mj_error_set(MJ_EPERM, "只有撰写人本人可以提交材料（不得代写）");
			goto cleanup;
		}
		if (strcmp(state, "draft") != 0 && strcmp(state, "returned") != 0) {
			rc = mj_error_set(MJ_ESTATE, "材料当前为“%s”，不能提交", mj_enum_label(mj_entity_field(e, "state"), state));
			goto cleanup;
		}
		v = json_pack("{s:s}", "state", "submitted");
	} else if (strcmp(action, "return") == 0 || strcmp(action, "approve") == 0) {
		int self_only = (f & MJ_PF_SELF) && !(f & (MJ_PF_HEAD | MJ_PF_ORGANIZER | MJ_PF_OPERATOR | MJ_PF_ADMIN));
		if (!(f & (MJ_PF_HEAD | MJ_PF_ORGANIZER | MJ_PF_OPERATOR | MJ_PF_ADMIN)) || self_only ||
		    (geti(row, "person_id") == a->person_id && !(f & MJ_PF_ORGANIZER) && a->person_id)) {
			rc = mj_error_set(MJ_EPERM, "退回或定稿须由主要负责人或上级督导（组织部门）办理，本人不能审核自己的材料");
			goto cleanup;
		}
		if (strcmp(state, "submitted") != 0) {
			rc = mj_error_set(MJ_ESTATE, "只有“已提交”的材料可以%s（当前为“%s”）", action[0] == 'r' ? "退回" : "定稿",
					  mj_enum_label(mj_entity_field(e, "state"), state));
			goto cleanup;
		}
		if (action[0] == 'r') {
			if (!reason || !*reason || !due) {
				rc = mj_error_set(MJ_EINVAL, "退回须写明理由（--reason）和重写期限（--due YYYY-MM-DD）");
				goto cleanup;
			}
			if ((rc = mj_date_parse(due, &d)))
				goto cleanup;
			if (d < mj_today()) {
				rc = mj_error_set(MJ_EINVAL, "重写期限 %s 已经过去", due);
				goto cleanup;
			}
			v = json_pack("{s:s,s:s,s:s}", "state", "returned", "return_reason", reason, "rewrite_due", due);
		} else
			v = json_pack("{s:s}", "state", "final");
	} else {
		rc = mj_error_set(MJ_EUSAGE, "未知的材料操作“%.40s”（可用：submit return approve）", action);
		goto cleanup;
	}
	rc = mj_entity_write(s, a, e, material_id, v, MJ_W_INTERNAL | MJ_W_NOPERM, NULL);
cleanup:
	json_decref(row);
	json_decref(v);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

/* ---- problems, links to the ledger -------------------------------------- */

/* Appends the key of a problem headline: its text without whitespace and
 * punctuation, at most 120 characters. */
static void problem_key(const char *s, char *out, size_t cap)
{
	size_t o = 0, chars = 0, len = strlen(s), i = 0;
	while (i < len && chars < 120) {
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			i++;
			continue;
		}
		int skip = cp <= 0x20 || (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
			   (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
			   (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
			   cp == 0x2019 || cp == 0x2026 || cp == 0x2014;
		if (!skip && o + n < cap) {
			memcpy(out + o, s + i, n);
			o += n;
			chars++;
		}
		i += n;
	}
	out[o] = 0;
}

struct problem {
	const char *headline;
	const char *text;
	int area;
	char key[400];
};

/* Problems of a tree, as core lists them (mj_check_entries_list: each item of
 * the problems section, or each paragraph of a subsection without
 * enumeration), less the placeholders of a draft. The strings point into e,
 * which the caller frees with mj_check_entries_free after *out (caller frees). */
static size_t list_problems(const mj_material *m, mj_check_entries *e, struct problem **out)
{
	size_t n = 0;
	*out = NULL;
	if (mj_check_entries_list(e, m, MJ_SECTION_PROBLEMS, NULL, 0) != 0)
		return 0;
	struct problem *p = mj_calloc(e->n + 1, sizeof *p);
	for (size_t i = 0; i < e->n; i++) {
		const char *h = e->v[i].headline && *e->v[i].headline ? e->v[i].headline : e->v[i].text;
		if (!h || !*h || strncmp(h, "〔", 3) == 0)
			continue; /* empty, or a placeholder of a draft */
		p[n].headline = h;
		p[n].text = e->v[i].text;
		p[n].area = e->v[i].area_index;
		problem_key(h, p[n].key, sizeof p[n].key);
		n++;
	}
	*out = p;
	return n;
}

static int load_tree(mj_store *s, long long material_id, int version, mj_material **tree, json_t **vrow)
{
	json_t *mrow;
	int rc = mj_material_version(s, material_id, version, vrow);
	if (rc)
		return rc;
	if ((rc = mj_entity_get(s, mj_entity_find("material"), material_id, &mrow)))
		return rc;
	const char *text = gets(*vrow, "text");
	rc = mj_material_parse_for_meeting(s, geti(mrow, "meeting_id"), text ? text : "", text ? strlen(text) : 0, tree);
	json_decref(mrow);
	return rc;
}

/* Problems of a version with their linked ledger item (if any). */
int mj_material_problems(mj_store *s, long long material_id, int version, json_t **out)
{
	mj_material *tree = NULL;
	json_t *vrow = NULL;
	struct problem *p = NULL;
	int rc = load_tree(s, material_id, version, &tree, &vrow);
	if (rc)
		goto cleanup;
	mj_check_entries ent = {0};
	size_t n = list_problems(tree, &ent, &p);
	*out = json_array();
	char m[24];
	num(m, material_id);
	for (size_t i = 0; i < n; i++) {
		long long item = 0;
		const char *pp[] = {m, p[i].key};
		mj_store_int(s, &item, "SELECT item_id FROM material_link WHERE material_id = ? AND problem_key = ?", 2, pp);
		json_array_append_new(*out, json_pack("{s:s,s:i,s:s,s:o}", "headline", p[i].headline, "area_index", p[i].area,
						      "key", p[i].key, "item_id", item ? json_integer(item) : json_null()));
	}
	mj_check_entries_free(&ent);
cleanup:
	free(p);
	mj_material_free(tree);
	json_decref(vrow);
	return rc;
}

int mj_material_to_ledger(mj_store *s, const mj_actor *a, long long material_id, const char *deadline,
			  long long *created, long long *kept)
{
	json_t *probs = NULL, *mrow = NULL;
	int rc;
	*created = *kept = 0;
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, mj_entity_find("material"), material_id, &mrow)) ||
	    (rc = mj_material_problems(s, material_id, 0, &probs)))
		goto cleanup;
	char m[24], meeting[24], owner[24], item_s[24], ref[48];
	num(m, material_id);
	num(meeting, geti(mrow, "meeting_id"));
	num(owner, geti(mrow, "person_id"));
	size_t i;
	json_t *p;
	json_array_foreach(probs, i, p) {
		if (!json_is_null(json_object_get(p, "item_id"))) {
			(*kept)++;
			continue;
		}
		long long item = 0;
		snprintf(ref, sizeof ref, "material:%lld", material_id);
		json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:s}", "meeting_id", meeting, "source", "self", "source_ref", ref,
				      "problem", gets(p, "headline"), "owner_id", owner);
		if (deadline)
			json_object_set_new(v, "deadline", json_string(deadline));
		rc = mj_entity_write(s, a, mj_entity_find("item"), 0, v, 0, &item);
		json_decref(v);
		if (rc)
			goto cleanup;
		num(item_s, item);
		v = json_pack("{s:s,s:s,s:s}", "material_id", m, "problem_key", gets(p, "key"), "item_id", item_s);
		rc = mj_entity_write(s, a, mj_entity_find("material_link"), 0, v, MJ_W_NOPERM, NULL);
		json_decref(v);
		if (rc)
			goto cleanup;
		(*created)++;
	}
cleanup:
	json_decref(probs);
	json_decref(mrow);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

/* Diff of two versions by problem: added, removed, and kept. */
int mj_material_diff(mj_store *s, long long material_id, int v1, int v2, json_t **out)
{
	mj_material *t1 = NULL, *t2 = NULL;
	json_t *r1 = NULL, *r2 = NULL;
	struct problem *p1 = NULL, *p2 = NULL;
	int rc;
	if ((rc = load_tree(s, material_id, v1, &t1, &r1)) || (rc = load_tree(s, material_id, v2, &t2, &r2)))
		goto cleanup;
	mj_check_entries e1 = {0}, e2 = {0};
	size_t n1 = list_problems(t1, &e1, &p1), n2 = list_problems(t2, &e2, &p2);
	json_t *added = json_array(), *removed = json_array(), *kept = json_array(), *changed = json_array();
	for (size_t i = 0; i < n2; i++) {
		size_t j;
		for (j = 0; j < n1 && strcmp(p1[j].key, p2[i].key) != 0; j++)
			;
		if (j == n1)
			json_array_append_new(added, json_string(p2[i].headline));
		else if (strcmp(p1[j].text ? p1[j].text : "", p2[i].text ? p2[i].text : "") != 0)
			json_array_append_new(changed, json_string(p2[i].headline));
		else
			json_array_append_new(kept, json_string(p2[i].headline));
	}
	for (size_t j = 0; j < n1; j++) {
		size_t i;
		for (i = 0; i < n2 && strcmp(p1[j].key, p2[i].key) != 0; i++)
			;
		if (i == n2)
			json_array_append_new(removed, json_string(p1[j].headline));
	}
	*out = json_pack("{s:i,s:i,s:o,s:o,s:o,s:o}", "from", v1, "to", v2, "added", added, "removed", removed,
			 "changed", changed, "unchanged", kept);
	mj_check_entries_free(&e1);
	mj_check_entries_free(&e2);
cleanup:
	free(p1);
	free(p2);
	mj_material_free(t1);
	mj_material_free(t2);
	json_decref(r1);
	json_decref(r2);
	return rc;
}

/* ---- the draft ---------------------------------------------------------- */

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
				     "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};

static const char *cn(size_t i) { return i < 20 ? cn_num[i] : "若干"; }

/* Appends s without its trailing sentence punctuation (。；;.!！) and spaces. */
static void put_trimmed(mj_buf *out, const char *s)
{
	size_t n = strlen(s);
	for (;;) {
		if (n >= 3 && (memcmp(s + n - 3, "。", 3) == 0 || memcmp(s + n - 3, "；", 3) == 0 ||
			       memcmp(s + n - 3, "！", 3) == 0))
			n -= 3;
		else if (n >= 1 && (s[n - 1] == ';' || s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == ' ' || s[n - 1] == '\n'))
			n -= 1;
		else
			break;
	}
	mj_buf_put(out, s, n);
}

int mj_material_draft(mj_store *s, long long meeting_id, long long person_id, mj_buf *out)
{
	json_t *mt = NULL, *pr = NULL, *items = NULL, *areas = NULL, *counts = NULL;
	char m[24], p[24];
	int rc;
	num(m, meeting_id);
	num(p, person_id);
	const char *pm[] = {m}, *pmp[] = {m, p};
	if ((rc = mj_store_rows(s, &mt, "SELECT x.year, x.kind, x.team_id, t.name AS team, t.head_id FROM meeting x"
					" JOIN team t ON t.id = x.team_id WHERE x.id = ?", 1, pm)))
		goto cleanup;
	if (json_array_size(mt) == 0) {
		rc = mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", meeting_id);
		goto cleanup;
	}
	json_t *meet = json_array_get(mt, 0);
	if ((rc = mj_store_rows(s, &pr, "SELECT p.name, mb.position FROM member mb JOIN person p ON p.id = mb.person_id"
					" WHERE mb.team_id = (SELECT team_id FROM meeting WHERE id = ?) AND p.id = ?", 2, pmp)))
		goto cleanup;
	if (json_array_size(pr) == 0) {
		rc = mj_error_set(MJ_EINVAL, "人员 %lld 不是该会议所属班子的成员", person_id);
		goto cleanup;
	}
	json_t *who = json_array_get(pr, 0);
	/* last year's items owned by this member (the team's previous meeting of the same kind) */
	if ((rc = mj_store_rows(s, &items,
				"SELECT i.id, i.source, i.problem, i.status, i.deadline, i.progress,"
				" (SELECT n.text FROM item_note n WHERE n.item_id = i.id ORDER BY n.id DESC LIMIT 1) AS last_note"
				" FROM item i JOIN meeting x ON x.id = i.meeting_id"
				" WHERE x.team_id = (SELECT team_id FROM meeting WHERE id = ?1) AND x.kind = (SELECT kind FROM meeting WHERE id = ?1)"
				" AND x.year = (SELECT year FROM meeting WHERE id = ?1) - 1 AND i.owner_id = ?2 ORDER BY i.id",
				2, pmp)) ||
	    (rc = mj_meeting_areas(s, meeting_id, &areas)))
		goto cleanup;
	const char *kind = strcmp(gets(meet, "kind"), "olm") == 0 ? "组织生活会" : "民主生活会";
	long long year = geti(meet, "year");
	mj_buf_printf(out, "# %s同志%lld年度%s个人对照检查材料（草稿）\n\n", gets(who, "name"), year, kind);
	mj_buf_printf(out, "〔开头段：请写明上级通知、会议主题，以及本人会前学习研讨、谈心谈话、征求意见等准备情况。〕"
			   "下面，将个人对照检查情况报告如下，请批评指正。\n\n");
	mj_buf_printf(out, "一、上年度%s整改措施落实情况及有关情况说明\n\n（一）上年度整改措施落实情况\n\n", kind);
	size_t n = json_array_size(items), closed = 0;
	static const char *const sources[] = {"self", "自查", "opinion", "征求意见", "talk", "谈心谈话",
					      "criticism", "相互批评", "oversight", "督导点评", "inspection", "巡视巡察",
					      "carryover", "以前年度结转"};
	if (n == 0) {
		mj_buf_printf(out, "上一年度整改台账中没有由本人负责的问题。〔如有其他整改情况，请据实补充。〕\n\n");
	} else {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) closed += strcmp(gets(it, "status"), "closed") == 0;
		mj_buf_printf(out, "对照上一年度%s查摆和收集的%zu个问题（", kind, n);
		int first = 1;
		for (size_t k = 0; k < sizeof sources / sizeof sources[0]; k += 2) {
			size_t c = 0;
			json_array_foreach(items, i, it) c += strcmp(gets(it, "source"), sources[k]) == 0;
			if (c) {
				mj_buf_printf(out, "%s%s%zu个", first ? "其中" : "、", sources[k + 1], c);
				first = 0;
			}
		}
		mj_buf_printf(out, "），已整改到位并经上级组织对账销号%zu个，尚未完成%zu个。", closed, n - closed);
		size_t k = 0;
		json_array_foreach(items, i, it) {
			const char *st = gets(it, "status");
			const char *label = strcmp(st, "closed") == 0 ? "已销号" : strcmp(st, "done") == 0 ? "已整改，待上级对账销号"
					    : strcmp(st, "doing") == 0 ? "整改中" : "尚未开始整改";
			mj_buf_printf(out, "%s是", cn(k++));
			put_trimmed(out, gets(it, "problem"));
			mj_buf_printf(out, "（%s", label);
			if (strcmp(st, "closed") != 0) {
				const char *why = gets(it, "last_note") ? gets(it, "last_note") : gets(it, "progress");
				mj_buf_puts(out, "；进展和原因：");
				put_trimmed(out, why ? why : "〔请说明未完成的原因〕");
				mj_buf_printf(out, "；完成时限：%s", gets(it, "deadline") ? gets(it, "deadline") : "〔请明确新的完成时限〕");
			}
			mj_buf_puts(out, "）。");
		}
		if (n > closed)
			mj_buf_printf(out, "未完成的问题转入本年度整改台账继续整改。");
		mj_buf_puts(out, "\n\n");
	}
	mj_buf_printf(out, "（二）有关情况说明\n\n〔请如实说明个人有关事项报告情况，以及是否收到群众反映、组织约谈函询等。〕\n\n");
	mj_buf_printf(out, "二、存在的问题\n\n");
	size_t na = json_array_size(areas);
	for (size_t i = 0; i < na; i++)
		mj_buf_printf(out, "（%s）%s\n\n〔请写出具体问题，做到见人见事见思想。〕\n\n", cn(i),
			      json_string_value(json_array_get(areas, i)));
	if (na == 0)
		mj_buf_puts(out, "〔本年度通知未列出对照方面，请按通知要求逐项查摆。〕\n\n");
	mj_buf_puts(out, "三、原因剖析\n\n〔请从思想、政治、工作、作风、廉政等方面深入剖析。〕\n\n");
	mj_buf_puts(out, "四、整改措施\n\n〔请针对查摆的问题逐项提出整改措施，明确完成时限。〕\n");
	rc = out->max && out->len >= out->max ? MJ_ETOOBIG : 0;
cleanup:
	json_decref(mt);
	json_decref(pr);
	json_decref(items);
	json_decref(areas);
	json_decref(counts);
	return rc;
}

/* ---- listings ------------------------------------------------------------ */

int mj_material_list(mj_store *s, long long meeting_id, int with_text, json_t **rows)
{
	char m[24];
	num(m, meeting_id);
	const char *p[] = {m};
	if (with_text)
		return mj_store_rows(s, rows, "SELECT x.id, p.name, x.state, v.text FROM material x JOIN person p ON p.id = x.person_id"
					      " JOIN material_version v ON v.material_id = x.id AND v.version = x.current_version"
					      " WHERE x.meeting_id = ? ORDER BY x.id", 1, p);
	return mj_store_rows(s, rows, "SELECT x.id, p.name, x.kind, x.state, x.current_version, x.rewrite_due, x.return_reason"
				      " FROM material x JOIN person p ON p.id = x.person_id WHERE x.meeting_id = ? ORDER BY x.id", 1, p);
}

int mj_material_versions(mj_store *s, long long material_id, json_t **rows)
{
	char m[24];
	num(m, material_id);
	const char *p[] = {m};
	return mj_store_rows(s, rows, "SELECT v.id, v.version, v.filename, v.added_on, v.added_by, p.name AS added_by_name"
				      " FROM material_version v LEFT JOIN person p ON p.id = v.added_by"
				      " WHERE v.material_id = ? ORDER BY v.version", 1, p);
}
