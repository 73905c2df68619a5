/*
 * Unit tests for the content checks of the material review
 * (core/review_checks.h): the entry lists, completeness (areas, sections,
 * 有关情况说明, measures and their deadlines, last year's ledger, the
 * problem share), specificity (stock phrases), repetition over three years
 * and the JSON/text renderings, on fixtures written for these tests; then
 * the real seed material from $MJ_SEED_DIR (skipped when absent), whose
 * report is printed for the reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "core/review_checks.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

#include "unit/seed.h"

static const char *const areas3[] = {"在加强政治建设、提高政治能力方面", "在履职尽责、推动发展方面",
				     "在落实全面从严治党责任方面"};

/* ---- fixtures ---- */

#define HEAD "李明同志2025年度民主生活会对照检查材料\n\n按照通知要求，结合分管工作，现报告如下。\n\n"

#define PRIOR                                                                                            \
	"一、上年度整改落实情况及有关情况说明\n\n（一）上年度整改落实情况\n\n"                           \
	"去年查摆的3个问题已整改2个。一是基层调研次数偏少的问题，今年到乡镇调研18次。"                  \
	"二是审批窗口排队时间长的问题，已推行网上预约。三是干部培训覆盖面窄的问题，正在整改。\n\n" \
	"（二）有关情况说明\n\n本人已如实报告个人有关事项，本年度未收到信访举报，未被约谈函询。\n\n"

#define PROBLEM_A0                                                                             \
	"（一）在加强政治建设、提高政治能力方面\n\n"                                            \
	"一是对新修订条例学习不及时。今年3月印发的新条例，到6月局党组才组织集中学习，"          \
	"中间拖了3个月，分管的两个科室也跟着拖了下来，学习笔记只有两页。"                          \
	"二是传达上级会议精神走样。5月传达全市营商环境大会精神时，只念了文件标题和要点，"          \
	"没有结合开发区项目审批慢的实际提出具体要求，会后也没有跟踪各科室的落实情况。\n\n"

#define PROBLEM_A1                                                                             \
	"（二）在履职尽责、推动发展方面\n\n"                                                    \
	"一是重点项目推进迟缓。城东污水处理厂项目计划8月开工，因征地协调不力拖到11月，"          \
	"我作为分管领导只召开过一次协调会，没有到现场解决拆迁户的补偿分歧。"                        \
	"二是企业诉求办理拖沓。上半年收到企业反映的诉求26件，超过时限办结的有9件，"                \
	"其中物流园区用电增容一事拖了两个多月，企业负责人三次到局里反映。\n\n"

#define PROBLEM_A2                                                                             \
	"（三）在落实全面从严治党责任方面\n\n"                                                  \
	"一是对分管科室的监督不到位。审计发现市场科2024年有4笔差旅费报销手续不全，"              \
	"我在签批时只看金额没有看附件，把关不严。"                                                  \
	"二是谈心谈话流于形式。与分管科室负责人的谈话全年只有两次，谈的都是业务，"                  \
	"对个别干部上班时间炒股的苗头没有及时提醒。\n\n"

#define CAUSES                                                                             \
	"三、原因剖析\n\n"                                                                  \
	"一是理论学习的自觉性减弱。把学习当成软任务，工作一忙就往后放，没有做到学深悟透。"  \
	"二是宗旨观念有所淡化。习惯于坐在办公室听汇报，对企业和群众的急难愁盼感受不深。"    \
	"三是管党治党的责任压得不实。重业务轻党建，认为监督是纪检部门的事。\n\n"

#define MEASURES                                                                          \
	"四、整改举措\n\n"                                                                  \
	"（一）加强政治建设\n\n"                                                           \
	"1. 建立新规定学习台账，文件印发后一个月内组织集中学习，2025年6月底前完成。\n\n"   \
	"（二）推动履职尽责\n\n"                                                           \
	"1. 对分管的重点项目实行周调度，污水处理厂项目年底前完成主体工程。\n\n"             \
	"（三）落实管党治党责任\n\n"                                                       \
	"1. 每季度听取一次分管科室党风廉政情况汇报，报销签批逐单查看附件，长期坚持。\n"

static const char *const complete_material = HEAD PRIOR "二、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A1
	PROBLEM_A2 CAUSES MEASURES;

static const mj_check_ledger_item ledger3[] = {
	{101, "基层调研次数偏少", MJ_ITEM_DONE},
	{102, "审批窗口排队时间长", MJ_ITEM_CLOSED},
	{103, "干部培训覆盖面窄", MJ_ITEM_DOING},
};

/* ---- helpers ---- */

static const mj_check_finding *find_code_item(const mj_check_report *r, long long item)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->findings[i].code, "ledger_item_unreported") == 0 && r->findings[i].item_id == item)
			return &r->findings[i];
	return NULL;
}

static mj_material *parse_areas(const char *s, const char *const *areas, size_t nareas)
{
	mj_material_opts o = {areas, nareas};
	mj_material *m = NULL;
	if (mj_material_parse(&m, s, strlen(s), &o) != 0)
		fail_msg("parse failed: %s", mj_error_msg());
	return m;
}

static size_t count_code(const mj_check_report *r, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += strcmp(r->findings[i].code, code) == 0;
	return n;
}

static const mj_check_finding *find_code(const mj_check_report *r, const char *code, size_t nth)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->findings[i].code, code) == 0 && nth-- == 0)
			return &r->findings[i];
	fail_msg("no finding %s", code);
	return NULL;
}

static void dump(const mj_check_report *r)
{
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_check_report_text(&b, r), 0);
	fputs(mj_buf_cstr(&b), stdout);
	mj_buf_free(&b);
}

/* ---- entries ---- */

static void entries_of_complete_material(void **state)
{
	(void)state;
	mj_material *m = parse_areas(complete_material, NULL, 0);
	mj_check_entries e;
	assert_int_equal(mj_check_entries_list(&e, m, MJ_SECTION_PROBLEMS, areas3, 3), 0);
	assert_int_equal(e.n, 6);
	assert_int_equal(e.v[0].area_index, 0);
	assert_int_equal(e.v[0].sub_index, 0);
	assert_string_equal(e.v[0].headline, "对新修订条例学习不及时。");
	assert_true(strncmp(e.v[0].text, "对新修订条例学习不及时。今年3月", strlen("对新修订条例学习不及时。今年3月")) == 0);
	assert_int_equal(e.v[0].line, 19);
	assert_int_equal(e.v[2].area_index, 1);
	assert_int_equal(e.v[2].line, 23);
	assert_int_equal(e.v[5].area_index, 2);
	assert_int_equal(e.v[5].sub_index, 2);
	assert_string_equal(e.v[5].headline, "谈心谈话流于形式。");
	mj_check_entries_free(&e);

	assert_int_equal(mj_check_entries_list(&e, m, MJ_SECTION_CAUSES, NULL, 0), 0);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.v[1].sub_index, -1);
	assert_string_equal(e.v[1].headline, "宗旨观念有所淡化。");
	mj_check_entries_free(&e);

	assert_int_equal(mj_check_entries_list(&e, m, MJ_SECTION_MEASURES, areas3, 3), 0);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.v[2].area_index, 2);
	assert_int_equal(e.v[2].line, 45);
	mj_check_entries_free(&e);
	mj_material_free(m);
}

static void entries_paragraphs_when_no_items(void **state)
{
	(void)state;
	mj_material *m = parse_areas("标题\n\n一、查摆问题\n\n（一）在学习方面\n\n学得不深，浮在面上。\n\n用得不活。\n\n"
				     "（二）在作风方面\n\n总的看还有差距。一是下基层少。二是开会多。\n",
				     NULL, 0);
	mj_check_entries e;
	assert_int_equal(mj_check_entries_list(&e, m, MJ_SECTION_PROBLEMS, NULL, 0), 0);
	assert_int_equal(e.n, 4);
	assert_string_equal(e.v[0].text, "学得不深，浮在面上。");
	assert_int_equal(e.v[1].line, 9);
	assert_string_equal(e.v[2].headline, "下基层少。"); /* the introduction is not a problem */
	assert_int_equal(e.v[3].sub_index, 1);
	assert_int_equal(e.v[3].area_index, -1);
	mj_check_entries_free(&e);
	assert_int_equal(mj_check_entries_list(&e, NULL, MJ_SECTION_PROBLEMS, NULL, 0), MJ_EINVAL);
	mj_check_entries_free(&e);
	mj_material_free(m);
}

/* ---- completeness ---- */

static void complete_material_has_no_errors(void **state)
{
	(void)state;
	mj_material *m = parse_areas(complete_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger3, 3, NULL), 0);
	assert_int_equal(mj_check_report_count(&r, MJ_CHECK_ERROR), 0);
	assert_int_equal(mj_check_report_count(&r, MJ_CHECK_WARNING), 0);
	assert_int_equal(r.n_problems, 6);
	assert_int_equal(r.n_causes, 3);
	assert_int_equal(r.n_measures, 3);
	assert_int_equal(r.n_areas_covered, 3);
	assert_int_equal(r.n_ledger_unreported, 0);
	assert_true(r.share_percent >= 50);
	assert_int_equal(mj_check_specificity(&r, m, NULL, 0), 0);
	assert_int_equal(r.n_generic, 0);
	assert_int_equal(r.specificity_percent, 100);
	assert_int_equal(r.n, 0);
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_check_report_text(&b, &r), 0);
	assert_non_null(strstr(mj_buf_cstr(&b), "对照方面3个，已查摆3个"));
	assert_non_null(strstr(mj_buf_cstr(&b), "未发现问题"));
	mj_buf_free(&b);
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void missing_area_is_named(void **state)
{
	(void)state;
	const char *s = HEAD PRIOR "二、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A2 CAUSES MEASURES;
	mj_material *m = parse_areas(s, NULL, 0); /* the check matches by heading itself */
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, NULL, 0, NULL), 0);
	assert_int_equal(count_code(&r, "area_missing"), 1);
	const mj_check_finding *f = find_code(&r, "area_missing", 0);
	assert_int_equal(f->area_index, 1);
	assert_int_equal(f->severity, MJ_CHECK_ERROR);
	assert_int_equal(f->line, 15); /* the problems section */
	assert_non_null(strstr(f->message, "在履职尽责、推动发展方面"));
	assert_int_equal(r.n_areas_covered, 2);
	assert_int_equal(mj_check_report_count(&r, MJ_CHECK_ERROR), 1);
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void problems_without_measures(void **state)
{
	(void)state;
	/* flat measures: two problems are taken up by name, the others not */
	const char *s = HEAD PRIOR "二、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A1 PROBLEM_A2 CAUSES
		"四、整改举措\n\n"
		"一是新修订条例印发后一个月内组织集中学习，2025年6月底前完成。"
		"二是企业诉求办理实行限时办结，超期的逐件通报，长期坚持。"
		"三是加强对干部的日常教育。\n";
	mj_material *m = parse_areas(s, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, NULL, 0, NULL), 0);
	assert_int_equal(r.n_measures, 3);
	assert_int_equal(r.n_problems_without_measure, 4);
	assert_int_equal(count_code(&r, "problem_no_measure"), 4);
	assert_string_equal(find_code(&r, "problem_no_measure", 0)->subject, "传达上级会议精神走样。");
	assert_int_equal(find_code(&r, "problem_no_measure", 0)->line, 19);
	assert_string_equal(find_code(&r, "problem_no_measure", 1)->subject, "重点项目推进迟缓。");
	assert_int_equal(find_code(&r, "problem_no_measure", 1)->area_index, 1);
	assert_string_equal(find_code(&r, "problem_no_measure", 3)->subject, "谈心谈话流于形式。");
	/* the third measure has no deadline */
	assert_int_equal(count_code(&r, "measure_no_deadline"), 1);
	assert_string_equal(find_code(&r, "measure_no_deadline", 0)->subject, "加强对干部的日常教育。");
	assert_int_equal(find_code(&r, "measure_no_deadline", 0)->line, 35);
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void no_measures_section(void **state)
{
	(void)state;
	const char *s = HEAD PRIOR "二、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A1 PROBLEM_A2 CAUSES;
	mj_material *m = parse_areas(s, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, NULL, 0, NULL), 0);
	assert_int_equal(count_code(&r, "no_measures_section"), 1);
	assert_int_equal(mj_check_report_count(&r, MJ_CHECK_ERROR), 1);
	assert_int_equal(r.n_measures, 0);
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void no_situation_note(void **state)
{
	(void)state;
	const char *s = HEAD "一、上年度整改落实情况\n\n"
			     "去年查摆的3个问题已整改2个。一是基层调研次数偏少的问题，今年到乡镇调研18次。"
			     "二是审批窗口排队时间长的问题，已推行网上预约。三是干部培训覆盖面窄的问题，正在整改。\n\n"
			     "二、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A1 PROBLEM_A2 CAUSES MEASURES;
	mj_material *m = parse_areas(s, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger3, 3, NULL), 0);
	assert_int_equal(count_code(&r, "no_situation_note"), 1);
	assert_int_equal(count_code(&r, "no_prior_section"), 0);
	assert_int_equal(mj_check_report_count(&r, MJ_CHECK_ERROR), 1);
	mj_check_report_free(&r);

	/* and with no section 一 at all: both */
	const char *t = HEAD "一、查摆的问题\n\n" PROBLEM_A0 PROBLEM_A1 PROBLEM_A2 CAUSES MEASURES;
	mj_material *m2 = parse_areas(t, areas3, 3);
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m2, areas3, 3, NULL, 0, NULL), 0);
	assert_int_equal(count_code(&r, "no_prior_section"), 1);
	assert_int_equal(count_code(&r, "no_situation_note"), 1);
	mj_check_report_free(&r);
	mj_check_opts o = {0, 0, 0, MJ_CHECK_NO_PRIOR_REQUIRED};
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m2, areas3, 3, NULL, 0, &o), 0);
	assert_int_equal(count_code(&r, "no_prior_section"), 0);
	mj_check_report_free(&r);
	mj_material_free(m2);
	mj_material_free(m);
}

static void low_problem_share(void **state)
{
	(void)state;
	const char *s = HEAD PRIOR
		"二、查摆的问题\n\n"
		"（一）在加强政治建设、提高政治能力方面\n\n一是今年3月的新条例拖到6月才学。\n\n"
		"（二）在履职尽责、推动发展方面\n\n一是污水处理厂项目拖后3个月。\n\n"
		"（三）在落实全面从严治党责任方面\n\n一是4笔差旅费报销把关不严。\n\n"
		"三、原因剖析\n\n一是学习自觉性减弱。\n\n"
		"四、整改举措\n\n"
		"（一）加强政治建设\n\n1. 建立新规定学习台账，文件印发后一个月内组织集中学习，做到第一时间传达、第一时间"
		"研究、第一时间部署，每次学习都要有记录、有讨论、有体会，学习情况纳入年度述职，2025年6月底前完成。\n\n"
		"（二）推动履职尽责\n\n1. 对分管的重点项目实行周调度，建立问题清单、责任清单、时限清单，"
		"每周到现场一次，协调解决征地拆迁和资金保障的难题，污水处理厂项目年底前完成主体工程。\n\n"
		"（三）落实管党治党责任\n\n1. 每季度听取一次分管科室党风廉政情况汇报，报销签批逐单查看附件，"
		"对发现的问题及时提醒、及时纠正，发现一起处理一起，长期坚持。\n";
	mj_material *m = parse_areas(s, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, NULL, 0, NULL), 0);
	assert_int_equal(count_code(&r, "problem_share_low"), 1);
	const mj_check_finding *f = find_code(&r, "problem_share_low", 0);
	assert_int_equal(f->severity, MJ_CHECK_WARNING);
	assert_int_equal(f->line, 15);
	assert_true(r.share_percent < 30);
	assert_true(r.chars_problems_causes > 0 && r.chars_problems_causes < r.chars_total);
	char want[64];
	snprintf(want, sizeof want, "只占全文的%d%%", r.share_percent);
	assert_non_null(strstr(f->message, want));
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void prior_misses_ledger_item(void **state)
{
	(void)state;
	mj_check_ledger_item ledger[4];
	memcpy(ledger, ledger3, sizeof ledger3);
	ledger[3] = (mj_check_ledger_item){104, "机关食堂浪费现象较多", MJ_ITEM_TODO};
	mj_material *m = parse_areas(complete_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger, 4, NULL), 0);
	assert_int_equal(r.n_ledger_items, 4);
	assert_int_equal(r.n_ledger_unreported, 1);
	const mj_check_finding *f = find_code(&r, "ledger_item_unreported", 0);
	assert_int_equal(f->item_id, 104);
	assert_int_equal(f->line, 5);
	assert_non_null(strstr(f->message, "第104项"));
	assert_non_null(strstr(f->message, "待整改"));
	/* a NULL problem text is refused */
	ledger[0].problem = NULL;
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger, 4, NULL), MJ_EINVAL);
	mj_check_report_free(&r);
	mj_material_free(m);
}

/* A ledger problem is usually "headline。detail"; section 一 quoting only the
 * headline has reported it, a different headline has not. */
static void prior_quotes_ledger_headline(void **state)
{
	(void)state;
	mj_check_ledger_item ledger[5];
	memcpy(ledger, ledger3, sizeof ledger3);
	ledger[0].problem = "基层调研次数偏少。全年到乡镇调研只有两次，到困难较多的村组一次也没有去过，掌握的情况多来自汇报材料。";
	ledger[3] = (mj_check_ledger_item){104, "机关食堂浪费现象较多。每天剩菜剩饭超过二十公斤，节约制度没有落到实处。", MJ_ITEM_TODO};
	ledger[4] = (mj_check_ledger_item){105, "公务用车管理不严。车辆出行登记不全，个别车辆节假日未入库封存。", MJ_ITEM_DOING};
	mj_material *m = parse_areas(complete_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger, 5, NULL), 0);
	assert_int_equal(r.n_ledger_items, 5);
	/* 101's headline is quoted in the fixture's section 一; 104 and 105 are not */
	assert_int_equal(r.n_ledger_unreported, 2);
	assert_null(find_code_item(&r, 101));
	assert_non_null(find_code_item(&r, 104));
	assert_non_null(find_code_item(&r, 105));
	mj_check_report_free(&r);
	mj_material_free(m);
}

/* ---- specificity ---- */

static const char *const generic_material =
	HEAD PRIOR "二、查摆的问题\n\n"
	"（一）在加强政治建设、提高政治能力方面\n\n"
	"一是理论学习还不够深入，理论联系实际不够。二是政治站位不高，大局意识不强。\n\n"
	"（二）在履职尽责、推动发展方面\n\n"
	"一是担当意识不强，紧迫感不强。二是工作作风不够扎实，满足于一般化。\n\n"
	"（三）在落实全面从严治党责任方面\n\n"
	"一是存在好人主义，批评与自我批评不够。二是对下督促检查不够，抓落实不够有力。"
	"三是有一次在项目验收时没有到场，责任意识不强。\n\n" CAUSES MEASURES;

static void generic_problems(void **state)
{
	(void)state;
	mj_material *m = parse_areas(generic_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_specificity(&r, m, NULL, 0), 0);
	assert_int_equal(r.n_generic, 6); /* the seventh names an event */
	assert_int_equal(r.specificity_percent, 14);
	const mj_check_finding *f = find_code(&r, "problem_generic", 0);
	assert_int_equal(f->line, 19);
	assert_string_equal(f->phrases, "学习不够深入、理论联系实际不够");
	assert_non_null(strstr(f->message, "未见具体人、事、时间、数字或事例，且主要由套语构成"));
	assert_string_equal(find_code(&r, "problem_generic", 1)->phrases, "大局意识不强、政治站位不高");
	assert_int_equal(find_code(&r, "problem_generic", 5)->line, 27);
	mj_check_report_free(&r);
	mj_material_free(m);
}

static void phrase_list_from_file_text(void **state)
{
	(void)state;
	mj_check_phrases p;
	const char *txt = "# 本单位的套语表\n\n  学习不深  \n\xE3\x80\x80作风不实\xE3\x80\x80\n#注释\n";
	assert_int_equal(mj_check_phrases_parse(&p, txt, strlen(txt)), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.phrases[0], "学习不深");
	assert_string_equal(p.phrases[1], "作风不实");
	mj_buf found = MJ_BUF_INIT;
	double sh = mj_check_stock_share(&p, "学习还不深，作风也不实。", &found);
	assert_true(sh > 0.99);
	assert_string_equal(mj_buf_cstr(&found), "学习不深、作风不实");
	mj_buf_free(&found);

	/* with this list the generic material's first problem is no longer generic */
	mj_material *m = parse_areas(generic_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_specificity(&r, m, &p, 0), 0);
	assert_int_equal(r.n_generic, 0);
	mj_check_report_free(&r);
	mj_material_free(m);
	mj_check_phrases_free(&p);

	assert_int_equal(mj_check_phrases_parse(&p, "# 只有注释\n", strlen("# 只有注释\n")), MJ_EINVAL);
	mj_check_phrases_free(&p);
	assert_int_equal(mj_check_phrases_parse(&p, "ok\n\xff\xfe\n", 6), MJ_EUTF8);
	assert_non_null(strstr(mj_error_msg(), "第2行"));
	mj_check_phrases_free(&p);
	mj_check_phrases_builtin(&p);
	assert_true(p.n >= 40);
	mj_check_phrases_free(&p);
}

static void facts(void **state)
{
	(void)state;
	assert_true(mj_check_has_fact("全年调研18次"));
	assert_true(mj_check_has_fact("召开过两次协调会"));
	assert_true(mj_check_has_fact("学习《条例》不及时"));
	assert_true(mj_check_has_fact("在“百日攻坚行动”中敷衍"));
	assert_true(mj_check_has_fact("对城东街道的情况不了解"));
	assert_true(mj_check_has_fact("上半年没有下基层"));
	assert_true(mj_check_has_fact("比如开会不做准备"));
	assert_true(mj_check_has_fact("在审批企业用地申请时拖延"));
	assert_false(mj_check_has_fact("统筹全局的意识不强，大局观念淡薄"));
	assert_false(mj_check_has_fact("树牢“四个意识”不够"));
	assert_false(mj_check_has_fact("在工作中担当不够"));
	assert_false(mj_check_has_fact("满足于一般化"));
	assert_false(mj_check_has_fact("学用脱节，一年来学习不够"));
}

/* ---- repetition ---- */

static void repetition_over_three_years(void **state)
{
	(void)state;
	const char *s = HEAD PRIOR "二、查摆的问题\n\n（一）在履职尽责、推动发展方面\n\n"
			     "一是基层调研次数偏少，全年只到乡镇调研5次。"
			     "二是企业诉求办理拖沓，超时办结的有9件。"
			     "三是新建的污水处理厂项目征地协调不力。\n\n" CAUSES MEASURES;
	mj_material *m = parse_areas(s, NULL, 0);
	const mj_check_earlier earlier[] = {
		{2023, "基层调研次数偏少，全年仅到乡镇调研4次。"},
		{2023, "企业诉求办理拖沓，超时办结的有12件。"},
		{2024, "基层调研次数偏少，全年只到乡镇调研6次。"},
		{2024, "会议多、文件多，基层负担重。"},
	};
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_repetition(&r, m, 2025, earlier, 4, 0), 0);
	assert_int_equal(r.n_repeated, 2);
	assert_int_equal(r.n_recurring, 1);
	const mj_check_finding *f = find_code(&r, "problem_recurring", 0);
	assert_int_equal(f->severity, MJ_CHECK_ERROR);
	assert_int_equal(f->year, 2024);
	assert_int_equal(f->line, 19);
	assert_string_equal(f->ref_text, earlier[2].text);
	assert_non_null(strstr(f->message, "年年提、年年改、年年有"));
	assert_non_null(strstr(f->message, "连续3年"));
	const mj_check_finding *g = find_code(&r, "problem_repeated", 0);
	assert_int_equal(g->year, 2023); /* not last year: repeated, not recurring */
	assert_string_equal(g->subject, "企业诉求办理拖沓，超时办结的有9件。");
	assert_non_null(strstr(g->message, "2023年度"));
	mj_check_report_free(&r);

	/* year 0: one after the latest earlier year, same answer */
	mj_check_report_init(&r);
	assert_int_equal(mj_check_repetition(&r, m, 0, earlier, 4, 0), 0);
	assert_int_equal(r.n_recurring, 1);
	mj_check_report_free(&r);
	/* a stricter threshold keeps only the closest pair */
	mj_check_report_init(&r);
	assert_int_equal(mj_check_repetition(&r, m, 2025, earlier, 4, 0.99), 0);
	assert_int_equal(r.n_repeated, 0);
	assert_int_equal(mj_check_repetition(&r, m, 2025, earlier, 4, 1.5), MJ_EINVAL);
	mj_check_report_free(&r);
	mj_material_free(m);
}


/* A huge list is not compared pair by pair: the step says so instead. */
static void pairwise_budget(void **state)
{
	(void)state;
	mj_buf b = MJ_BUF_INIT;
	mj_buf_puts(&b, "标题\n\n一、查摆问题\n\n");
	for (int i = 1; i <= 1500; i++)
		mj_buf_printf(&b, "基层调研次数偏少的问题第%d条。\n\n", i); /* one problem a paragraph */
	mj_material *m = parse_areas(mj_buf_cstr(&b), NULL, 0);
	mj_check_earlier *earlier = calloc(1500, sizeof *earlier);
	for (int i = 0; i < 1500; i++)
		earlier[i] = (mj_check_earlier){2024, "基层调研次数偏少的问题"};
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_repetition(&r, m, 2025, earlier, 1500, 0), 0);
	assert_int_equal(r.n_repeated, 0);
	assert_int_equal(count_code(&r, "match_skipped"), 1);
	assert_int_equal(find_code(&r, "match_skipped", 0)->severity, MJ_CHECK_INFO);
	/* a few earlier items are compared as usual */
	mj_check_report_free(&r);
	mj_check_report_init(&r);
	assert_int_equal(mj_check_repetition(&r, m, 2025, earlier, 3, 0.5), 0);
	assert_int_equal(count_code(&r, "match_skipped"), 0);
	assert_int_equal(r.n_repeated, 1500);
	mj_check_report_free(&r);
	free(earlier);
	mj_material_free(m);
	mj_buf_free(&b);
}

/* ---- renderings ---- */

static void json_and_text(void **state)
{
	(void)state;
	mj_check_ledger_item ledger[1] = {{104, "机关食堂浪费现象较多", MJ_ITEM_TODO}};
	mj_material *m = parse_areas(generic_material, areas3, 3);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, areas3, 3, ledger, 1, NULL), 0);
	assert_int_equal(mj_check_specificity(&r, m, NULL, 0), 0);
	json_t *j = mj_check_report_json(&r);
	json_t *sum = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "completeness"), "problems")), 7);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "specificity"), "generic")), 6);
	assert_null(json_object_get(sum, "repetition"));
	json_t *arr = json_object_get(j, "findings");
	assert_int_equal(json_array_size(arr), r.n);
	json_t *f0 = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(f0, "code")), "ledger_item_unreported");
	assert_string_equal(json_string_value(json_object_get(f0, "severity")), "error");
	assert_int_equal(json_integer_value(json_object_get(f0, "item_id")), 104);
	json_decref(j);
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_check_report_text(&b, &r), 0);
	assert_non_null(strstr(mj_buf_cstr(&b), "[错误] 第5行：上年度台账第104项"));
	assert_non_null(strstr(mj_buf_cstr(&b), "具体性：14%（套话式问题6个）"));
	mj_buf_free(&b);
	mj_check_report_free(&r);
	mj_check_report_free(&r); /* twice is harmless */
	mj_material_free(m);
}

/* ---- the seed ---- */

static void seed_material(void **state)
{
	(void)state;
	size_t n = 0;
	char *x = seed_text(&n);
	if (!x)
		skip();
	mj_material_opts o = {seed_areas, 5};
	mj_material *m = NULL;
	assert_int_equal(mj_material_parse(&m, x, n, &o), 0);
	mj_check_report r;
	mj_check_report_init(&r);
	assert_int_equal(mj_check_completeness(&r, m, seed_areas, 5, NULL, 0, NULL), 0);
	assert_int_equal(mj_check_specificity(&r, m, NULL, 0), 0);
	printf("---- seed review ----\n");
	dump(&r);
	printf("---- end ----\n");
	assert_int_equal(r.n_areas_covered, 5);
	assert_int_equal(count_code(&r, "area_missing"), 0);
	assert_int_equal(count_code(&r, "no_prior_section"), 0);
	assert_int_equal(count_code(&r, "no_situation_note"), 0);
	assert_int_equal(count_code(&r, "no_problems_section"), 0);
	assert_int_equal(count_code(&r, "no_causes_section"), 0);
	assert_int_equal(count_code(&r, "no_measures_section"), 0);
	assert_int_equal(r.n_problems, 15);
	assert_int_equal(r.n_causes, 5);
	assert_int_equal(r.n_measures, 5);
	assert_int_equal(r.n_problems_without_measure, 0);
	mj_check_report_free(&r);
	mj_material_free(m);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_of_complete_material),
		cmocka_unit_test(entries_paragraphs_when_no_items),
		cmocka_unit_test(complete_material_has_no_errors),
		cmocka_unit_test(missing_area_is_named),
		cmocka_unit_test(problems_without_measures),
		cmocka_unit_test(no_measures_section),
		cmocka_unit_test(no_situation_note),
		cmocka_unit_test(low_problem_share),
		cmocka_unit_test(prior_misses_ledger_item),
		cmocka_unit_test(prior_quotes_ledger_headline),
		cmocka_unit_test(generic_problems),
		cmocka_unit_test(phrase_list_from_file_text),
		cmocka_unit_test(facts),
		cmocka_unit_test(repetition_over_three_years),
		cmocka_unit_test(pairwise_budget),
		cmocka_unit_test(json_and_text),
		cmocka_unit_test(seed_material),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
