/*
 * THE table of commands. Every entry point of the command line is listed here,
 * with its one-line summary and its full help (NULL help: a generic record
 * command, whose help lists the entity's fields). Ordered by the cycle.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "cli/cmd_material.h"
#include "cli/cmd_review.h"
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
	 "用法: mingjing status [--meeting 编号] [--year 年度]\n"
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
	{"material", mj_cmd_material, "对照检查材料：解析、转换、存储、比对、起草", MJ_MATERIAL_USAGE},
	{"review", mj_cmd_review, "审查对照检查材料：抄袭、套话、重复",
	 "用法: mingjing review --material 材料编号 [--corpus 名称] [--strict] [--json | --html 输出文件]\n"
	 "      mingjing review --meeting 会议编号 [--corpus 名称] [--strict] [--json]\n"
	 "      mingjing review 文件 --against 文件或目录 [--against …] [--strict]\n"
	 "                      [--json | --html 输出文件] [--tao-list 文件] [--tao-authors N]\n"
	 "  内容审查：对照方面是否齐全、问题是否有整改措施和时限、第一部分是否如实报告上年度台账、\n"
	 "  问题和原因的篇幅占比、问题是否具体（见人见事见思想）、是否与往年问题重复。\n"
	 "  抄袭与套话：对照数据库中全部材料和 corpus add 加入的比对库（或 --against 给出的文件），\n"
	 "  检出抄袭片段（13 字以上相同即计为复制）并注明来源；多人共有的套话单独统计，不计为抄袭。\n"
	 "  --corpus 名称     只比对该比对库（以及数据库中的材料）\n"
	 "  --strict          严格模式：保证检出与任何文档共有的 13 字以上片段（较慢）\n"
	 "  --html 文件       生成 HTML 报告，抄袭片段标红并与来源并排对照\n"
	 "  --tao-list 文件   追加套话表述（每行一条，# 开头为注释）\n"
	 "  --tao-authors N   至少 N 位作者共有的片段视为套话（默认 5，且不少于作者数的 1%）\n"},
	{"corpus", mj_cmd_corpus, "比对语料库：查重",
	 "用法: mingjing corpus add 名称 文件或目录 …   加入比对库（如收集的范文、模板）\n"
	 "      mingjing corpus list                     列出比对库\n"
	 "      mingjing corpus dedup 目录 [--strict] [--json] [--tao-list 文件] [--tao-authors N]\n"
	 "  列出目录中所有含相同片段的文档对，近似重复的排在前面。\n"},
	{"ledger", mj_cmd_ledger, "整改台账：新建、进展、销号、预警", mj_ledger_usage},
	{"remind", mj_cmd_remind, "提醒：每人的整改到期、逾期事项和方案/报告报送期限（供 cron 调用）",
	 "用法: mingjing remind [--days N] [--out 目录] [--today YYYY-MM-DD] [--person 人员编号]\n"
	 "  按人（责任人、责任领导；方案和报告：班子秘书、主要负责人）汇总：N 天内到期（默认取通知的预警天数，\n"
	 "  未设时 3 天）和已逾期的未完成整改事项，以及未报送的方案、会后情况报告。\n"
	 "  不带 --out 时按人输出文本；--out 目录：每人写 <编号>-<姓名>.txt 和 .html。\n"
	 "  --today 指定“今天”（也可用环境变量 MINGJING_TODAY）。\n"},
	{"report", mj_cmd_report, "向上级报告：会议召开情况报告（含附件）、通知下各班子汇总、统计图", mj_report_usage},
	{"export", mj_cmd_export, "导出一个会议的全部数据（JSON）",
	 "用法: mingjing export --meeting 编号 [-o 文件]\n"
	 "  导出会议及其依赖的组织、人员、班子、通知，以及会议的全部记录；可无损导入。\n"},
	{"import", mj_cmd_import, "导入 export 生成的 JSON",
	 "用法: mingjing import 文件\n  全部成功才提交；编号相同且内容一致的记录跳过，不一致则报错且不做任何修改。\n"},
	{"audit", mj_cmd_audit, "审计：校验审计日志与数据是否被改动",
	 "用法: mingjing audit verify\n"
	 "  校验审计日志的摘要链，并逐行比对数据与其最后一条审计记录；发现问题时以非零状态退出并指出第一处。\n"},
	{"backup", mj_cmd_backup, "在线备份数据库（服务运行中也一致）",
	 "用法: mingjing backup 备份文件\n  用 SQLite 在线备份接口生成一致的副本；文件已存在时拒绝。\n"},
	{"restore", mj_cmd_restore, "从备份恢复数据库",
	 "用法: mingjing restore 备份文件 [--force]\n  先校验备份的审计链，通过后整体替换当前数据库；当前数据库非空时需要 --force。\n"},
	{"migrate", mj_cmd_migrate, "迁移整个数据库（如 SQLite → PostgreSQL），审计链原样保留", mj_migrate_usage},
	{"demo", mj_cmd_demo, "生成演示数据（一个市的组织部及其所属班子）",
	 "用法: mingjing demo [--teams N]\n  在空数据库中生成确定的演示数据；数据库非空时拒绝执行。\n"
	 "  --teams N  领导班子个数（14 到 574，默认 14）：超过 14 个时在各区县生成同样的单位，用于压力测试。\n"},
	{"serve", mj_cmd_serve, "启动网页应用（JSON API 与浏览器界面）", mj_serve_usage},
	{"user", mj_cmd_user, "账号：设置网页登录密码", mj_user_usage},
	{"version", cmd_version, "显示版本", "用法: mingjing version\n"},
	{0},
};
