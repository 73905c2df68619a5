/*
 * Sheets (sheet.h): the row/cell store shared by the readers, the CSV reader
 * and the CSV field writer. The .xlsx reader is in xlsx_read.c.
 */
#include "util/sheet.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/utf8.h"

void mj_sheet_init(struct mj_sheet *sh)
{
	memset(sh, 0, sizeof *sh);
	mj_arena_init(&sh->arena);
}

void mj_sheet_free(struct mj_sheet *sh)
{
	free(sh->rows);
	mj_arena_free(&sh->arena);
	memset(sh, 0, sizeof *sh);
}

const struct mj_cell *mj_sheet_cell(const struct mj_sheet_row *r, size_t col)
{
	static const struct mj_cell empty = {"", 0, 0};
	return r && col < r->n ? &r->cells[col] : &empty;
}

void mj_sheet_col_name(size_t col, char out[8])
{
	char tmp[8];
	int n = 0;
	col++;
	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

int mj_sheet_is_zip(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\003\004", 4) == 0;
}

/* ---- a row under construction ------------------------------------------ */

struct builder {
	struct mj_sheet *sh;
	const struct mj_sheet_limits *lim;
	struct mj_cell *cells; /* malloc'd, cap ccap */
	size_t n, ccap;
};

/* Used by xlsx_read.c too. */
int mj_sheet_add_cell(struct mj_sheet *sh, struct mj_cell **cells, size_t *n, size_t *ccap,
		      size_t col, const char *s, size_t len, unsigned flags,
		      const struct mj_sheet_limits *lim, long line);
int mj_sheet_add_row(struct mj_sheet *sh, struct mj_cell *cells, size_t n, long line,
		     const struct mj_sheet_limits *lim);

int mj_sheet_add_cell(struct mj_sheet *sh, struct mj_cell **cells, size_t *n, size_t *ccap,
		      size_t col, const char *s, size_t len, unsigned flags,
		      const struct mj_sheet_limits *lim, long line)
{
	char cn[8];
	if (col >= lim->max_cols)
		return mj_error_set(MJ_ETOOBIG, "第 %ld 行超过 %zu 列的上限", line, lim->max_cols);
	if (len > lim->max_cell) {
		mj_sheet_col_name(col, cn);
		return mj_error_set(MJ_ETOOBIG, "第 %ld 行 %s 列的内容超过 %zu 字节的上限", line, cn, lim->max_cell);
	}
	if (col >= *ccap) {
		size_t nc = *ccap ? *ccap * 2 : 16;
		while (nc <= col)
			nc *= 2;
		*cells = mj_realloc(*cells, nc * sizeof **cells);
		*ccap = nc;
	}
	for (size_t i = *n; i < col; i++)
		(*cells)[i] = (struct mj_cell){"", 0, 0};
	(*cells)[col] = (struct mj_cell){len ? mj_arena_strndup(&sh->arena, s, len) : "", len, flags};
	if (col + 1 > *n)
		*n = col + 1;
	return 0;
}

int mj_sheet_add_row(struct mj_sheet *sh, struct mj_cell *cells, size_t n, long line,
		     const struct mj_sheet_limits *lim)
{
	if (sh->n >= lim->max_rows)
		return mj_error_set(MJ_ETOOBIG, "表格超过 %zu 行的上限", lim->max_rows);
	if (sh->n == sh->cap) {
		sh->cap = sh->cap ? sh->cap * 2 : 256;
		sh->rows = mj_realloc(sh->rows, sh->cap * sizeof *sh->rows);
	}
	struct mj_sheet_row *r = &sh->rows[sh->n++];
	r->line = line;
	r->n = n;
	r->cells = n ? mj_arena_alloc(&sh->arena, n * sizeof *cells) : NULL;
	if (n)
		memcpy(r->cells, cells, n * sizeof *cells);
	return 0;
}

/* ---- CSV ------------------------------------------------------------------ */

/* Converts GB18030 (a superset of GBK) to UTF-8; 0 or -1 when it is not. */
static int gb18030_to_utf8(const char *in, size_t len, char **out, size_t *olen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return -1;
	size_t cap = len * 2 + 16, left = cap;
	char *buf = mj_malloc(cap), *op = buf, *ip = (char *)in;
	size_t ileft = len;
	size_t r = iconv(cd, &ip, &ileft, &op, &left);
	iconv_close(cd);
	if (r == (size_t)-1 || ileft != 0 || !mj_utf8_valid(buf, cap - left)) {
		free(buf);
		return -1;
	}
	*out = buf;
	*olen = cap - left;
	return 0;
}

int mj_csv_parse(struct mj_sheet *out, const char *data, size_t len,
		 const struct mj_sheet_limits *lim)
{
	struct mj_cell *cells = NULL;
	size_t n = 0, ccap = 0, col = 0, i = 0;
	mj_buf field;
	long line = 1, phys = 1;
	int rc = 0;
	char sep = ',';

	mj_sheet_init(out);
	mj_buf_init(&field, lim->max_cell + 2);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (memchr(data + i, 0, len - i))
		return mj_error_set(MJ_EFORMAT, "CSV 文件含有 NUL 字节，不是文本文件（可能是 UTF-16 或其他二进制格式）");
	if (!mj_utf8_valid(data + i, len - i)) {
		/* Excel on Chinese Windows saves "CSV" in GBK: convert from GB18030. */
		char *conv = NULL;
		size_t clen = 0;
		if (gb18030_to_utf8(data + i, len - i, &conv, &clen) == 0) {
			rc = mj_csv_parse(out, conv, clen, lim);
			free(conv);
			return rc;
		}
		return mj_error_set(MJ_EUTF8, "CSV 文件既不是 UTF-8 也不是 GBK 编码（Excel 中请选择“CSV UTF-8（逗号分隔）”另存）");
	}
	{	/* tab-separated when the first line has tabs and no commas */
		size_t k = i;
		int tabs = 0, commas = 0;
		for (; k < len && data[k] != '\n'; k++)
			tabs += data[k] == '\t', commas += data[k] == ',';
		if (tabs && !commas)
			sep = '\t';
	}
	while (i <= len) {
		int quoted = 0;
		unsigned flags = 0;
		mj_buf_reset(&field);
		if (i < len && data[i] == '"') {
			quoted = 1;
			i++;
			for (;;) {
				if (i >= len) {
					rc = mj_error_set(MJ_EFORMAT, "CSV 第 %ld 行：引号没有闭合", phys);
					goto cleanup;
				}
				if (data[i] == '"') {
					if (i + 1 < len && data[i + 1] == '"') {
						if ((rc = mj_buf_putc(&field, '"')))
							goto toobig;
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (data[i] == '\n')
					phys++;
				if ((rc = mj_buf_putc(&field, data[i])))
					goto toobig;
				i++;
			}
			if (i < len && data[i] != sep && data[i] != '\n' && data[i] != '\r') {
				rc = mj_error_set(MJ_EFORMAT, "CSV 第 %ld 行：引号后面有多余的字符", phys);
				goto cleanup;
			}
		} else {
			size_t start = i;
			while (i < len && data[i] != sep && data[i] != '\n' && data[i] != '\r') {
				if (data[i] == '"') {
					rc = mj_error_set(MJ_EFORMAT, "CSV 第 %ld 行：未加引号的字段中出现引号", phys);
					goto cleanup;
				}
				i++;
			}
			if ((rc = mj_buf_put(&field, data + start, i - start)))
				goto toobig;
		}
		const char *s = mj_buf_cstr(&field);
		size_t fl = field.len;
		if (fl >= 2 && s[0] == '\'' && strchr("=+-@", s[1]))
			s++, fl--;
		else if (fl && s[0] == '=')
			flags |= MJ_CELL_FORMULA;
		(void)quoted;
		if ((fl || flags) && (rc = mj_sheet_add_cell(out, &cells, &n, &ccap, col, s, fl, flags, lim, line)))
			goto cleanup;
		col++;
		if (col > lim->max_cols) {
			rc = mj_error_set(MJ_ETOOBIG, "第 %ld 行超过 %zu 列的上限", line, lim->max_cols);
			goto cleanup;
		}
		if (i < len && data[i] == sep) {
			i++;
			continue;
		}
		/* end of record */
		if (i < len && data[i] == '\r')
			i++;
		if (i < len && data[i] == '\n')
			i++;
		if (n > 0 || i < len) {
			if ((rc = mj_sheet_add_row(out, cells, n, line, lim)))
				goto cleanup;
		}
		n = 0;
		col = 0;
		line++;
		phys++;
		if (i >= len)
			break;
	}
	goto cleanup;
toobig:
	rc = mj_error_set(MJ_ETOOBIG, "CSV 第 %ld 行有单元格超过 %zu 字节的上限", phys, lim->max_cell);
cleanup:
	free(cells);
	mj_buf_free(&field);
	if (rc) {
		mj_sheet_free(out);
		mj_sheet_init(out);
	}
	return rc;
}

int mj_csv_put_field(mj_buf *b, const char *s, size_t len, int guard)
{
	int need = guard && len && strchr("=+-@", s[0]);
	int quote = 0;
	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	int rc = 0;
	if (quote)
		rc = mj_buf_putc(b, '"');
	if (!rc && need)
		rc = mj_buf_putc(b, '\'');
	size_t start = 0;
	for (size_t i = 0; i < len && !rc; i++) {
		if (s[i] == '"') {
			rc = mj_buf_put(b, s + start, i + 1 - start);
			if (!rc)
				rc = mj_buf_putc(b, '"');
			start = i + 1;
		}
	}
	if (!rc)
		rc = mj_buf_put(b, s + start, len - start);
	if (!rc && quote)
		rc = mj_buf_putc(b, '"');
	return rc;
}
