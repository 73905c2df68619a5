/* Unit tests for the report charts: the four charts built from facts
 * (core/report_chart.c), their SVG (well-formed, labels escaped, long labels
 * cut with the whole label kept as a tooltip), and their native form in a
 * .docx (material_docx.c: one chart part per placed anchor, rows top to
 * bottom, package lists naming every part). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>

#include "core/material.h"
#include "core/report_chart.h"
#include "util/err.h"

static json_t *teams(void)
{
	return json_pack("[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]", "team_id", 7, "team_name", "甲班子<&>", "talk_percent", 100,
			 "team_id", 8, "team_name", "乙班子", "talk_percent", -1, "team_id", 9, "team_name", "丙班子",
			 "talk_percent", 60);
}

static json_t *facts(void)
{
	return json_pack("{s:{s:{s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i}},"
			 "s:[{s:s,s:i,s:i,s:i,s:i},{s:s,s:i,s:i,s:i,s:i}],s:[{s:i,s:i,s:i,s:i,s:i}]}",
			 "by_team", "7", "closed", 1, "done", 2, "doing", 3, "todo", 4, "9", "closed", 5, "done", 0, "doing", 0,
			 "todo", 1, "areas", "area", "在深化理论武装、提高政治判断力政治领悟力政治执行力方面", "closed", 1, "done", 0,
			 "doing", 0, "todo", 0, "area", "未归入对照方面", "closed", 5, "done", 2, "doing", 3, "todo", 5, "years",
			 "year", 2025, "closed", 6, "done", 2, "doing", 3, "todo", 5);
}

static int well_formed(const mj_buf *b)
{
	xmlDocPtr d = xmlReadMemory(b->ptr, (int)b->len, "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int ok = d != NULL;
	xmlFreeDoc(d);
	return ok;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void builds_every_kind(void **state)
{
	(void)state;
	json_t *t = teams(), *f = facts();
	mj_report_chart c;
	assert_int_equal(mj_report_chart_build(&c, "ledger", t, f), 0);
	assert_int_equal(c.d.ncat, 3);
	assert_int_equal(c.d.nseries, 4);
	assert_string_equal(c.d.cats[0], "甲班子<&>");
	assert_true(c.d.values[0] == 1 && c.d.values[3] == 4);              /* team 7 */
	assert_true(c.d.values[4] == 0 && c.d.values[7] == 0);              /* team 8: no items */
	assert_true(c.d.values[8] == 5 && c.d.values[11] == 1);             /* team 9 */
	mj_report_chart_free(&c);
	assert_int_equal(mj_report_chart_build(&c, "talks", t, f), 0);
	assert_int_equal(c.d.nseries, 1);
	assert_true(c.d.max == 100);
	assert_true(c.d.values[0] == 100 && c.d.values[1] == 0 && c.d.values[2] == 60); /* -1: nothing to cover */
	assert_int_equal(c.d.point_colors[0], 0x548235);
	assert_int_equal(c.d.point_colors[2], 0xC00000);
	mj_report_chart_free(&c);
	assert_int_equal(mj_report_chart_build(&c, "areas", t, f), 0);
	assert_int_equal(c.d.ncat, 2);
	assert_string_equal(c.d.cats[1], "未归入对照方面");
	mj_report_chart_free(&c);
	assert_int_equal(mj_report_chart_build(&c, "trend", t, f), 0);
	assert_int_equal(c.d.ncat, 1);
	assert_string_equal(c.d.cats[0], "2025年度");
	assert_true(c.d.values[0] == 6);
	mj_report_chart_free(&c);
	assert_int_equal(mj_report_chart_build(&c, "pie", t, f), MJ_EINVAL);
	mj_report_chart_free(&c);
	json_decref(t);
	json_decref(f);
}

static void svg_escapes_and_cuts_labels(void **state)
{
	(void)state;
	json_t *t = teams(), *f = facts();
	for (size_t k = 0; mj_report_chart_kinds[k]; k++) {
		mj_report_chart c;
		mj_buf b = MJ_BUF_INIT;
		assert_int_equal(mj_report_chart_build(&c, mj_report_chart_kinds[k], t, f), 0);
		assert_int_equal(mj_chart_svg(&b, &c.d), 0);
		assert_true(well_formed(&b));
		assert_int_equal(count(b.ptr, "class=\"bar\""), c.d.ncat);
		if (strcmp(mj_report_chart_kinds[k], "ledger") == 0) {
			assert_non_null(strstr(b.ptr, "甲班子&lt;&amp;&gt;"));
			assert_null(strstr(b.ptr, "甲班子<&>"));
		}
		if (strcmp(mj_report_chart_kinds[k], "areas") == 0) {
			/* the long area is cut, with the whole of it as a tooltip */
			assert_non_null(strstr(b.ptr, "<title>在深化理论武装、提高政治判断力政治领悟力政治执行力方面</title>"));
			assert_non_null(strstr(b.ptr, "…</text>"));
			assert_non_null(strstr(b.ptr, ">未归入对照方面</text>")); /* short: whole, no tooltip */
		}
		mj_buf_free(&b);
		mj_report_chart_free(&c);
	}
	json_decref(t);
	json_decref(f);
}

/* Reads one part of a zip held in memory ("" when absent). */
static char *part(const mj_buf *zipb, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(zipb->ptr, zipb->len, 0, &ze);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	zip_stat_t st;
	char *out = calloc(1, 1);
	if (zip_stat(za, name, 0, &st) == 0) {
		zip_file_t *zf = zip_fopen(za, name, 0);
		free(out);
		out = calloc(1, (size_t)st.size + 1);
		assert_int_equal(zip_fread(zf, out, st.size), (zip_int64_t)st.size);
		zip_fclose(zf);
	}
	zip_close(za);
	zip_error_fini(&ze);
	return out;
}

static void docx_native_charts(void **state)
{
	(void)state;
	static const char text[] = "# 汇总报告\n\n一、情况\n\n正文。\n\n图1　班子\n\n图2　覆盖率\n\n## 附件1：会议记录\n\n记录。\n";
	json_t *t = teams(), *f = facts();
	mj_report_chart c[3];
	assert_int_equal(mj_report_chart_build(&c[0], "ledger", t, f), 0);
	assert_int_equal(mj_report_chart_build(&c[1], "talks", t, f), 0);
	assert_int_equal(mj_report_chart_build(&c[2], "trend", t, f), 0);
	mj_docx_chart dc[] = {{&c[0].d, "图1　班子"}, {&c[1].d, "图2　覆盖率"}, {&c[2].d, "图9　没有这一段"}};
	mj_material *m = NULL;
	mj_buf out = MJ_BUF_INIT;
	assert_int_equal(mj_material_parse(&m, text, sizeof text - 1, NULL), 0);
	assert_int_equal(mj_material_to_docx_charts(&out, m, dc, 3), 0);
	char *doc = part(&out, "word/document.xml"), *types = part(&out, "[Content_Types].xml"),
	     *rels = part(&out, "word/_rels/document.xml.rels"), *c1 = part(&out, "word/charts/chart1.xml"),
	     *c2 = part(&out, "word/charts/chart2.xml"), *c3 = part(&out, "word/charts/chart3.xml");
	/* two anchors present: two drawings, two parts, both listed; the third left out */
	assert_int_equal(count(doc, "<c:chart "), 2);
	assert_int_equal(count(types, "drawingml.chart+xml"), 2);
	assert_int_equal(count(rels, "relationships/chart\""), 2);
	assert_string_equal(c3, "");
	/* the drawing comes before its caption, which is kept */
	assert_true(strstr(doc, "rIdChart1") < strstr(doc, "图1　班子"));
	assert_true(strstr(doc, "rIdChart2") < strstr(doc, "图2　覆盖率"));
	/* rows top to bottom: a bar chart lists categories bottom-up, so reversed */
	assert_true(strstr(c1, "<c:v>丙班子</c:v>") < strstr(c1, "<c:v>甲班子&lt;&amp;&gt;</c:v>"));
	assert_non_null(strstr(c1, "<c:grouping val=\"stacked\"/>"));
	assert_non_null(strstr(c2, "<c:max val=\"100\"/>"));
	assert_non_null(strstr(c2, "<c:dPt>"));
	/* the attachment starts a page */
	assert_int_equal(count(doc, "<w:pageBreakBefore/>"), 1);
	mj_buf b1 = {0}, b2 = {0};
	b1.ptr = c1;
	b1.len = strlen(c1);
	b2.ptr = doc;
	b2.len = strlen(doc);
	assert_true(well_formed(&b1));
	assert_true(well_formed(&b2));
	free(doc);
	free(types);
	free(rels);
	free(c1);
	free(c2);
	free(c3);
	mj_buf_free(&out);
	mj_material_free(m);
	for (int i = 0; i < 3; i++)
		mj_report_chart_free(&c[i]);
	json_decref(t);
	json_decref(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builds_every_kind),
		cmocka_unit_test(svg_escapes_and_cuts_labels),
		cmocka_unit_test(docx_native_charts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
