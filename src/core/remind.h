/*
 * Reminders (`mingjing remind`, the web home page later): which ledger items
 * and which meeting deadlines each person should hear about today, grouped
 * per person and per team, and their rendering as a text or HTML digest.
 *
 * Pure: the store gathers the facts (store.h: mj_remind_all,
 * mj_remind_for_person); "today" is always passed in, so the selection is
 * testable at fixed dates.
 *
 * What is due, for a window of `days` days (days < 0: each item's notice
 * warn_days, MJ_WARN_DAYS_DEFAULT when none):
 *   - an item 待整改/整改中 with a deadline: overdue when deadline < today,
 *     due when 0 <= deadline - today <= days; told to its owner (责任人) and
 *     its responsible leader (责任领导); 已整改/已销号 items never;
 *   - a meeting's plan (方案) not yet sent: due or overdue the same way,
 *     told to the team's secretary and head;
 *   - a held meeting's report (情况报告) not yet sent: likewise.
 */
#ifndef MJ_CORE_REMIND_H
#define MJ_CORE_REMIND_H
#include <jansson.h>
#include <stddef.h>

#include "core/rules.h"
#include "util/buf.h"

struct mj_remind_item {
	long long id, team_id, owner_id, leader_id; /* 0: none */
	const char *owner_name, *leader_name, *team_name, *problem;
	int deadline;              /* day number or MJ_DATE_NONE */
	enum mj_item_status status;
	int warn_days;             /* the notice's; < 0: default */
	long long meeting_id;      /* the item's meeting (0: unknown) */
};

enum mj_remind_what { MJ_REMIND_ITEM, MJ_REMIND_PLAN, MJ_REMIND_REPORT };

struct mj_remind_deadline {
	enum mj_remind_what what;  /* MJ_REMIND_PLAN or MJ_REMIND_REPORT */
	long long meeting_id, team_id;
	const char *team_name;
	int due;                   /* day number; MJ_DATE_NONE: nothing due */
	int warn_days;
	long long to[2];           /* secretary, head (0: none) */
	const char *to_names[2];
};

/* 1 when something due on `due` should be told today: overdue
 * (due < today) or due within the window (0 <= due - today <= window);
 * *days_left = due - today. 0 when due is MJ_DATE_NONE or later. */
int mj_remind_is_due(int due, int today, int window, int *days_left);
/* The same for an item: also 0 unless 待整改 or 整改中. */
int mj_remind_item_is_due(const struct mj_remind_item *it, int today, int days, int *days_left);

/*
 * The digests: {"today": "YYYY-MM-DD", "people": [{"person_id", "name",
 * "entries": [{"what": "item"|"plan"|"report", "id" (item or meeting id),
 * "meeting_id", "team_id", "team", "problem" (items), "roles": ["owner",
 * "leader"|"secretary","head"], "due": "YYYY-MM-DD", "days_left": n,
 * "overdue": bool}]}]}. People by id; a person's entries by team, overdue
 * first, then by due date and id. *out: new reference.
 */
int mj_remind_digest(json_t **out, const struct mj_remind_item *items, size_t n_items,
		     const struct mj_remind_deadline *dls, size_t n_dls, int today, int days);

/* One person's digest (an element of "people") as text or as a small
 * self-contained HTML page (every value escaped). */
int mj_remind_render_text(mj_buf *out, json_t *person);
int mj_remind_render_html(mj_buf *out, json_t *person, const char *today);

#endif
