/*
 * The domain rules of the yearly self-examination cycle (see rules.h for the
 * rules themselves and domain.md for where they come from).
 *
 * Everything here is pure: inputs in, answers out, messages through
 * mj_error_set(). The only allocations are the talk-coverage arrays (freed by
 * mj_talk_coverage_free) and scratch arrays freed before returning. Sizes that
 * grow from input are capped (MJ_TALK_MAX_*, MJ_SIMILARITY_MAX_CHARS) so bad
 * input gets MJ_ETOOBIG, never an out-of-memory abort.
 */
#include "core/rules.h"

#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------------------
 * Code/label tables. Each enum maps to one row; parse accepts either column.
 */
struct name_row {
	const char *code;
	const char *label;
};

static const char *table_code(const struct name_row *t, int n, int v)
{
	return v >= 0 && v < n ? t[v].code : "?";
}

static const char *table_label(const struct name_row *t, int n, int v)
{
	return v >= 0 && v < n ? t[v].label : "?";
}

/* Returns the row index matching s (code or label), or -1. */
static int table_find(const struct name_row *t, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(s, t[i].code) == 0 || strcmp(s, t[i].label) == 0)
			return i;
	return -1;
}

/* Parses s against the table into *index, or sets "未知的<what>" and returns MJ_EINVAL. */
static int table_parse(int *index, const struct name_row *t, int n, const char *s, const char *what)
{
	int i = table_find(t, n, s);
	if (i < 0) {
		/* Name the accepted values so the user can correct the input. */
		char list[512];
		size_t used = 0;
		list[0] = 0;
		for (int k = 0; k < n; k++) {
			size_t cl = strlen(t[k].code), ll = strlen(t[k].label);
			if (used + cl + ll + 8 >= sizeof list)
				break;
			if (k) {
				memcpy(list + used, "、", 3);
				used += 3;
			}
			memcpy(list + used, t[k].code, cl);
			used += cl;
			list[used++] = '(';
			memcpy(list + used, t[k].label, ll);
			used += ll;
			list[used++] = ')';
			list[used] = 0;
		}
		/* Quote at most 64 bytes of the input, cut at a character boundary. */
		const char *q = s ? s : "";
		size_t qlen = strnlen(q, 65);
		if (qlen > 64) {
			qlen = 64;
			while (qlen > 0 && ((unsigned char)q[qlen] & 0xC0) == 0x80)
				qlen--;
		}
		return mj_error_set(MJ_EINVAL, "未知的%s“%.*s”，可选：%s", what, (int)qlen, q, list);
	}
	*index = i;
	return 0;
}

int mj_rules_percent(long long num, long long den)
{
	if (den <= 0)
		return -1;
	if (num <= 0)
		return 0;
	if (num >= den)
		return 100;
	return (int)(num * 100 / den);
}

/* ---------------------------------------------------------------------------
 * 1. Required talk pairs
 */

static int pair_cmp(const void *x, const void *y)
{
	const struct mj_talk_pair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

static int talk_cmp(const void *x, const void *y)
{
	const struct mj_talk *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* Appends the unordered pair (x, y) with reason bits, unless x == y. */
static void pair_add(struct mj_talk_pair *pairs, size_t *n, int64_t x, int64_t y, unsigned why)
{
	if (x == y)
		return;
	struct mj_talk_pair *p = &pairs[(*n)++];
	p->a = x < y ? x : y;
	p->b = x < y ? y : x;
	p->reasons = why;
	p->covered = 0;
}

static int is_member(const struct mj_team_member *m, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].person_id == id)
			return 1;
	return 0;
}

int mj_talk_coverage_build(struct mj_talk_coverage *out,
                           const struct mj_team_member *members, size_t n_members,
                           const struct mj_oversees *oversees, size_t n_oversees,
                           const struct mj_talk *talks, size_t n_talks)
{
	struct mj_talk_pair *pairs = NULL;
	struct mj_talk *sorted_talks = NULL;
	int64_t head = MJ_PERSON_NONE;
	size_t n = 0, cap;

	memset(out, 0, sizeof *out);
	if (n_members > MJ_TALK_MAX_MEMBERS)
		return mj_error_set(MJ_ETOOBIG, "班子成员过多（%zu 人，上限 %d 人）",
		                    n_members, MJ_TALK_MAX_MEMBERS);
	if (n_oversees > MJ_TALK_MAX_OVERSEES)
		return mj_error_set(MJ_ETOOBIG, "分管部门记录过多（%zu 条，上限 %d 条）",
		                    n_oversees, MJ_TALK_MAX_OVERSEES);
	for (size_t i = 0; i < n_members; i++) {
		if (members[i].person_id <= 0)
			return mj_error_set(MJ_EINVAL, "班子成员编号无效：%lld",
			                    (long long)members[i].person_id);
		if (!members[i].is_head)
			continue;
		if (head != MJ_PERSON_NONE && head != members[i].person_id)
			return mj_error_set(MJ_EINVAL, "一个班子只能有一名主要负责人（%lld 与 %lld）",
			                    (long long)head, (long long)members[i].person_id);
		head = members[i].person_id;
	}
	for (size_t i = 0; i < n_oversees; i++) {
		if (!is_member(members, n_members, oversees[i].member_id))
			return mj_error_set(MJ_EINVAL, "分管记录中的人员 %lld 不是本班子成员",
			                    (long long)oversees[i].member_id);
		if (oversees[i].dept_head_id < 0)
			return mj_error_set(MJ_EINVAL, "部门负责人编号无效：%lld",
			                    (long long)oversees[i].dept_head_id);
	}

	/* Every member pair, plus one per oversees entry: an upper bound. */
	cap = n_members * (n_members ? n_members - 1 : 0) / 2 + n_oversees;
	if (cap == 0)
		return 0;
	pairs = mj_malloc(cap * sizeof *pairs);
	for (size_t i = 0; i < n_members; i++)
		for (size_t j = i + 1; j < n_members; j++) {
			int64_t x = members[i].person_id, y = members[j].person_id;
			unsigned why = MJ_TALK_MEMBER_MEMBER;
			if (x == head || y == head)
				why |= MJ_TALK_HEAD_MEMBER;
			pair_add(pairs, &n, x, y, why);
		}
	for (size_t i = 0; i < n_oversees; i++)
		if (oversees[i].dept_head_id != MJ_PERSON_NONE)
			pair_add(pairs, &n, oversees[i].member_id, oversees[i].dept_head_id,
			         MJ_TALK_OVERSEES);

	/* Sort, then merge equal pairs by OR-ing their reasons. */
	qsort(pairs, n, sizeof *pairs, pair_cmp);
	size_t w = 0;
	for (size_t r = 0; r < n; r++) {
		if (w > 0 && pair_cmp(&pairs[w - 1], &pairs[r]) == 0)
			pairs[w - 1].reasons |= pairs[r].reasons;
		else
			pairs[w++] = pairs[r];
	}
	n = w;

	/* Normalise the talks (a < b), sort, and look each pair up. */
	if (n_talks) {
		sorted_talks = mj_malloc(n_talks * sizeof *sorted_talks);
		size_t nt = 0;
		for (size_t i = 0; i < n_talks; i++) {
			int64_t x = talks[i].a, y = talks[i].b;
			if (x <= 0 || y <= 0 || x == y)
				continue;
			sorted_talks[nt].a = x < y ? x : y;
			sorted_talks[nt].b = x < y ? y : x;
			nt++;
		}
		qsort(sorted_talks, nt, sizeof *sorted_talks, talk_cmp);
		for (size_t i = 0; i < n; i++) {
			struct mj_talk key = { pairs[i].a, pairs[i].b };
			if (nt && bsearch(&key, sorted_talks, nt, sizeof *sorted_talks, talk_cmp))
				pairs[i].covered = 1;
		}
	}

	out->pairs = pairs;
	out->n_pairs = n;
	for (size_t i = 0; i < n; i++)
		out->n_covered += (size_t)pairs[i].covered;
	out->n_missing = n - out->n_covered;
	if (out->n_missing) {
		out->missing = mj_malloc(out->n_missing * sizeof *out->missing);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (!pairs[i].covered)
				out->missing[k++] = pairs[i];
	}
	if (n == 0) {
		free(pairs);
		out->pairs = NULL;
	}
	free(sorted_talks);
	return 0;
}

void mj_talk_coverage_free(struct mj_talk_coverage *cov)
{
	if (!cov)
		return;
	free(cov->pairs);
	free(cov->missing);
	memset(cov, 0, sizeof *cov);
}

int mj_talk_coverage_percent(const struct mj_talk_coverage *cov)
{
	return mj_rules_percent((long long)cov->n_covered, (long long)cov->n_pairs);
}

/* ---------------------------------------------------------------------------
 * 2. Quorum
 */
int mj_quorum_check(struct mj_quorum *out, int should_attend, int attended)
{
	if (should_attend < 0 || attended < 0)
		return mj_error_set(MJ_EINVAL, "应到人数和实到人数不能为负数");
	if (attended > should_attend)
		return mj_error_set(MJ_EINVAL, "实到人数（%d）不能多于应到人数（%d）",
		                    attended, should_attend);
	long long needed = ((long long)should_attend * 2 + 2) / 3;
	out->needed = (int)needed;
	out->met = should_attend > 0 && (long long)attended * 3 >= (long long)should_attend * 2;
	out->short_by = attended >= needed ? 0 : (int)(needed - attended);
	return 0;
}

/* ---------------------------------------------------------------------------
 * 3. Deadlines
 */
int mj_deadline_config_check(const struct mj_deadline_config *cfg)
{
	if (cfg->plan_lead_days < 0 || cfg->plan_lead_days > MJ_PLAN_LEAD_DAYS_MAX)
		return mj_error_set(MJ_EINVAL, "方案提前报送天数应在 0 至 %d 天之间（现为 %d）",
		                    MJ_PLAN_LEAD_DAYS_MAX, cfg->plan_lead_days);
	if (cfg->report_due_days < MJ_REPORT_DUE_DAYS_MIN ||
	    cfg->report_due_days > MJ_REPORT_DUE_DAYS_MAX)
		return mj_error_set(MJ_EINVAL, "会后报送情况报告天数应在 %d 至 %d 天之间（现为 %d）",
		                    MJ_REPORT_DUE_DAYS_MIN, MJ_REPORT_DUE_DAYS_MAX,
		                    cfg->report_due_days);
	if (cfg->warn_days < 0 || cfg->warn_days > MJ_WARN_DAYS_MAX)
		return mj_error_set(MJ_EINVAL, "整改到期预警天数应在 0 至 %d 天之间（现为 %d）",
		                    MJ_WARN_DAYS_MAX, cfg->warn_days);
	return 0;
}

int mj_days_left(int due, int today)
{
	if (due == MJ_DATE_NONE || today == MJ_DATE_NONE)
		return 0;
	return (int)((long long)due - (long long)today);
}

int mj_meeting_deadlines_compute(struct mj_meeting_deadlines *out, int meeting_date,
                                 const struct mj_deadline_config *cfg, int today)
{
	int rc = mj_deadline_config_check(cfg);
	if (rc)
		return rc;
	if (meeting_date == MJ_DATE_NONE)
		return mj_error_set(MJ_EINVAL, "会议日期尚未确定，无法计算报送时限");
	if (today == MJ_DATE_NONE)
		return mj_error_set(MJ_EINVAL, "缺少当前日期，无法计算剩余天数");
	out->plan_due = meeting_date - cfg->plan_lead_days;
	out->report_due = meeting_date + cfg->report_due_days;
	out->plan_days_left = mj_days_left(out->plan_due, today);
	out->report_days_left = mj_days_left(out->report_due, today);
	return 0;
}

/* ---------------------------------------------------------------------------
 * 4. Ledger status machine
 */
static const struct name_row status_names[MJ_ITEM_STATUS_COUNT] = {
	{ "todo", "待整改" },
	{ "doing", "整改中" },
	{ "done", "已整改" },
	{ "closed", "已销号" },
};

static const struct name_row action_names[MJ_LEDGER_ACTION_COUNT] = {
	{ "start", "开始整改" },
	{ "finish", "完成整改" },
	{ "send_back", "退回" },
	{ "close", "销号" },
	{ "reopen", "重新打开" },
	{ "edit", "修改" },
};

const char *mj_item_status_code(enum mj_item_status s)
{
	return table_code(status_names, MJ_ITEM_STATUS_COUNT, (int)s);
}

const char *mj_item_status_label(enum mj_item_status s)
{
	return table_label(status_names, MJ_ITEM_STATUS_COUNT, (int)s);
}

int mj_item_status_parse(enum mj_item_status *out, const char *s)
{
	int i, rc = table_parse(&i, status_names, MJ_ITEM_STATUS_COUNT, s, "整改状态");
	if (rc == 0)
		*out = (enum mj_item_status)i;
	return rc;
}

const char *mj_ledger_action_code(enum mj_ledger_action a)
{
	return table_code(action_names, MJ_LEDGER_ACTION_COUNT, (int)a);
}

const char *mj_ledger_action_label(enum mj_ledger_action a)
{
	return table_label(action_names, MJ_LEDGER_ACTION_COUNT, (int)a);
}

int mj_ledger_action_parse(enum mj_ledger_action *out, const char *s)
{
	int i, rc = table_parse(&i, action_names, MJ_LEDGER_ACTION_COUNT, s, "台账操作");
	if (rc == 0)
		*out = (enum mj_ledger_action)i;
	return rc;
}

#define OWNER_SIDE (MJ_ACTOR_OWNER | MJ_ACTOR_RESP_LEADER | MJ_ACTOR_TEAM_SECRETARY | \
                    MJ_ACTOR_TEAM_HEAD)

/* What each action needs: the state it starts from (edit: any but closed, shown
 * as -1), the state it leads to (-1: unchanged), the roles that may do it, and
 * whether a note or reason is required, with the message when it is missing. */
static const struct ledger_rule {
	int from;
	int to;
	unsigned roles;
	const char *no_reason_msg; /* NULL: no reason needed */
	const char *no_role_msg;
} ledger_rules[MJ_LEDGER_ACTION_COUNT] = {
	[MJ_LEDGER_START] = { MJ_ITEM_TODO, MJ_ITEM_DOING, OWNER_SIDE | MJ_ACTOR_ADMIN, NULL,
	                      "只有责任人、责任领导、班子秘书、主要负责人或系统管理员可以开始整改" },
	[MJ_LEDGER_FINISH] = { MJ_ITEM_DOING, MJ_ITEM_DONE, OWNER_SIDE | MJ_ACTOR_ADMIN,
	                       "标记为已整改时须填写整改进展或佐证材料说明",
	                       "只有责任人、责任领导、班子秘书、主要负责人或系统管理员可以标记整改完成" },
	[MJ_LEDGER_SEND_BACK] = { MJ_ITEM_DONE, MJ_ITEM_DOING, MJ_ACTOR_ORGANIZER_SUPERIOR,
	                          "退回整改须说明理由",
	                          "只有上级组织部门工作人员可以在核查后退回整改" },
	[MJ_LEDGER_CLOSE] = { MJ_ITEM_DONE, MJ_ITEM_CLOSED, MJ_ACTOR_ORGANIZER_SUPERIOR, NULL,
	                      "销号须由上级组织部门核查后办理，其他人员（包括系统管理员）不能销号" },
	[MJ_LEDGER_REOPEN] = { MJ_ITEM_CLOSED, MJ_ITEM_DOING, MJ_ACTOR_ORGANIZER_SUPERIOR,
	                       "重新打开已销号的条目须说明理由",
	                       "已销号的条目只能由上级组织部门说明理由后重新打开" },
	[MJ_LEDGER_EDIT] = { -1, -1, OWNER_SIDE | MJ_ACTOR_ADMIN, NULL,
	                     "只有责任人、责任领导、班子秘书、主要负责人或系统管理员可以修改整改条目" },
};

/* 1 when s has something besides ASCII whitespace and U+3000. */
static int has_text(const char *s)
{
	if (!s)
		return 0;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
			s++;
		else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
		         (unsigned char)s[2] == 0x80)
			s += 3;
		else
			return 1;
	}
	return 0;
}

/* The state check shared by transition and action_allowed. Returns 0 or
 * MJ_ESTATE, setting the message only when want_msg. */
static int ledger_state_ok(enum mj_item_status from, enum mj_ledger_action act, int want_msg)
{
	const struct ledger_rule *r = &ledger_rules[act];
	if (r->from < 0 ? from != MJ_ITEM_CLOSED : (int)from == r->from)
		return 0;
	if (!want_msg)
		return MJ_ESTATE;
	if (from == MJ_ITEM_CLOSED)
		return mj_error_set(MJ_ESTATE,
		                    "已销号的条目不能%s，只能由上级组织部门说明理由后重新打开",
		                    action_names[act].label);
	if (act == MJ_LEDGER_REOPEN)
		return mj_error_set(MJ_ESTATE, "只有已销号的条目才能重新打开，该条目当前为“%s”",
		                    status_names[from].label);
	return mj_error_set(MJ_ESTATE, "该条目当前为“%s”，“%s”只适用于“%s”的条目",
	                    status_names[from].label, action_names[act].label,
	                    status_names[r->from].label);
}

static int ledger_args_ok(enum mj_item_status from, enum mj_ledger_action act,
                          unsigned actor_roles)
{
	return (int)from >= 0 && (int)from < MJ_ITEM_STATUS_COUNT && (int)act >= 0 &&
	       (int)act < MJ_LEDGER_ACTION_COUNT && (actor_roles & ~MJ_ACTOR_ALL) == 0;
}

int mj_ledger_transition(enum mj_item_status from, enum mj_ledger_action act,
                         unsigned actor_roles, const char *reason,
                         enum mj_item_status *to)
{
	if (!ledger_args_ok(from, act, actor_roles))
		return mj_error_set(MJ_EINVAL, "整改状态、操作或角色无效（%d, %d, %#x）",
		                    (int)from, (int)act, actor_roles);
	const struct ledger_rule *r = &ledger_rules[act];
	int rc = ledger_state_ok(from, act, 1);
	if (rc)
		return rc;
	if ((actor_roles & r->roles) == 0)
		return mj_error_set(MJ_EPERM, "%s", r->no_role_msg);
	if (r->no_reason_msg) {
		if (!has_text(reason))
			return mj_error_set(MJ_EINVAL, "%s", r->no_reason_msg);
		if (!mj_utf8_valid(reason, strlen(reason)))
			return mj_error_set(MJ_EUTF8, "理由或说明不是有效的 UTF-8 文本");
	}
	*to = r->to < 0 ? from : (enum mj_item_status)r->to;
	return 0;
}

int mj_ledger_action_allowed(enum mj_item_status from, enum mj_ledger_action act,
                             unsigned actor_roles)
{
	if (!ledger_args_ok(from, act, actor_roles))
		return 0;
	if (ledger_state_ok(from, act, 0))
		return 0;
	return (actor_roles & ledger_rules[act].roles) != 0;
}

int mj_ledger_sent_back_after(enum mj_ledger_action act, int was_sent_back)
{
	switch (act) {
	case MJ_LEDGER_SEND_BACK:
	case MJ_LEDGER_REOPEN:
		return 1;
	case MJ_LEDGER_FINISH:
		return 0;
	default:
		return was_sent_back ? 1 : 0;
	}
}

/* ---------------------------------------------------------------------------
 * 5. Warning colours
 */
static const struct name_row warning_names[MJ_WARNING_COUNT] = {
	{ "none", "无" },
	{ "blue", "蓝" },
	{ "yellow", "黄" },
	{ "red", "红" },
};

enum mj_warning mj_item_warning(enum mj_item_status status, int deadline, int sent_back,
                                int today, int warn_days)
{
	int open = status == MJ_ITEM_TODO || status == MJ_ITEM_DOING;
	int dated = deadline != MJ_DATE_NONE && today != MJ_DATE_NONE;
	long long left = dated ? (long long)deadline - (long long)today : 0;

	if (warn_days < 0)
		warn_days = MJ_WARN_DAYS_DEFAULT;
	if (status == MJ_ITEM_CLOSED)
		return MJ_WARNING_NONE;
	if (open && dated && left < 0)
		return MJ_WARNING_RED;
	if (sent_back)
		return MJ_WARNING_YELLOW;
	if (open && dated && left <= warn_days)
		return MJ_WARNING_BLUE;
	return MJ_WARNING_NONE;
}

const char *mj_warning_code(enum mj_warning w)
{
	return table_code(warning_names, MJ_WARNING_COUNT, (int)w);
}

const char *mj_warning_label(enum mj_warning w)
{
	return table_label(warning_names, MJ_WARNING_COUNT, (int)w);
}

int mj_warning_parse(enum mj_warning *out, const char *s)
{
	int i, rc = table_parse(&i, warning_names, MJ_WARNING_COUNT, s, "预警颜色");
	if (rc == 0)
		*out = (enum mj_warning)i;
	return rc;
}

/* ---------------------------------------------------------------------------
 * 6. Carry-over and recurring problems
 */
int mj_item_carries_over(enum mj_item_status s)
{
	return s == MJ_ITEM_TODO || s == MJ_ITEM_DOING || s == MJ_ITEM_DONE;
}

int mj_ledger_carry_over(int64_t *out_ids, size_t cap, size_t *n_out,
                         const struct mj_item_ref *items, size_t n_items)
{
	size_t n = 0;
	*n_out = 0;
	for (size_t i = 0; i < n_items; i++) {
		int s = (int)items[i].status;
		if (s < 0 || s >= MJ_ITEM_STATUS_COUNT)
			return mj_error_set(MJ_EINVAL, "整改条目 %lld 的状态无效（%d）",
			                    (long long)items[i].id, s);
		if (!mj_item_carries_over(items[i].status))
			continue;
		if (n >= cap)
			return mj_error_set(MJ_ETOOBIG, "结转条目的输出空间不足（%zu）", cap);
		out_ids[n++] = items[i].id;
	}
	*n_out = n;
	return 0;
}

/* 1 for code points dropped by normalisation: whitespace, ASCII punctuation,
 * CJK symbols and punctuation, full-width punctuation, general punctuation. */
static int is_ignorable(uint32_t c)
{
	if (c <= 0x20 || c == 0x7F)
		return 1;
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	if (c == 0xA0 || c == 0xB7)
		return 1;
	if (c >= 0x2000 && c <= 0x206F) /* general punctuation: spaces, dashes, quotes, … */
		return 1;
	if (c >= 0x3000 && c <= 0x303F) /* 、。〈〉《》「」【】 and U+3000 */
		return 1;
	if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII: keep letters and digits */
		return !((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
		         (c >= 0xFF41 && c <= 0xFF5A));
	if (c >= 0xFE30 && c <= 0xFE4F) /* CJK compatibility forms */
		return 1;
	return 0;
}

static uint32_t fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0; /* full-width → ASCII */
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t p = *(const uint64_t *)x, q = *(const uint64_t *)y;
	return p < q ? -1 : p > q;
}

/* Fills grams (room for min(len, MJ_SIMILARITY_MAX_CHARS) + 1) with the sorted, unique
 * bigrams of the normalised text; returns their number. */
static size_t bigrams(uint64_t *grams, const char *s, size_t len)
{
	uint32_t prev = 0;
	size_t n = 0, chars = 0, i = 0;
	while (i < len && chars < MJ_SIMILARITY_MAX_CHARS) {
		uint32_t c;
		size_t k = mj_utf8_decode(s + i, len - i, &c);
		i += k ? k : 1;
		if (is_ignorable(c))
			continue;
		c = fold(c);
		chars++;
		if (chars >= 2)
			grams[n++] = ((uint64_t)prev << 32) | c;
		prev = c;
	}
	if (chars == 1)
		grams[n++] = (uint64_t)prev << 32;
	qsort(grams, n, sizeof *grams, u64_cmp);
	size_t w = 0;
	for (size_t r = 0; r < n; r++)
		if (w == 0 || grams[w - 1] != grams[r])
			grams[w++] = grams[r];
	return w;
}

double mj_text_similarity(const char *a, size_t alen, const char *b, size_t blen)
{
	if (!a)
		alen = 0;
	if (!b)
		blen = 0;
	/* A text of len bytes has at most len characters, hence at most len bigrams. */
	size_t ca = (alen < MJ_SIMILARITY_MAX_CHARS ? alen : MJ_SIMILARITY_MAX_CHARS) + 1;
	size_t cb = (blen < MJ_SIMILARITY_MAX_CHARS ? blen : MJ_SIMILARITY_MAX_CHARS) + 1;
	uint64_t *ga = mj_malloc(ca * sizeof *ga);
	uint64_t *gb = mj_malloc(cb * sizeof *gb);
	size_t na = bigrams(ga, a ? a : "", alen);
	size_t nb = bigrams(gb, b ? b : "", blen);
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (ga[i] == gb[j]) {
			common++;
			i++;
			j++;
		} else if (ga[i] < gb[j]) {
			i++;
		} else {
			j++;
		}
	}
	free(ga);
	free(gb);
	size_t uni = na + nb - common;
	return uni ? (double)common / (double)uni : 0.0;
}

int mj_problem_recurrence(unsigned *runs, size_t cap,
                          const struct mj_problem_year *years, size_t n_years,
                          double threshold)
{
	size_t total = 0;
	size_t *start = NULL; /* start[i]: index in runs of years[i]'s first text */
	size_t *order = NULL; /* year indices by ascending year */
	int rc = 0;

	if (threshold <= 0)
		threshold = MJ_RECUR_THRESHOLD_DEFAULT;
	if (!(threshold <= 1.0))
		return mj_error_set(MJ_EINVAL, "相似度阈值应在 0 与 1 之间");
	for (size_t i = 0; i < n_years; i++) {
		for (size_t j = i + 1; j < n_years; j++)
			if (years[i].year == years[j].year)
				return mj_error_set(MJ_EINVAL, "%d 年度的问题清单重复提供", years[i].year);
		for (size_t t = 0; t < years[i].n_texts; t++)
			if (!years[i].texts[t])
				return mj_error_set(MJ_EINVAL, "%d 年度的第 %zu 个问题为空",
				                    years[i].year, t + 1);
		total += years[i].n_texts;
	}
	if (total > cap)
		return mj_error_set(MJ_ETOOBIG, "结果数组空间不足（需要 %zu，只有 %zu）", total, cap);
	if (n_years == 0)
		return 0;

	start = mj_malloc(n_years * sizeof *start);
	order = mj_malloc(n_years * sizeof *order);
	for (size_t i = 0, s = 0; i < n_years; i++) {
		start[i] = s;
		s += years[i].n_texts;
		order[i] = i;
	}
	/* Insertion sort by year: a handful of years at most. */
	for (size_t i = 1; i < n_years; i++)
		for (size_t j = i; j > 0 && years[order[j - 1]].year > years[order[j]].year; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}

	for (size_t k = 0; k < n_years; k++) {
		const struct mj_problem_year *y = &years[order[k]];
		const struct mj_problem_year *prev =
			k > 0 && years[order[k - 1]].year == y->year - 1 ? &years[order[k - 1]] : NULL;
		for (size_t t = 0; t < y->n_texts; t++) {
			unsigned run = 1;
			const char *text = y->texts[t];
			for (size_t p = 0; prev && p < prev->n_texts; p++) {
				unsigned before = runs[start[order[k - 1]] + p];
				if (before + 1 <= run)
					continue;
				const char *old = prev->texts[p];
				if (mj_text_similarity(text, strlen(text), old, strlen(old)) >= threshold)
					run = before + 1;
			}
			runs[start[order[k]] + t] = run;
		}
	}
	free(start);
	free(order);
	return rc;
}

/* ---------------------------------------------------------------------------
 * 7. Meeting window
 */
int mj_meeting_window(int *from, int *to, int year)
{
	if (year < 1900 || year > 2199)
		return mj_error_set(MJ_EINVAL, "年度无效：%d", year);
	*from = mj_date_from_ymd(year, 10, 1);
	*to = mj_date_from_ymd(year + 1, 3, 1) - 1; /* last day of February */
	return 0;
}

int mj_rules_meeting_date_check(int year, int date, int has_consent)
{
	int from, to;
	int rc = mj_meeting_window(&from, &to, year);
	if (rc)
		return rc;
	if (date == MJ_DATE_NONE)
		return mj_error_set(MJ_EINVAL, "会议日期不能为空");
	if ((date >= from && date <= to) || has_consent)
		return 0;
	char d[11], f[11], t[11];
	mj_date_format(date, d);
	mj_date_format(from, f);
	mj_date_format(to, t);
	return mj_error_set(MJ_ESTATE,
	                    "会议日期 %s 不在 %d 年度民主生活会的正常召开时间（%s 至 %s）内，"
	                    "需经上级组织同意并记录后方可调整",
	                    d, year, f, t);
}

/* ---------------------------------------------------------------------------
 * 8. Appraisal grades, 9. system roles
 */
static const struct name_row grade_names[MJ_GRADE_COUNT] = {
	{ "excellent", "优秀" },
	{ "qualified", "合格" },
	{ "basic", "基本合格" },
	{ "unqualified", "不合格" },
};

const char *mj_grade_code(enum mj_appraisal_grade g)
{
	return table_code(grade_names, MJ_GRADE_COUNT, (int)g);
}

const char *mj_grade_label(enum mj_appraisal_grade g)
{
	return table_label(grade_names, MJ_GRADE_COUNT, (int)g);
}

int mj_grade_parse(enum mj_appraisal_grade *out, const char *s)
{
	int i, rc = table_parse(&i, grade_names, MJ_GRADE_COUNT, s, "评议等次");
	if (rc == 0)
		*out = (enum mj_appraisal_grade)i;
	return rc;
}

static const struct name_row role_names[MJ_ROLE_COUNT] = {
	{ "admin", "系统管理员" },
	{ "organizer", "上级组织部门" },
	{ "secretary", "班子秘书" },
	{ "member", "班子成员" },
};

const char *mj_role_code(enum mj_role r)
{
	return table_code(role_names, MJ_ROLE_COUNT, (int)r);
}

const char *mj_role_label(enum mj_role r)
{
	return table_label(role_names, MJ_ROLE_COUNT, (int)r);
}

int mj_role_parse(enum mj_role *out, const char *s)
{
	int i, rc = table_parse(&i, role_names, MJ_ROLE_COUNT, s, "系统角色");
	if (rc == 0)
		*out = (enum mj_role)i;
	return rc;
}
