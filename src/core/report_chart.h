/*
 * The charts of the reports and of the roll-up page (report_chart.c), built
 * from facts gathered by the store, so that the web page, the Word and the
 * Excel reports draw the same numbers:
 *   "ledger"  整改台账完成情况 by team (stacked by status)
 *   "areas"   the same by 对照方面 (area of the notice)
 *   "trend"   the same by year, the trend over the years
 *   "talks"   谈心谈话覆盖率 by team (percent)
 * teams: the roll-up's rows, in order ([{team_id, team_name, talk_percent}]);
 * facts: mj_chart_facts (store.h): {"by_team": {"<team id>": {closed, done,
 * doing, todo}}, "areas": [{area, closed, ...}], "years": [{year, closed, ...}]}.
 */
#ifndef MJ_REPORT_CHART_H
#define MJ_REPORT_CHART_H
#include <jansson.h>

#include "core/chart.h"
#include "util/mem.h"

typedef struct {
	mj_chart_data d;
	mj_arena arena; /* owns the labels and values */
} mj_report_chart;

/* The kinds, in the order the reports show them; NULL-terminated. */
extern const char *const mj_report_chart_kinds[];

/* Fills c for kind (one of mj_report_chart_kinds). Returns 0 or MJ_EINVAL
 * for an unknown kind (message lists the kinds). Free with
 * mj_report_chart_free, also after a failure. */
int mj_report_chart_build(mj_report_chart *c, const char *kind, json_t *teams, json_t *facts);
void mj_report_chart_free(mj_report_chart *c);

#endif
