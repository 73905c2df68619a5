/*
 * The domain rules of the yearly self-examination cycle, as pure functions.
 *
 * Everything here takes its inputs as arguments and gives its answers through
 * out-parameters and return codes: no SQL, no sockets, no clock, no globals, no
 * I/O. "Today" is always passed in by the caller (the store/CLI layer gets it
 * from mj_today()). Dates are day numbers (util/date.h); MJ_DATE_NONE means
 * "no date". Person and item ids are positive int64_t; 0 (MJ_PERSON_NONE) means
 * "nobody".
 *
 * Functions that can fail return 0 or a negative MJ_E* code and set a Chinese
 * message with mj_error_set() where the problem is found. Functions that cannot
 * fail return their answer directly. Memory: only mj_talk_coverage_build()
 * allocates (free with mj_talk_coverage_free()); everything else writes into
 * arrays the caller provides or returns pointers to static strings.
 *
 * Rules covered, in order below:
 *   1. required talk pairs (必谈) and their coverage;
 *   2. meeting quorum (应到/实到, at least 2/3);
 *   3. deadlines: plan due, report due, days left;
 *   4. the ledger item status machine (整改台账: 待整改→整改中→已整改→已销号);
 *   5. warning colours of ledger items (蓝/黄/红);
 *   6. carry-over of open items and recurring problems (年年提、年年改、年年有);
 *   7. the normal window of a dlm meeting;
 *   8. democratic appraisal grades (民主评议党员);
 *   9. system roles.
 */
#ifndef MJ_CORE_RULES_H
#define MJ_CORE_RULES_H

#include <stddef.h>
#include <stdint.h>

#define MJ_PERSON_NONE 0

/* Integer percentage num*100/den rounded down (so that anything short of
 * complete never shows as 100), clamped to 0..100, or -1 when den <= 0
 * ("not applicable"). */
int mj_rules_percent(long long num, long long den);

/* ---------------------------------------------------------------------------
 * 1. Required talk pairs (必谈)
 *
 * Required: the head with each member; every member with every other member
 * (which includes the head pairs); each member with the head of each department
 * he or she oversees (分管), when that department has a head who is not the
 * member himself or herself. A pair is unordered; a talk counts for its pair in
 * either direction; a person never pairs with himself or herself.
 */

/* Why a pair is required: bit flags, several may be set on one pair. */
enum mj_talk_reason {
	MJ_TALK_HEAD_MEMBER = 1u << 0,   /* 主要负责人与班子成员 */
	MJ_TALK_MEMBER_MEMBER = 1u << 1, /* 班子成员之间 */
	MJ_TALK_OVERSEES = 1u << 2       /* 班子成员与分管部门主要负责人 */
};

/* Upper bounds on the input, checked (MJ_ETOOBIG). */
#define MJ_TALK_MAX_MEMBERS 200
#define MJ_TALK_MAX_OVERSEES 5000

struct mj_team_member {
	int64_t person_id; /* > 0 */
	int is_head;       /* 1 for the 主要负责人; at most one per team */
};

/* One department a member oversees. dept_head_id is the person heading that
 * department: MJ_PERSON_NONE when vacant; may be outside the team or another
 * member of it. */
struct mj_oversees {
	int64_t member_id;    /* must be one of the team's members */
	int64_t dept_id;      /* informational; not used by the rule */
	int64_t dept_head_id; /* MJ_PERSON_NONE when absent */
};

/* A talk that was held between two people, in either order. */
struct mj_talk {
	int64_t a, b;
};

/* One required pair, normalised so that a < b. */
struct mj_talk_pair {
	int64_t a, b;
	unsigned reasons; /* enum mj_talk_reason bits */
	int covered;      /* 1 when at least one talk between a and b was held */
};

/* The result. pairs is sorted by (a, b); missing holds copies of the pairs
 * with covered == 0, in the same order. Both arrays are malloc'd by
 * mj_talk_coverage_build() and released by mj_talk_coverage_free(). */
struct mj_talk_coverage {
	struct mj_talk_pair *pairs;
	size_t n_pairs;   /* required pairs: the coverage denominator */
	size_t n_covered; /* covered pairs: the coverage numerator */
	struct mj_talk_pair *missing;
	size_t n_missing; /* == n_pairs - n_covered */
};

/* Computes the required pairs and which are covered by talks. Talks with
 * a == b, with an id <= 0, or between people who need no talk are ignored;
 * duplicate talks count once. Members listed twice count once. Returns 0,
 * MJ_EINVAL (id <= 0, two heads, oversees entry for a non-member) or
 * MJ_ETOOBIG; on error *out is left empty (nothing to free, but freeing is
 * harmless). The caller frees with mj_talk_coverage_free(). */
int mj_talk_coverage_build(struct mj_talk_coverage *out,
                           const struct mj_team_member *members, size_t n_members,
                           const struct mj_oversees *oversees, size_t n_oversees,
                           const struct mj_talk *talks, size_t n_talks);
/* Frees the arrays and zeroes *cov. Safe on a zeroed or already freed value. */
void mj_talk_coverage_free(struct mj_talk_coverage *cov);
/* Covered pairs as a percentage (mj_rules_percent); -1 when nothing is required. */
int mj_talk_coverage_percent(const struct mj_talk_coverage *cov);

/* ---------------------------------------------------------------------------
 * 2. Quorum: a meeting may be held when at least 2/3 of those who should
 * attend are present (attended * 3 >= should_attend * 2); with nobody who
 * should attend, the quorum is never met.
 */
struct mj_quorum {
	int met;    /* 1 when the quorum is met */
	int needed; /* the smallest attendance that meets it: ceil(2/3 * should) */
	int short_by; /* how many more must attend: max(0, needed - attended) */
};
/* Returns 0, or MJ_EINVAL when a count is negative or attended > should_attend. */
int mj_quorum_check(struct mj_quorum *out, int should_attend, int attended);

/* ---------------------------------------------------------------------------
 * 3. Deadlines
 */
#define MJ_PLAN_LEAD_DAYS_MAX 90
#define MJ_REPORT_DUE_DAYS_MIN 1
#define MJ_REPORT_DUE_DAYS_MAX 90
#define MJ_WARN_DAYS_MAX 30
#define MJ_WARN_DAYS_DEFAULT 3

struct mj_deadline_config {
	int plan_lead_days;  /* 方案提前报送天数, 0..90 (commonly 15/10/7) */
	int report_due_days; /* 会后报告天数, 1..90 (commonly 15) */
	int warn_days;       /* 整改到期前预警天数, 0..30 (commonly 3) */
};

struct mj_meeting_deadlines {
	int plan_due;         /* meeting date - plan_lead_days */
	int report_due;       /* meeting date + report_due_days */
	int plan_days_left;   /* plan_due - today; negative = overdue */
	int report_days_left; /* report_due - today; negative = overdue */
};

/* Checks the three numbers; MJ_EINVAL with a message naming the field. */
int mj_deadline_config_check(const struct mj_deadline_config *cfg);
/* Computes the deadlines of a meeting. Returns 0, or MJ_EINVAL when the
 * configuration is invalid or meeting_date / today is MJ_DATE_NONE. */
int mj_meeting_deadlines_compute(struct mj_meeting_deadlines *out, int meeting_date,
                                 const struct mj_deadline_config *cfg, int today);
/* due - today (negative = overdue by that many days); 0 when either is
 * MJ_DATE_NONE (callers check for a missing date first). */
int mj_days_left(int due, int today);

/* ---------------------------------------------------------------------------
 * 4. Ledger item status machine (整改台账)
 *
 *   start     待整改 → 整改中   owner side (see below) or admin
 *   finish    整改中 → 已整改   owner side or admin; needs a progress/evidence note
 *   send_back 已整改 → 整改中   superior's organizer only; needs a reason;
 *                               marks the item "sent back" (yellow) until finished
 *   close     已整改 → 已销号   superior's organizer only (销号 = verified); not admin
 *   reopen    已销号 → 整改中   superior's organizer only; needs a reason;
 *                               also marks the item "sent back"
 *   edit      any but 已销号    owner side or admin; status unchanged
 *
 * "Owner side" = owner (责任人), responsible leader (责任领导), team secretary,
 * team head. Admin may do maintenance (start, finish, edit) but never the
 * superior's verification acts (send back, close, reopen).
 */
enum mj_item_status {
	MJ_ITEM_TODO = 0, /* 待整改 */
	MJ_ITEM_DOING,    /* 整改中 */
	MJ_ITEM_DONE,     /* 已整改 (not yet verified) */
	MJ_ITEM_CLOSED    /* 已销号 (verified by the superior) */
};
#define MJ_ITEM_STATUS_COUNT 4

enum mj_ledger_action {
	MJ_LEDGER_START = 0,
	MJ_LEDGER_FINISH,
	MJ_LEDGER_SEND_BACK,
	MJ_LEDGER_CLOSE,
	MJ_LEDGER_REOPEN,
	MJ_LEDGER_EDIT
};
#define MJ_LEDGER_ACTION_COUNT 6

/* The actor's roles relative to the item: a bit set. */
enum mj_actor_role {
	MJ_ACTOR_OWNER = 1u << 0,              /* 责任人 */
	MJ_ACTOR_RESP_LEADER = 1u << 1,        /* 责任领导 */
	MJ_ACTOR_TEAM_SECRETARY = 1u << 2,     /* 班子秘书 */
	MJ_ACTOR_TEAM_HEAD = 1u << 3,          /* 班子主要负责人 */
	MJ_ACTOR_ORGANIZER_SUPERIOR = 1u << 4, /* 上级组织部门工作人员 */
	MJ_ACTOR_ADMIN = 1u << 5,              /* 系统管理员 */
	MJ_ACTOR_OTHER = 1u << 6               /* 其他人 */
};
#define MJ_ACTOR_ALL 0x7Fu

/* Applies action act to an item in status from. reason is the progress or
 * evidence note for finish, the reason for send_back and reopen (non-empty
 * after trimming spaces, including the ideographic space U+3000, and valid
 * UTF-8); it is ignored by the other actions and may be NULL there.
 * On success returns 0 and sets *to (edit: *to = from). Otherwise *to is
 * untouched and it returns, checked in this order:
 *   MJ_EINVAL  unknown status, action or role bits;
 *   MJ_ESTATE  the action does not apply to this status (message names both);
 *   MJ_EPERM   none of the actor's roles may do it;
 *   MJ_EINVAL  the note or reason is missing; MJ_EUTF8 when not UTF-8. */
int mj_ledger_transition(enum mj_item_status from, enum mj_ledger_action act,
                         unsigned actor_roles, const char *reason,
                         enum mj_item_status *to);
/* 1 when mj_ledger_transition() would accept (from, act, actor_roles) given a
 * proper reason, else 0. Sets no message: for showing or hiding buttons. */
int mj_ledger_action_allowed(enum mj_item_status from, enum mj_ledger_action act,
                             unsigned actor_roles);
/* The item's "sent back" flag after a successful action: send_back and reopen
 * set it, finish clears it, the others keep was_sent_back. */
int mj_ledger_sent_back_after(enum mj_ledger_action act, int was_sent_back);

/* Code strings "todo","doing","done","closed" and Chinese labels 待整改,
 * 整改中, 已整改, 已销号. Static strings; "?" for an unknown value. */
const char *mj_item_status_code(enum mj_item_status s);
const char *mj_item_status_label(enum mj_item_status s);
/* Parses a code or a label. Returns 0 or MJ_EINVAL (with message). */
int mj_item_status_parse(enum mj_item_status *out, const char *s);

/* Codes "start","finish","send_back","close","reopen","edit" and labels
 * 开始整改, 完成整改, 退回, 销号, 重新打开, 修改. */
const char *mj_ledger_action_code(enum mj_ledger_action a);
const char *mj_ledger_action_label(enum mj_ledger_action a);
int mj_ledger_action_parse(enum mj_ledger_action *out, const char *s);

/* ---------------------------------------------------------------------------
 * 5. Warning colours of a ledger item
 *
 *   red    past its deadline (today > deadline) while 待整改/整改中;
 *   yellow sent back by the superior and not closed (unless red);
 *   blue   待整改/整改中 and due within warn_days (0 <= deadline - today <= warn_days);
 *   none   otherwise: no deadline, done or closed items, or not yet due.
 * Precedence: red > yellow > blue.
 */
enum mj_warning {
	MJ_WARNING_NONE = 0,
	MJ_WARNING_BLUE,
	MJ_WARNING_YELLOW,
	MJ_WARNING_RED
};
#define MJ_WARNING_COUNT 4

/* deadline may be MJ_DATE_NONE; warn_days < 0 means MJ_WARN_DAYS_DEFAULT. */
enum mj_warning mj_item_warning(enum mj_item_status status, int deadline, int sent_back,
                                int today, int warn_days);
/* Codes "none","blue","yellow","red"; labels 无, 蓝, 黄, 红. */
const char *mj_warning_code(enum mj_warning w);
const char *mj_warning_label(enum mj_warning w);
int mj_warning_parse(enum mj_warning *out, const char *s);

/* ---------------------------------------------------------------------------
 * 6. Carry-over and recurring problems
 *
 * Every item not closed carries over to the next year: 待整改, 整改中, and also
 * 已整改, because until the superior verifies it (销号) the item is not settled.
 */
struct mj_item_ref {
	int64_t id;
	enum mj_item_status status;
};
/* 1 when an item in this status carries over to next year. */
int mj_item_carries_over(enum mj_item_status s);
/* Writes the ids of the items of last year that carry over into out_ids (the
 * caller's array, room for cap ids; n_items always suffices), in input order,
 * and their number into *n_out. Returns 0, MJ_EINVAL on an unknown status, or
 * MJ_ETOOBIG when cap is too small (nothing useful in out_ids then). */
int mj_ledger_carry_over(int64_t *out_ids, size_t cap, size_t *n_out,
                         const struct mj_item_ref *items, size_t n_items);

/* Similarity of two problem texts: Jaccard index of their sets of character
 * bigrams, in 0..1, after normalising (whitespace and punctuation dropped,
 * ASCII and full-width letters folded to lower-case ASCII, digits to ASCII).
 * A text with one character counts that character as its only "bigram".
 * Two texts with nothing left after normalising have similarity 0. Only the
 * first MJ_SIMILARITY_MAX_CHARS characters of each text are compared. Invalid
 * UTF-8 bytes count as U+FFFD. */
#define MJ_SIMILARITY_MAX_CHARS 4096
double mj_text_similarity(const char *a, size_t alen, const char *b, size_t blen);

#define MJ_RECUR_THRESHOLD_DEFAULT 0.6
#define MJ_RECUR_YEARS 3 /* consecutive years that make a problem "recurring" */

/* The problems of one member (or team) in one year. */
struct mj_problem_year {
	int year;
	const char *const *texts; /* NUL-terminated UTF-8 */
	size_t n_texts;
};

/* For every problem text, in input order (years as given, texts within each
 * year as given; the index of text j of years[i] is the sum of n_texts of
 * years[0..i) plus j), writes into runs[] the number of consecutive years,
 * ending with its own, in which the problem appears: 1 = new; 2 = also last
 * year; >= MJ_RECUR_YEARS = recurring (年年提、年年改、年年有). A problem of year
 * Y continues the run of a problem of year Y-1 when their similarity is at
 * least threshold (so the wording may drift a little each year); a missing
 * year breaks the run. Years may be given in any order but not twice.
 * threshold <= 0 means MJ_RECUR_THRESHOLD_DEFAULT; above 1 is invalid.
 * runs has room for cap entries. Returns 0, MJ_EINVAL (duplicate year, bad
 * threshold, NULL text) or MJ_ETOOBIG (cap too small). */
int mj_problem_recurrence(unsigned *runs, size_t cap,
                          const struct mj_problem_year *years, size_t n_years,
                          double threshold);

/* ---------------------------------------------------------------------------
 * 7. Meeting window: a dlm meeting of year Y is normally held from Y-10-01 to
 * the end of February of Y+1. Outside it needs the superior's recorded consent.
 */
/* Sets *from and *to (inclusive) for year (1900..2199). Returns 0 or MJ_EINVAL. */
int mj_meeting_window(int *from, int *to, int year);
/* Returns 0 when date lies in the window or has_consent is set; MJ_ESTATE
 * with a message giving the window otherwise; MJ_EINVAL for a bad year or
 * date MJ_DATE_NONE. */
int mj_rules_meeting_date_check(int year, int date, int has_consent);

/* ---------------------------------------------------------------------------
 * 8. Democratic appraisal grades (民主评议党员, olm)
 */
enum mj_appraisal_grade {
	MJ_GRADE_EXCELLENT = 0, /* 优秀 */
	MJ_GRADE_QUALIFIED,     /* 合格 */
	MJ_GRADE_BASIC,         /* 基本合格 */
	MJ_GRADE_UNQUALIFIED    /* 不合格 */
};
#define MJ_GRADE_COUNT 4
/* Codes "excellent","qualified","basic","unqualified". */
const char *mj_grade_code(enum mj_appraisal_grade g);
const char *mj_grade_label(enum mj_appraisal_grade g);
int mj_grade_parse(enum mj_appraisal_grade *out, const char *s);

/* ---------------------------------------------------------------------------
 * 9. System roles (accounts), distinct from the per-item actor roles above.
 */
enum mj_role {
	MJ_ROLE_ADMIN = 0, /* 系统管理员 */
	MJ_ROLE_ORGANIZER, /* 上级组织部门 (组织部/纪委/督导组) */
	MJ_ROLE_SECRETARY, /* 班子秘书 (办公室/机关党委) */
	MJ_ROLE_MEMBER     /* 班子成员 */
};
#define MJ_ROLE_COUNT 4
/* Codes "admin","organizer","secretary","member". */
const char *mj_role_code(enum mj_role r);
const char *mj_role_label(enum mj_role r);
int mj_role_parse(enum mj_role *out, const char *s);

#endif
