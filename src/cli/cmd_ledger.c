/*
 * `mingjing ledger …`: the rectification ledger (整改台账) from the command
 * line: add, list (with colours and carried-over items), show (with the
 * item's history), update, the status actions and notes.
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

const char mj_ledger_usage[] =
	"用法:\n"
	"  mingjing ledger add --meeting 编号 --source 来源 --problem 问题 [--measure 措施] [--owner 人员编号]\n"
	"                      [--leader 人员编号] [--dept 部门编号] [--deadline YYYY-MM-DD] [--source-ref 来源记录]\n"
	"  mingjing ledger list (--meeting 编号 | --team 编号) [--status 状态] [--color red|yellow|blue|none]\n"
	"  mingjing ledger show 编号\n"
	"  mingjing ledger update 编号 --字段 值 … [--expect-version N]  （已销号的条目不能修改）\n"
	"  mingjing ledger start|finish 编号 [--note 进展说明]   （完成整改须写明进展）\n"
	"  mingjing ledger sendback|reopen 编号 --note 理由     （仅上级组织部门）\n"
	"  mingjing ledger close 编号 [--note 说明]             （对账销号，仅上级组织部门）\n"
	"  mingjing ledger note 编号 --kind progress|evidence --text 内容\n"
	"  mingjing ledger export (--meeting 编号 | --team 编号 | --notice 编号) --to xlsx|csv -o 文件\n"
	"                      导出 Excel 台账（按预警着色、冻结表头、筛选；末列“系统编号”供重新导入对应）\n"
	"  mingjing ledger import 文件 --meeting 编号 [--dry-run] [--sheet 工作表] [--new]\n"
	"                      从 .xlsx 或 CSV 导入：先逐行校验并预览（新增/修改/未变/错误），全部无误才一次性写入；\n"
	"                      有“系统编号”的行修改原条目（不改状态，已销号的不能改），没有的新建；--new 全部作为新条目\n"
	"  mingjing ledger import --undo [--meeting 编号]   撤销最近一次导入\n"
	"来源：self=自查 opinion=征求意见 talk=谈心谈话 criticism=相互批评 oversight=督导点评 inspection=巡视巡察 carryover=上年度结转\n"
	"状态：todo=待整改 doing=整改中 done=已整改 closed=已销号；预警：red 逾期未完成，yellow 被退回，blue 3 天内到期\n";

static int parse_id(const char *s, long long *id)
{
	char *end;
	if (!s)
		return mj_error_set(MJ_EUSAGE, "缺少台账条目编号");
	*id = strtoll(s, &end, 10);
	if (*end || *id <= 0 || strlen(s) > 18)
		return mj_error_set(MJ_EINVAL, "台账条目编号“%.40s”无效", s);
	return 0;
}

static int list(mj_cli *cli, mj_store *st, int argc, char **argv)
{
	int rc = 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *tid = mj_opt(&argc, argv, "--team", &rc);
	const char *status = mj_opt(&argc, argv, "--status", &rc);
	const char *color = mj_opt(&argc, argv, "--color", &rc);
	json_t *rows = NULL, *out = json_array();
	if (rc || (rc = mj_args_done(argc, argv)))
		goto cleanup;
	if ((!mid) == (!tid) || argc) {
		rc = mj_error_set(MJ_EUSAGE, "ledger list 需要 --meeting 或 --team 之一");
		goto cleanup;
	}
	const struct mj_field *sf = mj_entity_field(mj_entity_find("item"), "status");
	if (status && !(status = mj_enum_code(sf, status))) {
		rc = mj_error_set(MJ_EINVAL, "状态应为 todo/doing/done/closed 或 待整改/整改中/已整改/已销号");
		goto cleanup;
	}
	if (color && strcmp(color, "red") && strcmp(color, "yellow") && strcmp(color, "blue") && strcmp(color, "none")) {
		rc = mj_error_set(MJ_EINVAL, "预警颜色应为 red、yellow、blue 或 none");
		goto cleanup;
	}
	long long meeting = 0, team = 0, warn = 3;
	char *end;
	if (mid && ((meeting = strtoll(mid, &end, 10)) <= 0 || *end)) {
		rc = mj_error_set(MJ_EINVAL, "会议编号“%.40s”无效", mid);
		goto cleanup;
	}
	if (tid && ((team = strtoll(tid, &end, 10)) <= 0 || *end)) {
		rc = mj_error_set(MJ_EINVAL, "班子编号“%.40s”无效", tid);
		goto cleanup;
	}
	if (meeting) {
		json_t *m;
		if ((rc = mj_entity_get(st, mj_entity_find("meeting"), meeting, &m)))
			goto cleanup;
		team = json_integer_value(json_object_get(m, "team_id"));
		json_t *nid = json_object_get(m, "notice_id");
		if (json_is_integer(nid)) {
			json_t *n;
			if (!mj_entity_get(st, mj_entity_find("notice"), json_integer_value(nid), &n)) {
				warn = json_integer_value(json_object_get(n, "warn_days"));
				json_decref(n);
			}
		}
		json_decref(m);
	} else {
		json_t *t;
		if ((rc = mj_entity_get(st, mj_entity_find("team"), team, &t)))
			goto cleanup;
		json_decref(t);
	}
	if ((rc = mj_ledger_rows(st, meeting, team, mj_today(), (int)warn, &rows)))
		goto cleanup;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (status && strcmp(json_string_value(json_object_get(r, "status")), status) != 0)
			continue;
		if (color && strcmp(json_string_value(json_object_get(r, "color")), color) != 0)
			continue;
		json_array_append(out, r);
	}
	if (cli->json) {
		mj_cli_print_json(cli->out, out);
		goto cleanup;
	}
	static const char *const dots[] = {"red", "🔴", "yellow", "🟡", "blue", "🔵", "none", "  "};
	json_array_foreach(out, i, r) {
		const char *c = json_string_value(json_object_get(r, "color")), *dot = "  ";
		for (int k = 0; k < 8; k += 2)
			if (strcmp(c, dots[k]) == 0)
				dot = dots[k + 1];
		fprintf(cli->out, "%s %5lld  %s  %s  截止 %s  ", dot, (long long)json_integer_value(json_object_get(r, "id")),
			mj_enum_label(sf, json_string_value(json_object_get(r, "status"))),
			json_is_true(json_object_get(r, "carried")) ? "[结转]" : "      ",
			json_string_value(json_object_get(r, "deadline")) ? json_string_value(json_object_get(r, "deadline")) : "未定");
		mj_cli_print_value(cli->out, NULL, json_object_get(r, "problem"), 36);
		fputc('\n', cli->out);
	}
	fprintf(cli->out, "共 %zu 项\n", json_array_size(out));
cleanup:
	json_decref(rows);
	json_decref(out);
	return rc;
}

static int show(mj_cli *cli, mj_store *st, long long id)
{
	const struct mj_entity *e = mj_entity_find("item"), *ne = mj_entity_find("item_note");
	json_t *row = NULL, *notes = NULL, *f = json_object();
	char num[24];
	int rc;
	snprintf(num, sizeof num, "%lld", id);
	json_object_set_new(f, "item_id", json_string(num));
	if ((rc = mj_entity_get(st, e, id, &row)) || (rc = mj_entity_list(st, ne, f, 0, 0, &notes)))
		goto cleanup;
	if (cli->json) {
		json_object_set(row, "notes", notes);
		mj_cli_print_json(cli->out, row);
	} else {
		mj_cli_print_row(cli->out, e, row);
		fputs("  记录：\n", cli->out);
		size_t i;
		json_t *n;
		json_array_foreach(notes, i, n) {
			fprintf(cli->out, "    %s %s：", json_string_value(json_object_get(n, "date")),
				mj_enum_label(mj_entity_field(ne, "kind"), json_string_value(json_object_get(n, "kind"))));
			mj_cli_print_value(cli->out, NULL, json_object_get(n, "text"), 0);
			fputc('\n', cli->out);
		}
	}
cleanup:
	json_decref(row);
	json_decref(notes);
	json_decref(f);
	return rc;
}

int mj_cmd_ledger(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	mj_actor actor;
	long long id = 0;
	int rc;
	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		fputs(mj_ledger_usage, argc < 1 ? stderr : stdout);
		return argc < 1 ? mj_error_set(MJ_EUSAGE, "缺少台账操作") : 0;
	}
	const char *verb = argv[0];
	argc--;
	argv++;
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_store_actor(st, cli->as, &actor)))
		return rc;
	if (strcmp(verb, "list") == 0)
		return list(cli, st, argc, argv);
	if (strcmp(verb, "export") == 0)
		return mj_ledger_cmd_export(cli, st, argc, argv);
	if (strcmp(verb, "import") == 0)
		return mj_ledger_cmd_import(cli, st, &actor, argc, argv);
	if (strcmp(verb, "add") == 0) {
		json_t *vals;
		char *rest[64];
		int nrest;
		if (argc > 60)
			return mj_error_set(MJ_EUSAGE, "参数过多");
		if ((rc = mj_cli_fields(mj_entity_find("item"), argc, argv, &vals, &nrest, rest)))
			return rc;
		if (nrest)
			rc = mj_error_set(MJ_EUSAGE, "多余的参数“%s”", rest[0]);
		else
			rc = mj_entity_write(st, &actor, mj_entity_find("item"), 0, vals, 0, &id);
		json_decref(vals);
		if (!rc)
			fprintf(cli->out, cli->json ? "{\"id\": %lld}\n" : "已新建台账条目，编号 %lld\n", id);
		return rc;
	}
	if (strcmp(verb, "update") == 0) {
		json_t *vals;
		char *rest[64];
		int nrest;
		rc = 0;
		const char *expect = mj_opt(&argc, argv, "--expect-version", &rc);
		if (rc)
			return rc;
		if (argc > 60)
			return mj_error_set(MJ_EUSAGE, "参数过多");
		if ((rc = mj_cli_fields(mj_entity_find("item"), argc, argv, &vals, &nrest, rest)))
			return rc;
		if (expect)
			json_object_set_new(vals, MJ_VERSION_KEY, json_string(expect));
		if (nrest != 1 || json_object_size(vals) == 0)
			rc = mj_error_set(MJ_EUSAGE, "用法: mingjing ledger update 编号 --字段 值 …");
		else if (!(rc = parse_id(rest[0], &id)))
			rc = mj_ledger_edit(st, &actor, id, vals);
		json_decref(vals);
		if (!rc && !cli->json)
			fprintf(cli->out, "已修改台账条目 %lld\n", id);
		return rc;
	}
	const char *note = mj_opt(&argc, argv, "--note", &rc);
	const char *kind = mj_opt(&argc, argv, "--kind", &rc);
	const char *text = mj_opt(&argc, argv, "--text", &rc);
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing ledger %s 编号 …（--help 查看帮助）", verb);
	if ((rc = parse_id(argv[0], &id)))
		return rc;
	if (strcmp(verb, "show") == 0)
		return show(cli, st, id);
	if (strcmp(verb, "note") == 0) {
		if (!kind || !text)
			return mj_error_set(MJ_EUSAGE, "用法: mingjing ledger note 编号 --kind progress|evidence --text 内容");
		if ((rc = mj_utf8_check("记录内容", text, MJ_LEN_TEXT)))
			return rc;
		rc = mj_ledger_note(st, &actor, id, kind, text, mj_today());
	} else {
		const char *action = strcmp(verb, "sendback") == 0 ? "send_back" : verb;
		rc = mj_ledger_act(st, &actor, id, action, note, mj_today());
	}
	if (!rc && !cli->json)
		fprintf(cli->out, "台账条目 %lld：操作已完成\n", id);
	return rc;
}
