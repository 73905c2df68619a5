/* The report charts from facts (report_chart.h). */
#include <stdio.h>
#include <string.h>

#include "core/report_chart.h"
#include "util/err.h"

const char *const mj_report_chart_kinds[] = {"ledger", "areas", "trend", "talks", NULL};

static const char *const status_names[] = {"已销号", "已整改", "整改中", "待整改"};
static const char *const status_keys[] = {"closed", "done", "doing", "todo"};
static const unsigned status_colors[] = {0x548235, 0xA9D18E, 0xFFC000, 0xC00000};
static const unsigned talk_color[] = {0x2F5597};
static const char *const talk_series[] = {"覆盖率"};

static long long gi(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gs(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Allocates the label and value arrays for n categories. */
static void alloc_rows(mj_report_chart *c, size_t n, size_t nseries)
{
	c->d.ncat = n;
	c->d.nseries = nseries;
	c->d.cats = mj_arena_alloc(&c->arena, (n ? n : 1) * sizeof(char *));
	c->d.values = mj_arena_alloc(&c->arena, (n ? n : 1) * nseries * sizeof(double));
}

static void set_status_row(mj_report_chart *c, size_t i, json_t *counts)
{
	double *v = (double *)c->d.values;
	for (size_t k = 0; k < 4; k++)
		v[i * 4 + k] = (double)gi(counts, status_keys[k]);
}

static char *dup(mj_report_chart *c, const char *s) { return mj_arena_strndup(&c->arena, s, strlen(s)); }

int mj_report_chart_build(mj_report_chart *c, const char *kind, json_t *teams, json_t *facts)
{
	size_t i, n;
	json_t *x;
	memset(c, 0, sizeof *c);
	mj_arena_init(&c->arena);
	c->d.unit = "项";
	c->d.series = status_names;
	c->d.colors = status_colors;
	if (strcmp(kind, "ledger") == 0) {
		json_t *by = json_object_get(facts, "by_team");
		c->d.title = "整改台账完成情况（按班子，项）";
		alloc_rows(c, json_array_size(teams), 4);
		json_array_foreach(teams, i, x) {
			char id[24];
			snprintf(id, sizeof id, "%lld", gi(x, "team_id"));
			((const char **)c->d.cats)[i] = dup(c, gs(x, "team_name"));
			set_status_row(c, i, json_object_get(by, id));
		}
	} else if (strcmp(kind, "areas") == 0 || strcmp(kind, "trend") == 0) {
		int trend = kind[0] == 't';
		json_t *rows = json_object_get(facts, trend ? "years" : "areas");
		c->d.title = trend ? "整改台账历年完成情况（按年度，项）" : "整改台账完成情况（按对照方面，项）";
		alloc_rows(c, json_array_size(rows), 4);
		json_array_foreach(rows, i, x) {
			char y[32];
			snprintf(y, sizeof y, "%lld年度", gi(x, "year"));
			((const char **)c->d.cats)[i] = dup(c, trend ? y : gs(x, "area"));
			set_status_row(c, i, x);
		}
	} else if (strcmp(kind, "talks") == 0) {
		n = json_array_size(teams);
		c->d.title = "谈心谈话覆盖率（%）";
		c->d.unit = "%";
		c->d.max = 100;
		c->d.series = talk_series;
		c->d.colors = talk_color;
		alloc_rows(c, n, 1);
		unsigned *pc = mj_arena_alloc(&c->arena, (n ? n : 1) * sizeof *pc);
		json_array_foreach(teams, i, x) {
			long long p = gi(x, "talk_percent");
			((const char **)c->d.cats)[i] = dup(c, gs(x, "team_name"));
			((double *)c->d.values)[i] = p > 0 ? (double)p : 0;
			pc[i] = p >= 100 ? 0x548235 : p >= 80 ? 0x2F5597 : 0xC00000;
		}
		c->d.point_colors = pc;
	} else
		return mj_error_set(MJ_EINVAL, "未知的图表“%.40s”（ledger、areas、trend、talks）", kind);
	return 0;
}

void mj_report_chart_free(mj_report_chart *c) { mj_arena_free(&c->arena); }
