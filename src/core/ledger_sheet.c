/*
 * The ledger as a spreadsheet: header mapping and row validation for import
 * (ledger_sheet.h). The writers are in ledger_sheet_write.c.
 */
#include "core/ledger_sheet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char *const labels[MJ_LC_COUNT] = {
	"序号", "来源", "问题", "整改措施", "责任领导", "责任部门", "责任人",
	"完成时限", "进展", "状态", "佐证", "销号人", "销号日期", "系统编号"};

/* Variants met in hand-kept ledgers, after normalising (see norm_header). */
static const struct {
	enum mj_lcol col;
	const char *name;
} variants[] = {
	{MJ_LC_SEQ, "序号"}, {MJ_LC_SEQ, "序"},
	{MJ_LC_SOURCE, "来源"}, {MJ_LC_SOURCE, "问题来源"}, {MJ_LC_SOURCE, "来源类别"},
	{MJ_LC_PROBLEM, "问题"}, {MJ_LC_PROBLEM, "存在问题"}, {MJ_LC_PROBLEM, "存在的问题"},
	{MJ_LC_PROBLEM, "问题描述"}, {MJ_LC_PROBLEM, "具体问题"}, {MJ_LC_PROBLEM, "问题表现"},
	{MJ_LC_PROBLEM, "问题清单"}, {MJ_LC_PROBLEM, "查摆问题"},
	{MJ_LC_MEASURE, "整改措施"}, {MJ_LC_MEASURE, "措施"}, {MJ_LC_MEASURE, "整改举措"},
	{MJ_LC_MEASURE, "整改任务"}, {MJ_LC_MEASURE, "整改目标和措施"}, {MJ_LC_MEASURE, "整改措施和目标"},
	{MJ_LC_LEADER, "责任领导"}, {MJ_LC_LEADER, "牵头领导"}, {MJ_LC_LEADER, "分管领导"},
	{MJ_LC_LEADER, "责任领导人"},
	{MJ_LC_DEPT, "责任部门"}, {MJ_LC_DEPT, "责任单位"}, {MJ_LC_DEPT, "牵头部门"},
	{MJ_LC_DEPT, "责任科室"}, {MJ_LC_DEPT, "牵头单位"}, {MJ_LC_DEPT, "责任处室"},
	{MJ_LC_OWNER, "责任人"}, {MJ_LC_OWNER, "具体责任人"}, {MJ_LC_OWNER, "直接责任人"},
	{MJ_LC_DEADLINE, "完成时限"}, {MJ_LC_DEADLINE, "整改时限"}, {MJ_LC_DEADLINE, "完成期限"},
	{MJ_LC_DEADLINE, "整改期限"}, {MJ_LC_DEADLINE, "完成时间"}, {MJ_LC_DEADLINE, "时限要求"},
	{MJ_LC_DEADLINE, "时限"}, {MJ_LC_DEADLINE, "截止日期"},
	{MJ_LC_PROGRESS, "进展"}, {MJ_LC_PROGRESS, "整改进展"}, {MJ_LC_PROGRESS, "最新进展"},
	{MJ_LC_PROGRESS, "进展情况"}, {MJ_LC_PROGRESS, "整改进展情况"}, {MJ_LC_PROGRESS, "整改情况"},
	{MJ_LC_STATUS, "状态"}, {MJ_LC_STATUS, "整改状态"}, {MJ_LC_STATUS, "完成状态"},
	{MJ_LC_STATUS, "完成情况"},
	{MJ_LC_EVIDENCE, "佐证"}, {MJ_LC_EVIDENCE, "佐证材料"}, {MJ_LC_EVIDENCE, "佐证资料"},
	{MJ_LC_CLOSER, "销号人"}, {MJ_LC_CLOSED_ON, "销号日期"}, {MJ_LC_CLOSED_ON, "销号时间"},
	{MJ_LC_ID, "系统编号"}, {MJ_LC_ID, "条目编号"}, {MJ_LC_ID, "台账编号"},
};

const char *mj_lcol_label(enum mj_lcol c)
{
	return (unsigned)c < MJ_LC_COUNT ? labels[c] : "?";
}

/* Drops spaces (ASCII, U+3000, NBSP), line breaks, '*', '＊', ':' '：' and
 * anything in () or （）. */
static void norm_header(const char *s, size_t len, char *out, size_t outsize)
{
	size_t o = 0;
	int depth = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		if (!n)
			n = 1;
		int drop = cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0 ||
			   cp == '*' || cp == 0xFF0A || cp == ':' || cp == 0xFF1A;
		if (cp == '(' || cp == 0xFF08)
			depth++, drop = 1;
		else if ((cp == ')' || cp == 0xFF09) && depth)
			depth--, drop = 1;
		if (!drop && !depth && o + n < outsize) {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = 0;
}

int mj_lcol_match(const char *header, size_t len)
{
	char h[256];
	norm_header(header, len, h, sizeof h);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		if (strcmp(h, variants[i].name) == 0)
			return (int)variants[i].col;
	return -1;
}

int mj_ledger_map_header(struct mj_ledger_map *m, const struct mj_sheet *sh)
{
	for (size_t r = 0; r < sh->n && r < MJ_LEDGER_HEADER_SCAN; r++) {
		const struct mj_sheet_row *row = &sh->rows[r];
		long col[MJ_LC_COUNT];
		int found = 0;
		for (int k = 0; k < MJ_LC_COUNT; k++)
			col[k] = -1;
		for (size_t c = 0; c < row->n; c++) {
			int k = mj_lcol_match(row->cells[c].s, row->cells[c].len);
			if (k < 0)
				continue;
			if (col[k] >= 0) {
				char a[8], b[8];
				mj_sheet_col_name((size_t)col[k], a);
				mj_sheet_col_name(c, b);
				return mj_error_set(MJ_EINVAL, "表头第 %ld 行的 %s 列和 %s 列都是“%s”，无法确定用哪一列",
						    row->line, a, b, labels[k]);
			}
			col[k] = (long)c;
			found++;
		}
		if (col[MJ_LC_PROBLEM] >= 0 && found >= 2) {
			memcpy(m->col, col, sizeof col);
			m->header_row = r;
			return 0;
		}
	}
	return mj_error_set(MJ_EFORMAT, "%s%s%s前 %d 行中找不到整改台账的表头（至少需要“问题”列和另一列，如“整改措施”“责任人”“完成时限”）；"
			    "可能选错了工作表，可用 --sheet 指定",
			    sh->name[0] ? "工作表“" : "", sh->name[0] ? sh->name : "", sh->name[0] ? "”" : "",
			    MJ_LEDGER_HEADER_SCAN);
}

/* ---- dates ---------------------------------------------------------------- */

/* Reads up to maxd digits at *p; -1 when none. */
static int digits(const char **p, int maxd)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < maxd) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

int mj_ledger_parse_date(const struct mj_cell *c, char out[11])
{
	int days;
	if (c->flags & MJ_CELL_NUMBER) {
		char *end;
		double v = strtod(c->s, &end);
		if (*end || v < 61 || v > 120000) /* 1900-03-01 .. year 2228 */
			return -1;
		days = (int)v - 25569; /* Excel serial 25569 = 1970-01-01 */
		mj_date_format(days, out);
		return 0;
	}
	const char *p = c->s;
	while (*p == ' ')
		p++;
	int y = digits(&p, 4), m, d;
	if (y < 1900)
		return -1;
	if (strncmp(p, "年", 3) == 0)
		p += 3;
	else if (*p == '-' || *p == '/' || *p == '.')
		p++;
	else
		return -1;
	int cjk = (unsigned char)p[-1] >= 0x80; /* 年 */
	char sep = p[-1];
	if ((m = digits(&p, 2)) < 0)
		return -1;
	if (cjk) {
		if (strncmp(p, "月", 3) != 0)
			return -1;
		p += 3;
	} else if (*p == sep)
		p++;
	else
		return -1;
	if ((d = digits(&p, 2)) < 0)
		return -1;
	if (cjk && strncmp(p, "日", 3) == 0)
		p += 3;
	while (*p == ' ')
		p++;
	if (*p && !(p[0] >= '0' && p[0] <= '9' && strchr(p, ':'))) /* allow " 00:00:00" */
		return -1;
	char buf[40];
	if (y > 9999 || m > 99 || d > 99)
		return -1;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	if (mj_date_parse(buf, &days))
		return -1;
	memcpy(out, buf, 11);
	return 0;
}

/* ---- rows ------------------------------------------------------------------ */

/* Trims ASCII space, tabs, line breaks and U+3000 at both ends. */
static void trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;
	for (;;) {
		if (n && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n'))
			p++, n--;
		else if (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
			p += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*s = p;
	*len = n;
}

struct rowctx {
	json_t *errors;
	struct mj_ledger_counts *counts;
	size_t max_errors;
	long line;
	int row_errors;
};

static void row_error(struct rowctx *rc, long col, int lc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void row_error(struct rowctx *rc, long col, int lc, const char *fmt, ...)
{
	rc->counts->errors++;
	rc->row_errors++;
	if (json_array_size(rc->errors) >= rc->max_errors)
		return;
	char msg[1024], cn[8] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (col >= 0)
		mj_sheet_col_name((size_t)col, cn);
	json_t *e = json_object();
	json_object_set_new(e, "row", json_integer(rc->line));
	json_object_set_new(e, "col", json_string(cn));
	json_object_set_new(e, "label", json_string(lc >= 0 ? labels[lc] : ""));
	json_object_set_new(e, "msg", json_string(msg));
	json_array_append_new(rc->errors, e);
}

/* The existing value of field in store form, as text ("" for null). */
static void existing_text(json_t *item, const char *field, char *buf, size_t size, const char **out)
{
	json_t *v = json_object_get(item, field);
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		*out = buf;
	} else if (json_is_string(v))
		*out = json_string_value(v);
	else
		*out = "";
}

/* Compares an existing text with a new one, both trimmed. */
static int same_text(const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);
	trim(&a, &alen);
	return alen == blen && memcmp(a, b, blen) == 0;
}

static const char *const fields[MJ_LC_COUNT] = {
	NULL, "source", "problem", "measure", "leader_id", "dept_id", "owner_id",
	"deadline", "progress", "status", "evidence", NULL, NULL, NULL};

int mj_ledger_plan(json_t **plan, json_t **errors, struct mj_ledger_counts *counts,
		   const struct mj_sheet *sh, const struct mj_ledger_map *m,
		   const struct mj_ledger_lookup *lk, size_t max_errors)
{
	const struct mj_entity *ie = mj_entity_find("item");
	json_t *seen_ids = json_object(), *seen_problems = json_object(), *existing = json_object();
	const char *ikey;
	json_t *irow;
	/* the problems already in the ledger, so that a sheet without 系统编号
	 * imported twice does not double the ledger */
	json_object_foreach(lk->items, ikey, irow) {
		const char *p = json_string_value(json_object_get(irow, "problem"));
		size_t pl = p ? strlen(p) : 0;
		if (!p)
			continue;
		trim(&p, &pl);
		char *k = mj_strndup(p, pl);
		json_object_set_new(existing, k, json_integer(json_integer_value(json_object_get(irow, "id"))));
		free(k);
	}
	struct rowctx rc = {json_array(), counts, max_errors, 0, 0};
	memset(counts, 0, sizeof *counts);
	*plan = json_array();
	for (size_t r = m->header_row + 1; r < sh->n; r++) {
		const struct mj_sheet_row *row = &sh->rows[r];
		const char *val[MJ_LC_COUNT];
		size_t len[MJ_LC_COUNT];
		int present[MJ_LC_COUNT], blank = 1;
		rc.line = row->line;
		rc.row_errors = 0;
		for (int k = 0; k < MJ_LC_COUNT; k++) {
			present[k] = m->col[k] >= 0;
			const struct mj_cell *c = mj_sheet_cell(row, present[k] ? (size_t)m->col[k] : (size_t)-1);
			val[k] = c->s;
			len[k] = c->len;
			trim(&val[k], &len[k]);
			if (len[k] && k != MJ_LC_SEQ)
				blank = 0;
		}
		if (blank)
			continue;
		counts->rows++;
		/* formulas: refused, never evaluated */
		for (int k = 0; k < MJ_LC_COUNT; k++) {
			if (!present[k])
				continue;
			const struct mj_cell *c = mj_sheet_cell(row, (size_t)m->col[k]);
			if (c->flags & MJ_CELL_FORMULA)
				row_error(&rc, m->col[k], k, "单元格含有公式（不会被计算），请改为直接填写内容");
		}
		if (rc.row_errors)
			continue;
		/* the item this row updates, if any */
		json_t *item = NULL;
		long long id = 0;
		if (present[MJ_LC_ID] && len[MJ_LC_ID] && !lk->ignore_ids) {
			char idtxt[24];
			char *end;
			if (len[MJ_LC_ID] > 18) {
				row_error(&rc, m->col[MJ_LC_ID], MJ_LC_ID, "系统编号“%.40s”无效", val[MJ_LC_ID]);
				continue;
			}
			memcpy(idtxt, val[MJ_LC_ID], len[MJ_LC_ID]);
			idtxt[len[MJ_LC_ID]] = 0;
			id = strtoll(idtxt, &end, 10);
			if (*end == '.' && strspn(end + 1, "0") == strlen(end + 1))
				end += strlen(end); /* 12.0 from a numeric cell */
			if (*end || id <= 0) {
				row_error(&rc, m->col[MJ_LC_ID], MJ_LC_ID, "系统编号“%s”应为正整数", idtxt);
				continue;
			}
			snprintf(idtxt, sizeof idtxt, "%lld", id);
			json_t *prev = json_object_get(seen_ids, idtxt);
			if (prev) {
				row_error(&rc, m->col[MJ_LC_ID], MJ_LC_ID, "系统编号 %lld 与第 %lld 行重复", id,
					  (long long)json_integer_value(prev));
				continue;
			}
			json_object_set_new(seen_ids, idtxt, json_integer(row->line));
			item = json_object_get(lk->items, idtxt);
			if (!item) {
				row_error(&rc, m->col[MJ_LC_ID], MJ_LC_ID,
					  "系统编号 %lld 不是本会议台账中的条目（从其他会议或数据库导入时请加 --new，作为新条目导入）", id);
				continue;
			}
		}
		json_t *values = json_object();
		int changed = 0;
		for (int k = MJ_LC_SOURCE; k <= MJ_LC_EVIDENCE; k++) {
			if (!present[k] || k == MJ_LC_STATUS)
				continue;
			const char *f = fields[k];
			char text[MJ_SHEET_MAX_CELL + 1];
			const char *canon = NULL;
			size_t l = len[k];
			if (l > MJ_SHEET_MAX_CELL)
				l = MJ_SHEET_MAX_CELL;
			memcpy(text, val[k], l);
			text[l] = 0;
			if (k == MJ_LC_LEADER || k == MJ_LC_OWNER || k == MJ_LC_DEPT) {
				if (l) {
					json_t *who = json_object_get(k == MJ_LC_DEPT ? lk->depts : lk->people, text);
					if (!who) {
						row_error(&rc, m->col[k], k, k == MJ_LC_DEPT ? "找不到部门“%s”（须是本班子所在单位的部门）"
											     : "找不到人员“%s”（须是本班子所在单位的人员）", text);
						continue;
					}
					if (json_integer_value(who) == 0) {
						row_error(&rc, m->col[k], k, "有多个%s名为“%s”，无法确定是哪一个，请在系统中区分名称后再导入",
							  k == MJ_LC_DEPT ? "部门" : "人员", text);
						continue;
					}
					snprintf(text, sizeof text, "%lld", (long long)json_integer_value(who));
					l = strlen(text);
				}
				canon = text;
			} else if (k == MJ_LC_DEADLINE) {
				if (l) {
					const struct mj_cell *c = mj_sheet_cell(row, (size_t)m->col[k]);
					struct mj_cell tc = {text, l, c->flags};
					char d[11];
					if (mj_ledger_parse_date(&tc, d)) {
						row_error(&rc, m->col[k], k, "日期“%.40s”无效（应为存在的日期，如 2026-06-30）", text);
						continue;
					}
					memcpy(text, d, 11);
					l = 10;
				}
				canon = text;
			} else if (k == MJ_LC_SOURCE) {
				if (!l) {
					if (!item) {
						json_object_set_new(values, "source", json_string("self"));
						changed = 1;
					}
					continue;
				}
				canon = mj_enum_code(mj_entity_field(ie, "source"), text);
				if (!canon) {
					row_error(&rc, m->col[k], k, "来源“%.40s”无效，可选：自查、征求意见、谈心谈话、相互批评、督导点评、巡视巡察、上年度结转", text);
					continue;
				}
				l = strlen(canon);
			} else {
				if (l && mj_field_validate(ie, mj_entity_field(ie, f), text, &canon)) {
					row_error(&rc, m->col[k], k, "%s", mj_error_msg());
					continue;
				}
				if (!l && k == MJ_LC_PROBLEM) {
					row_error(&rc, m->col[k], k, "问题不能为空");
					continue;
				}
				canon = text;
				/* progress and evidence are only added, never cleared by a blank cell */
				if (!l && (k == MJ_LC_PROGRESS || k == MJ_LC_EVIDENCE))
					continue;
			}
			if (item) {
				char buf[32];
				const char *old;
				existing_text(item, f, buf, sizeof buf, &old);
				if (same_text(old, canon, l))
					continue;
			} else if (!l)
				continue;
			json_object_set_new(values, f, l ? json_stringn(canon, l) : json_null());
			changed = 1;
		}
		/* a sheet without a 来源 column: new items are 自查 */
		if (!item && !json_object_get(values, "source"))
			json_object_set_new(values, "source", json_string("self"));
		/* status: never changed by an import */
		if (present[MJ_LC_STATUS] && len[MJ_LC_STATUS] && !lk->ignore_ids) {
			char text[64];
			size_t l = len[MJ_LC_STATUS] < sizeof text - 1 ? len[MJ_LC_STATUS] : sizeof text - 1;
			memcpy(text, val[MJ_LC_STATUS], l);
			text[l] = 0;
			const struct mj_field *sf = mj_entity_field(ie, "status");
			const char *code = mj_enum_code(sf, text);
			const char *have = item ? json_string_value(json_object_get(item, "status")) : "todo";
			if (!code)
				row_error(&rc, m->col[MJ_LC_STATUS], MJ_LC_STATUS, "状态“%s”无效，可选：待整改、整改中、已整改、已销号", text);
			else if (!have || strcmp(code, have) != 0)
				row_error(&rc, m->col[MJ_LC_STATUS], MJ_LC_STATUS,
					  item ? "状态不能通过导入修改（系统中为“%s”，表中为“%s”）；请用 ledger start/finish 或由上级销号"
					       : "新条目的状态只能是“%s”（表中为“%s”）；状态变更请用 ledger start/finish 或由上级销号",
					  mj_enum_label(sf, have ? have : "todo"), mj_enum_label(sf, code));
		}
		if (item && changed && strcmp(json_string_value(json_object_get(item, "status")), "closed") == 0)
			row_error(&rc, -1, -1, "条目 %lld 已销号，不能修改", id);
		/* duplicates within the file (new rows: the same problem twice) */
		if (!item && present[MJ_LC_PROBLEM] && len[MJ_LC_PROBLEM]) {
			char *key = mj_strndup(val[MJ_LC_PROBLEM], len[MJ_LC_PROBLEM]);
			json_t *prev = json_object_get(seen_problems, key), *have = json_object_get(existing, key);
			if (prev)
				row_error(&rc, m->col[MJ_LC_PROBLEM], MJ_LC_PROBLEM, "与第 %lld 行的问题重复",
					  (long long)json_integer_value(prev));
			else if (have)
				row_error(&rc, m->col[MJ_LC_PROBLEM], MJ_LC_PROBLEM,
					  "与台账中已有的条目 %lld 问题相同（要修改该条目，请在“系统编号”列填 %lld）",
					  (long long)json_integer_value(have), (long long)json_integer_value(have));
			else
				json_object_set_new(seen_problems, key, json_integer(row->line));
			free(key);
		}
		if (rc.row_errors) {
			json_decref(values);
			continue;
		}
		json_t *step = json_object();
		json_object_set_new(step, "row", json_integer(row->line));
		if (!item) {
			json_object_set_new(step, "op", json_string("new"));
			json_object_set_new(step, "values", values);
			counts->created++;
		} else {
			json_object_set_new(step, "op", json_string(changed ? "update" : "same"));
			json_object_set_new(step, "id", json_integer(id));
			if (changed)
				json_object_set_new(step, "values", values);
			else
				json_decref(values);
			if (changed)
				counts->updated++;
			else
				counts->unchanged++;
		}
		json_array_append_new(*plan, step);
	}
	json_decref(seen_ids);
	json_decref(seen_problems);
	json_decref(existing);
	*errors = rc.errors;
	return 0;
}
