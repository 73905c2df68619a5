/*
 * A sheet: rows of text cells read from a spreadsheet file (CSV or .xlsx),
 * before any meaning is given to them. Readers never evaluate anything: a
 * cell that holds a formula is marked MJ_CELL_FORMULA (its cached value, if
 * any, is kept only for messages).
 *
 * Memory: every string and array belongs to the sheet's arena; mj_sheet_free
 * releases them at once. Limits (struct mj_sheet_limits) are checked while
 * reading, so a hostile file yields MJ_ETOOBIG with a message, never an
 * out-of-memory abort.
 */
#ifndef MJ_SHEET_H
#define MJ_SHEET_H
#include <stddef.h>

#include "util/buf.h"
#include "util/mem.h"

enum {
	MJ_CELL_FORMULA = 1, /* the cell holds a formula (xlsx <f>; CSV "=…") */
	MJ_CELL_NUMBER = 2,  /* a numeric cell of an .xlsx (dates are serial numbers) */
};

struct mj_cell {
	const char *s; /* NUL-terminated UTF-8, never NULL ("" for an empty cell) */
	size_t len;
	unsigned flags;
};

struct mj_sheet_row {
	long line;            /* row number as the user sees it (1 = first row) */
	size_t n;             /* number of cells (trailing empty cells may be absent) */
	struct mj_cell *cells;
};

struct mj_sheet {
	struct mj_sheet_row *rows;
	size_t n, cap;
	mj_arena arena;
	char name[128];       /* sheet name (xlsx) or "" */
};

struct mj_sheet_limits {
	size_t max_rows;  /* rows read, header included */
	size_t max_cols;  /* cells per row */
	size_t max_cell;  /* bytes per cell */
	size_t max_part;  /* xlsx: uncompressed bytes of one XML part (0: MJ_XLSX_MAX_XML) */
};
#define MJ_SHEET_MAX_ROWS 200000
#define MJ_SHEET_MAX_COLS 200
#define MJ_SHEET_MAX_CELL 32767 /* Excel's own limit, in characters */
#define MJ_XLSX_MAX_XML (200u << 20) /* uncompressed bytes of one part */

void mj_sheet_init(struct mj_sheet *sh);
void mj_sheet_free(struct mj_sheet *sh);
/* The cell at (row, col), or an empty cell when absent. */
const struct mj_cell *mj_sheet_cell(const struct mj_sheet_row *r, size_t col);

/*
 * CSV (RFC 4180): comma-separated (a tab-separated file is recognised by its
 * first line), fields optionally in double quotes with "" for a quote and
 * embedded newlines; CRLF or LF line ends; a leading UTF-8 BOM is dropped.
 * Invalid UTF-8 is refused (MJ_EUTF8; convert GBK files first). A field that
 * starts with '=' is marked MJ_CELL_FORMULA. A field that starts with an
 * apostrophe followed by = + - or @ (our own export's guard) loses the
 * apostrophe. Returns 0, MJ_EFORMAT (stray quote, with the line), MJ_ETOOBIG
 * or MJ_EUTF8; on error the sheet is left empty but must still be freed.
 */
int mj_csv_parse(struct mj_sheet *out, const char *data, size_t len,
		 const struct mj_sheet_limits *lim);

/*
 * .xlsx: reads the sheet named `sheet_name` (NULL: the first sheet) from the
 * zip in data[0..len). Shared strings, inline strings, numbers, booleans and
 * formulas (<f>, marked MJ_CELL_FORMULA) are read; styles are ignored. Each
 * part is inflated to at most lim->max_part bytes (zip bombs): refused at
 * once when the zip declares more, and cut off while inflating otherwise. Returns 0,
 * MJ_EFORMAT (not an xlsx, missing part, bad XML), MJ_ENOTFOUND (no such
 * sheet: the message lists the sheets), or MJ_ETOOBIG.
 */
int mj_xlsx_read(struct mj_sheet *out, const char *data, size_t len, const char *sheet_name,
		 const struct mj_sheet_limits *lim);

/* 1 when data looks like a zip file (an .xlsx), else 0. */
int mj_sheet_is_zip(const char *data, size_t len);

/* Appends one CSV field to b, quoted when needed (RFC 4180). When guard is
 * set, a value starting with = + - or @ gets a leading apostrophe so that a
 * spreadsheet shows it as text instead of running it as a formula. */
int mj_csv_put_field(mj_buf *b, const char *s, size_t len, int guard);

/* Column letters of a 0-based column index ("A", "B", …, "AA"); out >= 8 bytes. */
void mj_sheet_col_name(size_t col, char out[8]);

#endif
