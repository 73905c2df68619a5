/* Unit tests for the ledger's spreadsheet side and reminders: the CSV reader
 * and writer, the .xlsx round trip, header mapping, date cells, row
 * validation into a plan, and reminder selection at fixed dates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/ledger_sheet.h"
#include "core/remind.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"
#include "util/sheet.h"

static const struct mj_sheet_limits LIM = {1000, 50, 65536, 1u << 20};

static const char *cell(const struct mj_sheet *sh, size_t r, size_t c)
{
	return mj_sheet_cell(&sh->rows[r], c)->s;
}

static void csv_quotes_newlines_bom_crlf(void **state)
{
	(void)state;
	struct mj_sheet sh;
	const char *in = "\xEF\xBB\xBF" "a,b,c\r\n"
			 "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
			 ",,last\r\n"
			 "\r\n"
			 "tail";
	assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
	assert_int_equal(sh.n, 5);
	assert_string_equal(cell(&sh, 0, 0), "a"); /* BOM dropped */
	assert_string_equal(cell(&sh, 1, 0), "x, y");
	assert_string_equal(cell(&sh, 1, 1), "say \"hi\"");
	assert_string_equal(cell(&sh, 1, 2), "two\r\nlines");
	assert_int_equal(sh.rows[1].line, 2);
	assert_int_equal(sh.rows[2].line, 3); /* record numbers, as Excel shows them */
	assert_string_equal(cell(&sh, 2, 0), "");
	assert_string_equal(cell(&sh, 2, 2), "last");
	assert_int_equal(sh.rows[3].n, 0); /* blank line kept as an empty row */
	assert_string_equal(cell(&sh, 4, 0), "tail");
	assert_string_equal(cell(&sh, 4, 7), ""); /* absent cells read as empty */
	mj_sheet_free(&sh);
}

static void csv_formulas_and_guard(void **state)
{
	(void)state;
	struct mj_sheet sh;
	const char *in = "=1+1,'=SUM(A1),'-3,-3,'plain\n";
	assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
	assert_true(mj_sheet_cell(&sh.rows[0], 0)->flags & MJ_CELL_FORMULA);
	assert_string_equal(cell(&sh, 0, 1), "=SUM(A1)"); /* our export's guard removed */
	assert_false(mj_sheet_cell(&sh.rows[0], 1)->flags & MJ_CELL_FORMULA);
	assert_string_equal(cell(&sh, 0, 2), "-3");
	assert_string_equal(cell(&sh, 0, 3), "-3");
	assert_string_equal(cell(&sh, 0, 4), "'plain");
	mj_sheet_free(&sh);

	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_csv_put_field(&b, "=1+1", 4, 1), 0);
	assert_int_equal(mj_buf_putc(&b, '|'), 0);
	assert_int_equal(mj_csv_put_field(&b, "a,\"b\"", 5, 1), 0);
	assert_int_equal(mj_buf_putc(&b, '|'), 0);
	assert_int_equal(mj_csv_put_field(&b, "@x\ny", 4, 1), 0);
	assert_string_equal(mj_buf_cstr(&b), "'=1+1|\"a,\"\"b\"\"\"|\"'@x\ny\"");
	mj_buf_free(&b);
}

static void csv_errors_and_limits(void **state)
{
	(void)state;
	struct mj_sheet sh;
	assert_int_equal(mj_csv_parse(&sh, "a,\"open\n", 8, &LIM), MJ_EFORMAT);
	mj_sheet_free(&sh);
	assert_int_equal(mj_csv_parse(&sh, "a,b\"c\n", 6, &LIM), MJ_EFORMAT);
	mj_sheet_free(&sh);
	assert_int_equal(mj_csv_parse(&sh, "\"a\"x,b\n", 7, &LIM), MJ_EFORMAT);
	mj_sheet_free(&sh);
	struct mj_sheet_limits small = {3, 4, 8, 0};
	assert_int_equal(mj_csv_parse(&sh, "1\n2\n3\n4\n", 8, &small), MJ_ETOOBIG);
	mj_sheet_free(&sh);
	assert_int_equal(mj_csv_parse(&sh, "123456789\n", 10, &small), MJ_ETOOBIG);
	mj_sheet_free(&sh);
	assert_int_equal(mj_csv_parse(&sh, "a,b,c,d,e\n", 10, &small), MJ_ETOOBIG);
	mj_sheet_free(&sh);
	assert_int_equal(mj_csv_parse(&sh, "a\0b\n", 4, &LIM), MJ_EFORMAT);
	mj_sheet_free(&sh);
	/* GBK (as Excel saves "CSV" on Chinese Windows) is converted */
	const char gbk[] = "\xce\xca\xcc\xe2,\xd4\xf0\xc8\xce\xc8\xcb\n"; /* 问题,责任人 */
	assert_int_equal(mj_csv_parse(&sh, gbk, sizeof gbk - 1, &LIM), 0);
	assert_string_equal(cell(&sh, 0, 0), "问题");
	assert_string_equal(cell(&sh, 0, 1), "责任人");
	mj_sheet_free(&sh);
	/* tab-separated */
	assert_int_equal(mj_csv_parse(&sh, "问题\t责任人\nx\ty\n", strlen("问题\t责任人\nx\ty\n"), &LIM), 0);
	assert_string_equal(cell(&sh, 1, 1), "y");
	mj_sheet_free(&sh);
	char cn[8];
	mj_sheet_col_name(0, cn);
	assert_string_equal(cn, "A");
	mj_sheet_col_name(25, cn);
	assert_string_equal(cn, "Z");
	mj_sheet_col_name(26, cn);
	assert_string_equal(cn, "AA");
	mj_sheet_col_name(27 * 26, cn);
	assert_string_equal(cn, "AAA");
}

static void header_mapping(void **state)
{
	(void)state;
	struct mj_sheet sh;
	struct mj_ledger_map m;
	assert_int_equal(mj_lcol_match("整改时限", strlen("整改时限")), MJ_LC_DEADLINE);
	assert_int_equal(mj_lcol_match(" 完成期限\n（YYYY-MM-DD）", strlen(" 完成期限\n（YYYY-MM-DD）")), MJ_LC_DEADLINE);
	assert_int_equal(mj_lcol_match("责任单位*", strlen("责任单位*")), MJ_LC_DEPT);
	assert_int_equal(mj_lcol_match("存在问题", strlen("存在问题")), MJ_LC_PROBLEM);
	assert_int_equal(mj_lcol_match("系统编号", strlen("系统编号")), MJ_LC_ID);
	assert_int_equal(mj_lcol_match("备注", strlen("备注")), -1);
	/* a title row above the header */
	const char *in = "市水务局2026年度整改台账\n序号,存在问题,整改措施,责任单位,整改时限,备注\n1,p,m,d,2026-06-30,x\n";
	assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
	assert_int_equal(mj_ledger_map_header(&m, &sh), 0);
	assert_int_equal(m.header_row, 1);
	assert_int_equal(m.col[MJ_LC_PROBLEM], 1);
	assert_int_equal(m.col[MJ_LC_DEPT], 3);
	assert_int_equal(m.col[MJ_LC_DEADLINE], 4);
	assert_int_equal(m.col[MJ_LC_OWNER], -1);
	mj_sheet_free(&sh);
	/* the wrong sheet */
	in = "姓名,职务\n张三,科长\n";
	assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
	assert_int_equal(mj_ledger_map_header(&m, &sh), MJ_EFORMAT);
	assert_non_null(strstr(mj_error_msg(), "找不到整改台账的表头"));
	mj_sheet_free(&sh);
	/* one column twice */
	in = "问题,整改时限,完成时限\n";
	assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
	assert_int_equal(mj_ledger_map_header(&m, &sh), MJ_EINVAL);
	mj_sheet_free(&sh);
}

static void date_cells(void **state)
{
	(void)state;
	char d[11];
	struct mj_cell c = {"46203", 5, MJ_CELL_NUMBER};
	assert_int_equal(mj_ledger_parse_date(&c, d), 0);
	assert_string_equal(d, "2026-06-30");
	const char *ok[][2] = {{"2026-06-30", "2026-06-30"}, {"2026/6/30", "2026-06-30"}, {"2026.6.3", "2026-06-03"},
			       {"2026年6月30日", "2026-06-30"}, {"2024-02-29 00:00:00", "2024-02-29"}};
	for (size_t i = 0; i < 5; i++) {
		struct mj_cell t = {ok[i][0], strlen(ok[i][0]), 0};
		assert_int_equal(mj_ledger_parse_date(&t, d), 0);
		assert_string_equal(d, ok[i][1]);
	}
	const char *bad[] = {"2026-02-30", "2025-02-29", "2026-13-01", "明年六月", "30/06/2026", "2026-6", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct mj_cell t = {bad[i], strlen(bad[i]), 0};
		assert_int_equal(mj_ledger_parse_date(&t, d), -1);
	}
}

/* A lookup: people 钱局长 4, 孙副局长 5, two 王芳 (ambiguous); dept 规划科 3;
 * item 7 (todo) and item 8 (closed). */
static void lookup(struct mj_ledger_lookup *lk)
{
	json_error_t e;
	lk->people = json_loads("{\"钱局长\": 4, \"孙副局长\": 5, \"王芳\": 0}", 0, &e);
	lk->depts = json_loads("{\"规划科\": 3}", 0, &e);
	lk->items = json_loads("{\"7\": {\"id\": 7, \"source\": \"self\", \"problem\": \"调研不深\", \"measure\": null,"
			       " \"owner_id\": 5, \"leader_id\": 4, \"dept_id\": 3, \"deadline\": \"2026-06-30\","
			       " \"status\": \"todo\", \"progress\": null, \"evidence\": null},"
			       " \"8\": {\"id\": 8, \"source\": \"talk\", \"problem\": \"文件多\", \"measure\": \"精简\","
			       " \"owner_id\": 5, \"leader_id\": null, \"dept_id\": null, \"deadline\": null,"
			       " \"status\": \"closed\", \"progress\": \"已精简\", \"evidence\": null}}", 0, &e);
	lk->ignore_ids = 0;
	assert_non_null(lk->people);
	assert_non_null(lk->items);
}

static void unlookup(struct mj_ledger_lookup *lk)
{
	json_decref(lk->people);
	json_decref(lk->depts);
	json_decref(lk->items);
}

static json_t *plan_of(const char *csv, struct mj_ledger_counts *c, json_t **errors, int ignore_ids)
{
	struct mj_sheet sh;
	struct mj_ledger_map m;
	struct mj_ledger_lookup lk;
	json_t *plan;
	lookup(&lk);
	lk.ignore_ids = ignore_ids;
	assert_int_equal(mj_csv_parse(&sh, csv, strlen(csv), &LIM), 0);
	assert_int_equal(mj_ledger_map_header(&m, &sh), 0);
	assert_int_equal(mj_ledger_plan(&plan, errors, c, &sh, &m, &lk, 100), 0);
	mj_sheet_free(&sh);
	unlookup(&lk);
	return plan;
}

static int has_error(json_t *errors, long row, const char *col, const char *needle)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		if (json_integer_value(json_object_get(e, "row")) == row &&
		    strcmp(json_string_value(json_object_get(e, "col")), col) == 0 &&
		    strstr(json_string_value(json_object_get(e, "msg")), needle))
			return 1;
	}
	return 0;
}

#define HEAD "来源,问题,整改措施,责任领导,责任部门,责任人,完成时限,状态,系统编号\n"

static void plan_valid_rows(void **state)
{
	(void)state;
	struct mj_ledger_counts c;
	json_t *errors;
	json_t *plan = plan_of(HEAD
			       "自查,调研不深,,钱局长,规划科,孙副局长,2026/6/30,待整改,7\n"   /* unchanged */
			       "谈心谈话,文件多,精简,,,孙副局长,,已销号,8\n"                /* unchanged, closed */
			       ",新问题,新措施,,,钱局长,2026-12-31,,\n"                  /* new, source defaults */
			       ",,,,,,,,\n",                                            /* blank: skipped */
			       &c, &errors, 0);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.rows, 3);
	assert_int_equal(c.unchanged, 2);
	assert_int_equal(c.created, 1);
	json_t *n = json_array_get(plan, 2);
	assert_string_equal(json_string_value(json_object_get(n, "op")), "new");
	json_t *v = json_object_get(n, "values");
	assert_string_equal(json_string_value(json_object_get(v, "source")), "self");
	assert_string_equal(json_string_value(json_object_get(v, "owner_id")), "4");
	assert_string_equal(json_string_value(json_object_get(v, "deadline")), "2026-12-31");
	json_decref(plan);
	json_decref(errors);

	/* no 来源 column at all: new rows are 自查 */
	{
		struct mj_sheet sh;
		struct mj_ledger_map m;
		struct mj_ledger_lookup lk;
		const char *in = "问题,责任人\n新问题,钱局长\n";
		lookup(&lk);
		assert_int_equal(mj_csv_parse(&sh, in, strlen(in), &LIM), 0);
		assert_int_equal(mj_ledger_map_header(&m, &sh), 0);
		mj_ledger_plan(&plan, &errors, &c, &sh, &m, &lk, 10);
		assert_int_equal(c.created, 1);
		v = json_object_get(json_array_get(plan, 0), "values");
		assert_string_equal(json_string_value(json_object_get(v, "source")), "self");
		json_decref(plan);
		json_decref(errors);
		mj_sheet_free(&sh);
		unlookup(&lk);
	}

	/* a field edit of item 7: only the changed fields, a blank clears */
	plan = plan_of(HEAD "自查,调研不深,蹲点调研,钱局长,,孙副局长,2026-07-31,待整改,7\n", &c, &errors, 0);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.updated, 1);
	v = json_object_get(json_array_get(plan, 0), "values");
	assert_int_equal(json_object_size(v), 3);
	assert_string_equal(json_string_value(json_object_get(v, "measure")), "蹲点调研");
	assert_true(json_is_null(json_object_get(v, "dept_id")));
	assert_string_equal(json_string_value(json_object_get(v, "deadline")), "2026-07-31");
	json_decref(plan);
	json_decref(errors);
}

static void plan_bad_rows(void **state)
{
	(void)state;
	struct mj_ledger_counts c;
	json_t *errors;
	char *longtext = malloc(5002 * 3 + 1);
	for (int i = 0; i < 5002; i++)
		memcpy(longtext + i * 3, "字", 3);
	longtext[5002 * 3] = 0;
	mj_buf csv = MJ_BUF_INIT;
	mj_buf_printf(&csv, HEAD
		      "自查,甲,,,,张三,2026-06-30,,\n"           /* 2: unknown person */
		      "自查,乙,,,,王芳,2026-06-30,,\n"           /* 3: ambiguous person */
		      "自查,丙,,,,,2026-02-30,,\n"               /* 4: impossible date */
		      "自查,甲,,,,,,,\n"                         /* 5: duplicate of row 2 */
		      "=1+1,丁,,,,,,,\n"                         /* 6: formula */
		      "飞鸽,戊,,,,,,,\n"                         /* 7: unknown source */
		      "自查,己,,,,,,整改中,\n"                   /* 8: new row not 待整改 */
		      "自查,调研不深,,钱局长,规划科,孙副局长,2026-06-30,已整改,7\n" /* 9: status jump */
		      "谈心谈话,文件多,改了,,,孙副局长,,已销号,8\n" /* 10: closed edited */
		      "自查,庚,,,,,,,99\n"                       /* 11: not of this ledger */
		      "自查,调研不深,,钱局长,规划科,孙副局长,2026-06-30,,7\n" /* 12: id twice */
		      "自查,%s,,,,,,,\n"                         /* 13: overlong */
		      "自查,,措施,,,,,,\n"                       /* 14: empty problem */
		      "自查,辛,,,财务科,,,,\n"                   /* 15: unknown dept */
		      "自查,调研不深,,,,,,,\n",                  /* 16: already in the ledger */
		      longtext);
	json_t *plan = plan_of(mj_buf_cstr(&csv), &c, &errors, 0);
	assert_true(has_error(errors, 2, "F", "找不到人员“张三”"));
	assert_true(has_error(errors, 3, "F", "有多个人员名为“王芳”"));
	assert_true(has_error(errors, 4, "G", "日期“2026-02-30”无效"));
	assert_true(has_error(errors, 5, "B", "与第 2 行的问题重复"));
	assert_true(has_error(errors, 6, "A", "公式"));
	assert_true(has_error(errors, 7, "A", "来源“飞鸽”无效"));
	assert_true(has_error(errors, 8, "H", "新条目的状态只能是“待整改”"));
	assert_true(has_error(errors, 9, "H", "状态不能通过导入修改"));
	assert_true(has_error(errors, 10, "", "已销号，不能修改"));
	assert_true(has_error(errors, 11, "I", "不是本会议台账中的条目"));
	assert_true(has_error(errors, 12, "I", "与第 9 行重复"));
	assert_true(has_error(errors, 13, "B", "超过 5000 个字符"));
	assert_true(has_error(errors, 14, "B", "问题不能为空"));
	assert_true(has_error(errors, 15, "E", "找不到部门“财务科”"));
	assert_true(has_error(errors, 16, "B", "与台账中已有的条目 7 问题相同"));
	assert_int_equal(c.errors, 15);
	json_decref(plan);
	json_decref(errors);
	/* --new: ids and statuses ignored, every row new */
	plan = plan_of(HEAD "自查,全新问题,,钱局长,规划科,孙副局长,2026-06-30,已整改,7\n", &c, &errors, 1);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.created, 1);
	json_decref(plan);
	json_decref(errors);
	mj_buf_free(&csv);
	free(longtext);
}

static void xlsx_round_trip(void **state)
{
	(void)state;
	char path[] = "/tmp/mj_ledgerx_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	json_error_t e;
	json_t *rows = json_loads("[{\"id\": 7, \"source\": \"self\", \"problem\": \"=1+1 <b>&\", \"measure\": \"两行\\n措施\","
				  " \"leader_name\": \"钱局长\", \"dept_name\": null, \"owner_name\": \"孙副局长\","
				  " \"deadline\": \"2026-06-30\", \"progress\": null, \"status\": \"doing\", \"evidence\": null,"
				  " \"closer_name\": null, \"closed_on\": null, \"color\": \"red\"}]", 0, &e);
	assert_non_null(rows);
	assert_int_equal(mj_ledger_write_xlsx(path, rows, 0, "台账"), 0);
	char *data;
	size_t len;
	struct mj_sheet sh;
	assert_int_equal(mj_file_read(path, 1 << 20, &data, &len), 0);
	assert_true(mj_sheet_is_zip(data, len));
	assert_int_equal(mj_xlsx_read(&sh, data, len, NULL, &LIM), 0);
	assert_string_equal(sh.name, "整改台账");
	assert_int_equal(sh.n, 2);
	assert_string_equal(cell(&sh, 0, MJ_LC_DEADLINE), "完成时限");
	assert_string_equal(cell(&sh, 1, MJ_LC_PROBLEM), "=1+1 <b>&"); /* a string, not a formula */
	assert_false(mj_sheet_cell(&sh.rows[1], MJ_LC_PROBLEM)->flags & MJ_CELL_FORMULA);
	assert_string_equal(cell(&sh, 1, MJ_LC_MEASURE), "两行\n措施");
	assert_string_equal(cell(&sh, 1, MJ_LC_STATUS), "整改中");
	assert_string_equal(cell(&sh, 1, MJ_LC_ID), "7");
	char d[11];
	assert_int_equal(mj_ledger_parse_date(mj_sheet_cell(&sh.rows[1], MJ_LC_DEADLINE), d), 0);
	assert_string_equal(d, "2026-06-30");
	mj_sheet_free(&sh);
	assert_int_equal(mj_xlsx_read(&sh, data, len, "说明", &LIM), 0);
	assert_true(sh.n >= 5);
	mj_sheet_free(&sh);
	assert_int_equal(mj_xlsx_read(&sh, data, len, "没有这个表", &LIM), MJ_ENOTFOUND);
	assert_non_null(strstr(mj_error_msg(), "整改台账"));
	mj_sheet_free(&sh);
	assert_int_equal(mj_xlsx_read(&sh, "PK\003\004garbage", 13, NULL, &LIM), MJ_EFORMAT);
	mj_sheet_free(&sh);
	free(data);
	json_decref(rows);
	unlink(path);
}

/* A zip whose workbook inflates past the cap is refused without inflating it. */
static void xlsx_zip_bomb(void **state)
{
	(void)state;
	char path[] = "/tmp/mj_bomb_XXXXXX";
	int fd = mkstemp(path), err = 0;
	assert_true(fd >= 0);
	close(fd);
	size_t big = (2u << 20) + 1;
	char *zeros = calloc(1, big);
	memset(zeros, ' ', big);
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	zip_source_t *src = zip_source_buffer(z, zeros, big, 0);
	assert_true(zip_file_add(z, "xl/workbook.xml", src, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	char *data;
	size_t len;
	assert_int_equal(mj_file_read(path, 1 << 20, &data, &len), 0);
	assert_true(len < 65536); /* small on disk */
	struct mj_sheet sh;
	assert_int_equal(mj_xlsx_read(&sh, data, len, NULL, &LIM), MJ_ETOOBIG);
	assert_non_null(strstr(mj_error_msg(), "压缩炸弹"));
	mj_sheet_free(&sh);
	free(data);
	free(zeros);
	unlink(path);
}

static int D(const char *s)
{
	int d;
	assert_int_equal(mj_date_parse(s, &d), 0);
	return d;
}

static void remind_selection(void **state)
{
	(void)state;
	int today = D("2026-11-20"), left;
	struct mj_remind_item it = {1, 1, 5, 4, "孙", "钱", "班子", "p", D("2026-11-20"), MJ_ITEM_TODO, 3, 1};
	assert_true(mj_remind_item_is_due(&it, today, 3, &left));
	assert_int_equal(left, 0); /* due today */
	it.deadline = D("2026-11-23");
	assert_true(mj_remind_item_is_due(&it, today, 3, &left)); /* in exactly N days */
	it.deadline = D("2026-11-24");
	assert_false(mj_remind_item_is_due(&it, today, 3, &left)); /* N+1 */
	assert_true(mj_remind_item_is_due(&it, today, 4, &left));
	it.deadline = D("2026-11-19");
	it.status = MJ_ITEM_DOING;
	assert_true(mj_remind_item_is_due(&it, today, 3, &left));
	assert_int_equal(left, -1); /* overdue */
	it.status = MJ_ITEM_DONE;
	assert_false(mj_remind_item_is_due(&it, today, 3, &left));
	it.status = MJ_ITEM_CLOSED;
	assert_false(mj_remind_item_is_due(&it, today, 3, &left));
	it.status = MJ_ITEM_TODO;
	it.deadline = MJ_DATE_NONE;
	assert_false(mj_remind_item_is_due(&it, today, 3, &left));
	/* days < 0: the notice's warn_days */
	it.deadline = D("2026-11-25");
	it.warn_days = 5;
	assert_true(mj_remind_item_is_due(&it, today, -1, &left));
	it.warn_days = -1; /* no notice: 3 */
	assert_false(mj_remind_item_is_due(&it, today, -1, &left));

	struct mj_remind_item items[] = {
		{10, 1, 5, 4, "孙", "钱", "甲班子", "晚的", D("2026-11-22"), MJ_ITEM_TODO, 3, 1},
		{11, 1, 5, 5, "孙", "孙", "甲班子", "逾期", D("2026-10-01"), MJ_ITEM_DOING, 3, 1},
		{12, 2, 6, 0, "李", NULL, "乙班子", "已销号", D("2026-10-01"), MJ_ITEM_CLOSED, 3, 2},
		{13, 2, 6, 0, "李", NULL, "乙班子", "太远", D("2027-01-01"), MJ_ITEM_TODO, 3, 2},
	};
	struct mj_remind_deadline dls[] = {
		{MJ_REMIND_PLAN, 3, 1, "甲班子", D("2026-11-20"), 3, {2, 4}, {"赵", "钱"}},
		{MJ_REMIND_REPORT, 4, 2, "乙班子", D("2026-12-20"), 3, {7, 0}, {"周", NULL}},
	};
	json_t *dg;
	assert_int_equal(mj_remind_digest(&dg, items, 4, dls, 2, today, 3), 0);
	json_t *people = json_object_get(dg, "people");
	assert_int_equal(json_array_size(people), 3); /* 赵 2, 钱 4, 孙 5; 李 and 周 have nothing due */
	json_t *p2 = json_array_get(people, 0), *p4 = json_array_get(people, 1), *p5 = json_array_get(people, 2);
	assert_int_equal(json_integer_value(json_object_get(p2, "person_id")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(p2, "entries"), 0), "what")), "plan");
	assert_int_equal(json_array_size(json_object_get(p4, "entries")), 2); /* leader of 10, head for the plan */
	json_t *e5 = json_object_get(p5, "entries");
	assert_int_equal(json_array_size(e5), 2);
	json_t *first = json_array_get(e5, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 11); /* overdue first */
	assert_true(json_is_true(json_object_get(first, "overdue")));
	assert_int_equal(json_integer_value(json_object_get(first, "meeting_id")), 1); /* for the web's ledger link */
	assert_int_equal(json_array_size(json_object_get(first, "roles")), 2); /* owner and leader: one entry */
	mj_buf b = MJ_BUF_INIT;
	assert_int_equal(mj_remind_render_text(&b, p5), 0);
	assert_non_null(strstr(mj_buf_cstr(&b), "逾期 50 天"));
	assert_non_null(strstr(mj_buf_cstr(&b), "【甲班子】"));
	mj_buf_reset(&b);
	json_object_set_new(json_array_get(e5, 1), "problem", json_string("<script>&"));
	assert_int_equal(mj_remind_render_html(&b, p5, "2026-11-20"), 0);
	assert_null(strstr(mj_buf_cstr(&b), "<script>"));
	assert_non_null(strstr(mj_buf_cstr(&b), "&lt;script&gt;&amp;"));
	mj_buf_free(&b);
	json_decref(dg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_newlines_bom_crlf),
		cmocka_unit_test(csv_formulas_and_guard),
		cmocka_unit_test(csv_errors_and_limits),
		cmocka_unit_test(header_mapping),
		cmocka_unit_test(date_cells),
		cmocka_unit_test(plan_valid_rows),
		cmocka_unit_test(plan_bad_rows),
		cmocka_unit_test(xlsx_round_trip),
		cmocka_unit_test(xlsx_zip_bomb),
		cmocka_unit_test(remind_selection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
