/*
 * Rendering the material tree as plain text, Markdown, HTML and JSON.
 *
 * Every renderer walks the tree the same way (walk() below) and gives back the
 * source's paragraphs: a block whose `joined` flag is set continues the
 * paragraph before it. The text and Markdown renderings parse back into the
 * same tree; HTML escapes every string with mj_buf_put_html. The docx writer
 * lives in material_docx.c.
 */
#include "core/material.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

/* The callbacks a format supplies to walk(). */
typedef struct {
	int (*title)(mj_buf *o, const char *t);
	int (*section)(mj_buf *o, const mj_doc_section *s, int inline_text);
	int (*section_end)(mj_buf *o, const mj_doc_section *s);
	int (*sub)(mj_buf *o, const mj_doc_subsection *u, int inline_text);
	int (*para_open)(mj_buf *o);
	int (*para_close)(mj_buf *o);
	int (*block)(mj_buf *o, const mj_doc_block *b);
	int inline_headings; /* text after a heading may share its line */
} walker;

/* Emits blocks; `open` says a paragraph is already open (heading inline). */
static int walk_blocks(mj_buf *o, const walker *w, const mj_doc_block *bs, size_t n, int open)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!bs[i].joined || !open) {
			if (open && (rc = w->para_close(o)))
				return rc;
			if ((rc = w->para_open(o)))
				return rc;
			open = 1;
		}
		if ((rc = w->block(o, &bs[i])))
			return rc;
	}
	if (open)
		rc = w->para_close(o);
	return rc;
}

static int walk(mj_buf *o, const walker *w, const mj_material *m)
{
	int rc = 0;
	if (m->title && (rc = w->title(o, m->title)))
		return rc;
	if ((rc = walk_blocks(o, w, m->opening, m->nopening, 0)))
		return rc;
	for (size_t s = 0; s < m->nsections; s++) {
		const mj_doc_section *sec = &m->sections[s];
		int in = w->inline_headings && sec->nblocks && sec->blocks[0].joined;
		if ((rc = w->section(o, sec, in)))
			return rc;
		if ((rc = walk_blocks(o, w, sec->blocks, sec->nblocks, in)))
			return rc;
		for (size_t u = 0; u < sec->nsubs; u++) {
			const mj_doc_subsection *sub = &sec->subs[u];
			int sin = w->inline_headings && sub->nblocks && sub->blocks[0].joined;
			if ((rc = w->sub(o, sub, sin)))
				return rc;
			if ((rc = walk_blocks(o, w, sub->blocks, sub->nblocks, sin)))
				return rc;
		}
		if (w->section_end && (rc = w->section_end(o, sec)))
			return rc;
	}
	return 0;
}

/* ---- plain text ---- */

static int txt_title(mj_buf *o, const char *t) { return mj_buf_printf(o, "%s\n\n", t); }
static int txt_section(mj_buf *o, const mj_doc_section *s, int in)
{
	return mj_buf_printf(o, "%s%s%s", s->marker, s->heading, in ? "" : "\n\n");
}
static int txt_sub(mj_buf *o, const mj_doc_subsection *u, int in)
{
	return mj_buf_printf(o, "%s%s%s", u->marker, u->heading, in ? "" : "\n\n");
}
static int txt_open(mj_buf *o) { (void)o; return 0; }
static int txt_close(mj_buf *o) { return mj_buf_puts(o, "\n\n"); }
static int txt_block(mj_buf *o, const mj_doc_block *b)
{
	return mj_buf_printf(o, "%s%s%s", b->marker, b->headline, b->body);
}

int mj_material_to_text(mj_buf *out, const mj_material *m)
{
	static const walker w = {txt_title, txt_section, NULL, txt_sub, txt_open, txt_close, txt_block, 1};
	return walk(out, &w, m);
}

/* ---- Markdown ---- */

static int md_title(mj_buf *o, const char *t) { return mj_buf_printf(o, "# %s\n\n", t); }
static int md_section(mj_buf *o, const mj_doc_section *s, int in)
{
	return mj_buf_printf(o, "## %s%s%s", s->marker, s->heading, in ? "" : "\n\n");
}
static int md_sub(mj_buf *o, const mj_doc_subsection *u, int in)
{
	return mj_buf_printf(o, "### %s%s%s", u->marker, u->heading, in ? "" : "\n\n");
}
static int md_block(mj_buf *o, const mj_doc_block *b)
{
	/* items with a marker get a bold headline; unnumbered ones stay plain so
	 * that a short one is not taken for a bold heading */
	if (b->type == MJ_BLOCK_ITEM && *b->marker)
		return mj_buf_printf(o, "**%s%s**%s", b->marker, b->headline, b->body);
	return mj_buf_printf(o, "%s%s%s", b->marker, b->headline, b->body);
}

int mj_material_to_md(mj_buf *out, const mj_material *m)
{
	static const walker w = {md_title, md_section, NULL, md_sub, txt_open, txt_close, md_block, 1};
	return walk(out, &w, m);
}

/* ---- HTML ---- */

static int h_put(mj_buf *o, const char *s) { return mj_buf_put_html(o, s, strlen(s)); }

static int html_title(mj_buf *o, const char *t)
{
	int rc = mj_buf_puts(o, "<h1>");
	if (!rc)
		rc = h_put(o, t);
	if (!rc)
		rc = mj_buf_puts(o, "</h1>\n");
	return rc;
}
static int html_section(mj_buf *o, const mj_doc_section *s, int in)
{
	(void)in;
	int rc = mj_buf_printf(o, "<section class=\"kind-%s\">\n<h2><span class=\"marker\">",
			       mj_section_kind_name(s->kind));
	if (!rc)
		rc = h_put(o, s->marker);
	if (!rc)
		rc = mj_buf_puts(o, "</span>");
	if (!rc)
		rc = h_put(o, s->heading);
	if (!rc)
		rc = mj_buf_puts(o, "</h2>\n");
	return rc;
}
static int html_section_end(mj_buf *o, const mj_doc_section *s)
{
	(void)s;
	return mj_buf_puts(o, "</section>\n");
}
static int html_sub(mj_buf *o, const mj_doc_subsection *u, int in)
{
	(void)in;
	int rc = mj_buf_printf(o, "<h3 data-area=\"%d\"><span class=\"marker\">", u->area_index);
	if (!rc)
		rc = h_put(o, u->marker);
	if (!rc)
		rc = mj_buf_puts(o, "</span>");
	if (!rc)
		rc = h_put(o, u->heading);
	if (!rc)
		rc = mj_buf_puts(o, "</h3>\n");
	return rc;
}
static int html_open(mj_buf *o) { return mj_buf_puts(o, "<p>"); }
static int html_close(mj_buf *o) { return mj_buf_puts(o, "</p>\n"); }
static int html_block(mj_buf *o, const mj_doc_block *b)
{
	int rc = 0;
	if (b->type == MJ_BLOCK_ITEM) {
		rc = mj_buf_puts(o, "<strong class=\"item\">");
		if (!rc)
			rc = h_put(o, b->marker);
		if (!rc)
			rc = h_put(o, b->headline);
		if (!rc)
			rc = mj_buf_puts(o, "</strong>");
	}
	if (!rc)
		rc = h_put(o, b->body);
	return rc;
}

int mj_material_to_html(mj_buf *out, const mj_material *m)
{
	static const walker w = {html_title, html_section, html_section_end, html_sub,
				 html_open, html_close, html_block, 0};
	int rc = mj_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	if (!rc)
		rc = h_put(out, m->title ? m->title : "对照检查材料");
	if (!rc)
		rc = mj_buf_puts(out,
				 "</title>\n<style>\n"
				 "body{max-width:42em;margin:2em auto;font-family:\"FangSong\",\"仿宋\",serif;"
				 "font-size:16pt;line-height:1.8}\n"
				 "h1{text-align:center;font-family:\"SimSun\",serif;font-size:22pt}\n"
				 "h2{font-family:\"SimHei\",sans-serif;font-size:16pt}\n"
				 "h3{font-family:\"KaiTi\",serif;font-size:16pt}\n"
				 "p{text-indent:2em;margin:0}\n"
				 "</style>\n</head>\n<body>\n<article class=\"material\">\n");
	if (!rc)
		rc = walk(out, &w, m);
	if (!rc)
		rc = mj_buf_puts(out, "</article>\n</body>\n</html>\n");
	return rc;
}

/* ---- JSON ---- */

static int j_str(mj_buf *o, const char *key, const char *v)
{
	int rc = mj_buf_printf(o, "\"%s\":\"", key);
	if (!rc)
		rc = mj_buf_put_json(o, v, strlen(v));
	if (!rc)
		rc = mj_buf_putc(o, '"');
	return rc;
}

static int j_blocks(mj_buf *o, const mj_doc_block *bs, size_t n, unsigned flags, const char *ind)
{
	int rc = mj_buf_puts(o, "[");
	for (size_t i = 0; i < n && !rc; i++) {
		const mj_doc_block *b = &bs[i];
		rc = mj_buf_printf(o, "%s\n%s  {\"type\":\"%s\",", i ? "," : "", ind,
				   b->type == MJ_BLOCK_ITEM ? "item" : "para");
		if (!rc && !(flags & MJ_JSON_STRUCTURE))
			rc = mj_buf_printf(o, "\"line\":%d,", b->line);
		if (!rc)
			rc = mj_buf_printf(o, "\"joined\":%s,", b->joined ? "true" : "false");
		if (!rc && b->type == MJ_BLOCK_ITEM) {
			rc = j_str(o, "marker", b->marker);
			if (!rc)
				rc = mj_buf_putc(o, ',');
			if (!rc)
				rc = j_str(o, "headline", b->headline);
			if (!rc)
				rc = mj_buf_putc(o, ',');
		}
		if (!rc)
			rc = j_str(o, b->type == MJ_BLOCK_ITEM ? "body" : "text", b->body);
		if (!rc)
			rc = mj_buf_putc(o, '}');
	}
	if (!rc)
		rc = n ? mj_buf_printf(o, "\n%s]", ind) : mj_buf_puts(o, "]");
	return rc;
}

static int j_notes(mj_buf *o, const char *key, const mj_doc_note *ns, size_t n)
{
	int rc = mj_buf_printf(o, ",\n\"%s\":[", key);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = mj_buf_printf(o, "%s\n  {\"line\":%d,", i ? "," : "", ns[i].line);
		if (!rc)
			rc = j_str(o, "text", ns[i].text);
		if (!rc)
			rc = mj_buf_putc(o, ',');
		if (!rc)
			rc = j_str(o, "reason", ns[i].reason);
		if (!rc)
			rc = mj_buf_putc(o, '}');
	}
	if (!rc)
		rc = mj_buf_printf(o, "%s]", n ? "\n" : "");
	return rc;
}

int mj_material_to_json(mj_buf *o, const mj_material *m, unsigned flags)
{
	static const char *fmt[] = {"txt", "md", "docx", "html"};
	int st = flags & MJ_JSON_STRUCTURE;
	int rc = mj_buf_puts(o, "{\n");
	if (!rc && !st)
		rc = mj_buf_printf(o, "\"format\":\"%s\",\n\"replaced\":%zu,\n", fmt[m->format & 3], m->replaced);
	if (!rc) {
		if (m->title) {
			rc = j_str(o, "title", m->title);
			if (!rc && !st)
				rc = mj_buf_printf(o, ",\n\"title_line\":%d", m->title_line);
		} else {
			rc = mj_buf_puts(o, "\"title\":null");
		}
	}
	if (!rc)
		rc = mj_buf_puts(o, ",\n\"opening\":");
	if (!rc)
		rc = j_blocks(o, m->opening, m->nopening, flags, "");
	if (!rc)
		rc = mj_buf_puts(o, ",\n\"sections\":[");
	for (size_t s = 0; s < m->nsections && !rc; s++) {
		const mj_doc_section *sec = &m->sections[s];
		rc = mj_buf_printf(o, "%s\n {", s ? "," : "");
		if (!rc)
			rc = j_str(o, "marker", sec->marker);
		if (!rc)
			rc = mj_buf_putc(o, ',');
		if (!rc)
			rc = j_str(o, "heading", sec->heading);
		if (!rc)
			rc = mj_buf_printf(o, ",\"kind\":\"%s\"", mj_section_kind_name(sec->kind));
		if (!rc && !st)
			rc = mj_buf_printf(o, ",\"line\":%d", sec->line);
		if (!rc)
			rc = mj_buf_puts(o, ",\n  \"blocks\":");
		if (!rc)
			rc = j_blocks(o, sec->blocks, sec->nblocks, flags, "  ");
		if (!rc)
			rc = mj_buf_puts(o, ",\n  \"subsections\":[");
		for (size_t u = 0; u < sec->nsubs && !rc; u++) {
			const mj_doc_subsection *sub = &sec->subs[u];
			rc = mj_buf_printf(o, "%s\n   {", u ? "," : "");
			if (!rc)
				rc = j_str(o, "marker", sub->marker);
			if (!rc)
				rc = mj_buf_putc(o, ',');
			if (!rc)
				rc = j_str(o, "heading", sub->heading);
			if (!rc)
				rc = mj_buf_printf(o, ",\"area_index\":%d", sub->area_index);
			if (!rc && !st)
				rc = mj_buf_printf(o, ",\"line\":%d", sub->line);
			if (!rc)
				rc = mj_buf_puts(o, ",\n    \"blocks\":");
			if (!rc)
				rc = j_blocks(o, sub->blocks, sub->nblocks, flags, "    ");
			if (!rc)
				rc = mj_buf_puts(o, "}");
		}
		if (!rc)
			rc = mj_buf_printf(o, "%s]}", sec->nsubs ? "\n  " : "");
	}
	if (!rc)
		rc = mj_buf_printf(o, "%s]", m->nsections ? "\n" : "");
	if (!rc && !st)
		rc = j_notes(o, "noise", m->noise, m->nnoise);
	if (!rc && !st)
		rc = j_notes(o, "unplaced", m->unplaced, m->nunplaced);
	if (!rc)
		rc = mj_buf_puts(o, "\n}\n");
	return rc;
}

int mj_material_render(mj_buf *out, const mj_material *m, mj_doc_format fmt)
{
	switch (fmt) {
	case MJ_DOC_TXT: return mj_material_to_text(out, m);
	case MJ_DOC_MD: return mj_material_to_md(out, m);
	case MJ_DOC_HTML: return mj_material_to_html(out, m);
	case MJ_DOC_DOCX: return mj_material_to_docx(out, m);
	}
	return mj_error_set(MJ_EINVAL, "未知的输出格式");
}

/* ---- the nothing-lost check ---- */

static int skip_line(const int *skip, size_t nskip, int line)
{
	for (size_t k = 0; k < nskip; k++)
		if (skip[k] == line)
			return 1;
	return 0;
}

/* Appends s without whitespace, asterisks and the '#' that open a line
 * (after any whitespace and asterisks, as the parser reads them), leaving
 * out the lines listed in skip. Every '*' goes, not only the "**" pairs the
 * parser takes as bold marks: the parser pairs them line by line and then
 * joins a paragraph's lines, so a single '*' ending one line and another
 * opening the next stand side by side in the rendering ("**"), and no
 * pairing of the two texts would agree (a fuzz finding). A lone '*' still
 * ends the start of the line, as in the parser, so "*# x" keeps its '#'. */
static int squeeze(mj_buf *o, const char *s, size_t n, const int *skip, size_t nskip)
{
	int line = 1, at_start = 1, skipping = skip_line(skip, nskip, 1), rc = 0;
	size_t i = 0;
	while (i < n && !rc) {
		if (s[i] == '\n' || s[i] == '\r') {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			i++;
			line++;
			at_start = 1;
			skipping = skip_line(skip, nskip, line);
			continue;
		}
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		int space = cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0x3000 ||
			    cp == 0xA0 || cp == 0xFEFF || cp == 0x200B;
		if (skipping || space) {
			i += k;
			continue;
		}
		if (cp == '*') {
			if (i + 1 < n && s[i + 1] == '*') {
				i += 2; /* a bold mark */
				continue;
			}
			at_start = 0; /* a lone '*' is text to the parser: a '#' after it stays */
			i++;
			continue;
		}
		if (at_start && cp == '#') {
			i++;
			continue;
		}
		at_start = 0;
		rc = mj_buf_put(o, s + i, k);
		i += k;
	}
	return rc;
}

int mj_material_check_lossless(const mj_material *m, const char *text, size_t len)
{
	int rc = 0;
	mj_buf clean = MJ_BUF_INIT, rendered = MJ_BUF_INIT, a = MJ_BUF_INIT, b = MJ_BUF_INIT;
	int *skip = mj_calloc(m->nnoise + m->nunplaced + 1, sizeof(int));
	size_t ns = 0;
	for (size_t i = 0; i < m->nnoise; i++)
		skip[ns++] = m->noise[i].line;
	for (size_t i = 0; i < m->nunplaced; i++)
		skip[ns++] = m->unplaced[i].line;
	if ((rc = mj_utf8_sanitize(text, len, &clean, NULL)) || (rc = mj_material_to_text(&rendered, m)) ||
	    (rc = squeeze(&a, clean.ptr ? clean.ptr : "", clean.len, skip, ns)) ||
	    (rc = squeeze(&b, rendered.ptr ? rendered.ptr : "", rendered.len, NULL, 0)))
		goto cleanup;
	if (a.len != b.len || (a.len && memcmp(a.ptr, b.ptr, a.len) != 0)) {
		size_t d = 0;
		while (d < a.len && d < b.len && a.ptr[d] == b.ptr[d])
			d++;
		while (d > 0 && d < a.len && ((unsigned char)a.ptr[d] & 0xC0) == 0x80)
			d--;
		rc = mj_error_set(MJ_EFORMAT, "解析结果与原文不一致（第 %zu 字节起）：原文“%.60s”，解析结果“%.60s”", d,
				  mj_buf_cstr(&a) + d, mj_buf_cstr(&b) + d);
	}
cleanup:
	free(skip);
	mj_buf_free(&clean);
	mj_buf_free(&rendered);
	mj_buf_free(&a);
	mj_buf_free(&b);
	return rc;
}
