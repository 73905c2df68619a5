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
	"      不给 -o 时输出到标准输出（docx 必须给 -o）。\n"                          \
	"  mingjing material add --meeting 会议 --member 人员 文件 [--team-material] [--draft]\n" \
	"      由本人上传一个新版本（保存原文件、正文和结构）；班子材料由主要负责人上传。\n" \
	"  mingjing material list --meeting 会议          列出会议的全部材料及状态\n"     \
	"  mingjing material show 材料 [--version N] [--text]  提纲、查摆的问题及其台账条目\n" \
	"  mingjing material diff 材料 版本1 版本2        按问题比较两个版本\n"           \
	"  mingjing material submit 材料                   本人提交审核\n"               \
	"  mingjing material return 材料 --reason 理由 --due YYYY-MM-DD  退回限期重写\n" \
	"  mingjing material approve 材料                  定稿（主要负责人或上级督导）\n" \
	"  mingjing material to-ledger 材料 [--deadline 日期]  把查摆的问题列入整改台账\n" \
	"  mingjing material draft --meeting 会议 --member 人员 [--to md|txt|docx] [-o 文件]\n" \
	"      起草：第一部分如实报告上年度台账中本人问题的整改情况，第二部分按本年度对照方面留空。\n"

/* Dispatches `material SUB …`. Returns 0 or a negative mj_err code
 * (MJ_EUSAGE for an unknown subcommand). */
int mj_cmd_material(mj_cli *cli, int argc, char **argv);

/* The stored side (cmd_material_store.c). */
int mj_material_cmd_add(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_list(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_show(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_diff(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_submit(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_return(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_approve(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_to_ledger(mj_cli *cli, int argc, char **argv);
int mj_material_cmd_draft(mj_cli *cli, int argc, char **argv);

#endif
