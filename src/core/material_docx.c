/*
 * The material as a .docx: a writer in the GB/T 9704 layout of official
 * documents, and a reader that extracts the paragraphs' text.
 *
 * Writer: A4; margins 37 mm top, 35 bottom, 28 left, 26 right; title 2号
 * (22 pt) 方正小标宋简体 centred; body 3号 (16 pt) 仿宋_GB2312 at a fixed line
 * pitch of 28.95 pt (22 lines a page) and 28 characters a line, first line
 * indented 2 characters; "一、" headings in 黑体, "（一）" headings in
 * 楷体_GB2312; page numbers 4号 "— N —" in the footer, odd pages right, even
 * pages left (w:evenAndOddHeaders). Body text is left-aligned, not
 * justified: LibreOffice hides a punctuation mark that hangs past the margin
 * of a justified CJK line, and with 28 characters a line the two look the
 * same in Word. fontTable.xml names fallbacks (w:altName)
 * for machines without the GB fonts. The zip is built in memory with libzip.
 *
 * Reader: opens the zip in memory, refuses encrypted entries, caps the
 * uncompressed size of word/document.xml both by its declared size and by
 * counting while inflating (zip bombs), and walks w:p elements with libxml2
 * (no network, no entity substitution). Title/Heading styles and whole-bold
 * paragraphs are passed on as Markdown hints for the text parser; a line
 * break (w:br) is kept only when a marker follows it.
 */
#include "core/material.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util/err.h"
#include "util/utf8.h"
#include "util/zipread.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* ---- writer ---- */

/* Appends s escaped for XML text, leaving out characters XML 1.0 forbids. */
static int xml_put(mj_buf *o, const char *s)
{
	size_t n = strlen(s), i = 0, run = 0;
	int rc = 0;
	while (i < n && !rc) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		int bad = k == 1 && (unsigned char)s[i] < 0x20 && s[i] != '\t';
		bad |= cp == 0xFFFE || cp == 0xFFFF;
		if (bad) {
			rc = mj_buf_put_html(o, s + run, i - run);
			run = i + k;
		}
		i += k;
	}
	if (!rc)
		rc = mj_buf_put_html(o, s + run, n - run);
	return rc;
}

#define FONT_BODY "仿宋_GB2312"
#define FONT_H1 "黑体"
#define FONT_H2 "楷体_GB2312"
#define FONT_TITLE "方正小标宋简体"

static int run(mj_buf *o, const char *font, int bold, const char *text)
{
	if (!*text)
		return 0;
	int rc = mj_buf_printf(o,
			       "<w:r><w:rPr><w:rFonts w:ascii=\"%s\" w:eastAsia=\"%s\" w:hAnsi=\"%s\"/>%s"
			       "</w:rPr><w:t xml:space=\"preserve\">",
			       font, font, font, bold ? "<w:b/>" : "");
	if (!rc)
		rc = xml_put(o, text);
	if (!rc)
		rc = mj_buf_puts(o, "</w:t></w:r>");
	return rc;
}

static int p_open(mj_buf *o, const char *style)
{
	if (style)
		return mj_buf_printf(o, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
	return mj_buf_puts(o, "<w:p>");
}

/* Charts to place (mj_material_to_docx_charts): placed[i] gets the drawing
 * number of chart i once its anchor paragraph is met. */
typedef struct {
	const mj_docx_chart *charts;
	size_t n;
	int *placed;
	int count;
} docx_extras;

#define C_NS "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define CHART_CX 5600000L /* EMU: the text width of the page is 15.6 cm */

static long chart_cy(const mj_chart_data *d)
{
	long cy = 900000L + (long)d->ncat * 300000L + (d->nseries > 1 ? 300000L : 0);
	return cy < 2400000L ? 2400000L : cy > 8200000L ? 8200000L : cy;
}

/* A chart (drawn above) and its caption, when b is a chart's anchor. */
static int chart_para(mj_buf *o, const mj_doc_block *b, docx_extras *x, int *done)
{
	*done = 0;
	if (!x || b->type != MJ_BLOCK_PARA)
		return 0;
	for (size_t i = 0; i < x->n; i++) {
		if (x->placed[i] || !x->charts[i].anchor || strcmp(x->charts[i].anchor, b->body) != 0)
			continue;
		int k = x->placed[i] = ++x->count;
		*done = 1;
		int rc = mj_buf_printf(o,
			"<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
			"<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
			"<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
			"<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
			"<wp:docPr id=\"%d\" name=\"Chart %d\"/><wp:cNvGraphicFramePr/>"
			"<a:graphic xmlns:a=\"" A_NS "\"><a:graphicData uri=\"" C_NS "\">"
			"<c:chart xmlns:c=\"" C_NS "\" r:id=\"rIdChart%d\"/></a:graphicData></a:graphic>"
			"</wp:inline></w:drawing></w:r></w:p>"
			"<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>",
			CHART_CX, chart_cy(x->charts[i].data), k, k, k);
		if (!rc)
			rc = run(o, FONT_H2, 0, b->body);
		if (!rc)
			rc = mj_buf_puts(o, "</w:p>");
		return rc;
	}
	return 0;
}

static int blocks_xml(mj_buf *o, const mj_doc_block *bs, size_t n, int open, docx_extras *x)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const mj_doc_block *b = &bs[i];
		if (!b->joined && (i + 1 == n || !bs[i + 1].joined)) {
			int done;
			if (open && (rc = mj_buf_puts(o, "</w:p>")))
				break;
			if (!(rc = chart_para(o, b, x, &done)) && done) {
				open = 0;
				continue;
			}
			if (!rc)
				rc = p_open(o, NULL);
			open = 1;
		} else if (!b->joined || !open) {
			if (open)
				rc = mj_buf_puts(o, "</w:p>");
			if (!rc)
				rc = p_open(o, NULL);
			open = 1;
		}
		if (!rc && b->type == MJ_BLOCK_ITEM) {
			int bold = *b->marker != 0;
			rc = run(o, FONT_BODY, bold, b->marker);
			if (!rc)
				rc = run(o, FONT_BODY, bold, b->headline);
		}
		if (!rc)
			rc = run(o, FONT_BODY, 0, b->body);
	}
	if (!rc && open)
		rc = mj_buf_puts(o, "</w:p>");
	return rc;
}

static int heading_xml(mj_buf *o, const char *style, const char *font, const char *marker,
		       const char *heading, int keep_open)
{
	int rc = p_open(o, style);
	if (!rc)
		rc = run(o, font, 0, marker);
	if (!rc)
		rc = run(o, font, 0, heading);
	if (!rc && !keep_open)
		rc = mj_buf_puts(o, "</w:p>");
	return rc;
}

/* An attachment heading "附件1：会议记录" (unnumbered section): the label's
 * length in bytes ("附件1") and where the title starts; 0 when not one. */
static size_t attachment_label(const char *h, const char **title)
{
	static const char fj[] = "附件";
	size_t n = sizeof fj - 1, k = n;
	if (strncmp(h, fj, n) != 0)
		return 0;
	while (h[k] >= '0' && h[k] <= '9')
		k++;
	if (k == n || k - n > 2)
		return 0;
	const char *t = h + k;
	if (strncmp(t, "：", 3) == 0 || strncmp(t, "　", 3) == 0)
		t += 3;
	else if (*t == ':' || *t == ' ')
		t++;
	else if (*t)
		return 0;
	*title = t;
	return k;
}

static int document_xml(mj_buf *o, const mj_material *m, docx_extras *x)
{
	int rc = mj_buf_puts(o,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<w:document xmlns:w=\"" W_NS "\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
		"xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>");
	if (!rc && m->title)
		rc = heading_xml(o, "Title", FONT_TITLE, "", m->title, 0);
	if (!rc)
		rc = blocks_xml(o, m->opening, m->nopening, 0, x);
	for (size_t s = 0; s < m->nsections && !rc; s++) {
		const mj_doc_section *sec = &m->sections[s];
		int in = sec->nblocks && sec->blocks[0].joined;
		const char *title = NULL;
		size_t lab = *sec->marker || in ? 0 : attachment_label(sec->heading, &title);
		if (lab) {
			/* GB/T 9704: an attachment starts a page, "附件N" in 黑体 at the
			 * top left, its title centred as a document title */
			rc = mj_buf_puts(o, "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:pageBreakBefore/>"
					    "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>");
			if (!rc) {
				char label[32];
				snprintf(label, sizeof label, "%.*s", (int)lab, sec->heading);
				rc = run(o, FONT_H1, 0, label);
			}
			if (!rc)
				rc = mj_buf_puts(o, "</w:p>");
			if (!rc && *title)
				rc = heading_xml(o, "Title", FONT_TITLE, "", title, 0);
		} else
			rc = heading_xml(o, "Heading1", FONT_H1, sec->marker, sec->heading, in);
		if (!rc)
			rc = blocks_xml(o, sec->blocks, sec->nblocks, in, x);
		for (size_t u = 0; u < sec->nsubs && !rc; u++) {
			const mj_doc_subsection *sub = &sec->subs[u];
			int sin = sub->nblocks && sub->blocks[0].joined;
			/* an inline "（一）标题。" stays in the body paragraph */
			rc = heading_xml(o, sin ? NULL : "Heading2", FONT_H2, sub->marker, sub->heading, sin);
			if (!rc)
				rc = blocks_xml(o, sub->blocks, sub->nblocks, sin, x);
		}
	}
	if (!rc)
		rc = mj_buf_puts(o,
			"<w:sectPr>"
			"<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>"
			"<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
			"<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
			"<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" "
			"w:header=\"851\" w:footer=\"1134\" w:gutter=\"0\"/>"
			"<w:docGrid w:linePitch=\"579\"/>"
			"</w:sectPr></w:body></w:document>\n");
	return rc;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"</Types>\n";

static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>\n";

#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rIdStyles\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdSettings\" Type=\"" REL "settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rIdFonts\" Type=\"" REL "fontTable\" Target=\"fontTable.xml\"/>"
	"<Relationship Id=\"rIdFooterOdd\" Type=\"" REL "footer\" Target=\"footer1.xml\"/>"
	"<Relationship Id=\"rIdFooterEven\" Type=\"" REL "footer\" Target=\"footer2.xml\"/>"
	"</Relationships>\n";

static const char settings_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"" W_NS "\"><w:evenAndOddHeaders/>"
	"<w:defaultTabStop w:val=\"640\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	"</w:settings>\n";

#define RFONTS(f) "<w:rFonts w:ascii=\"" f "\" w:eastAsia=\"" f "\" w:hAnsi=\"" f "\" w:cs=\"" f "\"/>"
#define EXACT_LINE "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/>"
static const char styles_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" W_NS "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" RFONTS(FONT_BODY)
	"<w:spacing w:val=\"-5\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:overflowPunct w:val=\"0\"/><w:jc w:val=\"left\"/>" EXACT_LINE
	"<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:overflowPunct w:val=\"0\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"0\" w:after=\"579\" w:line=\"700\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr>" RFONTS(FONT_TITLE) "<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/>" EXACT_LINE "<w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr>" RFONTS(FONT_H1) "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/>" EXACT_LINE "<w:outlineLvl w:val=\"1\"/></w:pPr>"
	"<w:rPr>" RFONTS(FONT_H2) "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
	"<w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
	"</w:styles>\n";

#define FONT(name, alt, fam) \
	"<w:font w:name=\"" name "\"><w:altName w:val=\"" alt "\"/><w:charset w:val=\"86\"/>" \
	"<w:family w:val=\"" fam "\"/><w:pitch w:val=\"variable\"/></w:font>"
static const char font_table[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:fonts xmlns:w=\"" W_NS "\">"
	FONT(FONT_BODY, "仿宋", "modern")
	FONT("仿宋", "FangSong", "modern")
	FONT("FangSong", "Noto Serif CJK SC", "roman")
	FONT(FONT_H1, "SimHei", "modern")
	FONT("SimHei", "Noto Sans CJK SC", "swiss")
	FONT(FONT_H2, "楷体", "modern")
	FONT("楷体", "KaiTi", "modern")
	FONT("KaiTi", "Noto Serif CJK SC", "roman")
	FONT(FONT_TITLE, "SimSun", "roman")
	FONT("宋体", "SimSun", "roman")
	FONT("SimSun", "Noto Serif CJK SC", "roman")
	"</w:fonts>\n";

/* "— N —" in 4号 宋体, at the outer side: right on odd pages, left on even. */
#define FOOTER(jc, side)                                                                    \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                       \
	"<w:ftr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"" jc "\"/>" \
	"<w:ind w:" side "=\"280\" w:firstLine=\"0\"/></w:pPr>"                                   \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>" \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>" \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>" \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r>" \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:t>1</w:t></w:r>"            \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>" \
	"<w:r><w:rPr>" RFONTS("宋体") "<w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r>" \
	"</w:p></w:ftr>\n"
static const char footer_odd[] = FOOTER("right", "right");
static const char footer_even[] = FOOTER("left", "left");

static int zip_add_part(zip_t *za, const char *name, const char *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, data, len, 0);
	if (!s)
		return -1;
	if (zip_file_add(za, name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

/* A native bar chart (c:chartSpace) of d, with literal data (no embedded
 * workbook): rows top to bottom as given, stacked when several series. */
static int chart_xml(mj_buf *o, const mj_chart_data *d)
{
	size_t i, k;
	int rc = mj_buf_puts(o,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<c:chartSpace xmlns:c=\"" C_NS "\" xmlns:a=\"" A_NS "\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<c:roundedCorners val=\"0\"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
		"<a:defRPr sz=\"1200\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"zh-CN\" sz=\"1200\" b=\"1\"/><a:t>");
	if (!rc)
		rc = xml_put(o, d->title ? d->title : "");
	if (!rc)
		rc = mj_buf_printf(o, "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>"
				      "<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/><c:barChart><c:barDir val=\"bar\"/>"
				      "<c:grouping val=\"%s\"/><c:varyColors val=\"0\"/>",
				   d->nseries > 1 ? "stacked" : "clustered");
	for (k = 0; k < d->nseries && !rc; k++) {
		rc = mj_buf_printf(o, "<c:ser><c:idx val=\"%zu\"/><c:order val=\"%zu\"/><c:tx><c:v>", k, k);
		if (!rc)
			rc = xml_put(o, d->series[k]);
		if (!rc)
			rc = mj_buf_printf(o, "</c:v></c:tx><c:spPr><a:solidFill><a:srgbClr val=\"%06X\"/></a:solidFill></c:spPr>"
					      "<c:invertIfNegative val=\"0\"/>", d->colors[k] & 0xFFFFFFu);
		/* categories run bottom-up in a bar chart: give them reversed */
		for (i = 0; i < d->ncat && !rc && d->nseries == 1 && d->point_colors; i++)
			rc = mj_buf_printf(o, "<c:dPt><c:idx val=\"%zu\"/><c:invertIfNegative val=\"0\"/><c:bubble3D val=\"0\"/>"
					      "<c:spPr><a:solidFill><a:srgbClr val=\"%06X\"/></a:solidFill></c:spPr></c:dPt>",
					   i, d->point_colors[d->ncat - 1 - i] & 0xFFFFFFu);
		if (!rc && d->nseries == 1)
			rc = mj_buf_puts(o, "<c:dLbls><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>"
					    "<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>");
		if (!rc)
			rc = mj_buf_printf(o, "<c:cat><c:strLit><c:ptCount val=\"%zu\"/>", d->ncat);
		for (i = 0; i < d->ncat && !rc; i++) {
			rc = mj_buf_printf(o, "<c:pt idx=\"%zu\"><c:v>", i);
			if (!rc)
				rc = xml_put(o, d->cats[d->ncat - 1 - i]);
			if (!rc)
				rc = mj_buf_puts(o, "</c:v></c:pt>");
		}
		if (!rc)
			rc = mj_buf_printf(o, "</c:strLit></c:cat><c:val><c:numLit><c:formatCode>General</c:formatCode>"
					      "<c:ptCount val=\"%zu\"/>", d->ncat);
		for (i = 0; i < d->ncat && !rc; i++)
			rc = mj_buf_printf(o, "<c:pt idx=\"%zu\"><c:v>%g</c:v></c:pt>", i,
					   d->values[(d->ncat - 1 - i) * d->nseries + k]);
		if (!rc)
			rc = mj_buf_puts(o, "</c:numLit></c:val></c:ser>");
	}
	if (!rc)
		rc = mj_buf_printf(o, "<c:gapWidth val=\"60\"/>%s<c:axId val=\"50010\"/><c:axId val=\"50020\"/></c:barChart>"
				      "<c:catAx><c:axId val=\"50010\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling>"
				      "<c:delete val=\"0\"/><c:axPos val=\"l\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
				      "<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
				      "<c:crossAx val=\"50020\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
				      "<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
				      "<c:valAx><c:axId val=\"50020\"/><c:scaling><c:orientation val=\"minMax\"/>",
				   d->nseries > 1 ? "<c:overlap val=\"100\"/>" : "");
	if (!rc && d->max > 0)
		rc = mj_buf_printf(o, "<c:max val=\"%g\"/><c:min val=\"0\"/>", d->max);
	if (!rc)
		rc = mj_buf_printf(o, "</c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:majorGridlines/>"
				      "<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/>"
				      "<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010\"/>"
				      "<c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx></c:plotArea>"
				      "%s<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
				      "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"SimSun\"/>"
				      "<a:ea typeface=\"SimSun\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"
				      "</c:chartSpace>\n",
				   d->nseries > 1 ? "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>" : "");
	return rc;
}

static int docx_build(mj_buf *out, const mj_material *m, const mj_docx_chart *charts, size_t ncharts)
{
	int rc = 0;
	mj_buf doc = MJ_BUF_INIT, types = MJ_BUF_INIT, rels = MJ_BUF_INIT;
	mj_buf *parts = NULL; /* one chart part each, freed at cleanup */
	char (*names)[40] = NULL;
	zip_error_t ze;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	docx_extras x = {charts, ncharts, NULL, 0};

	zip_error_init(&ze);
	mj_buf_init(&doc, MJ_DOCX_MAX_UNCOMPRESSED);
	x.placed = calloc(ncharts + 1, sizeof *x.placed);
	parts = calloc(ncharts + 1, sizeof *parts);
	names = calloc(ncharts + 1, sizeof *names);
	if (!x.placed || !parts || !names) {
		rc = mj_error_set(MJ_ETOOBIG, "内存不足");
		goto cleanup;
	}
	if ((rc = document_xml(&doc, m, ncharts ? &x : NULL)))
		goto cleanup;
	/* the package's lists with one entry per placed chart */
	size_t ct_len = sizeof content_types - 1 - strlen("</Types>\n"), rel_len = sizeof document_rels - 1 - strlen("</Relationships>\n");
	if ((rc = mj_buf_put(&types, content_types, ct_len)) || (rc = mj_buf_put(&rels, document_rels, rel_len)))
		goto cleanup;
	for (size_t i = 0; i < ncharts && !rc; i++) {
		if (!x.placed[i])
			continue;
		snprintf(names[i], sizeof names[i], "word/charts/chart%d.xml", x.placed[i]);
		rc = mj_buf_printf(&types, "<Override PartName=\"/%s\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>",
				   names[i]);
		if (!rc)
			rc = mj_buf_printf(&rels, "<Relationship Id=\"rIdChart%d\" Type=\"" REL "chart\" Target=\"charts/chart%d.xml\"/>",
					   x.placed[i], x.placed[i]);
		if (!rc)
			rc = chart_xml(&parts[i], charts[i].data);
	}
	if (rc || (rc = mj_buf_puts(&types, "</Types>\n")) || (rc = mj_buf_puts(&rels, "</Relationships>\n")))
		goto cleanup;
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src || !(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		rc = mj_error_set(MJ_EIO, "无法创建 docx 压缩包：%s", zip_error_strerror(&ze));
		goto cleanup;
	}
	zip_source_keep(src); /* survives zip_close so that we can read it */
	int bad = zip_add_part(za, "[Content_Types].xml", types.ptr, types.len) ||
		  zip_add_part(za, "_rels/.rels", root_rels, sizeof root_rels - 1) ||
		  zip_add_part(za, "word/document.xml", doc.ptr, doc.len) ||
		  zip_add_part(za, "word/_rels/document.xml.rels", rels.ptr, rels.len) ||
		  zip_add_part(za, "word/styles.xml", styles_xml, sizeof styles_xml - 1) ||
		  zip_add_part(za, "word/settings.xml", settings_xml, sizeof settings_xml - 1) ||
		  zip_add_part(za, "word/fontTable.xml", font_table, sizeof font_table - 1) ||
		  zip_add_part(za, "word/footer1.xml", footer_odd, sizeof footer_odd - 1) ||
		  zip_add_part(za, "word/footer2.xml", footer_even, sizeof footer_even - 1);
	for (size_t i = 0; i < ncharts && !bad; i++)
		if (x.placed[i])
			bad = zip_add_part(za, names[i], parts[i].ptr, parts[i].len);
	if (bad) {
		rc = mj_error_set(MJ_EIO, "写入 docx 部件失败：%s", zip_strerror(za));
		goto cleanup;
	}
	if (zip_close(za) < 0) {
		rc = mj_error_set(MJ_EIO, "生成 docx 失败：%s", zip_strerror(za));
		zip_discard(za);
		za = NULL;
		goto cleanup;
	}
	za = NULL;
	/* read the finished archive back out of the source */
	zip_stat_t st;
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
		rc = mj_error_set(MJ_EIO, "读取生成的 docx 失败");
		goto cleanup;
	}
	char chunk[16384];
	zip_int64_t got;
	while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if ((rc = mj_buf_put(out, chunk, (size_t)got)))
			break;
	zip_source_close(src);
	if (!rc && got < 0)
		rc = mj_error_set(MJ_EIO, "读取生成的 docx 失败");
cleanup:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	mj_buf_free(&doc);
	mj_buf_free(&types);
	mj_buf_free(&rels);
	for (size_t i = 0; parts && i < ncharts; i++)
		mj_buf_free(&parts[i]);
	free(parts);
	free(names);
	free(x.placed);
	return rc;
}

int mj_material_to_docx(mj_buf *out, const mj_material *m) { return docx_build(out, m, NULL, 0); }

int mj_material_to_docx_charts(mj_buf *out, const mj_material *m, const mj_docx_chart *charts, size_t ncharts)
{
	return docx_build(out, m, charts, ncharts);
}

/* ---- reader ---- */

typedef struct {
	mj_buf *out;
	mj_buf para;
	int runs;  /* runs holding text */
	int bold;  /* of which bold */
	int rc;
} reader;

static int is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, W_NS) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* mc:Fallback repeats what its mc:Choice holds (text boxes): read it once. */
static int is_fallback(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, "http://schemas.openxmlformats.org/markup-compatibility/2006") == 0 &&
	       strcmp((const char *)n->name, "Fallback") == 0;
}

static const char *w_attr(const xmlNode *n, const char *name, char *buf, size_t cap)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
	if (!v)
		return NULL;
	size_t l = strlen((const char *)v);
	if (l >= cap)
		l = cap - 1;
	memcpy(buf, v, l);
	buf[l] = 0;
	xmlFree(v);
	return buf;
}

static int run_is_bold(const xmlNode *r)
{
	for (const xmlNode *c = r->children; c; c = c->next)
		if (is_w(c, "rPr"))
			for (const xmlNode *p = c->children; p; p = p->next)
				if (is_w(p, "b")) {
					char v[16];
					const char *val = w_attr(p, "val", v, sizeof v);
					return !val || !(strcmp(val, "0") == 0 || strcmp(val, "false") == 0);
				}
	return 0;
}

static void collect_text(reader *rd, const xmlNode *n, int depth);
static void walk_doc(reader *rd, const xmlNode *n, int depth);

/* Text of the runs under n, not descending into nested paragraphs. */
static void collect_text(reader *rd, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && !rd->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth > 200)
			continue;
		if (is_w(c, "p") || is_w(c, "delText") || is_w(c, "instrText") || is_fallback(c))
			continue;
		if (is_w(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t) {
				rd->rc = mj_buf_puts(&rd->para, (const char *)t);
				xmlFree(t);
			}
		} else if (is_w(c, "tab")) {
			rd->rc = mj_buf_putc(&rd->para, '\t');
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			rd->rc = mj_buf_putc(&rd->para, '\n');
		} else {
			if (is_w(c, "r")) {
				size_t before = rd->para.len;
				collect_text(rd, c, depth + 1);
				if (rd->para.len > before) {
					rd->runs++;
					rd->bold += run_is_bold(c);
				}
				continue;
			}
			collect_text(rd, c, depth + 1);
		}
	}
}

static int style_level(const xmlNode *p)
{
	for (const xmlNode *c = p->children; c; c = c->next)
		if (is_w(c, "pPr"))
			for (const xmlNode *s = c->children; s; s = s->next)
				if (is_w(s, "pStyle")) {
					char v[64];
					const char *val = w_attr(s, "val", v, sizeof v);
					if (!val)
						return 0;
					if (strcmp(val, "Title") == 0)
						return 1;
					if (strncmp(val, "Heading", 7) == 0 && val[7] >= '1' && val[7] <= '3' && !val[8])
						return val[7] - '0' + 1;
					return 0;
				}
	return 0;
}

static void emit_para(reader *rd, const xmlNode *p)
{
	mj_buf_reset(&rd->para);
	rd->runs = rd->bold = 0;
	collect_text(rd, p, 0);
	if (rd->rc || rd->para.len == 0)
		return;
	/* a manual line break (w:br) wraps a long heading or line: keep it only
	 * when a marker follows, so that "1.…<br/>2.…" stays two items */
	size_t w = 0;
	for (size_t r = 0; r < rd->para.len; r++) {
		char c = rd->para.ptr[r];
		if (c == '\n' && !mj_doc_starts_marker(rd->para.ptr + r + 1, rd->para.len - r - 1))
			continue;
		rd->para.ptr[w++] = c;
	}
	rd->para.len = w;
	rd->para.ptr[w] = 0;
	if (w == 0)
		return;
	int level = style_level(p);
	int bold = !level && rd->runs > 0 && rd->bold == rd->runs;
	mj_buf *o = rd->out;
	if (level)
		rd->rc = mj_buf_printf(o, "%.*s ", level, "###");
	if (!rd->rc && bold)
		rd->rc = mj_buf_puts(o, "**");
	if (!rd->rc)
		rd->rc = mj_buf_put(o, rd->para.ptr, rd->para.len);
	if (!rd->rc && bold)
		rd->rc = mj_buf_puts(o, "**");
	if (!rd->rc)
		rd->rc = mj_buf_puts(o, "\n\n");
	if (rd->rc == MJ_ETOOBIG)
		mj_error_set(MJ_ETOOBIG, "docx 中的文字超过 %u MB 的上限", MJ_MATERIAL_MAX_TEXT / (1024 * 1024));
}

/* Paragraphs in document order; nested ones (text boxes) after their host. */
static void walk_doc(reader *rd, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && !rd->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth > 200 || is_fallback(c))
			continue;
		if (is_w(c, "p"))
			emit_para(rd, c);
		walk_doc(rd, c, depth + 1);
	}
}

int mj_docx_extract(mj_buf *out, const char *data, size_t len)
{
	int rc = 0;
	zip_t *za = NULL;
	char *xml = NULL;
	size_t xml_len = 0;
	xmlDoc *doc = NULL;
	reader rd = {0};

	if ((rc = mj_zip_open_mem(&za, data, len, "docx")))
		goto cleanup;
	rc = mj_zip_read_part(za, "word/document.xml", MJ_DOCX_MAX_UNCOMPRESSED, "docx", &xml, &xml_len);
	if (rc == MJ_ENOTFOUND)
		rc = mj_error_set(MJ_EFORMAT, "docx 文件中没有 word/document.xml，不是有效的 Word 文档");
	if (rc)
		goto cleanup;
	if (xml_len == 0 || xml_len > 0x7fffffff) {
		rc = mj_error_set(MJ_EFORMAT, "docx 正文为空，不是有效的 Word 文档");
		goto cleanup;
	}
	doc = xmlReadMemory(xml, (int)xml_len, "document.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc || !xmlDocGetRootElement(doc)) {
		rc = mj_error_set(MJ_EFORMAT, "docx 正文不是有效的 XML（文件损坏）");
		goto cleanup;
	}
	rd.out = out;
	mj_buf_init(&rd.para, MJ_MATERIAL_MAX_TEXT);
	walk_doc(&rd, (const xmlNode *)doc, 0);
	rc = rd.rc;
	if (rc && mj_error_code() != rc)
		rc = mj_error_set(rc, "docx 中的文字超过上限");
cleanup:
	mj_buf_free(&rd.para);
	if (doc)
		xmlFreeDoc(doc);
	free(xml);
	if (za)
		zip_discard(za);
	return rc;
}
