/*
 * `mingjing material …`: the 对照检查材料 commands (parse, render; the store
 * commands add, list, show, diff, draft, to-ledger join the same table).
 */
#ifndef MJ_CMD_MATERIAL_H
#define MJ_CMD_MATERIAL_H
#include "cli/cli.h"

#define MJ_MATERIAL_USAGE                                                              \
	"用法:\n"                                                                          \
	"  mingjing material parse 文件 [--json] [--areas 文件]\n"                         \
	"      解析对照检查材料（.txt/.md/.docx，按内容识别格式），输出提纲；\n"           \
	"      --json 输出完整的文档树；--areas 给出通知中的对照方面（每行一个），\n"     \
	"      用于把“（一）”小节与对照方面对应起来。警告（无法归位的行、\n"            \
	"      替换的无效字符等）输出到标准错误。\n"                                       \
	"  mingjing material render 文件 --to md|txt|html|docx [-o 输出文件]\n"          \
	"      把材料转换为其他格式；docx 按 GB/T 9704 公文格式排版。\n"                  \
	"      不给 -o 时输出到标准输出（docx 必须给 -o）。\n"

/* Dispatches `material SUB …`. Returns 0 or a negative mj_err code
 * (MJ_EUSAGE for an unknown subcommand). */
int mj_cmd_material(mj_cli *cli, int argc, char **argv);

#endif
