/*
 * `mingjing report`: the reports to the superior.
 *   --meeting M --to md|docx [-o OUT]          the 情况报告 of one meeting with
 *                                              its attachments (会议记录, 整改方案)
 *   --notice N --rollup --to xlsx|docx -o OUT  one line per team under the notice
 *   --notice N --chart KIND -o OUT.svg       a chart (core/report_chart.h): ledger,
 *                                              areas, trend or talks
 * The roll-up's .docx and .xlsx carry the same charts as native charts.
 * The meeting report is composed as heading-marked text, parsed by the
 * material engine and rendered (docx: GB/T 9704 layout). Nothing is written
 * when anything fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/chart.h"
#include "core/report_chart.h"
#include "core/xlsx_style.h"
#include "core/material.h"
#include "core/model.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"

const char mj_report_usage[] =
	"用法: mingjing report --meeting 编号 --to md|docx [-o 文件]\n"
	"       mingjing report --notice 编号 --rollup --to xlsx|docx -o 文件\n"
	"       mingjing report --notice 编号 --chart ledger|areas|trend|talks -o 文件.svg\n"
	"  --meeting   生成会议召开情况报告（含附件1 会议记录、附件2 整改方案的问题、任务、责任三个清单）\n"
	"  --rollup    汇总通知下每个班子的召开和报告情况（未报告的排在前面），附统计图表\n"
	"  --chart     ledger：各班子整改完成情况；areas：按对照方面的整改完成情况；\n"
	"              trend：历年整改完成情况；talks：各班子谈心谈话覆盖率（SVG 条形图）\n"
	"  今天的日期可用环境变量 MINGJING_TODAY 指定。\n";

static long long gi(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gs(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* "2025-12-16" -> "2025年12月16日" into out; "" stays "". */
static const char *cn_date(const char *iso, char out[32])
{
	int d, y, m, dd;
	out[0] = 0;
	if (iso && *iso && mj_date_parse(iso, &d) == 0) {
		mj_date_to_ymd(d, &y, &m, &dd);
		snprintf(out, 32, "%d年%d月%d日", y, m, dd);
	} else if (iso)
		snprintf(out, 32, "%s", iso);
	return out;
}

static const char *label(const char *entity, const char *field, const char *code)
{
	return mj_enum_label(mj_entity_field(mj_entity_find(entity), field), code);
}

/* One line of text without characters that would start a new line. */
static void put_line(mj_buf *b, const char *s)
{
	for (; *s; s++)
		mj_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
				     "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};
static const char *cnum(size_t i) { return i < 20 ? cn_num[i] : "若干"; }

/* Composes the report text of one meeting (r: mj_report_meeting) into b. */
static void compose_meeting(mj_buf *b, json_t *r)
{
	json_t *st = json_object_get(r, "status"), *m = json_object_get(st, "meeting"),
	       *op = json_object_get(st, "opinions"), *tk = json_object_get(st, "talks"),
	       *mat = json_object_get(st, "materials"), *att = json_object_get(st, "attendance"),
	       *dl = json_object_get(st, "deadlines"), *notice = json_array_get(json_object_get(r, "notice"), 0),
	       *items = json_object_get(r, "items");
	int olm = strcmp(gs(m, "kind"), "olm") == 0;
	const char *kind = olm ? "组织生活会" : "民主生活会";
	char d1[32], d2[32];
	size_t i, k;
	json_t *x, *y;
	const char *held = gs(m, "actual_date")[0] ? gs(m, "actual_date") : gs(m, "planned_date");

	mj_buf_printf(b, "# 关于%s%lld年度%s召开情况的报告\n\n", gs(m, "team_name"), gi(m, "year"), kind);
	mj_buf_printf(b, "按照上级关于召开%lld年度%s的通知要求，", gi(m, "year"), kind);
	if (gs(notice, "theme")[0])
		mj_buf_printf(b, "围绕“%s”这一主题，", gs(notice, "theme"));
	if (gs(m, "actual_date")[0])
		mj_buf_printf(b, "%s于%s%s%s召开了%lld年度%s。现将有关情况报告如下。\n\n", gs(m, "team_name"),
			      cn_date(gs(m, "actual_date"), d1), gs(m, "place")[0] ? "在" : "", gs(m, "place"), gi(m, "year"), kind);
	else
		mj_buf_printf(b, "%s计划于%s召开%lld年度%s，会议尚未召开。现将准备情况报告如下。\n\n", gs(m, "team_name"),
			      cn_date(gs(m, "planned_date"), d1), gi(m, "year"), kind);
	if (json_object_get(dl, "report_due"))
	{
		mj_buf_printf(b, "按规定，本报告应于%s前（会议召开后%lld日内）报送", cn_date(gs(dl, "report_due"), d2),
			      json_is_integer(json_object_get(notice, "report_due_days")) ? gi(notice, "report_due_days") : 15);
		if (gs(m, "report_sent_on")[0])
			mj_buf_printf(b, "，实际于%s报送%s", cn_date(gs(m, "report_sent_on"), d1),
				      strcmp(gs(m, "report_sent_on"), gs(dl, "report_due")) <= 0 ? "，按时" : "，逾期");
		mj_buf_puts(b, "。\n\n");
	}

	/* 一、会前准备 */
	mj_buf_puts(b, "一、会前准备情况\n\n（一）深入学习研讨\n\n");
	json_t *studies = json_object_get(r, "studies");
	if (json_array_size(studies)) {
		mj_buf_printf(b, "会前共组织集中学习研讨%zu次，主题分别为：", json_array_size(studies));
		json_array_foreach(studies, i, x) {
			mj_buf_printf(b, "%s%s（%s）", i ? "；" : "", gs(x, "topic"), cn_date(gs(x, "date"), d1));
		}
		mj_buf_puts(b, "。\n\n");
	} else
		mj_buf_puts(b, "会前未登记集中学习研讨。\n\n");
	mj_buf_puts(b, "（二）广泛征求意见\n\n");
	if (!gi(op, "total"))
		mj_buf_puts(b, "系统中未登记征求意见情况。\n\n");
	else {
	mj_buf_printf(b, "通过多种渠道共征求意见建议%lld条，其中针对班子的%lld条、针对班子成员个人的%lld条",
		      gi(op, "total"), gi(op, "about_team"), gi(op, "about_members"));
	json_array_foreach(json_object_get(r, "channels"), i, x)
		mj_buf_printf(b, "%s%s%lld条", i ? "，" : "；按渠道分：", label("opinion", "channel", gs(x, "channel")), gi(x, "count"));
	mj_buf_printf(b, "。已向本人反馈%lld条。\n\n", gi(op, "fed_back"));
	}
	long long held_talks = gi(json_array_get(json_object_get(r, "talks_held"), 0), "count");
	mj_buf_puts(b, "（三）开展谈心谈话\n\n");
	if (!held_talks)
		mj_buf_printf(b, "系统中未登记谈心谈话记录（按规定应谈%lld对）。\n\n", gi(tk, "required"));
	else
		mj_buf_printf(b, "共开展谈心谈话%lld次、%lld人次。应谈%lld对，已谈%lld对，覆盖率%lld%%%s\n\n", held_talks,
			      held_talks * 2, gi(tk, "required"), gi(tk, "covered"), gi(tk, "percent") < 0 ? 0 : gi(tk, "percent"),
			      json_array_size(json_object_get(tk, "missing")) ? "，尚有部分应谈对象未谈。" : "，实现全覆盖。");
	mj_buf_puts(b, "（四）撰写对照检查材料\n\n");
	long long total = 0;
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(mat, "by_state"), key, v) total += json_integer_value(v);
	mj_buf_printf(b, "班子成员应提交个人对照检查材料%lld份", total);
	i = 0;
	json_object_foreach(json_object_get(mat, "by_state"), key, v) {
		mj_buf_printf(b, "%s%s%lld份", i++ ? "，" : "，其中", strcmp(key, "missing") == 0 ? "未提交" : label("material", "state", key),
			      (long long)json_integer_value(v));
	}
	mj_buf_puts(b, "。\n\n");

	/* 二、会议召开 */
	mj_buf_puts(b, "二、会议召开情况\n\n");
	if (gi(att, "should") > 0)
		mj_buf_printf(b, "会议应到%lld人，实到%lld人，%s（至少%lld人）。列席督导%lld人。", gi(att, "should"),
			      gi(att, "attended"), json_is_true(json_object_get(att, "quorum_met")) ? "达到规定人数" : "未达到规定人数",
			      gi(att, "needed"), gi(att, "supervisors"));
	else
		mj_buf_puts(b, "出席情况尚未登记。");
	json_t *crit = json_object_get(r, "criticized");
	long long ncrit = 0;
	json_array_foreach(crit, i, x) ncrit += gi(x, "count");
	if (ncrit) {
		mj_buf_printf(b, "会上开展了批评和自我批评，共提出相互批评意见%lld条，其中", ncrit);
		json_array_foreach(crit, i, x) mj_buf_printf(b, "%s%s同志%lld条", i ? "、" : "", gs(x, "name"), gi(x, "count"));
		mj_buf_puts(b, "（明细见附件1）。");
	} else
		mj_buf_puts(b, "相互批评意见尚未登记。");
	json_array_foreach(json_object_get(r, "oversights"), i, x) {
		mj_buf_puts(b, i ? "" : "督导组点评意见：");
		put_line(b, gs(x, "text"));
	}
	mj_buf_puts(b, "\n\n");

	/* 三、主要问题 */
	mj_buf_puts(b, "三、查摆的主要问题\n\n");
	json_t *probs = json_object_get(r, "problems");
	size_t shown = 0;
	json_array_foreach(probs, i, x) if (json_array_size(json_object_get(x, "problems"))) {
		mj_buf_printf(b, "（%s）%s\n\n", cnum(shown++), gs(x, "area"));
		json_t *pl = json_object_get(x, "problems");
		size_t no = 0;
		json_array_foreach(pl, k, y) {
			size_t j;
			for (j = 0; j < k && strcmp(gs(json_array_get(pl, j), "headline"), gs(y, "headline")); j++)
				;
			if (j < k)
				continue; /* listed already, with every name */
			mj_buf_printf(b, "%zu. ", ++no);
			put_line(b, gs(y, "headline"));
			mj_buf_puts(b, "（涉及：");
			int first = 1;
			for (j = k; j < json_array_size(pl); j++)
				if (strcmp(gs(json_array_get(pl, j), "headline"), gs(y, "headline")) == 0) {
					mj_buf_printf(b, "%s%s", first ? "" : "、", gs(json_array_get(pl, j), "name"));
					first = 0;
				}
			mj_buf_puts(b, "）\n\n");
		}
	}
	if (!shown)
		mj_buf_puts(b, json_array_size(json_object_get(r, "materials_versioned"))
				       ? "对照检查材料中未列明按对照方面归类的问题。\n\n"
				       : "对照检查材料尚未录入系统，暂无可归类的问题。\n\n");

	/* 四、整改方案 */
	mj_buf_printf(b, "四、整改方案\n\n针对查摆出的问题，班子共列出整改事项%zu项，逐项明确整改措施、责任人、责任领导和完成时限（详见附件2）。",
		      json_array_size(items));
	mj_buf_puts(b, "班子将把整改落实情况纳入台账管理，完成一项、销号一项。\n\n");

	/* the list of attachments and the signature close the body */
	mj_buf_puts(b, "附件：1.会议记录　2.整改方案（问题清单、任务清单、责任清单）\n\n");
	mj_buf_printf(b, "%s\n\n%s\n\n", gs(m, "team_name"),
		      cn_date(gs(m, "report_sent_on")[0] ? gs(m, "report_sent_on") : held, d1));

	/* 附件1, on its own page (material_docx.c) */
	mj_buf_puts(b, "## 附件1：会议记录\n\n（一）出席情况\n\n");
	json_t *who = json_object_get(r, "attendees");
	if (!json_array_size(who))
		mj_buf_puts(b, "出席情况尚未登记。\n\n");
	json_array_foreach(who, i, x) {
		mj_buf_printf(b, "%s%s%s：%s", gs(x, "name"), gs(x, "title")[0] ? "，" : "", gs(x, "title"),
			      gi(x, "is_supervisor") ? "列席督导" : !gi(x, "should_attend") ? "不计应到" : gi(x, "attended") ? "出席" : "缺席");
		if (gs(x, "absence_reason")[0]) {
			mj_buf_puts(b, "（");
			put_line(b, gs(x, "absence_reason"));
			mj_buf_puts(b, "）");
		}
		mj_buf_puts(b, "。\n\n");
	}
	mj_buf_puts(b, "（二）相互批评\n\n");
	json_t *cl = json_object_get(r, "criticisms");
	if (!json_array_size(cl))
		mj_buf_puts(b, "相互批评意见尚未登记。\n\n");
	json_array_foreach(cl, i, x)
		mj_buf_printf(b, "%s对%s提出批评意见%lld条。\n\n", gs(x, "from_name"), gs(x, "to_name"), gi(x, "count"));

	/* 附件2 */
	mj_buf_puts(b, "## 附件2：整改方案\n\n（一）问题清单\n\n");
	if (!json_array_size(items))
		mj_buf_puts(b, "尚未建立整改事项。\n\n");
	json_array_foreach(items, i, x) {
		mj_buf_printf(b, "%zu. ", i + 1);
		put_line(b, gs(x, "problem"));
		mj_buf_puts(b, "\n\n");
	}
	mj_buf_puts(b, "（二）任务清单\n\n");
	json_array_foreach(items, i, x) {
		mj_buf_printf(b, "第%zu项　整改措施：", i + 1);
		put_line(b, gs(x, "measure")[0] ? gs(x, "measure") : "待定");
		mj_buf_printf(b, "　完成时限：%s。\n\n", gs(x, "deadline")[0] ? cn_date(gs(x, "deadline"), d1) : "待定");
	}
	mj_buf_puts(b, "（三）责任清单\n\n");
	json_array_foreach(items, i, x)
		mj_buf_printf(b, "第%zu项　责任人：%s；责任领导：%s；责任部门：%s。\n\n", i + 1, gs(x, "owner_name")[0] ? gs(x, "owner_name") : "待定",
			      gs(x, "leader_name")[0] ? gs(x, "leader_name") : "待定", gs(x, "dept_name")[0] ? gs(x, "dept_name") : "待定");
}

/* The caption under chart i of mj_report_chart_kinds in the roll-up. */
static const char *chart_caption(size_t i)
{
	static const char *const caps[] = {"图1　各班子整改台账完成情况", "图2　按对照方面的整改台账完成情况",
					   "图3　历年整改台账完成情况", "图4　各班子谈心谈话覆盖率"};
	return i < sizeof caps / sizeof caps[0] ? caps[i] : "";
}

/* Composes the roll-up as text: a paragraph per team, then the charts. */
static void compose_rollup(mj_buf *b, json_t *r)
{
	json_t *n = json_object_get(r, "notice"), *teams = json_object_get(r, "teams"), *x;
	const char *kind = strcmp(gs(n, "kind"), "olm") == 0 ? "组织生活会" : "民主生活会";
	size_t i, nrep = 0;
	char d1[32], d2[32];
	json_array_foreach(teams, i, x) nrep += json_is_true(json_object_get(x, "reported"));
	mj_buf_printf(b, "# 关于%lld年度%s召开情况的汇总报告\n\n", gi(n, "year"), kind);
	mj_buf_printf(b, "本通知下共有%zu个班子，已报送情况报告%zu个，未报告%zu个。未报告的班子列在前面。\n\n",
		      json_array_size(teams), nrep, json_array_size(teams) - nrep);
	mj_buf_puts(b, "一、各班子情况\n\n");
	json_array_foreach(teams, i, x) {
		mj_buf_printf(b, "（%s）%s\n\n", cnum(i), gs(x, "team_name"));
		if (!json_is_integer(json_object_get(x, "meeting_id"))) {
			mj_buf_puts(b, "未安排会议，未报告。\n\n");
			continue;
		}
		char d3[32], d4[32];
		mj_buf_printf(b, "状态：%s。计划日期%s，实际召开日期%s；方案%s%s；", gs(x, "state"),
			      gs(x, "planned_date")[0] ? cn_date(gs(x, "planned_date"), d1) : "未定",
			      gs(x, "actual_date")[0] ? cn_date(gs(x, "actual_date"), d2) : "未召开",
			      gs(x, "plan_sent_on")[0] ? "报送于" : "未报送", cn_date(gs(x, "plan_sent_on"), d3));
		if (gs(x, "report_sent_on")[0])
			mj_buf_printf(b, "情况报告报送于%s%s。", cn_date(gs(x, "report_sent_on"), d4),
				      json_is_boolean(json_object_get(x, "on_time"))
					      ? (json_is_true(json_object_get(x, "on_time")) ? "（按时）" : "（逾期）") : "");
		else if (gs(x, "report_due")[0])
			mj_buf_printf(b, "情况报告未报送（应于%s前报送）。", cn_date(gs(x, "report_due"), d4));
		else
			mj_buf_puts(b, "情况报告未报送。");
		mj_buf_printf(b, "法定人数：%s；谈心谈话覆盖率%lld%%；对照检查材料定稿%lld份/共%lld份；查摆问题%lld项；"
			      "整改台账红色%lld项、黄色%lld项、蓝色%lld项、已销号%lld项。\n\n",
			      json_is_null(json_object_get(x, "quorum_met")) || !json_object_get(x, "quorum_met") ? "未登记"
			      : json_is_true(json_object_get(x, "quorum_met"))                                    ? "达到" : "未达到",
			      gi(x, "talk_percent") < 0 ? 0 : gi(x, "talk_percent"), gi(x, "materials_final"),
			      gi(x, "materials_total"), gi(x, "problems"), gi(x, "red"), gi(x, "yellow"), gi(x, "blue"), gi(x, "closed"));
	}
	mj_buf_puts(b, "二、统计图表\n\n");
	for (i = 0; mj_report_chart_kinds[i]; i++)
		mj_buf_printf(b, "%s\n\n", chart_caption(i));
}

/* Parses text and renders it to fmt into out. */
static int render_text(mj_buf *out, const mj_buf *text, mj_doc_format fmt)
{
	mj_material *doc = NULL;
	int rc = mj_material_parse(&doc, mj_buf_cstr(text), text->len, NULL);
	if (!rc)
		rc = mj_material_render(out, doc, fmt);
	mj_material_free(doc);
	return rc;
}

/* The roll-up's charts, in the order of mj_report_chart_kinds. */
#define NCHARTS 4
static int build_charts(mj_report_chart *c, json_t *r, json_t *facts)
{
	int rc = 0;
	for (size_t i = 0; i < NCHARTS; i++)
		if (!rc)
			rc = mj_report_chart_build(&c[i], mj_report_chart_kinds[i], json_object_get(r, "teams"), facts);
		else
			memset(&c[i], 0, sizeof c[i]);
	return rc;
}

static void free_charts(mj_report_chart *c)
{
	for (size_t i = 0; i < NCHARTS; i++)
		mj_report_chart_free(&c[i]);
}

static int render_rollup_docx(mj_buf *out, const mj_buf *text, json_t *r, json_t *facts)
{
	mj_report_chart c[NCHARTS];
	mj_docx_chart dc[NCHARTS];
	mj_material *doc = NULL;
	int rc = build_charts(c, r, facts);
	for (size_t i = 0; i < NCHARTS; i++)
		dc[i] = (mj_docx_chart){&c[i].d, chart_caption(i)};
	if (!rc)
		rc = mj_material_parse(&doc, mj_buf_cstr(text), text->len, NULL);
	if (!rc)
		rc = mj_material_to_docx_charts(out, doc, dc, NCHARTS);
	mj_material_free(doc);
	free_charts(c);
	return rc;
}

/* The charts sheet of the roll-up workbook: each chart's data as a small
 * table on the left (sheet 图表数据) and a native Excel chart drawn from it. */
static void xlsx_charts(lxw_workbook *wb, lxw_format *head, lxw_format *cell, const mj_report_chart *c)
{
	lxw_worksheet *cs = workbook_add_worksheet(wb, "图表");
	lxw_worksheet *ds = workbook_add_worksheet(wb, "图表数据");
	lxw_row_t top = 0, crow = 0;
	worksheet_set_column(ds, 0, 0, 30, NULL);
	worksheet_set_landscape(cs);
	worksheet_fit_to_pages(cs, 1, 0);
	for (size_t n = 0; n < NCHARTS; n++) {
		const mj_chart_data *d = &c[n].d;
		worksheet_write_string(ds, top, 0, d->title, head);
		for (size_t k = 0; k < d->nseries; k++)
			worksheet_write_string(ds, top, (lxw_col_t)(k + 1), d->series[k], head);
		for (size_t i = 0; i < d->ncat; i++) {
			worksheet_write_string(ds, (lxw_row_t)(top + 1 + i), 0, d->cats[i], cell);
			for (size_t k = 0; k < d->nseries; k++)
				worksheet_write_number(ds, (lxw_row_t)(top + 1 + i), (lxw_col_t)(k + 1), d->values[i * d->nseries + k], cell);
		}
		lxw_chart *ch = workbook_add_chart(wb, d->nseries > 1 ? LXW_CHART_BAR_STACKED : LXW_CHART_BAR);
		chart_title_set_name(ch, d->title);
		for (size_t k = 0; k < d->nseries && d->ncat; k++) {
			lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
			chart_series_set_categories(se, "图表数据", top + 1, 0, (lxw_row_t)(top + d->ncat), 0);
			chart_series_set_values(se, "图表数据", top + 1, (lxw_col_t)(k + 1), (lxw_row_t)(top + d->ncat), (lxw_col_t)(k + 1));
			chart_series_set_name_range(se, "图表数据", top, (lxw_col_t)(k + 1));
			lxw_chart_fill fill = {.color = d->colors[k] & 0xFFFFFFu};
			chart_series_set_fill(se, &fill);
			if (d->nseries == 1) {
				chart_series_set_labels(se);
				if (d->point_colors) {
					lxw_chart_point *pts = calloc(d->ncat, sizeof *pts), **pp = calloc(d->ncat + 1, sizeof *pp);
					lxw_chart_fill *fills = calloc(d->ncat, sizeof *fills);
					if (pts && pp && fills) {
						for (size_t i = 0; i < d->ncat; i++) {
							fills[i].color = d->point_colors[i] & 0xFFFFFFu;
							pts[i].fill = &fills[i];
							pp[i] = &pts[i];
						}
						chart_series_set_points(se, pp); /* copied by libxlsxwriter */
					}
					free(pts);
					free(pp);
					free(fills);
				}
			}
		}
		/* first row at the top, as in the table: in a bar chart y is the
		 * category axis; the value axis then crosses at its far end (bottom) */
		chart_axis_set_reverse(ch->y_axis);
		chart_axis_set_crossing_max(ch->y_axis);
		if (d->max > 0) {
			chart_axis_set_max(ch->x_axis, d->max);
			chart_axis_set_min(ch->x_axis, 0);
		}
		chart_legend_set_position(ch, d->nseries > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
		double rows = d->ncat < 6 ? 16 : (double)d->ncat * 1.6 + 8;
		lxw_chart_options opt = {.x_scale = 1.8, .y_scale = rows / 15.0};
		worksheet_insert_chart_opt(cs, crow, 0, ch, &opt);
		crow = (lxw_row_t)(crow + (lxw_row_t)rows + 2);
		top = (lxw_row_t)(top + d->ncat + 3);
	}
}

static int write_rollup_xlsx(const char *path, json_t *r, json_t *facts)
{
	static const char *const cols[] = {"序号", "班子", "状态", "计划日期", "实际日期", "方案报送", "报告应报",
					   "报告报送", "是否按时", "法定人数", "谈话覆盖率%", "材料定稿", "材料总数",
					   "查摆问题", "红色", "黄色", "蓝色", "已销号"};
	static const double widths[] = {6, 30, 12, 12, 12, 12, 12, 12, 9, 9, 11, 9, 9, 9, 7, 7, 7, 8};
	enum { NCOL = sizeof cols / sizeof cols[0] };
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return mj_error_set(MJ_EINVAL, "文件名过长");
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb)
		return mj_error_set(MJ_EIO, "无法创建 %s", path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "汇总");
	lxw_format *head = mj_xlsx_header_format(wb), *cell = workbook_add_format(wb), *warn = workbook_add_format(wb),
		   *good = workbook_add_format(wb);
	lxw_format *fs[] = {cell, warn, good};
	const unsigned fills[] = {0, 0xF8CBAD, 0xE2EFDA};
	for (int f = 0; f < 3; f++) {
		format_set_border(fs[f], LXW_BORDER_THIN);
		format_set_align(fs[f], LXW_ALIGN_VERTICAL_TOP);
		if (fills[f]) {
			format_set_pattern(fs[f], LXW_PATTERN_SOLID);
			format_set_bg_color(fs[f], fills[f]);
		}
	}
	for (int k = 0; k < NCOL; k++) {
		worksheet_write_string(ws, 0, (lxw_col_t)k, cols[k], head);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL);
	}
	json_t *teams = json_object_get(r, "teams"), *x;
	size_t i;
	long long tot[8] = {0};
	size_t nrep = 0, nmeet = 0, nquorum = 0;
	json_array_foreach(teams, i, x) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		int has = json_is_integer(json_object_get(x, "meeting_id"));
		int rep = json_is_true(json_object_get(x, "reported"));
		lxw_format *f = rep ? good : warn;
		json_t *q = json_object_get(x, "quorum_met"), *ot = json_object_get(x, "on_time");
		const char *txt[] = {NULL, gs(x, "team_name"), gs(x, "state"), gs(x, "planned_date"), gs(x, "actual_date"),
				     gs(x, "plan_sent_on"), gs(x, "report_due"), gs(x, "report_sent_on"),
				     json_is_boolean(ot) ? (json_is_true(ot) ? "是" : "否") : "",
				     json_is_boolean(q) ? (json_is_true(q) ? "达到" : "未达到") : ""};
		nrep += (size_t)rep;
		nmeet += (size_t)has;
		nquorum += json_is_true(q);
		worksheet_write_number(ws, row, 0, (double)(i + 1), cell);
		for (int k = 1; k < 10; k++) {
			if (txt[k][0])
				worksheet_write_string(ws, row, (lxw_col_t)k, txt[k], k <= 2 ? f : cell);
			else
				worksheet_write_blank(ws, row, (lxw_col_t)k, k <= 2 ? f : cell);
		}
		static const char *const nk[] = {"talk_percent", "materials_final", "materials_total", "problems",
						 "red", "yellow", "blue", "closed"};
		for (int k = 0; k < 8; k++) {
			long long v = gi(x, nk[k]);
			if (has && !(k == 0 && v < 0)) {
				worksheet_write_number(ws, row, (lxw_col_t)(10 + k), (double)v, k == 4 && v > 0 ? warn : cell);
				tot[k] += v;
			} else
				worksheet_write_blank(ws, row, (lxw_col_t)(10 + k), cell);
		}
	}
	worksheet_freeze_panes(ws, 1, 2);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)(json_array_size(teams) ? json_array_size(teams) : 1), NCOL - 1);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);

	lxw_worksheet *sum = workbook_add_worksheet(wb, "合计");
	worksheet_set_column(sum, 0, 0, 24, NULL);
	worksheet_set_column(sum, 1, 1, 12, NULL);
	worksheet_write_string(sum, 0, 0, "项目", head);
	worksheet_write_string(sum, 0, 1, "合计", head);
	const char *names[] = {"班子数", "已安排会议", "已报送报告", "未报告", "达到法定人数", "材料定稿", "材料总数",
			       "查摆问题", "台账红色", "台账黄色", "台账蓝色", "台账已销号"};
	double vals[] = {(double)json_array_size(teams), (double)nmeet, (double)nrep, (double)(json_array_size(teams) - nrep),
			 (double)nquorum, (double)tot[1], (double)tot[2], (double)tot[3], (double)tot[4], (double)tot[5],
			 (double)tot[6], (double)tot[7]};
	for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
		worksheet_write_string(sum, (lxw_row_t)(k + 1), 0, names[k], cell);
		worksheet_write_number(sum, (lxw_row_t)(k + 1), 1, vals[k], k == 3 && vals[k] > 0 ? warn : cell);
	}
	mj_report_chart c[NCHARTS];
	int crc = build_charts(c, r, facts);
	if (!crc)
		xlsx_charts(wb, head, cell, c);
	lxw_error e = workbook_close(wb);
	free_charts(c);
	if (crc) {
		remove(tmp);
		return crc;
	}
	if (e != LXW_NO_ERROR) {
		remove(tmp);
		return mj_error_set(MJ_EIO, "无法写入 %s：%s", path, lxw_strerror(e));
	}
	if (rename(tmp, path)) {
		remove(tmp);
		return mj_error_set(MJ_EIO, "无法写入 %s", path);
	}
	return 0;
}

static int chart(mj_buf *out, json_t *r, json_t *facts, const char *which)
{
	mj_report_chart c;
	int rc = mj_report_chart_build(&c, which, json_object_get(r, "teams"), facts);
	if (!rc)
		rc = mj_chart_svg(out, &c.d);
	mj_report_chart_free(&c);
	return rc;
}

/* "(1,2,3)": the roll-up's teams as an SQL list of integers. */
static void team_list(mj_buf *b, json_t *r)
{
	json_t *x;
	size_t i;
	mj_buf_puts(b, "(0");
	json_array_foreach(json_object_get(r, "teams"), i, x) mj_buf_printf(b, ",%lld", gi(x, "team_id"));
	mj_buf_puts(b, ")");
}

static int parse_id(const char *s, const char *what, long long *out)
{
	char *end;
	*out = 0;
	if (!s)
		return 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return mj_error_set(MJ_EUSAGE, "%s应为正整数：%s", what, s);
	*out = v;
	return 0;
}

int mj_cmd_report(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	if (mj_want_help(argc, argv, mj_report_usage))
		return 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *nid = mj_opt(&argc, argv, "--notice", &rc);
	const char *to = mj_opt(&argc, argv, "--to", &rc);
	const char *ch = mj_opt(&argc, argv, "--chart", &rc);
	const char *dest = mj_opt(&argc, argv, "-o", &rc);
	int rollup = mj_flag(&argc, argv, "--rollup");
	long long meeting, notice;
	mj_store *st;
	json_t *r = NULL, *facts = NULL;
	mj_buf text = MJ_BUF_INIT, out = MJ_BUF_INIT; /* freed at done */
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc || (!!mid) + (!!nid) != 1 || (mid && (rollup || ch)) || (nid && !rollup == !ch))
		return mj_error_set(MJ_EUSAGE, "%s", mj_report_usage);
	if ((rc = parse_id(mid, "会议编号", &meeting)) || (rc = parse_id(nid, "通知编号", &notice)))
		return rc;
	if (ch && strcmp(ch, "ledger") && strcmp(ch, "areas") && strcmp(ch, "trend") && strcmp(ch, "talks"))
		return mj_error_set(MJ_EUSAGE, "--chart 只能是 ledger、areas、trend 或 talks");
	if (!ch && (!to || (mid && strcmp(to, "md") && strcmp(to, "docx")) ||
		    (nid && strcmp(to, "xlsx") && strcmp(to, "docx"))))
		return mj_error_set(MJ_EUSAGE, mid ? "请用 --to md 或 --to docx 指定格式" : "请用 --to xlsx 或 --to docx 指定格式");
	if (!dest && (nid || strcmp(to, "docx") == 0))
		return mj_error_set(MJ_EUSAGE, "请用 -o 指定输出文件");
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	if (mid) {
		if ((rc = mj_report_meeting(st, meeting, mj_today(), &r)))
			goto done;
		compose_meeting(&text, r);
		if ((rc = render_text(&out, &text, strcmp(to, "docx") == 0 ? MJ_DOC_DOCX : MJ_DOC_MD)))
			goto done;
		rc = mj_file_write(dest ? dest : "-", out.ptr ? out.ptr : "", out.len);
	} else {
		if ((rc = mj_report_rollup(st, notice, mj_today(), &r)))
			goto done;
		team_list(&text, r);
		rc = mj_chart_facts(st, notice, 0, mj_buf_cstr(&text), &facts);
		mj_buf_reset(&text);
		if (rc)
			goto done;
		if (ch) {
			if (!(rc = chart(&out, r, facts, ch)))
				rc = mj_file_write(dest, out.ptr, out.len);
		} else if (strcmp(to, "xlsx") == 0)
			rc = write_rollup_xlsx(dest, r, facts);
		else {
			compose_rollup(&text, r);
			if (!(rc = render_rollup_docx(&out, &text, r, facts)))
				rc = mj_file_write(dest, out.ptr, out.len);
		}
	}
	if (!rc && dest && !cli->json)
		fprintf(cli->out, "已生成 %s\n", dest);
done:
	json_decref(r);
	json_decref(facts);
	mj_buf_free(&text);
	mj_buf_free(&out);
	return rc;
}
