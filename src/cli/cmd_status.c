/*
 * `mingjing status [--meeting ID] [--year Y]`: where the meetings stand.
 * Without --meeting: one line per meeting of the year; with it: the details
 * (opinions, talk coverage with the missing pairs named, materials,
 * attendance and quorum, days left to each deadline, ledger by colour).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/utf8.h"

static long long gi(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gs(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

static const char *state_label(const char *s)
{
	const struct mj_field *f = mj_entity_field(mj_entity_find("material"), "state");
	return strcmp(s, "missing") == 0 ? "未提交" : mj_enum_label(f, s);
}

static const char *meeting_state(json_t *m)
{
	const struct mj_field *f = mj_entity_field(mj_entity_find("meeting"), "status");
	return mj_enum_label(f, gs(m, "status"));
}

static void days_phrase(FILE *out, json_t *v)
{
	if (!json_is_integer(v))
		return;
	long long d = json_integer_value(v);
	if (d > 0)
		fprintf(out, "（还有 %lld 天）", d);
	else if (d == 0)
		fputs("（今天到期）", out);
	else
		fprintf(out, "（已逾期 %lld 天）", -d);
}

static void print_meeting(FILE *out, json_t *st)
{
	json_t *m = json_object_get(st, "meeting"), *op = json_object_get(st, "opinions"),
	       *tk = json_object_get(st, "talks"), *mat = json_object_get(st, "materials"),
	       *att = json_object_get(st, "attendance"), *dl = json_object_get(st, "deadlines"),
	       *led = json_object_get(st, "ledger");
	size_t i;
	json_t *r;
	fprintf(out, "【会议 %lld】%s %lld年度%s  状态：%s\n", gi(m, "id"), gs(m, "team_name"), gi(m, "year"),
		strcmp(gs(m, "kind"), "olm") == 0 ? "组织生活会" : "民主生活会", meeting_state(m));
	fprintf(out, "  计划日期：%s  实际日期：%s  地点：%s\n", gs(m, "planned_date"), gs(m, "actual_date"), gs(m, "place"));
	fprintf(out, "  征求意见：共 %lld 条（针对班子 %lld 条，针对个人 %lld 条，匿名 %lld 条，重复 %lld 条，已反馈 %lld 条）\n",
		gi(op, "total"), gi(op, "about_team"), gi(op, "about_members"), gi(op, "anonymous"),
		gi(op, "duplicates"), gi(op, "fed_back"));
	fputs("    按成员：", out);
	json_array_foreach(json_object_get(op, "per_member"), i, r)
		fprintf(out, "%s%s %lld", i ? "，" : "", gs(r, "name"), gi(r, "count"));
	fputc('\n', out);
	fprintf(out, "  谈心谈话：必谈 %lld 对，已谈 %lld 对，覆盖率 %lld%%\n", gi(tk, "required"), gi(tk, "covered"),
		gi(tk, "percent") < 0 ? 0 : gi(tk, "percent"));
	json_array_foreach(json_object_get(tk, "missing"), i, r) {
		json_t *why = json_object_get(r, "reasons");
		const char *w = "成员之间";
		size_t k;
		json_t *x;
		json_array_foreach(why, k, x) {
			if (strcmp(json_string_value(x), "oversees") == 0)
				w = "分管部门负责人";
			else if (strcmp(json_string_value(x), "head_member") == 0 && strcmp(w, "成员之间") == 0)
				w = "主要负责人与成员";
		}
		fprintf(out, "    缺：%s — %s（%s）\n", gs(r, "a_name"), gs(r, "b_name"), w);
	}
	fputs("  对照检查材料：", out);
	const char *key;
	json_t *v;
	int first = 1;
	json_object_foreach(json_object_get(mat, "by_state"), key, v) {
		fprintf(out, "%s%s %lld", first ? "" : "，", state_label(key), (long long)json_integer_value(v));
		first = 0;
	}
	fputc('\n', out);
	json_array_foreach(json_object_get(mat, "members"), i, r) {
		if (json_is_null(json_object_get(r, "state")))
			fprintf(out, "    %s：未提交\n", gs(r, "name"));
		else if (strcmp(gs(r, "state"), "returned") == 0)
			fprintf(out, "    %s：退回重写，期限 %s\n", gs(r, "name"), gs(r, "rewrite_due"));
	}
	if (gi(att, "should") > 0)
		fprintf(out, "  出席：应到 %lld 人，实到 %lld 人，督导 %lld 人；%s（至少需 %lld 人）\n", gi(att, "should"),
			gi(att, "attended"), gi(att, "supervisors"),
			json_is_true(json_object_get(att, "quorum_met")) ? "达到法定人数" : "未达到法定人数", gi(att, "needed"));
	else
		fputs("  出席：尚未登记\n", out);
	if (json_object_get(dl, "plan_due")) {
		fprintf(out, "  方案：应于 %s 前报送，", gs(dl, "plan_due"));
		if (!json_is_null(json_object_get(dl, "plan_sent_on")))
			fprintf(out, "已于 %s 报送\n", gs(dl, "plan_sent_on"));
		else {
			fputs("尚未报送", out);
			days_phrase(out, json_object_get(dl, "plan_days_left"));
			fputc('\n', out);
		}
		fprintf(out, "  情况报告：应于 %s 前报送，", gs(dl, "report_due"));
		if (!json_is_null(json_object_get(dl, "report_sent_on")))
			fprintf(out, "已于 %s 报送\n", gs(dl, "report_sent_on"));
		else if (json_is_integer(json_object_get(dl, "report_days_left"))) {
			fputs("尚未报送", out);
			days_phrase(out, json_object_get(dl, "report_days_left"));
			fputc('\n', out);
		} else {
			fputs("会后报送", out);
			if (json_is_integer(json_object_get(dl, "days_to_meeting")))
				fprintf(out, "；距会议 %lld 天", gi(dl, "days_to_meeting"));
			fputc('\n', out);
		}
	} else
		fputs("  期限：会议日期未定\n", out);
	json_t *bc = json_object_get(led, "by_color");
	fprintf(out, "  整改台账：共 %lld 项（其中上年度结转 %lld 项）；红 %lld，黄 %lld，蓝 %lld\n", gi(led, "total"),
		gi(led, "carried"), gi(bc, "red"), gi(bc, "yellow"), gi(bc, "blue"));
}

/* Prints s padded with spaces to `width` terminal columns. */
static void cell(FILE *out, const char *s, size_t width)
{
	size_t w = mj_utf8_width(s, strlen(s));
	fputs(s, out);
	for (; w < width; w++)
		fputc(' ', out);
	fputc(' ', out);
}

int mj_cmd_status(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *year = mj_opt(&argc, argv, "--year", &rc);
	mj_store *st;
	json_t *res = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc)
		return mj_error_set(MJ_EUSAGE, "多余的参数“%s”", argv[0]);
	long long id = 0, y = 0;
	char *end;
	if (mid && ((id = strtoll(mid, &end, 10)) <= 0 || *end))
		return mj_error_set(MJ_EINVAL, "会议编号“%.40s”无效", mid);
	if (year && ((y = strtoll(year, &end, 10)) < 2000 || y > 2200 || *end))
		return mj_error_set(MJ_EINVAL, "年度“%.40s”无效", year);
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	int today = mj_today();
	/* the text overview prints one line per meeting: the brief roll-up, not
	 * every meeting's full detail (member lists, missing talk pairs) */
	if (id)
		rc = mj_status_meeting(st, id, today, &res);
	else if (cli->json)
		rc = mj_status_overview(st, (int)y, today, &res);
	else
		rc = mj_status_overview_brief(st, (int)y, today, &res);
	if (rc)
		return rc;
	if (cli->json)
		mj_cli_print_json(cli->out, res);
	else if (id)
		print_meeting(cli->out, res);
	else {
		char d[11];
		mj_date_format(today, d);
		json_t *ms = json_object_get(res, "meetings");
		fprintf(cli->out, "%lld年度会议进展（截至 %s，共 %zu 个会议）\n\n", gi(res, "year"), d, json_array_size(ms));
		static const char *const heads[] = {"编号", "班子", "状态", "计划日期", "方案", "意见", "谈话覆盖", "材料定稿", "台账 红/黄/蓝"};
		static const size_t widths[] = {5, 28, 8, 10, 6, 5, 8, 8, 12};
		for (int k = 0; k < 9; k++)
			cell(cli->out, heads[k], widths[k]);
		fputc('\n', cli->out);
		size_t i;
		json_t *r;
		json_array_foreach(ms, i, r) {
			json_t *m = json_object_get(r, "meeting"), *bc = json_object_get(r, "ledger_by_color");
			long long pct = gi(r, "talk_percent");
			char b[9][64];
			snprintf(b[0], sizeof b[0], "%lld", gi(m, "id"));
			snprintf(b[5], sizeof b[5], "%lld", gi(r, "opinions_total"));
			snprintf(b[6], sizeof b[6], "%lld%%", pct < 0 ? 0 : pct);
			snprintf(b[7], sizeof b[7], "%lld/%lld", gi(r, "materials_final"), gi(r, "materials_total"));
			snprintf(b[8], sizeof b[8], "%lld/%lld/%lld", gi(bc, "red"), gi(bc, "yellow"), gi(bc, "blue"));
			const char *cells[9] = {b[0], gs(m, "team_name"), meeting_state(m), gs(m, "planned_date"),
						json_is_null(json_object_get(m, "plan_sent_on")) ? "未报" : "已报",
						b[5], b[6], b[7], b[8]};
			for (int k = 0; k < 9; k++)
				cell(cli->out, cells[k], widths[k]);
			fputc('\n', cli->out);
		}
		fputs("\n详情：mingjing status --meeting 编号\n", cli->out);
	}
	json_decref(res);
	return 0;
}
