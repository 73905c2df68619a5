/* Unit tests for src/cli/demo_text.c: the demo's generator, names, templates
 * and the material composer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo_text.h"
#include "util/utf8.h"

static void rng_is_fixed_and_in_range(void **state)
{
	(void)state;
	mj_demo_rng a, b;
	mj_demo_rng_init(&a, 42);
	mj_demo_rng_init(&b, 42);
	for (int i = 0; i < 1000; i++)
		assert_true(mj_demo_next(&a) == mj_demo_next(&b));
	for (int i = 0; i < 1000; i++) {
		int x = mj_demo_between(&a, 3, 7);
		assert_true(x >= 3 && x <= 7);
		assert_true(mj_demo_below(&a, 5) < 5);
	}
	assert_int_equal(mj_demo_below(&a, 0), 0);
	int idx[10], seen = 0;
	for (int i = 0; i < 10; i++)
		idx[i] = i;
	mj_demo_shuffle(&a, idx, 10);
	for (int i = 0; i < 10; i++)
		seen |= 1 << idx[i];
	assert_int_equal(seen, 0x3FF);
}

static void names_are_fresh(void **state)
{
	(void)state;
	mj_demo_rng r;
	mj_demo_rng_init(&r, 7);
	static struct mj_demo_name taken[400];
	for (int i = 0; i < 400; i++) {
		mj_demo_make_name(&r, taken, i, &taken[i]);
		assert_true(mj_utf8_valid(taken[i].name, strlen(taken[i].name)));
		assert_true(mj_utf8_count(taken[i].name, strlen(taken[i].name)) >= 2);
		assert_string_not_equal(taken[i].name, "张华");
		for (const char *c = taken[i].login; *c; c++)
			assert_true(*c >= 'a' && *c <= 'z');
		for (int j = 0; j < i; j++)
			assert_string_not_equal(taken[i].name, taken[j].name);
	}
}

static void fill_and_headline(void **state)
{
	(void)state;
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_demo_fill(&b, "对{W}中的{U}调研{N}次{", "规划工作", "市财政局", 3), 0);
	assert_string_equal(mj_buf_cstr(&b), "对规划工作中的市财政局调研3次{");
	mj_buf_free(&b);
	char h[64];
	mj_demo_headline("调查研究不够深入。后面的话。", h, sizeof h);
	assert_string_equal(h, "调查研究不够深入");
	mj_demo_headline("没有句号", h, 7); /* cut on a character boundary */
	assert_string_equal(h, "没有");
}

static void pools_are_valid(void **state)
{
	(void)state;
	const char *const *pools[] = {
		mj_demo_opinion_team, mj_demo_opinion_member, mj_demo_criticism_issue, mj_demo_talk_notes, mj_demo_talk_notes_dept,
		mj_demo_study_topics, mj_demo_ledger_problem, mj_demo_ledger_measure, mj_demo_evidence,
		mj_demo_progress, mj_demo_close, mj_demo_sendback, mj_demo_return_reason};
	for (size_t p = 0; p < sizeof pools / sizeof pools[0]; p++) {
		assert_true(mj_demo_count(pools[p]) >= 3);
		for (int i = 0; pools[p][i]; i++)
			assert_true(mj_utf8_valid(pools[p][i], strlen(pools[p][i])));
	}
	/* problems, measures and evidence go together by index */
	assert_int_equal(mj_demo_count(mj_demo_ledger_problem), mj_demo_count(mj_demo_ledger_measure));
	assert_int_equal(mj_demo_count(mj_demo_ledger_problem), mj_demo_count(mj_demo_evidence));
}

static char *compose(uint64_t seed, int skip, int role, int team)
{
	mj_demo_rng r;
	mj_demo_rng_init(&r, seed);
	struct mj_demo_material m = {
		.person = "张华", .unit = "市发展改革委", .position = "党组成员、副主任",
		.work = "分管的社会发展工作", .year = 2026, .theme = "测试主题", .nareas = 5,
		.areas = {"在甲方面", "在乙方面", "在丙方面", "在丁方面", "在戊方面"},
		.last_total = 7, .last_closed = 5, .last_items = {"问题一", "问题二"},
		.last_state = {MJ_DEMO_CLOSED, MJ_DEMO_DOING}, .nlast = 2, .quotes = {"原话"}, .nquotes = 1,
		.opinions = 4, .talks = 9, .skip_area = skip, .role = role, .team = team,
	};
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_demo_compose(&b, &r, &m, NULL), 0);
	return mj_buf_detach(&b);
}

static void material_has_the_usual_shape(void **state)
{
	(void)state;
	char *s = compose(1, -1, MJ_DEMO_DEPUTY, 0);
	assert_true(mj_utf8_valid(s, strlen(s)));
	size_t chars = mj_utf8_count(s, strlen(s));
	assert_true(chars >= 800 && chars <= 3600); /* with an example per problem */
	assert_non_null(strstr(s, "张华"));
	assert_non_null(strstr(s, "报告如下"));
	assert_non_null(strstr(s, "一、2025年度民主生活会整改落实情况"));
	assert_non_null(strstr(s, "7个问题"));
	assert_non_null(strstr(s, "一是“问题一”的问题"));
	assert_non_null(strstr(s, "二是“问题二”的问题"));
	assert_non_null(strstr(s, "“原话”"));
	assert_non_null(strstr(s, "二、存在的问题"));
	assert_non_null(strstr(s, "（五）在戊方面"));
	assert_non_null(strstr(s, "三、原因剖析"));
	assert_non_null(strstr(s, "四、整改措施"));
	assert_non_null(strstr(s, "一是"));
	assert_null(strchr(s, '{'));
	/* section 四 answers each of the five areas by naming its problems */
	const char *four = strstr(s, "四、整改措施");
	size_t answers = 0;
	for (const char *q = four; (q = strstr(q, "针对")) != NULL; q += strlen("针对"))
		answers++;
	assert_int_equal(answers, 5);
	/* every problem carries an example of its own: a date or a count */
	assert_non_null(strstr(s, "月"));
	assert_true(strstr(s, "比如，") || strstr(s, "例如，") || strstr(s, "具体来说，") || strstr(s, "。如"));
	/* the same seed gives the same bytes; another seed another text */
	char *again = compose(1, -1, MJ_DEMO_DEPUTY, 0), *other = compose(2, -1, MJ_DEMO_DEPUTY, 0);
	assert_string_equal(s, again);
	assert_string_not_equal(s, other);
	free(s);
	free(again);
	free(other);

	s = compose(3, 2, MJ_DEMO_DEPUTY, 0); /* an area left without problems */
	assert_null(strstr(s, "在丙方面"));
	assert_non_null(strstr(s, "（四）在戊方面"));
	free(s);

	s = compose(4, -1, MJ_DEMO_HEAD, 0); /* the head oversees nothing */
	const char *p = strstr(s, "二、存在的问题");
	assert_non_null(p);
	assert_null(strstr(p, "分管科室"));
	assert_null(strstr(p, "向主要负责同志报告"));
	free(s);

	s = compose(5, -1, MJ_DEMO_HEAD, 1);
	assert_non_null(strstr(s, "市发展改革委领导班子2026年度民主生活会对照检查材料"));
	free(s);
}

static void avoid_skips_last_years_problems(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed < 20; seed++) {
		mj_demo_rng r;
		mj_demo_rng_init(&r, seed);
		struct mj_demo_material m = {
			.person = "甲", .unit = "市商务局", .position = "党组成员、副局长", .work = "分管的外贸工作",
			.year = 2025, .theme = "主题", .nareas = 5,
			.areas = {"在甲方面", "在乙方面", "在丙方面", "在丁方面", "在戊方面"}, .skip_area = -1,
		};
		unsigned last[5] = {0}, now[5] = {0};
		mj_buf b = MJ_BUF_INIT;
		assert_int_equal(mj_demo_compose(&b, &r, &m, last), 0);
		memcpy(m.avoid, last, sizeof m.avoid);
		m.year = 2026;
		assert_int_equal(mj_demo_compose(&b, &r, &m, now), 0);
		for (int i = 0; i < 5; i++) {
			assert_true(last[i] != 0);
			assert_int_equal(last[i] & now[i], 0);
		}
		mj_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rng_is_fixed_and_in_range),
		cmocka_unit_test(names_are_fresh),
		cmocka_unit_test(fill_and_headline),
		cmocka_unit_test(pools_are_valid),
		cmocka_unit_test(material_has_the_usual_shape),
		cmocka_unit_test(avoid_skips_last_years_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
