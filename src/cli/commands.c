/*
 * THE table of commands. Every entry point of the command line is listed here,
 * with its one-line summary and its full help. Keep it sorted by the cycle.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_material.h"

static int cmd_version(mj_cli *cli, int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(cli->out, cli->json ? "{\"version\":\"0.1.0\"}\n" : "mingjing 0.1.0\n");
	return 0;
}

const struct mj_command mj_commands[] = {
	{"version", cmd_version, "显示版本", "用法: mingjing version\n"},
	{"material", mj_cmd_material, "对照检查材料：解析、转换、存储、比对、起草", MJ_MATERIAL_USAGE},
	{0},
};
