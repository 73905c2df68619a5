/*
 * The content checks of the material review (审核对照检查材料), as pure
 * functions over a parsed material tree (core/material.h): no SQL, no I/O,
 * no clock, no globals.
 *
 *   1. entries: every problem, cause and measure of a material, in order,
 *      with its notice area, subsection, headline, full text and line;
 *   2. completeness: every area of the notice has problems; the four
 *      sections and the 有关情况说明 are present; every problem has a
 *      measure and every measure a deadline; section 一 reports every item
 *      of last year's ledger; problems + causes make at least half the text;
 *   3. specificity: problems with no concrete fact (no number, date, place,
 *      named event or example) made mostly of stock phrases (套语);
 *   4. repetition: problems that match a problem of an earlier year, and
 *      those found in two or more consecutive earlier years
 *      (年年提、年年改、年年有);
 *   5. renderings of the findings as JSON (jansson) and as Chinese text.
 *
 * The checks add findings to one mj_check_report, so the caller runs the ones
 * it needs and renders them together. Text similarity is over character
 * bigrams (see mj_text_similarity in core/rules.h). Every threshold has a
 * default that a value <= 0 selects.
 *
 * Memory: mj_check_entries_list() fills an mj_check_entries, released by
 * mj_check_entries_free(); the report owns its findings and every string in
 * them and is released by mj_check_report_free(); phrase lists are released
 * by mj_check_phrases_free(). Strings passed in are only read during the
 * call and never kept.
 */
#ifndef MJ_CORE_REVIEW_CHECKS_H
#define MJ_CORE_REVIEW_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/material.h"
#include "core/rules.h"
#include "util/buf.h"
#include "util/mem.h"

/* ---------------------------------------------------------------------------
 * 1. Entries: the problems, causes and measures of a material
 *
 * For every section of the kind asked for, in order: in each subsection (or
 * in the section itself when it has none) the enumerated items, or, when
 * that part has no item, each paragraph. Paragraphs beside items are
 * introductions and are not listed. Items placed directly in a section that
 * also has subsections are listed first, with sub_index -1.
 */
typedef struct {
	mj_section_kind kind;
	size_t section_index;  /* index into m->sections */
	int sub_index;         /* index into that section's subs; -1: none */
	int area_index;        /* notice area (see below), or -1 */
	const char *headline;  /* item: its headline; paragraph: its first sentence */
	const char *text;      /* headline + body, without the marker */
	int line;
} mj_check_entry;

typedef struct {
	mj_arena arena;        /* owns the headline and text strings */
	mj_check_entry *v;     /* malloc'd */
	size_t n;
} mj_check_entries;

/* Lists the entries of kind (PROBLEMS, CAUSES, MEASURES or PRIOR) of m into
 * *out (which need not be initialised). area_index is the parser's match of
 * the subsection when it made one; otherwise, when areas are given (nareas >
 * 0, e.g. the notice's areas), the subsection heading's best bigram match
 * (at least 30% of the area's character pairs, unique best), else the
 * subsection's position when the section has exactly nareas subsections;
 * -1 when unknown or outside a subsection. areas may be NULL when nareas is 0.
 * Returns 0 or MJ_EINVAL (NULL argument). The caller frees *out with
 * mj_check_entries_free(), also after an error. */
int mj_check_entries_list(mj_check_entries *out, const mj_material *m,
			  mj_section_kind kind, const char *const *areas, size_t nareas);
void mj_check_entries_free(mj_check_entries *e);

/* ---------------------------------------------------------------------------
 * The report: findings of every check, in the order found
 */
typedef enum {
	MJ_CHECK_INFO = 0,
	MJ_CHECK_WARNING = 1,
	MJ_CHECK_ERROR = 2
} mj_check_severity;

typedef struct {
	const char *code;          /* static, e.g. "area_missing" (list below) */
	mj_check_severity severity;
	const char *message;       /* Chinese, complete in itself */
	int line;                  /* source line, 0 when none */
	int area_index;            /* notice area concerned, or -1 */
	int64_t item_id;           /* ledger item concerned, or 0 */
	int year;                  /* earlier year concerned, or 0 */
	const char *subject;       /* the problem/measure headline, or NULL */
	const char *ref_text;      /* the earlier year's text, or NULL */
	const char *phrases;       /* stock phrases found, "、"-joined, or NULL */
} mj_check_finding;

/* Finding codes:
 *   completeness  no_prior_section, no_situation_note, no_problems_section,
 *                 no_causes_section, no_measures_section, area_missing,
 *                 area_unplaced (info: a problems subsection matching no
 *                 area), problems_not_by_area (info), problem_no_measure,
 *                 measure_no_deadline, ledger_item_unreported,
 *                 problem_share_low
 *   any pairwise  match_skipped (info: too many entries to compare)
 *   specificity   problem_generic
 *   repetition    problem_repeated, problem_recurring
 */

typedef struct {
	mj_arena arena;               /* owns every string of the findings */
	mj_check_finding *findings;   /* malloc'd */
	size_t n, cap;
	/* completeness figures (set by mj_check_completeness) */
	size_t n_areas, n_areas_covered;
	size_t n_problems, n_causes, n_measures;
	size_t n_problems_without_measure, n_measures_without_deadline;
	size_t n_ledger_items, n_ledger_unreported;
	size_t chars_total;           /* non-whitespace characters of the text */
	size_t chars_problems_causes; /* of them, in problem and cause sections */
	int share_percent;            /* mj_rules_percent of the two; -1 empty */
	/* specificity (set by mj_check_specificity) */
	size_t n_generic;
	int specificity_percent;      /* non-generic problems in %, -1 none */
	/* repetition (set by mj_check_repetition) */
	size_t n_repeated, n_recurring;
	int checked;                  /* MJ_CHECKED_* bits of the checks run */
} mj_check_report;

#define MJ_CHECKED_COMPLETENESS 1
#define MJ_CHECKED_SPECIFICITY 2
#define MJ_CHECKED_REPETITION 4

/* Upper bound on the characters compared by one pairwise step (problems x
 * measures, ledger x section 一, problems x earlier years, problems x
 * phrases); above it the step is skipped with a match_skipped info finding. */
#define MJ_CHECK_MAX_WORK 200000000

/* A zeroed report is ready; init zeroes it and sets the figures to -1 where
 * -1 means "not computed". Free with mj_check_report_free() (safe twice). */
void mj_check_report_init(mj_check_report *r);
void mj_check_report_free(mj_check_report *r);
/* Counts of findings by severity. */
size_t mj_check_report_count(const mj_check_report *r, mj_check_severity sev);
/* Static code and label of a severity: "error"/"错误", "warning"/"警告",
 * "info"/"提示". */
const char *mj_check_severity_code(mj_check_severity s);
const char *mj_check_severity_label(mj_check_severity s);

/* ---------------------------------------------------------------------------
 * 2. Completeness
 */
/* One item of last year's ledger of this member. */
typedef struct {
	int64_t id;
	const char *problem;          /* NUL-terminated UTF-8 */
	enum mj_item_status status;
} mj_check_ledger_item;

#define MJ_CHECK_MEASURE_MATCH_DEFAULT 0.3 /* share of a problem headline's bigrams */
#define MJ_CHECK_LEDGER_MATCH_DEFAULT 0.5  /* share of a ledger problem's bigrams */
#define MJ_CHECK_SHARE_MIN_DEFAULT 50      /* problems + causes, % of the text */

/* Flags */
#define MJ_CHECK_NO_PRIOR_REQUIRED 1u /* first year: section 一 is not required */

typedef struct {
	double measure_match;  /* <= 0: MJ_CHECK_MEASURE_MATCH_DEFAULT */
	double ledger_match;   /* <= 0: MJ_CHECK_LEDGER_MATCH_DEFAULT */
	int share_min_percent; /* <= 0: MJ_CHECK_SHARE_MIN_DEFAULT */
	unsigned flags;
} mj_check_opts;

/* Adds the completeness findings of m to r and sets its figures. areas are
 * the notice's areas (nareas may be 0: no area check); ledger is last year's
 * ledger of this member (may be NULL with nledger 0: no ledger check); opts
 * may be NULL. A problem has a measure when a measures subsection belongs to
 * its area (by area match, or by order when both sections have the same
 * number of subsections) or when at least measure_match of the bigrams of
 * its headline occur in one measure. A ledger item is reported when at least
 * ledger_match of its bigrams occur in one block of section 一 (or its
 * Jaccard similarity to one is at least that). Returns 0 or MJ_EINVAL (NULL
 * argument, NULL area or ledger text). */
int mj_check_completeness(mj_check_report *r, const mj_material *m,
			  const char *const *areas, size_t nareas,
			  const mj_check_ledger_item *ledger, size_t nledger,
			  const mj_check_opts *opts);

/* ---------------------------------------------------------------------------
 * 3. Specificity
 */
typedef struct {
	mj_arena arena;       /* owns everything below */
	const char **phrases; /* as written */
	uint32_t **norm;      /* normalised code points of each phrase */
	size_t *nnorm;
	size_t n;
} mj_check_phrases;

#define MJ_CHECK_PHRASES_MAX 10000
#define MJ_CHECK_GENERIC_SHARE_DEFAULT 0.5

/* The built-in list of stock self-criticism phrases (about 40), into *out.
 * Free with mj_check_phrases_free(). Never fails. */
void mj_check_phrases_builtin(mj_check_phrases *out);
/* Parses a phrase list: one phrase per line, blank lines and lines starting
 * with '#' ignored, surrounding spaces trimmed. Returns 0, MJ_EUTF8 (invalid
 * UTF-8, message names the line), MJ_ETOOBIG (over MJ_CHECK_PHRASES_MAX
 * phrases) or MJ_EINVAL (no phrase). The caller frees *out with
 * mj_check_phrases_free(), also after an error. */
int mj_check_phrases_parse(mj_check_phrases *out, const char *data, size_t len);
void mj_check_phrases_free(mj_check_phrases *p);

/* 1 when text states a concrete fact: a digit, a counted number word (一次,
 * 三项, 两个…), a 《…》 title or a “…” name of six characters or more, a
 * place or organisation word (局, 县, 镇, 村, 公司, 项目…, but not 大局/全局),
 * a time word (2023年, 上半年, 季度, 今年…) or an example marker (比如, 例如,
 * 有一次, 在……时, 在……过程中). */
int mj_check_has_fact(const char *text);

/* Share (0..1) of the normalised characters of text covered by occurrences
 * of the phrases; found (may be NULL) receives the phrases found, joined by
 * "、" (appended; the caller frees it). */
double mj_check_stock_share(const mj_check_phrases *p, const char *text, mj_buf *found);

/* Adds a problem_generic finding for every problem of m with no concrete
 * fact whose stock-phrase share is at least generic_share (<= 0: default
 * 0.5), and sets n_generic and specificity_percent. phrases NULL: the
 * built-in list. Returns 0 or MJ_EINVAL. */
int mj_check_specificity(mj_check_report *r, const mj_material *m,
			 const mj_check_phrases *phrases, double generic_share);

/* ---------------------------------------------------------------------------
 * 4. Repetition
 */
typedef struct {
	int year;
	const char *text;     /* NUL-terminated UTF-8 */
} mj_check_earlier;

/* Adds a finding for every problem of m that matches a problem of an earlier
 * year of the same member: similarity (the larger of mj_text_similarity of
 * the full texts and of the headline with the earlier text) at least
 * threshold (<= 0: MJ_RECUR_THRESHOLD_DEFAULT; above 1 invalid). A problem
 * matched in the years year-1 and year-2 (two or more consecutive earlier
 * years ending last year) is problem_recurring (error, 年年提、年年改、年年有),
 * otherwise problem_repeated (warning) naming the latest matching year and
 * its text. year <= 0: one after the latest earlier year. Sets n_repeated
 * (both kinds) and n_recurring. Returns 0 or MJ_EINVAL. */
int mj_check_repetition(mj_check_report *r, const mj_material *m, int year,
			const mj_check_earlier *earlier, size_t nearlier, double threshold);

/* ---------------------------------------------------------------------------
 * 5. Renderings
 */
/* A new JSON object {"summary":{…},"findings":[{code,severity,message,line,
 * …}]}; the caller releases it with json_decref(). Never NULL. */
json_t *mj_check_report_json(const mj_check_report *r);
/* Appends a Chinese plain-text report (summary lines, then one line per
 * finding: "[错误] 第17行：…"). Returns 0 or MJ_ETOOBIG (out's cap). */
int mj_check_report_text(mj_buf *out, const mj_check_report *r);

#endif
