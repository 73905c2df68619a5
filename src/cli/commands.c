/*
 * THE table of commands. Every entry point of the command line is listed here,
 * with its one-line summary and its full help. Keep it sorted by the cycle.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_review.h"

static int cmd_version(mj_cli *cli, int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(cli->out, cli->json ? "{\"version\":\"0.1.0\"}\n" : "mingjing 0.1.0\n");
	return 0;
}

const struct mj_command mj_commands[] = {
	{"review", mj_cmd_review, "审查对照检查材料：抄袭、套话、重复",
	 "用法: mingjing review 文件 --against 文件或目录 [--against …] [--strict]\n"
	 "                      [--json | --html 输出文件] [--tao-list 文件] [--tao-authors N]\n"
	 "  对照比对库检查材料中的抄袭片段（13 字以上相同即计为复制）与套话。\n"
	 "  --strict          严格模式：保证检出与任何文档共有的 13 字以上片段（较慢）\n"
	 "  --html 文件       生成 HTML 报告，抄袭片段标红并与来源并排对照\n"
	 "  --tao-list 文件   追加套话表述（每行一条，# 开头为注释）\n"
	 "  --tao-authors N   至少 N 位作者共有的片段视为套话（默认 5，且不少于作者数的 1%）\n"},
	{"corpus", mj_cmd_corpus, "比对语料库：查重",
	 "用法: mingjing corpus dedup 目录 [--strict] [--json] [--tao-list 文件] [--tao-authors N]\n"
	 "  列出目录中所有含相同片段的文档对，近似重复的排在前面。\n"},
	{"version", cmd_version, "显示版本", "用法: mingjing version\n"},
	{0},
};
