/*
 * `mingjing ledger export` and `mingjing ledger import`: the ledger as the
 * Excel sheet people keep (整改台账). Thin: reading the file and printing the
 * preview; the work is in core/ledger_sheet.c and store/ledger_sheet.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "cli/commands.h"
#include "core/ledger_sheet.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"
#include "util/sheet.h"

#define IMPORT_MAX_BYTES (20u << 20)  /* 20 MB */
#define IMPORT_MAX_ROWS 200000
#define IMPORT_MAX_CELL (128u << 10)  /* bytes; field limits are checked per field */
#define IMPORT_SHOW_ERRORS 50

static int parse_pos(const char *s, const char *what, long long *out)
{
	char *end;
	*out = 0;
	if (!s)
		return 0;
	*out = strtoll(s, &end, 10);
	if (*end || *out <= 0 || strlen(s) > 18)
		return mj_error_set(MJ_EINVAL, "%s“%.40s”无效", what, s);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

int mj_ledger_cmd_export(mj_cli *cli, mj_store *st, int argc, char **argv)
{
	int rc = 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *tid = mj_opt(&argc, argv, "--team", &rc);
	const char *nid = mj_opt(&argc, argv, "--notice", &rc);
	const char *to = mj_opt(&argc, argv, "--to", &rc);
	const char *out = mj_opt(&argc, argv, "-o", &rc);
	long long meeting, team, notice;
	json_t *rows = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc || (!!mid) + (!!tid) + (!!nid) != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing ledger export (--meeting 编号 | --team 编号 | --notice 编号) --to xlsx|csv -o 文件");
	if (!to && out)
		to = ends_with(out, ".csv") ? "csv" : ends_with(out, ".xlsx") ? "xlsx" : NULL;
	if (!to || (strcmp(to, "xlsx") && strcmp(to, "csv")))
		return mj_error_set(MJ_EUSAGE, "请用 --to xlsx 或 --to csv 指定格式");
	if (!out && strcmp(to, "xlsx") == 0)
		return mj_error_set(MJ_EUSAGE, "导出 xlsx 需要 -o 文件");
	if ((rc = parse_pos(mid, "会议编号", &meeting)) || (rc = parse_pos(tid, "班子编号", &team)) ||
	    (rc = parse_pos(nid, "通知编号", &notice)))
		return rc;
	if ((rc = mj_ledger_sheet_rows(st, meeting, team, notice, mj_today(), &rows)))
		return rc;
	if (strcmp(to, "csv") == 0) {
		mj_buf b;
		mj_buf_init(&b, 512u << 20);
		if (!(rc = mj_ledger_write_csv(&b, rows, notice != 0)))
			rc = mj_file_write(out ? out : "-", b.ptr, b.len);
		mj_buf_free(&b);
	} else {
		char title[128];
		snprintf(title, sizeof title, "整改台账");
		rc = mj_ledger_write_xlsx(out, rows, notice != 0, title);
	}
	if (!rc && out && !cli->json)
		fprintf(cli->out, "已导出 %zu 项台账条目到 %s\n", json_array_size(rows), out);
	else if (!rc && out) {
		json_t *res = json_pack("{s:I, s:s}", "rows", (json_int_t)json_array_size(rows), "file", out);
		mj_cli_print_json(cli->out, res);
		json_decref(res);
	}
	json_decref(rows);
	return rc;
}

static void print_report(FILE *f, json_t *rep, const char *file, const char *sheet)
{
	json_t *c = json_object_get(rep, "counts"), *errs = json_object_get(rep, "errors");
	size_t i;
	json_t *e;
	fprintf(f, "读取：%s", file);
	if (sheet && *sheet)
		fprintf(f, "（工作表“%s”）", sheet);
	if (json_object_get(rep, "header_row"))
		fprintf(f, "，表头在第 %lld 行", (long long)json_integer_value(json_object_get(rep, "header_row")));
	fputc('\n', f);
	if (json_array_size(json_object_get(rep, "columns"))) {
		fputs("识别的列：", f);
		json_array_foreach(json_object_get(rep, "columns"), i, e)
			fprintf(f, "%s%s %s", i ? "、" : "", json_string_value(json_object_get(e, "col")),
				json_string_value(json_object_get(e, "label")));
		fputc('\n', f);
	}
	if (!c)
		return;
	fprintf(f, "共 %lld 行：新增 %lld，修改 %lld，未变 %lld，错误 %lld\n",
		(long long)json_integer_value(json_object_get(c, "rows")),
		(long long)json_integer_value(json_object_get(c, "new")),
		(long long)json_integer_value(json_object_get(c, "updated")),
		(long long)json_integer_value(json_object_get(c, "unchanged")),
		(long long)json_integer_value(json_object_get(c, "errors")));
	json_array_foreach(errs, i, e) {
		if (i >= IMPORT_SHOW_ERRORS)
			break;
		const char *col = json_string_value(json_object_get(e, "col"));
		const char *label = json_string_value(json_object_get(e, "label"));
		fprintf(f, "  第 %lld 行", (long long)json_integer_value(json_object_get(e, "row")));
		if (col && *col)
			fprintf(f, " %s 列「%s」", col, label);
		fprintf(f, "：%s\n", json_string_value(json_object_get(e, "msg")));
	}
	long long total = json_integer_value(json_object_get(c, "errors"));
	long long shown = (long long)(json_array_size(errs) < IMPORT_SHOW_ERRORS ? json_array_size(errs) : IMPORT_SHOW_ERRORS);
	if (total > shown)
		fprintf(f, "  ……另有 %lld 处错误未列出\n", total - shown);
}

int mj_ledger_cmd_import(mj_cli *cli, mj_store *st, const mj_actor *actor, int argc, char **argv)
{
	int rc = 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *sheet_name = mj_opt(&argc, argv, "--sheet", &rc);
	int dry = mj_flag(&argc, argv, "--dry-run");
	int undo = mj_flag(&argc, argv, "--undo");
	int as_new = mj_flag(&argc, argv, "--new");
	long long meeting = 0;
	char *data = NULL;
	size_t len = 0;
	struct mj_sheet sh;
	json_t *rep = NULL;
	if (rc || (rc = mj_args_done(argc, argv)) || (rc = parse_pos(mid, "会议编号", &meeting)))
		return rc;
	if (undo) {
		if (argc || dry || as_new || sheet_name)
			return mj_error_set(MJ_EUSAGE, "用法: mingjing ledger import --undo [--meeting 编号]");
		if ((rc = mj_ledger_import_undo(st, actor, meeting, &rep))) {
			json_decref(rep);
			return rc;
		}
		if (cli->json)
			mj_cli_print_json(cli->out, rep);
		else
			fprintf(cli->out, "已撤销第 %lld 次导入（%s，会议 %lld）：删除新增条目 %lld 项，恢复修改条目 %lld 项\n",
				(long long)json_integer_value(json_object_get(rep, "import_id")),
				json_string_value(json_object_get(rep, "at")),
				(long long)json_integer_value(json_object_get(rep, "meeting_id")),
				(long long)json_integer_value(json_object_get(rep, "deleted")),
				(long long)json_integer_value(json_object_get(rep, "restored")));
		json_decref(rep);
		return 0;
	}
	if (argc != 1 || !meeting)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing ledger import 文件 --meeting 编号 [--dry-run] [--sheet 工作表] [--new]");
	const char *file = argv[0];
	if ((rc = mj_file_read(file, IMPORT_MAX_BYTES, &data, &len)))
		return rc;
	struct mj_sheet_limits lim = {IMPORT_MAX_ROWS + MJ_LEDGER_HEADER_SCAN, MJ_SHEET_MAX_COLS, IMPORT_MAX_CELL,
				      MJ_XLSX_MAX_XML};
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		rc = mj_error_set(MJ_EFORMAT, "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV UTF-8");
	else if (mj_sheet_is_zip(data, len))
		rc = mj_xlsx_read(&sh, data, len, sheet_name, &lim);
	else if (sheet_name)
		rc = mj_error_set(MJ_EUSAGE, "--sheet 只适用于 .xlsx 文件");
	else
		rc = mj_csv_parse(&sh, data, len, &lim);
	free(data);
	if (rc)
		return rc;
	if (sh.n > IMPORT_MAX_ROWS + 1) {
		mj_sheet_free(&sh);
		return mj_error_set(MJ_ETOOBIG, "表格有 %zu 行，超过 %d 行的上限", sh.n, IMPORT_MAX_ROWS);
	}
	struct mj_ledger_import_opts o = {dry, as_new, 1000, file};
	rc = mj_ledger_import(st, actor, meeting, &sh, &o, &rep);
	if (cli->json) {
		json_object_set_new(rep, "dry_run", json_boolean(dry));
		mj_cli_print_json(cli->out, rep);
	} else {
		print_report(cli->out, rep, file, sh.name);
		if (!rc && as_new)
			fputs("（--new：忽略“系统编号”和“状态”列，所有行作为待整改的新条目）\n", cli->out);
		if (!rc && dry)
			fputs("试运行（--dry-run）：未写入数据库\n", cli->out);
		else if (!rc && json_object_get(rep, "import_id"))
			fprintf(cli->out, "已导入（第 %lld 次导入；如需撤销：mingjing ledger import --undo）\n",
				(long long)json_integer_value(json_object_get(rep, "import_id")));
		else if (!rc)
			fputs("没有需要写入的变化\n", cli->out);
	}
	json_decref(rep);
	mj_sheet_free(&sh);
	return rc;
}
