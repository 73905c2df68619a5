/*
 * The stored side of `mingjing material`: add a version, list, show, diff two
 * versions, review actions (submit / return / approve), turn problems into
 * ledger items, and write a draft whose section 一 reports last year's ledger.
 * Rows of the subcommand table in cmd_material.c point here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_entity.h"
#include "cli/cmd_material.h"
#include "core/material.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/utf8.h"

static int want_id(const char *what, const char *s, long long *out)
{
	char *end;
	if (!s)
		return mj_error_set(MJ_EUSAGE, "缺少%s", what);
	*out = strtoll(s, &end, 10);
	if (*end || *out <= 0 || strlen(s) > 18)
		return mj_error_set(MJ_EINVAL, "%s“%.40s”无效，应为正整数", what, s);
	return 0;
}

static int open_as(mj_cli *cli, mj_store **st, mj_actor *a)
{
	int rc = mj_cli_store(cli, st);
	return rc ? rc : mj_store_actor(*st, cli->as, a);
}

/* A person given by id or unique name (as --as accepts). */
static int person_id(mj_store *st, const char *s, long long *out)
{
	mj_actor p;
	*out = 0;
	if (!s)
		return mj_error_set(MJ_EUSAGE, "缺少 --member 人员");
	int rc = mj_store_actor(st, s, &p);
	*out = p.person_id;
	return rc;
}

int mj_material_cmd_add(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *meeting = mj_opt(&argc, argv, "--meeting", &rc);
	const char *member = mj_opt(&argc, argv, "--member", &rc);
	int team = mj_flag(&argc, argv, "--team-material");
	int draft = mj_flag(&argc, argv, "--draft");
	mj_store *st;
	mj_actor a;
	long long mid, pid = 0, material;
	int version;
	size_t replaced = 0, len;
	char *data = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material add --meeting 会议 --member 人员 文件 [--team-material] [--draft]");
	if ((rc = want_id("会议编号", meeting, &mid)) || (rc = open_as(cli, &st, &a)) || (rc = person_id(st, member, &pid)))
		return rc;
	if ((rc = mj_file_read(argv[0], MJ_MATERIAL_MAX_FILE, &data, &len)))
		return rc;
	const char *base = strrchr(argv[0], '/');
	rc = mj_material_add(st, &a, mid, pid, team ? "team" : "member", base ? base + 1 : argv[0], data, len, draft,
			     &material, &version, &replaced);
	free(data);
	if (rc)
		return rc;
	if (replaced)
		fprintf(stderr, "警告：文件中有 %zu 处无效的 UTF-8 字符，已替换为 U+FFFD\n", replaced);
	if (cli->json)
		fprintf(cli->out, "{\"material_id\": %lld, \"version\": %d}\n", material, version);
	else
		fprintf(cli->out, "已保存材料 %lld 的第 %d 版%s\n", material, version, draft ? "（草稿）" : "，状态：已提交");
	return 0;
}

int mj_material_cmd_list(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *meeting = mj_opt(&argc, argv, "--meeting", &rc);
	mj_store *st;
	long long mid;
	json_t *rows = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc || (rc = want_id("会议编号（--meeting）", meeting, &mid)) || (rc = mj_cli_store(cli, &st)))
		return rc ? rc : mj_error_set(MJ_EUSAGE, "用法: mingjing material list --meeting 会议");
	if ((rc = mj_material_list(st, mid, 0, &rows)))
		return rc;
	if (cli->json)
		mj_cli_print_json(cli->out, rows);
	else {
		const struct mj_entity *e = mj_entity_find("material");
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			fprintf(cli->out, "%5lld  %s  %s  %s  第 %lld 版", (long long)json_integer_value(json_object_get(r, "id")),
				json_string_value(json_object_get(r, "name")),
				mj_enum_label(mj_entity_field(e, "kind"), json_string_value(json_object_get(r, "kind"))),
				mj_enum_label(mj_entity_field(e, "state"), json_string_value(json_object_get(r, "state"))),
				(long long)json_integer_value(json_object_get(r, "current_version")));
			if (json_string_value(json_object_get(r, "rewrite_due")))
				fprintf(cli->out, "  重写期限 %s", json_string_value(json_object_get(r, "rewrite_due")));
			fputc('\n', cli->out);
		}
		fprintf(cli->out, "共 %zu 份材料\n", json_array_size(rows));
	}
	json_decref(rows);
	return 0;
}

int mj_material_cmd_show(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *ver = mj_opt(&argc, argv, "--version", &rc);
	int text = mj_flag(&argc, argv, "--text");
	mj_store *st;
	long long id, v = 0;
	json_t *row = NULL, *vrow = NULL, *probs = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material show 材料编号 [--version N] [--text]");
	if ((rc = want_id("材料编号", argv[0], &id)) || (ver && (rc = want_id("版本", ver, &v))) || (rc = mj_cli_store(cli, &st)))
		return rc;
	if ((rc = mj_entity_get(st, mj_entity_find("material"), id, &row)))
		return rc;
	if (json_integer_value(json_object_get(row, "current_version")) == 0) {
		if (cli->json)
			mj_cli_print_json(cli->out, row);
		else
			mj_cli_print_row(cli->out, mj_entity_find("material"), row);
		json_decref(row);
		return 0;
	}
	if ((rc = mj_material_version(st, id, (int)v, &vrow)) || (rc = mj_material_problems(st, id, (int)v, &probs)))
		goto cleanup;
	if (cli->json) {
		json_object_set(row, "version", vrow);
		json_object_set(row, "problems", probs);
		mj_cli_print_json(cli->out, row);
	} else if (text) {
		fputs(json_string_value(json_object_get(vrow, "text")), cli->out);
	} else {
		mj_cli_print_row(cli->out, mj_entity_find("material"), row);
		fprintf(cli->out, "  显示版本：第 %lld 版（%s，%s 提交）\n  查摆的问题：\n",
			(long long)json_integer_value(json_object_get(vrow, "version")),
			json_string_value(json_object_get(vrow, "filename")) ? json_string_value(json_object_get(vrow, "filename")) : "-",
			json_string_value(json_object_get(vrow, "added_on")) ? json_string_value(json_object_get(vrow, "added_on")) : "-");
		size_t i;
		json_t *p;
		json_array_foreach(probs, i, p) {
			fprintf(cli->out, "    %zu. ", i + 1);
			mj_cli_print_value(cli->out, NULL, json_object_get(p, "headline"), 40);
			if (json_is_integer(json_object_get(p, "item_id")))
				fprintf(cli->out, "  → 台账 %lld", (long long)json_integer_value(json_object_get(p, "item_id")));
			fputc('\n', cli->out);
		}
	}
cleanup:
	json_decref(row);
	json_decref(vrow);
	json_decref(probs);
	return rc;
}

int mj_material_cmd_diff(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	long long id, v1, v2;
	json_t *d = NULL;
	int rc = mj_args_done(argc, argv);
	if (rc)
		return rc;
	if (argc != 3)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material diff 材料编号 版本1 版本2");
	if ((rc = want_id("材料编号", argv[0], &id)) || (rc = want_id("版本", argv[1], &v1)) ||
	    (rc = want_id("版本", argv[2], &v2)) || (rc = mj_cli_store(cli, &st)) ||
	    (rc = mj_material_diff(st, id, (int)v1, (int)v2, &d)))
		return rc;
	if (cli->json)
		mj_cli_print_json(cli->out, d);
	else {
		static const char *const parts[] = {"added", "新增问题", "removed", "删去问题", "changed", "改写问题", "unchanged", "未变问题"};
		fprintf(cli->out, "材料 %lld：第 %lld 版 → 第 %lld 版\n", id, v1, v2);
		for (int k = 0; k < 8; k += 2) {
			json_t *arr = json_object_get(d, parts[k]);
			fprintf(cli->out, "  %s（%zu）\n", parts[k + 1], json_array_size(arr));
			if (k == 6)
				continue;
			size_t i;
			json_t *h;
			json_array_foreach(arr, i, h) {
				fputs(k == 0 ? "    + " : k == 2 ? "    - " : "    ~ ", cli->out);
				mj_cli_print_value(cli->out, NULL, h, 50);
				fputc('\n', cli->out);
			}
		}
	}
	json_decref(d);
	return 0;
}

static int review_action(mj_cli *cli, int argc, char **argv, const char *action)
{
	int rc = 0;
	const char *reason = mj_opt(&argc, argv, "--reason", &rc);
	const char *due = mj_opt(&argc, argv, "--due", &rc);
	mj_store *st;
	mj_actor a;
	long long id;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material %s 材料编号%s", action,
				    action[0] == 'r' ? " --reason 理由 --due YYYY-MM-DD" : "");
	if (reason && (rc = mj_utf8_check("退回理由", reason, MJ_LEN_TEXT)))
		return rc;
	if ((rc = want_id("材料编号", argv[0], &id)) || (rc = open_as(cli, &st, &a)) ||
	    (rc = mj_material_review_action(st, &a, id, action, reason, due)))
		return rc;
	if (!cli->json)
		fprintf(cli->out, "材料 %lld：%s\n", id,
			action[0] == 's' ? "已提交审核" : action[0] == 'r' ? "已退回重写" : "已定稿");
	return 0;
}

int mj_material_cmd_submit(mj_cli *cli, int argc, char **argv) { return review_action(cli, argc, argv, "submit"); }
int mj_material_cmd_return(mj_cli *cli, int argc, char **argv) { return review_action(cli, argc, argv, "return"); }
int mj_material_cmd_approve(mj_cli *cli, int argc, char **argv) { return review_action(cli, argc, argv, "approve"); }

int mj_material_cmd_to_ledger(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *deadline = mj_opt(&argc, argv, "--deadline", &rc);
	mj_store *st;
	mj_actor a;
	long long id, created, kept;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material to-ledger 材料编号 [--deadline YYYY-MM-DD]");
	if ((rc = want_id("材料编号", argv[0], &id)) || (rc = open_as(cli, &st, &a)) ||
	    (rc = mj_material_to_ledger(st, &a, id, deadline, &created, &kept)))
		return rc;
	if (cli->json)
		fprintf(cli->out, "{\"created\": %lld, \"already_linked\": %lld}\n", created, kept);
	else
		fprintf(cli->out, "已把 %lld 个问题列入整改台账（%lld 个此前已列入）\n", created, kept);
	return 0;
}

int mj_material_cmd_draft(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *meeting = mj_opt(&argc, argv, "--meeting", &rc);
	const char *member = mj_opt(&argc, argv, "--member", &rc);
	const char *to = mj_opt(&argc, argv, "--to", &rc);
	const char *outp = mj_opt(&argc, argv, "-o", &rc);
	mj_store *st;
	long long mid, pid = 0;
	mj_buf text = MJ_BUF_INIT, rendered = MJ_BUF_INIT;
	mj_material *m = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing material draft --meeting 会议 --member 人员 [--to md|txt|docx] [-o 文件]");
	if ((rc = want_id("会议编号", meeting, &mid)) || (rc = mj_cli_store(cli, &st)) || (rc = person_id(st, member, &pid)))
		return rc;
	mj_doc_format fmt = MJ_DOC_MD;
	if (to && strcmp(to, "txt") == 0)
		fmt = MJ_DOC_TXT;
	else if (to && strcmp(to, "docx") == 0)
		fmt = MJ_DOC_DOCX;
	else if (to && strcmp(to, "md") != 0)
		return mj_error_set(MJ_EUSAGE, "--to 只能是 md、txt 或 docx");
	if (fmt == MJ_DOC_DOCX && !outp)
		return mj_error_set(MJ_EUSAGE, "输出 docx 时必须用 -o 指定文件");
	if ((rc = mj_material_draft(st, mid, pid, &text)))
		goto cleanup;
	if (fmt == MJ_DOC_MD) {
		rc = mj_file_write(outp ? outp : "-", text.ptr, text.len);
		goto cleanup;
	}
	if ((rc = mj_material_parse_for_meeting(st, mid, text.ptr, text.len, &m)) ||
	    (rc = mj_material_render(&rendered, m, fmt)))
		goto cleanup;
	rc = mj_file_write(outp ? outp : "-", rendered.ptr ? rendered.ptr : "", rendered.len);
cleanup:
	mj_material_free(m);
	mj_buf_free(&text);
	mj_buf_free(&rendered);
	return rc;
}
