/*
 * Writing the ledger as a spreadsheet (ledger_sheet.h): CSV text for any
 * program, and an .xlsx laid out the way 台账 are kept in Excel (libxlsxwriter).
 * Both put the columns in the order of enum mj_lcol, so an exported file
 * imports back unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/ledger_sheet.h"
#include "core/model.h"
#include "core/xlsx_style.h"
#include "util/date.h"
#include "util/err.h"

lxw_format *mj_xlsx_header_format(lxw_workbook *wb)
{
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_pattern(head, LXW_PATTERN_SOLID);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_text_wrap(head);
	return head;
}

static const char *str(json_t *row, const char *k)
{
	const char *s = json_string_value(json_object_get(row, k));
	return s ? s : "";
}

/* The text of column k of an exported row (seq is 1-based). */
static const char *cell_text(json_t *row, int k, size_t seq, char *buf, size_t size)
{
	const struct mj_entity *ie = mj_entity_find("item");
	switch (k) {
	case MJ_LC_SEQ: snprintf(buf, size, "%zu", seq); return buf;
	case MJ_LC_SOURCE: return mj_enum_label(mj_entity_field(ie, "source"), str(row, "source"));
	case MJ_LC_PROBLEM: return str(row, "problem");
	case MJ_LC_MEASURE: return str(row, "measure");
	case MJ_LC_LEADER: return str(row, "leader_name");
	case MJ_LC_DEPT: return str(row, "dept_name");
	case MJ_LC_OWNER: return str(row, "owner_name");
	case MJ_LC_DEADLINE: return str(row, "deadline");
	case MJ_LC_PROGRESS: return str(row, "progress");
	case MJ_LC_STATUS: return mj_enum_label(mj_entity_field(ie, "status"), str(row, "status"));
	case MJ_LC_EVIDENCE: return str(row, "evidence");
	case MJ_LC_CLOSER: return str(row, "closer_name");
	case MJ_LC_CLOSED_ON: return str(row, "closed_on");
	case MJ_LC_ID:
		snprintf(buf, size, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		return buf;
	}
	return "";
}

int mj_ledger_write_csv(mj_buf *out, json_t *rows, int with_team)
{
	int rc = mj_buf_puts(out, "\xEF\xBB\xBF");
	char buf[32];
	if (with_team && !rc)
		rc = mj_buf_puts(out, "班子,");
	for (int k = 0; k < MJ_LC_COUNT && !rc; k++) {
		rc = mj_buf_puts(out, mj_lcol_label(k));
		if (!rc)
			rc = mj_buf_puts(out, k + 1 < MJ_LC_COUNT ? "," : "\r\n");
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (rc)
			break;
		if (with_team) {
			const char *t = str(row, "team_name");
			if (!(rc = mj_csv_put_field(out, t, strlen(t), 1)))
				rc = mj_buf_putc(out, ',');
		}
		for (int k = 0; k < MJ_LC_COUNT && !rc; k++) {
			const char *t = cell_text(row, k, i + 1, buf, sizeof buf);
			rc = mj_csv_put_field(out, t, strlen(t), 1);
			if (!rc)
				rc = mj_buf_puts(out, k + 1 < MJ_LC_COUNT ? "," : "\r\n");
		}
	}
	return rc;
}

/* Fill colours, by kind of row. */
enum { FILL_NONE, FILL_RED, FILL_YELLOW, FILL_BLUE, FILL_DONE, FILL_CLOSED, FILL_COUNT };
static const lxw_color_t fill_rgb[FILL_COUNT] = {0, 0xFFC7CE, 0xFFEB9C, 0xDDEBF7, 0xE2EFDA, 0xD9D9D9};

static int row_fill(json_t *row)
{
	const char *st = str(row, "status"), *c = str(row, "color");
	if (strcmp(st, "closed") == 0)
		return FILL_CLOSED;
	if (strcmp(c, "red") == 0)
		return FILL_RED;
	if (strcmp(c, "yellow") == 0)
		return FILL_YELLOW;
	if (strcmp(c, "blue") == 0)
		return FILL_BLUE;
	if (strcmp(st, "done") == 0)
		return FILL_DONE;
	return FILL_NONE;
}

static lxw_format *cell_format(lxw_workbook *wb, int fill, int date)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(f);
	if (fill != FILL_NONE) {
		format_set_pattern(f, LXW_PATTERN_SOLID);
		format_set_bg_color(f, fill_rgb[fill]);
	}
	if (date)
		format_set_num_format(f, "yyyy-mm-dd");
	return f;
}

static int xlsx_error(const char *path, lxw_error e)
{
	return mj_error_set(MJ_EIO, "写入 %s 失败：%s", path, lxw_strerror(e));
}

int mj_ledger_write_xlsx(const char *path, json_t *rows, int with_team, const char *title)
{
	static const double widths[MJ_LC_COUNT] = {6, 10, 40, 40, 10, 12, 10, 12, 30, 9, 24, 9, 12, 9};
	char tmp[4096], buf[32];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return mj_error_set(MJ_EINVAL, "文件名过长");
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb)
		return mj_error_set(MJ_EIO, "无法创建 %s", path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "整改台账");
	lxw_format *head = mj_xlsx_header_format(wb);
	lxw_format *text[FILL_COUNT], *date[FILL_COUNT];
	for (int f = 0; f < FILL_COUNT; f++) {
		text[f] = cell_format(wb, f, 0);
		date[f] = cell_format(wb, f, 1);
	}
	int off = with_team ? 1 : 0;
	if (with_team) {
		worksheet_write_string(ws, 0, 0, "班子", head);
		worksheet_set_column(ws, 0, 0, 20, NULL);
	}
	for (int k = 0; k < MJ_LC_COUNT; k++) {
		worksheet_write_string(ws, 0, (lxw_col_t)(k + off), mj_lcol_label(k), head);
		worksheet_set_column(ws, (lxw_col_t)(k + off), (lxw_col_t)(k + off), widths[k], NULL);
	}
	worksheet_set_row(ws, 0, 22, NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		int fill = row_fill(row);
		if (with_team)
			worksheet_write_string(ws, r, 0, str(row, "team_name"), text[fill]);
		for (int k = 0; k < MJ_LC_COUNT; k++) {
			lxw_col_t c = (lxw_col_t)(k + off);
			const char *t = cell_text(row, k, i + 1, buf, sizeof buf);
			int d;
			if ((k == MJ_LC_DEADLINE || k == MJ_LC_CLOSED_ON) && *t && mj_date_parse(t, &d) == 0) {
				int y, mo, dd;
				mj_date_to_ymd(d, &y, &mo, &dd);
				lxw_datetime dt = {y, mo, dd, 0, 0, 0};
				worksheet_write_datetime(ws, r, c, &dt, date[fill]);
			} else if (k == MJ_LC_SEQ || k == MJ_LC_ID) {
				worksheet_write_number(ws, r, c, (double)strtoll(t, NULL, 10), text[fill]);
			} else if (*t) {
				worksheet_write_string(ws, r, c, t, text[fill]); /* always a string, never a formula */
			} else {
				worksheet_write_blank(ws, r, c, text[fill]);
			}
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)(json_array_size(rows) ? json_array_size(rows) : 1),
			     (lxw_col_t)(MJ_LC_COUNT - 1 + off));
	worksheet_set_landscape(ws);
	worksheet_repeat_rows(ws, 0, 0);
	if (title && *title && !strchr(title, '&'))
		worksheet_set_header(ws, title);

	lxw_worksheet *legend = workbook_add_worksheet(wb, "说明");
	static const char *const notes[] = {
		"红色：已逾期未完成", "黄色：被上级退回，尚未销号", "蓝色：临近完成时限（预警天数内）",
		"绿色：已整改，待上级对账销号", "灰色：已销号",
		"“系统编号”用于重新导入时对应原条目，请勿修改；新增条目请留空。",
		"状态由系统流转（开始整改、完成整改、退回、销号），导入时不能修改。"};
	static const int note_fill[] = {FILL_RED, FILL_YELLOW, FILL_BLUE, FILL_DONE, FILL_CLOSED, FILL_NONE, FILL_NONE};
	worksheet_set_column(legend, 0, 0, 70, NULL);
	for (int k = 0; k < 7; k++)
		worksheet_write_string(legend, (lxw_row_t)k, 0, notes[k], text[note_fill[k]]);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		remove(tmp);
		return xlsx_error(path, e);
	}
	if (rename(tmp, path) != 0) {
		remove(tmp);
		return mj_error_set(MJ_EIO, "无法写入 %s", path);
	}
	return 0;
}
