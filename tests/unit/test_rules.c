/*
 * Unit tests for src/core/rules: required talks, quorum, deadlines, the ledger
 * status machine, warning colours, carry-over, recurring problems, the meeting
 * window, appraisal grades and system roles. Every fixture is written here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "util/date.h"
#include "util/err.h"

static int day(const char *s)
{
	int d = MJ_DATE_NONE;
	assert_int_equal(mj_date_parse(s, &d), 0);
	return d;
}

static void assert_msg_has(const char *needle)
{
	const char *m = mj_error_msg();
	if (!strstr(m, needle))
		fail_msg("message \"%s\" lacks \"%s\"", m, needle);
}

/* ------------------------------------------------------------------ talks */

static void assert_pair(const struct mj_talk_pair *p, int64_t a, int64_t b, unsigned why,
                        int covered)
{
	assert_int_equal(p->a, a);
	assert_int_equal(p->b, b);
	assert_int_equal(p->reasons, why);
	assert_int_equal(p->covered, covered);
}

/* Head 1, members 2 and 3. Member 2 oversees dept 10 (head 20, outside the
 * team) and dept 12 (vacant); member 3 oversees dept 11, headed by member 2,
 * and dept 13, which 3 heads personally. */
static void talks_full_team(void **state)
{
	(void)state;
	const struct mj_team_member m[] = { { 2, 0 }, { 1, 1 }, { 3, 0 } };
	const struct mj_oversees o[] = {
		{ 2, 10, 20 }, { 2, 12, MJ_PERSON_NONE }, { 3, 11, 2 }, { 3, 13, 3 },
	};
	const struct mj_talk t[] = {
		{ 2, 1 },  /* reverse order */
		{ 1, 2 },  /* duplicate */
		{ 3, 3 },  /* self-talk: ignored */
		{ 20, 2 }, /* with the outside department head */
		{ 5, 6 },  /* not required: ignored */
		{ 0, 1 },  /* bad id: ignored */
	};
	struct mj_talk_coverage c;
	assert_int_equal(mj_talk_coverage_build(&c, m, 3, o, 4, t, 6), 0);
	assert_int_equal(c.n_pairs, 4);
	assert_pair(&c.pairs[0], 1, 2, MJ_TALK_HEAD_MEMBER | MJ_TALK_MEMBER_MEMBER, 1);
	assert_pair(&c.pairs[1], 1, 3, MJ_TALK_HEAD_MEMBER | MJ_TALK_MEMBER_MEMBER, 0);
	assert_pair(&c.pairs[2], 2, 3, MJ_TALK_MEMBER_MEMBER | MJ_TALK_OVERSEES, 0);
	assert_pair(&c.pairs[3], 2, 20, MJ_TALK_OVERSEES, 1);
	assert_int_equal(c.n_covered, 2);
	assert_int_equal(c.n_missing, 2);
	assert_pair(&c.missing[0], 1, 3, MJ_TALK_HEAD_MEMBER | MJ_TALK_MEMBER_MEMBER, 0);
	assert_pair(&c.missing[1], 2, 3, MJ_TALK_MEMBER_MEMBER | MJ_TALK_OVERSEES, 0);
	assert_int_equal(mj_talk_coverage_percent(&c), 50);
	mj_talk_coverage_free(&c);
	assert_null(c.pairs);
	assert_null(c.missing);
	mj_talk_coverage_free(&c); /* twice is harmless */
}

static void talks_all_covered(void **state)
{
	(void)state;
	const struct mj_team_member m[] = { { 7, 1 }, { 8, 0 }, { 9, 0 } };
	const struct mj_talk t[] = { { 9, 7 }, { 8, 7 }, { 9, 8 } };
	struct mj_talk_coverage c;
	assert_int_equal(mj_talk_coverage_build(&c, m, 3, NULL, 0, t, 3), 0);
	assert_int_equal(c.n_pairs, 3);
	assert_int_equal(c.n_covered, 3);
	assert_int_equal(c.n_missing, 0);
	assert_null(c.missing);
	assert_int_equal(mj_talk_coverage_percent(&c), 100);
	/* (8,9) involves no head: member-member only. */
	assert_pair(&c.pairs[2], 8, 9, MJ_TALK_MEMBER_MEMBER, 1);
	mj_talk_coverage_free(&c);

	/* Member 8 oversees a department headed by the team head 7: one pair,
	 * required for all three reasons. */
	const struct mj_oversees o[] = { { 8, 1, 7 } };
	assert_int_equal(mj_talk_coverage_build(&c, m, 3, o, 1, t, 1), 0);
	assert_int_equal(c.n_pairs, 3);
	assert_pair(&c.pairs[0], 7, 8,
	            MJ_TALK_HEAD_MEMBER | MJ_TALK_MEMBER_MEMBER | MJ_TALK_OVERSEES, 0);
	assert_pair(&c.pairs[1], 7, 9, MJ_TALK_HEAD_MEMBER | MJ_TALK_MEMBER_MEMBER, 1);
	assert_int_equal(mj_talk_coverage_percent(&c), 33);
	mj_talk_coverage_free(&c);
}

static void talks_empty_and_single(void **state)
{
	(void)state;
	struct mj_talk_coverage c;
	assert_int_equal(mj_talk_coverage_build(&c, NULL, 0, NULL, 0, NULL, 0), 0);
	assert_int_equal(c.n_pairs, 0);
	assert_null(c.pairs);
	assert_int_equal(mj_talk_coverage_percent(&c), -1);
	mj_talk_coverage_free(&c);

	/* One member, nothing overseen: nothing required. */
	const struct mj_team_member one[] = { { 5, 1 } };
	assert_int_equal(mj_talk_coverage_build(&c, one, 1, NULL, 0, NULL, 0), 0);
	assert_int_equal(c.n_pairs, 0);
	assert_int_equal(mj_talk_coverage_percent(&c), -1);
	mj_talk_coverage_free(&c);

	/* One member who oversees one department with a head, and one he heads. */
	const struct mj_oversees o[] = { { 5, 1, 30 }, { 5, 2, 5 } };
	assert_int_equal(mj_talk_coverage_build(&c, one, 1, o, 2, NULL, 0), 0);
	assert_int_equal(c.n_pairs, 1);
	assert_pair(&c.pairs[0], 5, 30, MJ_TALK_OVERSEES, 0);
	assert_int_equal(c.n_missing, 1);
	assert_int_equal(mj_talk_coverage_percent(&c), 0);
	mj_talk_coverage_free(&c);
}

static void talks_no_head_and_duplicates(void **state)
{
	(void)state;
	/* Head vacant; member 4 listed twice; two departments with the same head. */
	const struct mj_team_member m[] = { { 4, 0 }, { 6, 0 }, { 4, 0 } };
	const struct mj_oversees o[] = { { 4, 1, 40 }, { 6, 2, 40 }, { 4, 3, 40 } };
	struct mj_talk_coverage c;
	assert_int_equal(mj_talk_coverage_build(&c, m, 3, o, 3, NULL, 0), 0);
	assert_int_equal(c.n_pairs, 3);
	assert_pair(&c.pairs[0], 4, 6, MJ_TALK_MEMBER_MEMBER, 0);
	assert_pair(&c.pairs[1], 4, 40, MJ_TALK_OVERSEES, 0);
	assert_pair(&c.pairs[2], 6, 40, MJ_TALK_OVERSEES, 0);
	mj_talk_coverage_free(&c);
}

static void talks_bad_input(void **state)
{
	(void)state;
	struct mj_talk_coverage c;
	const struct mj_team_member two_heads[] = { { 1, 1 }, { 2, 1 } };
	assert_int_equal(mj_talk_coverage_build(&c, two_heads, 2, NULL, 0, NULL, 0), MJ_EINVAL);
	assert_msg_has("主要负责人");
	assert_null(c.pairs);

	const struct mj_team_member m[] = { { 1, 1 }, { 2, 0 } };
	const struct mj_oversees stranger[] = { { 9, 1, 30 } };
	assert_int_equal(mj_talk_coverage_build(&c, m, 2, stranger, 1, NULL, 0), MJ_EINVAL);
	assert_msg_has("不是本班子成员");

	const struct mj_team_member bad_id[] = { { 0, 0 } };
	assert_int_equal(mj_talk_coverage_build(&c, bad_id, 1, NULL, 0, NULL, 0), MJ_EINVAL);

	struct mj_team_member *many = calloc(MJ_TALK_MAX_MEMBERS + 1, sizeof *many);
	for (int i = 0; i <= MJ_TALK_MAX_MEMBERS; i++)
		many[i].person_id = i + 1;
	assert_int_equal(mj_talk_coverage_build(&c, many, MJ_TALK_MAX_MEMBERS + 1, NULL, 0, NULL, 0),
	                 MJ_ETOOBIG);
	/* At the cap it works: n(n-1)/2 pairs. */
	assert_int_equal(mj_talk_coverage_build(&c, many, MJ_TALK_MAX_MEMBERS, NULL, 0, NULL, 0), 0);
	assert_int_equal(c.n_pairs, MJ_TALK_MAX_MEMBERS * (MJ_TALK_MAX_MEMBERS - 1) / 2);
	mj_talk_coverage_free(&c);
	free(many);
}

static void percent_helper(void **state)
{
	(void)state;
	assert_int_equal(mj_rules_percent(0, 0), -1);
	assert_int_equal(mj_rules_percent(0, 7), 0);
	assert_int_equal(mj_rules_percent(1, 3), 33);
	assert_int_equal(mj_rules_percent(2, 3), 66);
	assert_int_equal(mj_rules_percent(199, 200), 99); /* never rounds up to 100 */
	assert_int_equal(mj_rules_percent(5, 5), 100);
	assert_int_equal(mj_rules_percent(6, 5), 100);
}

/* ----------------------------------------------------------------- quorum */

static void quorum_boundaries(void **state)
{
	(void)state;
	struct mj_quorum q;
	assert_int_equal(mj_quorum_check(&q, 9, 6), 0);
	assert_int_equal(q.met, 1);
	assert_int_equal(q.needed, 6);
	assert_int_equal(q.short_by, 0);

	assert_int_equal(mj_quorum_check(&q, 9, 5), 0);
	assert_int_equal(q.met, 0);
	assert_int_equal(q.needed, 6);
	assert_int_equal(q.short_by, 1);

	assert_int_equal(mj_quorum_check(&q, 3, 2), 0);
	assert_int_equal(q.met, 1);
	assert_int_equal(q.needed, 2);

	assert_int_equal(mj_quorum_check(&q, 3, 1), 0);
	assert_int_equal(q.met, 0);
	assert_int_equal(q.short_by, 1);

	assert_int_equal(mj_quorum_check(&q, 10, 7), 0); /* 21 >= 20 */
	assert_int_equal(q.met, 1);
	assert_int_equal(q.needed, 7);
	assert_int_equal(mj_quorum_check(&q, 10, 6), 0); /* 18 < 20 */
	assert_int_equal(q.met, 0);
	assert_int_equal(q.short_by, 1);

	assert_int_equal(mj_quorum_check(&q, 1, 1), 0);
	assert_int_equal(q.met, 1);
	assert_int_equal(q.needed, 1);
	assert_int_equal(mj_quorum_check(&q, 1, 0), 0);
	assert_int_equal(q.met, 0);

	assert_int_equal(mj_quorum_check(&q, 0, 0), 0);
	assert_int_equal(q.met, 0);
	assert_int_equal(q.needed, 0);
	assert_int_equal(q.short_by, 0);

	assert_int_equal(mj_quorum_check(&q, 5, 6), MJ_EINVAL);
	assert_msg_has("实到人数");
	assert_int_equal(mj_quorum_check(&q, -1, 0), MJ_EINVAL);
	assert_int_equal(mj_quorum_check(&q, 3, -1), MJ_EINVAL);
}

/* -------------------------------------------------------------- deadlines */

static void deadlines_compute(void **state)
{
	(void)state;
	struct mj_deadline_config cfg = { 15, 15, 3 };
	struct mj_meeting_deadlines d;
	assert_int_equal(mj_meeting_deadlines_compute(&d, day("2026-12-20"), &cfg,
	                                              day("2026-12-10")), 0);
	assert_int_equal(d.plan_due, day("2026-12-05"));
	assert_int_equal(d.report_due, day("2027-01-04"));
	assert_int_equal(d.plan_days_left, -5);
	assert_int_equal(d.report_days_left, 25);

	cfg.plan_lead_days = 0;
	cfg.report_due_days = 1;
	assert_int_equal(mj_meeting_deadlines_compute(&d, day("2027-02-28"), &cfg,
	                                              day("2027-02-28")), 0);
	assert_int_equal(d.plan_due, day("2027-02-28"));
	assert_int_equal(d.plan_days_left, 0);
	assert_int_equal(d.report_due, day("2027-03-01"));
	assert_int_equal(d.report_days_left, 1);

	assert_int_equal(mj_meeting_deadlines_compute(&d, MJ_DATE_NONE, &cfg, day("2026-01-01")),
	                 MJ_EINVAL);
	assert_msg_has("会议日期");
	assert_int_equal(mj_days_left(day("2026-11-19"), day("2026-11-20")), -1);
	assert_int_equal(mj_days_left(MJ_DATE_NONE, day("2026-11-20")), 0);
}

static void deadlines_validate(void **state)
{
	(void)state;
	struct mj_deadline_config ok[] = { { 0, 1, 0 }, { 90, 90, 30 }, { 10, 15, 3 } };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(mj_deadline_config_check(&ok[i]), 0);

	struct mj_deadline_config c = { -1, 15, 3 };
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);
	assert_msg_has("方案提前报送天数");
	c.plan_lead_days = 91;
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);
	c.plan_lead_days = 7;
	c.report_due_days = 0;
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);
	assert_msg_has("情况报告天数");
	c.report_due_days = 91;
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);
	c.report_due_days = 15;
	c.warn_days = 31;
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);
	assert_msg_has("预警天数");
	c.warn_days = -1;
	assert_int_equal(mj_deadline_config_check(&c), MJ_EINVAL);

	struct mj_meeting_deadlines d;
	assert_int_equal(mj_meeting_deadlines_compute(&d, day("2026-12-20"), &c, day("2026-12-01")),
	                 MJ_EINVAL);
}

/* ----------------------------------------------------------------- ledger */

static const unsigned single_roles[] = {
	MJ_ACTOR_OWNER, MJ_ACTOR_RESP_LEADER, MJ_ACTOR_TEAM_SECRETARY, MJ_ACTOR_TEAM_HEAD,
	MJ_ACTOR_ORGANIZER_SUPERIOR, MJ_ACTOR_ADMIN, MJ_ACTOR_OTHER,
};

/* The expected machine, written out independently of the implementation:
 * expect[action][from] is the resulting status, or -1 when not applicable. */
static const int expect_to[MJ_LEDGER_ACTION_COUNT][MJ_ITEM_STATUS_COUNT] = {
	/*                 todo           doing          done           closed */
	[MJ_LEDGER_START] = { MJ_ITEM_DOING, -1, -1, -1 },
	[MJ_LEDGER_FINISH] = { -1, MJ_ITEM_DONE, -1, -1 },
	[MJ_LEDGER_SEND_BACK] = { -1, -1, MJ_ITEM_DOING, -1 },
	[MJ_LEDGER_CLOSE] = { -1, -1, MJ_ITEM_CLOSED, -1 },
	[MJ_LEDGER_REOPEN] = { -1, -1, -1, MJ_ITEM_DOING },
	[MJ_LEDGER_EDIT] = { MJ_ITEM_TODO, MJ_ITEM_DOING, MJ_ITEM_DONE, -1 },
};

static int role_may(enum mj_ledger_action act, unsigned role)
{
	switch (act) {
	case MJ_LEDGER_START:
	case MJ_LEDGER_FINISH:
	case MJ_LEDGER_EDIT:
		return role == MJ_ACTOR_OWNER || role == MJ_ACTOR_RESP_LEADER ||
		       role == MJ_ACTOR_TEAM_SECRETARY || role == MJ_ACTOR_TEAM_HEAD ||
		       role == MJ_ACTOR_ADMIN;
	default:
		return role == MJ_ACTOR_ORGANIZER_SUPERIOR;
	}
}

static void ledger_every_transition(void **state)
{
	(void)state;
	int checked = 0;
	for (int a = 0; a < MJ_LEDGER_ACTION_COUNT; a++)
		for (int s = 0; s < MJ_ITEM_STATUS_COUNT; s++)
			for (size_t r = 0; r < sizeof single_roles / sizeof single_roles[0]; r++) {
				enum mj_item_status to = (enum mj_item_status)99;
				int want;
				if (expect_to[a][s] < 0)
					want = MJ_ESTATE;
				else if (!role_may((enum mj_ledger_action)a, single_roles[r]))
					want = MJ_EPERM;
				else
					want = 0;
				int rc = mj_ledger_transition((enum mj_item_status)s,
				                              (enum mj_ledger_action)a, single_roles[r],
				                              "已按要求整改并上传佐证材料", &to);
				if (rc != want)
					fail_msg("%s from %s by role %#x: got %d want %d (%s)",
					         mj_ledger_action_code((enum mj_ledger_action)a),
					         mj_item_status_code((enum mj_item_status)s), single_roles[r], rc,
					         want, mj_error_msg());
				if (want == 0)
					assert_int_equal(to, expect_to[a][s]);
				else
					assert_int_equal(to, 99); /* untouched on error */
				assert_int_equal(mj_ledger_action_allowed((enum mj_item_status)s,
				                                          (enum mj_ledger_action)a,
				                                          single_roles[r]),
				                 want == 0);
				checked++;
			}
	assert_int_equal(checked, 6 * 4 * 7);
}

static void ledger_messages_and_reasons(void **state)
{
	(void)state;
	enum mj_item_status to;

	/* Editing a closed item: state error with the documented message. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_CLOSED, MJ_LEDGER_EDIT, MJ_ACTOR_OWNER, NULL,
	                                      &to), MJ_ESTATE);
	assert_string_equal(mj_error_msg(),
	                    "已销号的条目不能修改，只能由上级组织部门说明理由后重新打开");

	/* Wrong state names both states. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_TODO, MJ_LEDGER_FINISH, MJ_ACTOR_OWNER, "x",
	                                      &to), MJ_ESTATE);
	assert_msg_has("待整改");
	assert_msg_has("整改中");
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DOING, MJ_LEDGER_REOPEN,
	                                      MJ_ACTOR_ORGANIZER_SUPERIOR, "x", &to), MJ_ESTATE);
	assert_msg_has("整改中");

	/* Admin may maintain but never close. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DONE, MJ_LEDGER_CLOSE, MJ_ACTOR_ADMIN, NULL,
	                                      &to), MJ_EPERM);
	assert_msg_has("销号");
	assert_msg_has("系统管理员");
	/* A secretary who is also the superior's organizer (role bits combine). */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DONE, MJ_LEDGER_CLOSE,
	                                      MJ_ACTOR_TEAM_SECRETARY | MJ_ACTOR_ORGANIZER_SUPERIOR,
	                                      NULL, &to), 0);
	assert_int_equal(to, MJ_ITEM_CLOSED);
	/* No roles at all. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_TODO, MJ_LEDGER_START, 0, NULL, &to),
	                 MJ_EPERM);

	/* finish needs a note; blanks (incl. U+3000) do not count. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DOING, MJ_LEDGER_FINISH, MJ_ACTOR_OWNER, NULL,
	                                      &to), MJ_EINVAL);
	assert_msg_has("佐证");
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DOING, MJ_LEDGER_FINISH, MJ_ACTOR_OWNER,
	                                      " \t\xE3\x80\x80\n", &to), MJ_EINVAL);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DOING, MJ_LEDGER_FINISH, MJ_ACTOR_OWNER,
	                                      "\xE3\x80\x80已完成制度修订", &to), 0);
	assert_int_equal(to, MJ_ITEM_DONE);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DOING, MJ_LEDGER_FINISH, MJ_ACTOR_OWNER,
	                                      "bad \xFF", &to), MJ_EUTF8);

	/* send_back and reopen need a reason; close and start do not. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_DONE, MJ_LEDGER_SEND_BACK,
	                                      MJ_ACTOR_ORGANIZER_SUPERIOR, "", &to), MJ_EINVAL);
	assert_msg_has("理由");
	assert_int_equal(mj_ledger_transition(MJ_ITEM_CLOSED, MJ_LEDGER_REOPEN,
	                                      MJ_ACTOR_ORGANIZER_SUPERIOR, NULL, &to), MJ_EINVAL);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_CLOSED, MJ_LEDGER_REOPEN,
	                                      MJ_ACTOR_ORGANIZER_SUPERIOR, "回头看发现问题反弹",
	                                      &to), 0);
	assert_int_equal(to, MJ_ITEM_DOING);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_TODO, MJ_LEDGER_START, MJ_ACTOR_TEAM_HEAD, NULL,
	                                      &to), 0);
	assert_int_equal(to, MJ_ITEM_DOING);
	/* Reopen by anyone else: permission error. */
	assert_int_equal(mj_ledger_transition(MJ_ITEM_CLOSED, MJ_LEDGER_REOPEN, MJ_ACTOR_ADMIN,
	                                      "理由", &to), MJ_EPERM);

	/* Bad arguments. */
	assert_int_equal(mj_ledger_transition((enum mj_item_status)7, MJ_LEDGER_EDIT,
	                                      MJ_ACTOR_OWNER, NULL, &to), MJ_EINVAL);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_TODO, (enum mj_ledger_action)9,
	                                      MJ_ACTOR_OWNER, NULL, &to), MJ_EINVAL);
	assert_int_equal(mj_ledger_transition(MJ_ITEM_TODO, MJ_LEDGER_EDIT, 1u << 12, NULL, &to),
	                 MJ_EINVAL);
	assert_int_equal(mj_ledger_action_allowed(MJ_ITEM_TODO, MJ_LEDGER_EDIT, 1u << 12), 0);
}

static void ledger_sent_back_flag(void **state)
{
	(void)state;
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_SEND_BACK, 0), 1);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_REOPEN, 0), 1);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_FINISH, 1), 0);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_EDIT, 1), 1);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_EDIT, 0), 0);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_START, 0), 0);
	assert_int_equal(mj_ledger_sent_back_after(MJ_LEDGER_CLOSE, 1), 1);
}

static void status_names(void **state)
{
	(void)state;
	const char *codes[] = { "todo", "doing", "done", "closed" };
	const char *labels[] = { "待整改", "整改中", "已整改", "已销号" };
	for (int i = 0; i < 4; i++) {
		enum mj_item_status s = (enum mj_item_status)99;
		assert_string_equal(mj_item_status_code((enum mj_item_status)i), codes[i]);
		assert_string_equal(mj_item_status_label((enum mj_item_status)i), labels[i]);
		assert_int_equal(mj_item_status_parse(&s, codes[i]), 0);
		assert_int_equal(s, i);
		s = (enum mj_item_status)99;
		assert_int_equal(mj_item_status_parse(&s, labels[i]), 0);
		assert_int_equal(s, i);
	}
	enum mj_item_status s;
	assert_int_equal(mj_item_status_parse(&s, "finished"), MJ_EINVAL);
	assert_msg_has("finished");
	assert_msg_has("todo(待整改)");
	assert_int_equal(mj_item_status_parse(&s, NULL), MJ_EINVAL);
	/* A long unknown value is quoted in part, never cut inside a character. */
	char long_value[200] = "";
	for (int i = 0; i < 30; i++)
		memcpy(long_value + 3 * i, "整", 4);
	assert_int_equal(mj_item_status_parse(&s, long_value), MJ_EINVAL);
	assert_msg_has("“整整整整整整整整整整整整整整整整整整整整整”"); /* 21 chars = 63 bytes */
	assert_string_equal(mj_item_status_code((enum mj_item_status)4), "?");
	assert_string_equal(mj_item_status_label((enum mj_item_status)-1), "?");

	enum mj_ledger_action a;
	assert_int_equal(mj_ledger_action_parse(&a, "销号"), 0);
	assert_int_equal(a, MJ_LEDGER_CLOSE);
	assert_int_equal(mj_ledger_action_parse(&a, "send_back"), 0);
	assert_int_equal(a, MJ_LEDGER_SEND_BACK);
	assert_string_equal(mj_ledger_action_label(MJ_LEDGER_REOPEN), "重新打开");
	assert_string_equal(mj_ledger_action_code(MJ_LEDGER_EDIT), "edit");
	assert_int_equal(mj_ledger_action_parse(&a, "delete"), MJ_EINVAL);
}

/* ---------------------------------------------------------------- colours */

static void warning_colours(void **state)
{
	(void)state;
	int t = day("2026-11-20");
	/* Deadline boundaries, open items, default 3 days. */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t, 0, t, 3), MJ_WARNING_BLUE);     /* due today */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 3, 0, t, 3), MJ_WARNING_BLUE); /* in 3 days */
	assert_int_equal(mj_item_warning(MJ_ITEM_TODO, t + 4, 0, t, 3), MJ_WARNING_NONE);  /* in 4 days */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t - 1, 0, t, 3), MJ_WARNING_RED);  /* yesterday */
	assert_int_equal(mj_item_warning(MJ_ITEM_TODO, t - 30, 0, t, 3), MJ_WARNING_RED);
	/* Done or closed: no colour even when late. */
	assert_int_equal(mj_item_warning(MJ_ITEM_DONE, t - 1, 0, t, 3), MJ_WARNING_NONE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DONE, t + 1, 0, t, 3), MJ_WARNING_NONE);
	assert_int_equal(mj_item_warning(MJ_ITEM_CLOSED, t - 1, 0, t, 3), MJ_WARNING_NONE);
	/* Sent back: yellow, over blue; red wins when overdue; closed clears it. */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 10, 1, t, 3), MJ_WARNING_YELLOW);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 1, 1, t, 3), MJ_WARNING_YELLOW);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t - 1, 1, t, 3), MJ_WARNING_RED);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, MJ_DATE_NONE, 1, t, 3), MJ_WARNING_YELLOW);
	assert_int_equal(mj_item_warning(MJ_ITEM_CLOSED, t - 1, 1, t, 3), MJ_WARNING_NONE);
	/* No deadline, or no today. */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, MJ_DATE_NONE, 0, t, 3), MJ_WARNING_NONE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t, 0, MJ_DATE_NONE, 3), MJ_WARNING_NONE);
	/* warn_days: negative means the default 3; 0 means only on the day. */
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 3, 0, t, -1), MJ_WARNING_BLUE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 4, 0, t, -1), MJ_WARNING_NONE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 1, 0, t, 0), MJ_WARNING_NONE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t, 0, t, 0), MJ_WARNING_BLUE);
	assert_int_equal(mj_item_warning(MJ_ITEM_DOING, t + 7, 0, t, 7), MJ_WARNING_BLUE);

	const char *codes[] = { "none", "blue", "yellow", "red" };
	const char *labels[] = { "无", "蓝", "黄", "红" };
	for (int i = 0; i < 4; i++) {
		enum mj_warning w;
		assert_string_equal(mj_warning_code((enum mj_warning)i), codes[i]);
		assert_string_equal(mj_warning_label((enum mj_warning)i), labels[i]);
		assert_int_equal(mj_warning_parse(&w, labels[i]), 0);
		assert_int_equal(w, i);
		assert_int_equal(mj_warning_parse(&w, codes[i]), 0);
		assert_int_equal(w, i);
	}
	enum mj_warning w;
	assert_int_equal(mj_warning_parse(&w, "green"), MJ_EINVAL);
}

/* ------------------------------------------------------------- carry-over */

static void carry_over(void **state)
{
	(void)state;
	const struct mj_item_ref items[] = {
		{ 11, MJ_ITEM_TODO }, { 12, MJ_ITEM_DOING }, { 13, MJ_ITEM_DONE },
		{ 14, MJ_ITEM_CLOSED }, { 15, MJ_ITEM_TODO },
	};
	int64_t ids[5] = { 0 };
	size_t n = 99;
	assert_int_equal(mj_ledger_carry_over(ids, 5, &n, items, 5), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[0], 11);
	assert_int_equal(ids[1], 12);
	assert_int_equal(ids[2], 13); /* done but not verified: carries over */
	assert_int_equal(ids[3], 15);

	assert_int_equal(mj_ledger_carry_over(ids, 3, &n, items, 5), MJ_ETOOBIG);
	assert_int_equal(mj_ledger_carry_over(ids, 0, &n, NULL, 0), 0);
	assert_int_equal(n, 0);
	const struct mj_item_ref closed_only[] = { { 1, MJ_ITEM_CLOSED }, { 2, MJ_ITEM_CLOSED } };
	assert_int_equal(mj_ledger_carry_over(ids, 0, &n, closed_only, 2), 0);
	assert_int_equal(n, 0);
	const struct mj_item_ref bad[] = { { 1, (enum mj_item_status)8 } };
	assert_int_equal(mj_ledger_carry_over(ids, 5, &n, bad, 1), MJ_EINVAL);

	assert_true(mj_item_carries_over(MJ_ITEM_TODO));
	assert_true(mj_item_carries_over(MJ_ITEM_DOING));
	assert_true(mj_item_carries_over(MJ_ITEM_DONE));
	assert_false(mj_item_carries_over(MJ_ITEM_CLOSED));
}

/* ------------------------------------------------------ recurring problems */

static double sim(const char *a, const char *b)
{
	return mj_text_similarity(a, strlen(a), b, strlen(b));
}

static void text_similarity(void **state)
{
	(void)state;
	assert_true(sim("理论学习不够深入", "理论学习不够深入") == 1.0);
	/* Punctuation and spaces do not matter. */
	assert_true(sim("理论学习不够深入，学用脱节。", "理论学习 不够深入 学用脱节") == 1.0);
	/* Full-width and upper-case letters fold to ASCII lower-case. */
	assert_true(sim("ＰＰＴ汇报多", "ppt汇报多") == 1.0);
	/* Exact fractions: 14 of 22 shared bigrams; 15 of 22. */
	assert_true(fabs(sim("理论学习不够系统深入，存在学用脱节的问题",
	                     "理论学习还不够系统深入，存在学用脱节现象") - 14.0 / 22.0) < 1e-12);
	assert_true(fabs(sim("理论学习还不够系统深入，存在学用脱节现象",
	                     "理论学习仍不够系统深入，存在学用脱节的现象") - 15.0 / 22.0) < 1e-12);
	/* Unrelated problems. */
	assert_true(sim("理论学习不够系统深入", "落实中央八项规定精神有松懈") == 0.0);
	assert_true(sim("调查研究不够深入基层，掌握一线情况不全面",
	                "理论学习不够系统深入，存在学用脱节的问题") < 0.1);
	/* Degenerate texts. */
	assert_true(sim("", "") == 0.0);
	assert_true(sim("，。", "理论") == 0.0);
	assert_true(sim("党", "党") == 1.0);
	assert_true(sim("党", "党性") == 0.0);
	assert_true(mj_text_similarity(NULL, 5, "学习", 6) == 0.0);
	/* Invalid bytes do not crash and compare as U+FFFD. */
	assert_true(sim("学\xFF习", "学\xFE习") == 1.0);
}

static void recurring_three_years(void **state)
{
	(void)state;
	const char *y2023[] = {
		"理论学习不够系统深入，存在学用脱节的问题",
		"批评与自我批评辣味不足",
	};
	const char *y2024[] = {
		"理论学习还不够系统深入，存在学用脱节现象",
		"对分管领域的风险隐患排查不够细致",
		"落实中央八项规定精神有松懈",
	};
	const char *y2025[] = {
		"调查研究不够深入基层，掌握一线情况不全面",
		"理论学习仍不够系统深入，存在学用脱节的现象",
		"对分管领域的风险隐患排查还不够细致到位",
	};
	/* Given out of order on purpose. */
	const struct mj_problem_year years[] = {
		{ 2025, y2025, 3 }, { 2023, y2023, 2 }, { 2024, y2024, 3 },
	};
	unsigned runs[8];
	memset(runs, 0, sizeof runs);
	assert_int_equal(mj_problem_recurrence(runs, 8, years, 3, 0), 0);
	/* 2025 */
	assert_int_equal(runs[0], 1); /* new */
	assert_int_equal(runs[1], 3); /* 年年提、年年改、年年有 */
	assert_int_equal(runs[2], 2); /* also last year */
	/* 2023 */
	assert_int_equal(runs[3], 1);
	assert_int_equal(runs[4], 1);
	/* 2024 */
	assert_int_equal(runs[5], 2);
	assert_int_equal(runs[6], 1);
	assert_int_equal(runs[7], 1);
	assert_true(runs[1] >= MJ_RECUR_YEARS);

	/* A stricter threshold (0.7) breaks the study chain (0.64, 0.68) but keeps
	 * the risk pair (14/19 = 0.74). */
	assert_int_equal(mj_problem_recurrence(runs, 8, years, 3, 0.7), 0);
	assert_int_equal(runs[1], 1);
	assert_int_equal(runs[2], 2);
	assert_int_equal(runs[5], 1);

	/* A missing year breaks the run: 2023, then 2025. */
	const struct mj_problem_year gap[] = { { 2023, y2023, 2 }, { 2025, y2025, 3 } };
	assert_int_equal(mj_problem_recurrence(runs, 5, gap, 2, 0), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(runs[i], 1);
}

static void recurring_bad_input(void **state)
{
	(void)state;
	const char *texts[] = { "理论学习不够深入" };
	const char *with_null[] = { NULL };
	unsigned runs[4];
	const struct mj_problem_year twice[] = { { 2024, texts, 1 }, { 2024, texts, 1 } };
	assert_int_equal(mj_problem_recurrence(runs, 4, twice, 2, 0), MJ_EINVAL);
	assert_msg_has("2024");
	const struct mj_problem_year two[] = { { 2024, texts, 1 }, { 2025, texts, 1 } };
	assert_int_equal(mj_problem_recurrence(runs, 1, two, 2, 0), MJ_ETOOBIG);
	assert_int_equal(mj_problem_recurrence(runs, 4, two, 2, 1.5), MJ_EINVAL);
	assert_int_equal(mj_problem_recurrence(runs, 4, two, 2, 1.0), 0);
	assert_int_equal(runs[1], 2); /* identical text: similarity exactly 1 */
	const struct mj_problem_year nul[] = { { 2024, with_null, 1 } };
	assert_int_equal(mj_problem_recurrence(runs, 4, nul, 1, 0), MJ_EINVAL);
	assert_int_equal(mj_problem_recurrence(runs, 0, NULL, 0, 0), 0);
}

/* --------------------------------------------------------- meeting window */

static void meeting_window(void **state)
{
	(void)state;
	int from, to;
	assert_int_equal(mj_meeting_window(&from, &to, 2025), 0);
	assert_int_equal(from, day("2025-10-01"));
	assert_int_equal(to, day("2026-02-28"));
	assert_int_equal(mj_meeting_window(&from, &to, 2027), 0);
	assert_int_equal(to, day("2028-02-29")); /* leap year */
	assert_int_equal(mj_meeting_window(&from, &to, 1800), MJ_EINVAL);

	assert_int_equal(mj_rules_meeting_date_check(2025, day("2025-10-01"), 0), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2025-12-31"), 0), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2026-01-15"), 0), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2026-02-28"), 0), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2025-09-30"), 0), MJ_ESTATE);
	assert_msg_has("2025-10-01 至 2026-02-28");
	assert_msg_has("同意");
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2026-03-01"), 0), MJ_ESTATE);
	assert_msg_has("2026-03-01");
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2026-03-01"), 1), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, day("2025-06-01"), 1), 0);
	assert_int_equal(mj_rules_meeting_date_check(2025, MJ_DATE_NONE, 1), MJ_EINVAL);
}

/* --------------------------------------------------------- grades & roles */

static void grades_and_roles(void **state)
{
	(void)state;
	const char *gcodes[] = { "excellent", "qualified", "basic", "unqualified" };
	const char *glabels[] = { "优秀", "合格", "基本合格", "不合格" };
	for (int i = 0; i < 4; i++) {
		enum mj_appraisal_grade g;
		assert_string_equal(mj_grade_code((enum mj_appraisal_grade)i), gcodes[i]);
		assert_string_equal(mj_grade_label((enum mj_appraisal_grade)i), glabels[i]);
		assert_int_equal(mj_grade_parse(&g, gcodes[i]), 0);
		assert_int_equal(g, i);
		assert_int_equal(mj_grade_parse(&g, glabels[i]), 0);
		assert_int_equal(g, i);
	}
	enum mj_appraisal_grade g;
	assert_int_equal(mj_grade_parse(&g, "良好"), MJ_EINVAL);
	assert_msg_has("评议等次");
	assert_int_equal(mj_grade_parse(&g, "合格 "), MJ_EINVAL); /* exact match only */

	const char *rcodes[] = { "admin", "organizer", "secretary", "member" };
	for (int i = 0; i < 4; i++) {
		enum mj_role r;
		assert_string_equal(mj_role_code((enum mj_role)i), rcodes[i]);
		assert_int_equal(mj_role_parse(&r, rcodes[i]), 0);
		assert_int_equal(r, i);
		assert_int_equal(mj_role_parse(&r, mj_role_label((enum mj_role)i)), 0);
		assert_int_equal(r, i);
	}
	assert_string_equal(mj_role_label(MJ_ROLE_ADMIN), "系统管理员");
	assert_string_equal(mj_role_label(MJ_ROLE_MEMBER), "班子成员");
	enum mj_role r;
	assert_int_equal(mj_role_parse(&r, "root"), MJ_EINVAL);
	assert_string_equal(mj_role_code((enum mj_role)9), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(talks_full_team),
		cmocka_unit_test(talks_all_covered),
		cmocka_unit_test(talks_empty_and_single),
		cmocka_unit_test(talks_no_head_and_duplicates),
		cmocka_unit_test(talks_bad_input),
		cmocka_unit_test(percent_helper),
		cmocka_unit_test(quorum_boundaries),
		cmocka_unit_test(deadlines_compute),
		cmocka_unit_test(deadlines_validate),
		cmocka_unit_test(ledger_every_transition),
		cmocka_unit_test(ledger_messages_and_reasons),
		cmocka_unit_test(ledger_sent_back_flag),
		cmocka_unit_test(status_names),
		cmocka_unit_test(warning_colours),
		cmocka_unit_test(carry_over),
		cmocka_unit_test(text_similarity),
		cmocka_unit_test(recurring_three_years),
		cmocka_unit_test(recurring_bad_input),
		cmocka_unit_test(meeting_window),
		cmocka_unit_test(grades_and_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
