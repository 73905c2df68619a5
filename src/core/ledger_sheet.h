/*
 * The rectification ledger as a spreadsheet (整改台账 in Excel): its columns,
 * how the header of a sheet people kept by hand maps onto them, and the
 * validation of every row of an import into a plan of changes. Also the
 * writers of the export (.csv text and .xlsx file).
 *
 * Pure domain code: no SQL. The store hands in what it knows (the people and
 * departments of the team by name, the team's existing items) as JSON, and
 * gets back a plan it executes in one transaction.
 */
#ifndef MJ_CORE_LEDGER_SHEET_H
#define MJ_CORE_LEDGER_SHEET_H
#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/sheet.h"

/* The columns of the exported ledger, in order. */
enum mj_lcol {
	MJ_LC_SEQ = 0,   /* 序号 (ignored on import) */
	MJ_LC_SOURCE,    /* 来源 */
	MJ_LC_PROBLEM,   /* 问题 */
	MJ_LC_MEASURE,   /* 整改措施 */
	MJ_LC_LEADER,    /* 责任领导 */
	MJ_LC_DEPT,      /* 责任部门 */
	MJ_LC_OWNER,     /* 责任人 */
	MJ_LC_DEADLINE,  /* 完成时限 */
	MJ_LC_PROGRESS,  /* 进展 */
	MJ_LC_STATUS,    /* 状态 */
	MJ_LC_EVIDENCE,  /* 佐证 */
	MJ_LC_CLOSER,    /* 销号人 (ignored on import) */
	MJ_LC_CLOSED_ON, /* 销号日期 (ignored on import) */
	MJ_LC_ID,        /* 系统编号: the item id, to match rows on re-import */
	MJ_LC_COUNT
};

/* Canonical header of a column ("完成时限"). */
const char *mj_lcol_label(enum mj_lcol c);
/* The column a header names, accepting common variants (整改时限, 完成期限,
 * 责任单位, 存在问题 …), ignoring spaces, line breaks, '*' and anything in
 * parentheses; -1 when it names none. */
int mj_lcol_match(const char *header, size_t len);

/* Where each column is in a sheet. */
struct mj_ledger_map {
	long col[MJ_LC_COUNT]; /* 0-based sheet column, or -1 when absent */
	size_t header_row;     /* index in sheet->rows of the header */
};
#define MJ_LEDGER_HEADER_SCAN 10 /* rows searched for the header (titles above it) */

/* Finds the header among the first MJ_LEDGER_HEADER_SCAN rows: the first row
 * naming the 问题 column and at least one other. Returns 0, or MJ_EFORMAT
 * ("wrong sheet") / MJ_EINVAL (a column named twice), with a message. */
int mj_ledger_map_header(struct mj_ledger_map *m, const struct mj_sheet *sh);

/* Parses a deadline cell: an .xlsx date (serial number), or text
 * YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 (a time part is ignored).
 * Writes YYYY-MM-DD into out. Returns 0 or -1 (no such date). */
int mj_ledger_parse_date(const struct mj_cell *c, char out[11]);

/* What the store knows, for resolving and comparing rows. */
struct mj_ledger_lookup {
	json_t *people; /* name -> integer id; 0 when several people share the name */
	json_t *depts;  /* name -> integer id; 0 when ambiguous */
	json_t *items;  /* "id" -> existing item row (store form) that rows may update */
	int ignore_ids; /* import every row as new (--new): 系统编号 and 状态 ignored */
};

struct mj_ledger_counts {
	long rows;      /* data rows seen (blank rows not counted) */
	long created;   /* new items */
	long updated;   /* existing items with changes */
	long unchanged; /* existing items identical to their row */
	long errors;    /* errors found (all of them, even past max_errors) */
};

/*
 * Validates every data row and builds the plan. *plan: array of
 *   {"row": N, "op": "new"|"update"|"same", "id": ID (update/same),
 *    "values": {field: "text" | null}}   (values only for new/update)
 * *errors: array of {"row": N, "col": "H", "label": "完成时限", "msg": "…"},
 * at most max_errors entries (counts->errors has the true number). Both are
 * new references, set even when there are errors. Returns 0 (see
 * counts->errors) — this function itself cannot fail.
 */
int mj_ledger_plan(json_t **plan, json_t **errors, struct mj_ledger_counts *counts,
		   const struct mj_sheet *sh, const struct mj_ledger_map *m,
		   const struct mj_ledger_lookup *lk, size_t max_errors);

/*
 * Export. rows: array of objects with id, source, problem, measure,
 * leader_name, dept_name, owner_name, deadline, progress, status, evidence,
 * closer_name, closed_on, color (core/rules.h warning code) and, when
 * with_team, team_name. Labels are Chinese; values are guarded against
 * formula injection.
 */
/* UTF-8 with BOM, CRLF line ends, RFC 4180 quoting. */
int mj_ledger_write_csv(mj_buf *out, json_t *rows, int with_team);
/* Writes an .xlsx to path (through path.tmp and a rename): header row frozen,
 * autofilter, column widths, rows filled by colour (red/yellow/blue warning,
 * green done, grey closed), and a second sheet 说明 with the legend. */
int mj_ledger_write_xlsx(const char *path, json_t *rows, int with_team, const char *title);

#endif
