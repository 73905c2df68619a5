/*
 * mingjing entry point: global options, then dispatch through mj_commands[].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "store/store.h"
#include "util/err.h"
#include "util/utf8.h"

#define MJ_MAX_ARG_BYTES (1u << 20)

static void usage(FILE *f)
{
	fputs("明镜 mingjing —— 民主生活会 / 组织生活会 全流程管理\n\n"
	      "用法: mingjing [--db 文件] [--json] [--as 人员] <命令> [参数]\n\n命令:\n", f);
	for (const struct mj_command *c = mj_commands; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	fputs("\n全局选项:\n"
	      "  --db 文件     数据库（默认 $MINGJING_DB，否则 ./mingjing.db）；或 PostgreSQL 地址 postgresql://…\n"
	      "  --json        以 JSON 输出，供脚本使用\n"
	      "  --as 人员     以该人员身份操作（姓名或编号，记入审计日志）\n"
	      "  --help        显示帮助；每个命令都支持 `mingjing <命令> --help`\n", f);
}

int mj_cli_store(mj_cli *cli, struct mj_store **out)
{
	if (!cli->store) {
		int rc = mj_store_open(&cli->store, cli->db_path);
		if (rc)
			return rc;
	}
	*out = cli->store;
	return 0;
}

int main(int argc, char **argv)
{
	mj_cli cli = {0};
	cli.out = stdout;
	int rc = 0;
	int n = argc - 1;
	char **args = argv + 1;

	for (int i = 0; i < n; i++) {
		size_t len = strlen(args[i]);
		if (len > MJ_MAX_ARG_BYTES || !mj_utf8_valid(args[i], len)) {
			fprintf(stderr, "错误：第 %d 个参数不是有效的 UTF-8 文本或过长\n", i + 1);
			return 2;
		}
	}
	cli.db_path = mj_opt(&n, args, "--db", &rc);
	cli.as = mj_opt(&n, args, "--as", &rc);
	cli.json = mj_flag(&n, args, "--json");
	if (rc)
		goto done;
	if (!cli.db_path)
		cli.db_path = getenv("MINGJING_DB");
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "mingjing.db";

	if (n == 0 || strcmp(args[0], "--help") == 0 || strcmp(args[0], "-h") == 0 ||
	    strcmp(args[0], "help") == 0) {
		usage(n == 0 ? stderr : stdout);
		return n == 0 ? 2 : 0;
	}
	const struct mj_command *cmd = NULL;
	for (const struct mj_command *c = mj_commands; c->name; c++)
		if (strcmp(c->name, args[0]) == 0)
			cmd = c;
	if (!cmd) {
		fprintf(stderr, "错误：未知命令“%s”（用 mingjing --help 查看全部命令）\n", args[0]);
		return 2;
	}
	if (!cmd->usage) {
		for (int i = 1; i < n; i++)
			if (strcmp(args[i], "--help") == 0 || strcmp(args[i], "-h") == 0) {
				mj_cli_entity_help(stdout, cmd->name);
				return 0;
			}
	} else if (mj_want_help(n - 1, args + 1, cmd->usage))
		return 0;
	mj_error_clear();
	rc = cmd->fn(&cli, n - 1, args + 1);
done:
	if (cli.store)
		mj_store_close(cli.store);
	if (rc) {
		fprintf(stderr, "错误：%s\n", mj_error_msg());
		return mj_exit_code(rc);
	}
	return 0;
}
