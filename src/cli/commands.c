/*
 * THE table of commands. Every entry point of the command line is listed here,
 * with its one-line summary and its full help (NULL help: a generic record
 * command, whose help lists the entity's fields). Ordered by the cycle.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "cli/commands.h"

static int cmd_version(mj_cli *cli, int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(cli->out, cli->json ? "{\"version\":\"0.1.0\"}\n" : "mingjing 0.1.0\n");
	return 0;
}

#define ENTITY_CMD(n) \
	static int cmd_##n(mj_cli *cli, int argc, char **argv) { return mj_cmd_entity(cli, #n, argc, argv); }
ENTITY_CMD(org)
ENTITY_CMD(person)
ENTITY_CMD(team)
ENTITY_CMD(member)
ENTITY_CMD(oversee)
ENTITY_CMD(notice)
ENTITY_CMD(area)
ENTITY_CMD(meeting)
ENTITY_CMD(study)
ENTITY_CMD(opinion)
ENTITY_CMD(talk)
ENTITY_CMD(attendance)
ENTITY_CMD(criticism)
ENTITY_CMD(oversight)
ENTITY_CMD(appraisal)

const struct mj_command mj_commands[] = {
	{"status", mj_cmd_status, "各会议进展：意见、谈话覆盖、材料、出席、期限、台账预警",
	 "用法: mingjing status [--meeting 编号] [--notice 编号]\n"
	 "  不带参数：列出当前年度所有会议的进展概况；--meeting 显示一个会议的详细情况。\n"},
	{"org", cmd_org, "组织（上级党组织、单位、内设部门、支部）", NULL},
	{"person", cmd_person, "人员", NULL},
	{"team", cmd_team, "领导班子 / 党支部", NULL},
	{"member", cmd_member, "班子成员", NULL},
	{"oversee", cmd_oversee, "分管关系（成员分管的部门）", NULL},
	{"notice", cmd_notice, "年度通知（主题、期限）", NULL},
	{"area", cmd_area, "通知的对照方面", NULL},
	{"meeting", cmd_meeting, "民主生活会 / 组织生活会", NULL},
	{"study", cmd_study, "学习研讨", NULL},
	{"opinion", cmd_opinion, "征求意见", NULL},
	{"talk", cmd_talk, "谈心谈话", NULL},
	{"attendance", cmd_attendance, "出席情况", NULL},
	{"criticism", cmd_criticism, "相互批评意见", NULL},
	{"oversight", cmd_oversight, "督导点评", NULL},
	{"appraisal", cmd_appraisal, "民主评议党员（组织生活会）", NULL},
	{"ledger", mj_cmd_ledger, "整改台账：新建、进展、销号、预警", mj_ledger_usage},
	{"export", mj_cmd_export, "导出一个会议的全部数据（JSON）",
	 "用法: mingjing export --meeting 编号 [-o 文件]\n"
	 "  导出会议及其依赖的组织、人员、班子、通知，以及会议的全部记录；可无损导入。\n"},
	{"import", mj_cmd_import, "导入 export 生成的 JSON",
	 "用法: mingjing import 文件\n  全部成功才提交；编号相同且内容一致的记录跳过，不一致则报错且不做任何修改。\n"},
	{"audit", mj_cmd_audit, "审计：校验审计日志与数据是否被改动",
	 "用法: mingjing audit verify\n"
	 "  校验审计日志的摘要链，并逐行比对数据与其最后一条审计记录；发现问题时以非零状态退出并指出第一处。\n"},
	{"demo", mj_cmd_demo, "生成演示数据（一个市的组织部及其所属班子）",
	 "用法: mingjing demo\n  在空数据库中生成确定的演示数据；数据库非空时拒绝执行。\n"},
	{"serve", mj_cmd_serve, "启动网页应用（JSON API 与浏览器界面）", mj_serve_usage},
	{"user", mj_cmd_user, "账号：设置网页登录密码", mj_user_usage},
	{"version", cmd_version, "显示版本", "用法: mingjing version\n"},
	{0},
};
