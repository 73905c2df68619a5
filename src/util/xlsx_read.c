/*
 * Reading one worksheet of an .xlsx (Office Open XML) into a sheet (sheet.h).
 *
 * The parts read: xl/workbook.xml (sheet names and relationship ids),
 * xl/_rels/workbook.xml.rels (where each sheet's XML lives),
 * xl/sharedStrings.xml (the strings table) and the worksheet itself. Each part
 * is inflated into a buffer capped at MJ_XLSX_MAX_XML bytes and parsed with
 * libxml2's streaming reader (no DOM, no network, no entity expansion), so a
 * 100,000-row sheet costs about its text, and a zip bomb stops at the cap.
 * Formulas are never evaluated: a cell with <f> is marked MJ_CELL_FORMULA.
 */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/err.h"
#include "util/sheet.h"
#include "util/utf8.h"
#include "util/zipread.h"

int mj_sheet_add_cell(struct mj_sheet *sh, struct mj_cell **cells, size_t *n, size_t *ccap,
		      size_t col, const char *s, size_t len, unsigned flags,
		      const struct mj_sheet_limits *lim, long line);
int mj_sheet_add_row(struct mj_sheet *sh, struct mj_cell *cells, size_t n, long line,
		     const struct mj_sheet_limits *lim);

static xmlTextReaderPtr reader_for(const char *buf, size_t len)
{
	if (len > (size_t)INT32_MAX)
		return NULL;
	return xmlReaderForMemory(buf, (int)len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static const char *attr(xmlTextReaderPtr r, const char *name, char *tmp, size_t tmpsize)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	if (!v)
		return NULL;
	size_t l = strlen((const char *)v);
	if (l >= tmpsize)
		l = tmpsize - 1;
	memcpy(tmp, v, l);
	tmp[l] = 0;
	xmlFree(v);
	return tmp;
}

static int is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* ---- workbook: the wanted sheet's part name ----------------------------- */

static int find_sheet(zip_t *z, size_t max, const char *want, char *part, size_t partsize, char *name, size_t namesize)
{
	char *wb = NULL, *rels = NULL;
	size_t wl, rl;
	char rid[128] = "", tmp[512], names[1024] = "";
	int rc = mj_zip_read_part(z, "xl/workbook.xml", max, "xlsx", &wb, &wl);
	if (rc == MJ_ENOTFOUND)
		return mj_error_set(MJ_EFORMAT, "不是有效的 xlsx 文件：缺少 xl/workbook.xml");
	if (rc)
		return rc;
	xmlTextReaderPtr r = reader_for(wb, wl);
	int found = 0, ret;
	size_t nl = 0;
	while (r && (ret = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "sheet") != 0)
			continue;
		const char *nm = attr(r, "name", tmp, sizeof tmp);
		if (!nm)
			continue;
		size_t l = strlen(nm);
		if (nl + l + 4 < sizeof names) {
			if (nl)
				memcpy(names + nl, "、", 3), nl += 3;
			memcpy(names + nl, nm, l);
			nl += l;
			names[nl] = 0;
		}
		if (!found && (!want || strcmp(want, nm) == 0)) {
			found = 1;
			snprintf(name, namesize, "%s", nm);
			xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"r:id");
			if (!v)
				v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
					(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
			if (v) {
				snprintf(rid, sizeof rid, "%s", (const char *)v);
				xmlFree(v);
			}
		}
	}
	if (r)
		xmlFreeTextReader(r);
	free(wb);
	if (!found) {
		if (want)
			return mj_error_set(MJ_ENOTFOUND, "xlsx 文件中没有名为“%s”的工作表（现有：%s）", want, names[0] ? names : "无");
		return mj_error_set(MJ_EFORMAT, "xlsx 文件中没有工作表");
	}
	/* default when relationships are missing or odd */
	snprintf(part, partsize, "xl/worksheets/sheet1.xml");
	if (rid[0] && mj_zip_read_part(z, "xl/_rels/workbook.xml.rels", max, "xlsx", &rels, &rl) == 0) {
		r = reader_for(rels, rl);
		while (r && xmlTextReaderRead(r) == 1) {
			if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
			    strcmp((const char *)xmlTextReaderConstLocalName(r), "Relationship") != 0)
				continue;
			const char *id = attr(r, "Id", tmp, sizeof tmp);
			if (!id || strcmp(id, rid) != 0)
				continue;
			const char *t = attr(r, "Target", tmp, sizeof tmp);
			if (t && strstr(t, "..") == NULL) {
				if (t[0] == '/')
					snprintf(part, partsize, "%s", t + 1);
				else
					snprintf(part, partsize, "xl/%s", t);
			}
			break;
		}
		if (r)
			xmlFreeTextReader(r);
		free(rels);
	}
	return 0;
}

/* ---- shared strings ------------------------------------------------------ */

struct strtab {
	const char **s;
	size_t *len;
	size_t n, cap;
};

static int read_shared(zip_t *z, size_t max, struct mj_sheet *sh, struct strtab *st)
{
	char *x = NULL;
	size_t xl;
	int rc = mj_zip_read_part(z, "xl/sharedStrings.xml", max, "xlsx", &x, &xl);
	if (rc == MJ_ENOTFOUND)
		return 0; /* a workbook with inline strings only */
	if (rc)
		return rc;
	xmlTextReaderPtr r = reader_for(x, xl);
	mj_buf cur;
	mj_buf_init(&cur, MJ_SHEET_MAX_CELL * 4);
	int in_si = 0, in_t = 0, in_rph = 0, ret = 0, toolong = 0;
	while (r && (ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *ln = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (strcmp(ln, "si") == 0) {
				mj_buf_reset(&cur);
				in_si = 1;
				toolong = 0;
			} else if (strcmp(ln, "rPh") == 0 && !empty)
				in_rph = 1;
			else if (strcmp(ln, "t") == 0 && !empty)
				in_t = 1;
			if (!(strcmp(ln, "si") == 0 && empty))
				continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT || type == XML_READER_TYPE_ELEMENT) {
			if (strcmp(ln, "t") == 0)
				in_t = 0;
			else if (strcmp(ln, "rPh") == 0)
				in_rph = 0;
			else if (strcmp(ln, "si") == 0 && in_si) {
				in_si = 0;
				if (st->n == st->cap) {
					st->cap = st->cap ? st->cap * 2 : 1024;
					st->s = mj_realloc(st->s, st->cap * sizeof *st->s);
					st->len = mj_realloc(st->len, st->cap * sizeof *st->len);
				}
				/* an overlong string is kept truncated past the cap: the
				 * row check reports it by its length */
				st->s[st->n] = mj_arena_strndup(&sh->arena, mj_buf_cstr(&cur), cur.len);
				st->len[st->n] = toolong ? (size_t)-1 : cur.len;
				st->n++;
			}
			continue;
		}
		if (in_si && in_t && !in_rph && is_text_node(type)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && mj_buf_puts(&cur, v))
				toolong = 1;
		}
	}
	if (!r || ret < 0)
		rc = mj_error_set(MJ_EFORMAT, "xlsx 文件的共享字符串表（sharedStrings.xml）不是有效的 XML");
	if (r)
		xmlFreeTextReader(r);
	mj_buf_free(&cur);
	free(x);
	return rc;
}

/* "B12" -> column 1 (0-based); -1 when malformed. */
static long ref_col(const char *ref)
{
	long c = 0;
	int k = 0;
	for (; ref[k] >= 'A' && ref[k] <= 'Z' && k < 4; k++)
		c = c * 26 + (ref[k] - 'A' + 1);
	return k ? c - 1 : -1;
}

/* ---- the worksheet ------------------------------------------------------- */

static int read_rows(zip_t *z, const char *part, struct mj_sheet *sh, const struct strtab *st,
		     const struct mj_sheet_limits *lim)
{
	char *x = NULL;
	size_t xl;
	int rc = mj_zip_read_part(z, part, lim->max_part ? lim->max_part : MJ_XLSX_MAX_XML, "xlsx", &x, &xl);
	if (rc == MJ_ENOTFOUND)
		return mj_error_set(MJ_EFORMAT, "xlsx 文件缺少工作表 %s", part);
	if (rc)
		return rc;
	xmlTextReaderPtr r = reader_for(x, xl);
	struct mj_cell *cells = NULL;
	size_t n = 0, ccap = 0;
	mj_buf v, is;
	mj_buf_init(&v, lim->max_cell * 4 + 64);
	mj_buf_init(&is, lim->max_cell * 4 + 64);
	char tmp[64], type[16] = "";
	long line = 0, col = -1, next_col = 0;
	int in_row = 0, in_c = 0, in_v = 0, in_is_t = 0, in_rph = 0, has_f = 0, ret = 0, over = 0;
	while (r && (ret = xmlTextReaderRead(r)) == 1) {
		int nt = xmlTextReaderNodeType(r);
		const char *ln = (const char *)xmlTextReaderConstLocalName(r);
		if (nt == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (strcmp(ln, "row") == 0) {
				const char *rr = attr(r, "r", tmp, sizeof tmp);
				long want = rr ? strtol(rr, NULL, 10) : line + 1;
				line = want > line ? want : line + 1;
				n = 0;
				next_col = 0;
				in_row = 1;
				if (empty) {
					in_row = 0;
					if ((rc = mj_sheet_add_row(sh, cells, 0, line, lim)))
						break;
				}
			} else if (strcmp(ln, "c") == 0 && in_row) {
				const char *cr = attr(r, "r", tmp, sizeof tmp);
				col = cr ? ref_col(cr) : next_col;
				if (col < 0)
					col = next_col;
				next_col = col + 1;
				const char *t = attr(r, "t", tmp, sizeof tmp);
				snprintf(type, sizeof type, "%s", t ? t : "n");
				mj_buf_reset(&v);
				mj_buf_reset(&is);
				has_f = 0;
				over = 0;
				in_c = !empty;
			} else if (in_c && strcmp(ln, "f") == 0) {
				has_f = 1;
			} else if (in_c && strcmp(ln, "v") == 0 && !empty) {
				in_v = 1;
			} else if (in_c && strcmp(ln, "rPh") == 0 && !empty) {
				in_rph = 1;
			} else if (in_c && strcmp(ln, "t") == 0 && !empty) {
				in_is_t = 1;
			}
			continue;
		}
		if (nt == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(ln, "v") == 0)
				in_v = 0;
			else if (strcmp(ln, "t") == 0)
				in_is_t = 0;
			else if (strcmp(ln, "rPh") == 0)
				in_rph = 0;
			else if (strcmp(ln, "c") == 0 && in_c) {
				in_c = 0;
				const char *s = "";
				size_t sl = 0;
				unsigned flags = has_f ? MJ_CELL_FORMULA : 0;
				if (strcmp(type, "s") == 0) {
					char *end;
					long k = strtol(mj_buf_cstr(&v), &end, 10);
					if (v.len == 0 || *end || k < 0 || (size_t)k >= st->n) {
						rc = mj_error_set(MJ_EFORMAT, "xlsx 第 %ld 行引用了不存在的共享字符串", line);
						break;
					}
					s = st->s[k];
					sl = st->len[k];
				} else if (strcmp(type, "inlineStr") == 0) {
					s = mj_buf_cstr(&is);
					sl = is.len;
				} else if (strcmp(type, "b") == 0) {
					s = strcmp(mj_buf_cstr(&v), "1") == 0 ? "是" : "否";
					sl = strlen(s);
				} else {
					s = mj_buf_cstr(&v); /* n, str (formula result), e */
					sl = v.len;
					if (strcmp(type, "n") == 0 && sl)
						flags |= MJ_CELL_NUMBER;
				}
				if (over || sl == (size_t)-1)
					sl = lim->max_cell + 1;
				if ((sl || flags) && (rc = mj_sheet_add_cell(sh, &cells, &n, &ccap, (size_t)col, s,
									       sl > lim->max_cell ? sl : sl, flags, lim, line)))
					break;
			} else if (strcmp(ln, "row") == 0 && in_row) {
				in_row = 0;
				if ((rc = mj_sheet_add_row(sh, cells, n, line, lim)))
					break;
			}
			continue;
		}
		if (in_c && is_text_node(nt)) {
			const char *t = (const char *)xmlTextReaderConstValue(r);
			if (t && in_v && mj_buf_puts(&v, t))
				over = 1;
			if (t && in_is_t && !in_rph && mj_buf_puts(&is, t))
				over = 1;
		}
	}
	if (!rc && (!r || ret < 0))
		rc = mj_error_set(MJ_EFORMAT, "xlsx 工作表 %s 不是有效的 XML", part);
	if (r)
		xmlFreeTextReader(r);
	free(cells);
	mj_buf_free(&v);
	mj_buf_free(&is);
	free(x);
	return rc;
}

int mj_xlsx_read(struct mj_sheet *out, const char *data, size_t len, const char *sheet_name,
		 const struct mj_sheet_limits *lim)
{
	struct strtab st = {0};
	char part[512];
	int rc;
	zip_t *z;
	mj_sheet_init(out);
	if ((rc = mj_zip_open_mem(&z, data, len, "xlsx")))
		return rc;
	size_t max = lim->max_part ? lim->max_part : MJ_XLSX_MAX_XML;
	if ((rc = find_sheet(z, max, sheet_name, part, sizeof part, out->name, sizeof out->name)) ||
	    (rc = read_shared(z, max, out, &st)) || (rc = read_rows(z, part, out, &st, lim)))
		goto cleanup;
cleanup:
	free(st.s);
	free(st.len);
	zip_discard(z);
	if (rc) {
		char name[128];
		memcpy(name, out->name, sizeof name);
		mj_sheet_free(out);
		mj_sheet_init(out);
		memcpy(out->name, name, sizeof name);
	}
	return rc;
}
