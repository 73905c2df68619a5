/*
 * The text side of `mingjing demo`: a fixed-seed random generator, the pools
 * of names and phrases the demo city is written from, and the composer of a
 * self-examination material (对照检查材料). No database access: cmd_demo.c
 * decides who and when, this file decides the words.
 *
 * Everything here is deterministic: the same calls in the same order give the
 * same bytes on every machine (no time(), no rand(), no locale).
 */
#ifndef MJ_DEMO_TEXT_H
#define MJ_DEMO_TEXT_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* splitmix64 with a constant seed. */
typedef struct mj_demo_rng {
	uint64_t state;
} mj_demo_rng;

void mj_demo_rng_init(mj_demo_rng *r, uint64_t seed);
uint64_t mj_demo_next(mj_demo_rng *r);
/* Uniform in [0, n); 0 when n <= 0. */
int mj_demo_below(mj_demo_rng *r, int n);
/* Uniform in [lo, hi]. */
int mj_demo_between(mj_demo_rng *r, int lo, int hi);
/* 1 with probability pct/100. */
int mj_demo_chance(mj_demo_rng *r, int pct);
/* Shuffles idx[0..n) in place (Fisher-Yates). */
void mj_demo_shuffle(mj_demo_rng *r, int *idx, int n);

/* A person's name and an ASCII login built from its pinyin ("zhanghua"). */
struct mj_demo_name {
	char name[16];
	char login[24];
};
/* Composes a fresh name not yet in taken[0..ntaken) (compared by name) and
 * not one of the reserved story names (王敏, 李强, 张华). */
void mj_demo_make_name(mj_demo_rng *r, const struct mj_demo_name *taken, int ntaken,
		       struct mj_demo_name *out);

/* Phrase pools. Each pool is a NULL-terminated array; mj_demo_count gives its
 * length. Templates may hold {W} (the member's field of work, e.g. "分管的规划
 * 工作"), {U} (the unit, e.g. "市财政局") and {N} (a small number). */
extern const char *const mj_demo_opinion_team[];
extern const char *const mj_demo_opinion_member[];
extern const char *const mj_demo_opinion_lead[];   /* openings of a non-anonymous opinion */
extern const char *const mj_demo_opinion_ask[];    /* closing suggestion */
extern const char *const mj_demo_criticism_issue[];
extern const char *const mj_demo_criticism_hope[];
extern const char *const mj_demo_talk_notes[];      /* between members */
extern const char *const mj_demo_talk_notes_dept[]; /* with a department head */
extern const char *const mj_demo_study_topics[];
extern const char *const mj_demo_places[];
extern const char *const mj_demo_absence[];
extern const char *const mj_demo_oversight_good[];
extern const char *const mj_demo_oversight_ask[];
extern const char *const mj_demo_summary[];
extern const char *const mj_demo_ledger_problem[]; /* "headline。detail" */
extern const char *const mj_demo_ledger_measure[]; /* same index as the problem */
extern const char *const mj_demo_progress[];
extern const char *const mj_demo_evidence[];      /* same index as the problem */
extern const char *const mj_demo_close[];
extern const char *const mj_demo_sendback[];
extern const char *const mj_demo_return_reason[];
extern const char *const mj_demo_appraisal_remark[];
int mj_demo_count(const char *const *pool);
const char *mj_demo_pick(mj_demo_rng *r, const char *const *pool);

/* Appends tpl to b with {W}, {U} and {N} replaced ({Y} and {Z}: 2026, 2027). */
int mj_demo_fill(mj_buf *b, const char *tpl, const char *work, const char *unit, int n);

enum { MJ_DEMO_DEPUTY, MJ_DEMO_HEAD, MJ_DEMO_INSPECTOR };
/* Ledger item states as the material reports them. */
enum { MJ_DEMO_TODO, MJ_DEMO_DOING, MJ_DEMO_DONE, MJ_DEMO_CLOSED, MJ_DEMO_SENTBACK };

/* Everything the composer needs to write one material. */
struct mj_demo_material {
	const char *person;      /* "张华" */
	const char *unit;        /* "市发展改革委" */
	const char *position;    /* "党组成员、副主任" */
	const char *work;        /* {W} */
	int year;                /* 2026 */
	const char *theme;       /* the notice's theme */
	const char *areas[8];    /* the notice's areas, "在……方面" */
	int nareas;
	const int *pool_of;      /* problem pool of each area (NULL: the area's index);
				  * the pools follow the 2026 areas: theory, the
				  * party's leadership, development, the people, conduct */
	int last_total;          /* last year's ledger items owned by the person;
				  * -1: not recorded (a generic line is written) */
	int last_closed;
	const char *last_items[10]; /* headlines of those items, listed in section 一 */
	int last_state[10];      /* MJ_DEMO_TODO … of each */
	int nlast;
	const char *quotes[2];   /* opinions received, quoted verbatim in section 二 */
	int nquotes;
	int opinions;            /* opinions received this year */
	int talks;               /* talks held this year */
	int skip_area;           /* area index left without problems, -1: none */
	unsigned avoid[5];       /* problem templates not to use, by pool (bit i: template i) */
	int team;                /* 1: the team's material (班子对照检查材料) */
	int role;                /* MJ_DEMO_HEAD / _DEPUTY / _INSPECTOR */
};
/* Appends the material's plain text to b. When used is not NULL, ORs into
 * used[pool] the bit of every problem template written (pass them as next
 * year's avoid[] so that a member does not repeat last year's problems). */
int mj_demo_compose(mj_buf *b, mj_demo_rng *r, const struct mj_demo_material *m, unsigned used[5]);

/* Copies the first sentence of s (up to and including "。") into out. */
void mj_demo_headline(const char *s, char *out, size_t n);

#endif
