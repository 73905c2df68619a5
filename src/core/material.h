/*
 * The material document engine: a 对照检查材料 (self-examination material) as
 * one tree, parsed from .txt / .md / .docx and rendered back to txt, md, html
 * and docx (GB/T 9704 layout).
 *
 * The tree:
 *   material
 *     title                      (may be NULL)
 *     opening[]                  blocks before the first section
 *     sections[]                 "一、" marker, heading, kind
 *       blocks[]                 blocks before the first subsection
 *       subsections[]            "（一）" marker, heading, matched notice area
 *         blocks[]
 *     noise[]                    page numbers and table-of-contents lines
 *     unplaced[]                 lines the parser could not place
 *
 * A block is a plain paragraph or an enumerated item ("一是", "1.", "（1）",
 * "首先", or "" for an unnumbered problem); an item's headline is its first
 * sentence and its body the rest. A block whose `joined` flag is set
 * continued the previous block's source paragraph (an item that began after
 * "。" or "；", or text on the same line as a heading), so renderers can
 * give back the paragraphs of the source.
 *
 * Nothing is lost: every character of the input's text (after whitespace,
 * "**" and leading "#" are set aside) lies in exactly one of: the title, a
 * marker, a heading, a block's marker/headline/body, a noise entry or an
 * unplaced entry. mj_material_to_text() gives back the content without noise
 * and unplaced lines.
 *
 * All strings of a parsed material are NUL-terminated UTF-8 owned by the
 * material and released by mj_material_free().
 */
#ifndef MJ_MATERIAL_H
#define MJ_MATERIAL_H
#include <stddef.h>

#include "core/chart.h"
#include "util/buf.h"
#include "util/mem.h"

/* Input caps: text after extraction, and the uncompressed parts of a docx. */
#define MJ_MATERIAL_MAX_TEXT (20u * 1024 * 1024)
#define MJ_DOCX_MAX_UNCOMPRESSED (64u * 1024 * 1024)
/* Largest file the command line reads at all (a docx may carry images). */
#define MJ_MATERIAL_MAX_FILE (64u * 1024 * 1024)

typedef enum {
	MJ_DOC_TXT = 0,
	MJ_DOC_MD = 1,
	MJ_DOC_DOCX = 2,
	MJ_DOC_HTML = 3 /* output only */
} mj_doc_format;

typedef enum {
	MJ_SECTION_OTHER = 0,
	MJ_SECTION_PRIOR,    /* 上年度整改落实情况 */
	MJ_SECTION_PROBLEMS, /* 查摆问题 */
	MJ_SECTION_CAUSES,   /* 原因剖析 */
	MJ_SECTION_MEASURES  /* 整改举措 */
} mj_section_kind;

typedef enum { MJ_BLOCK_PARA = 0, MJ_BLOCK_ITEM = 1 } mj_block_type;

typedef struct {
	mj_block_type type;
	int line;             /* 1-based source line (docx: of the extracted text) */
	int joined;           /* continues the previous block's source paragraph */
	const char *marker;   /* item: "一是", "1.", "首先，", ""; para: "" */
	const char *headline; /* item: first sentence; para: "" */
	const char *body;     /* item: the rest; para: the whole text */
} mj_doc_block;

typedef struct {
	const char *marker;  /* "（一）", "(一)" */
	const char *heading; /* as written, with its final punctuation if any */
	int line;
	int area_index;      /* index into the areas given to the parser, or -1 */
	mj_doc_block *blocks;
	size_t nblocks;
} mj_doc_subsection;

typedef struct {
	const char *marker;  /* "一、"; "" for an unnumbered heading */
	const char *heading;
	int line;
	mj_section_kind kind;
	mj_doc_block *blocks;     /* before the first subsection */
	size_t nblocks;
	mj_doc_subsection *subs;
	size_t nsubs;
} mj_doc_section;

typedef struct {
	int line;
	const char *text;   /* the line as read (trimmed) */
	const char *reason; /* "页码", "目录", "无文字内容" */
} mj_doc_note;

typedef struct mj_material {
	mj_arena arena;       /* owns every string below */
	mj_doc_format format; /* detected input format */
	const char *title;    /* NULL when none */
	int title_line;
	mj_doc_block *opening;
	size_t nopening;
	mj_doc_section *sections;
	size_t nsections;
	mj_doc_note *noise;
	size_t nnoise;
	mj_doc_note *unplaced;
	size_t nunplaced;
	size_t replaced;      /* invalid UTF-8 sequences replaced by U+FFFD */
} mj_material;

typedef struct {
	const char *const *areas; /* notice areas to match subsections against */
	size_t nareas;
} mj_material_opts;

/* Detects the format of data from its content: a zip holding
 * word/document.xml is docx; text with "**" or a "#" heading is md; else
 * txt. Returns the format (never fails). */
mj_doc_format mj_doc_detect(const char *data, size_t len);

/* Parses data (any format, detected from content) into *out. opts may be NULL.
 * Returns 0, MJ_ETOOBIG (text over MJ_MATERIAL_MAX_TEXT, docx parts over
 * MJ_DOCX_MAX_UNCOMPRESSED) or MJ_EFORMAT (corrupt or encrypted docx), with a
 * message set. A text with no sections still parses (nsections == 0).
 * The caller frees *out with mj_material_free(). */
int mj_material_parse(mj_material **out, const char *data, size_t len,
		      const mj_material_opts *opts);

/* Extracts the paragraphs of a docx as text: one paragraph per line group,
 * paragraphs separated by a blank line; Title/Heading styles become "#"
 * markup and whole-bold paragraphs "**…**" so the text parser sees the hints.
 * Appends to out (caller frees). Returns 0, MJ_EFORMAT or MJ_ETOOBIG. */
int mj_docx_extract(mj_buf *out, const char *data, size_t len);

void mj_material_free(mj_material *m);

/* 1 when s (n bytes) opens with a section ("一、"), subsection ("（一）") or
 * item ("一是", "1.", "（1）", "首先") marker, else 0. */
int mj_doc_starts_marker(const char *s, size_t n);

/* Short English name of a kind ("prior", "problems", ...) and its Chinese
 * label ("上年度整改", "查摆问题", ...). Static strings. */
const char *mj_section_kind_name(mj_section_kind k);
const char *mj_section_kind_label(mj_section_kind k);

/* Number of items directly in a section (its blocks and all subsections). */
size_t mj_doc_section_items(const mj_doc_section *s);

/* Renderers: append the material to out (caller frees out).
 * Return 0 or MJ_ETOOBIG when out's cap is reached. */
int mj_material_to_text(mj_buf *out, const mj_material *m);
int mj_material_to_md(mj_buf *out, const mj_material *m);
int mj_material_to_html(mj_buf *out, const mj_material *m);
/* A complete .docx file (zip) in GB/T 9704 layout. Returns 0, MJ_EIO when
 * the zip cannot be built, or MJ_ETOOBIG. */
int mj_material_to_docx(mj_buf *out, const mj_material *m);

/* The same with native charts (DrawingML chart parts, which Word, WPS and
 * LibreOffice draw and let edit): each chart replaces the paragraph whose
 * whole text equals its anchor, drawn above that paragraph kept as its
 * caption (centred). A chart whose anchor is absent is left out. */
typedef struct {
	const mj_chart_data *data;
	const char *anchor;
} mj_docx_chart;
int mj_material_to_docx_charts(mj_buf *out, const mj_material *m, const mj_docx_chart *charts, size_t ncharts);

/* JSON of the tree. MJ_JSON_STRUCTURE leaves out line numbers, noise,
 * unplaced, format and replaced: two parses of the same content in different
 * formats give equal structure JSON. Appends to out. Returns 0 or MJ_ETOOBIG. */
#define MJ_JSON_STRUCTURE 1u
int mj_material_to_json(mj_buf *out, const mj_material *m, unsigned flags);

/* The nothing-lost check: text (the parsed input; for a docx, the text of
 * mj_docx_extract) with invalid UTF-8 replaced, whitespace, "**" and the '#'
 * opening a line removed, and the noise and unplaced lines left out, must
 * equal the same reduction of mj_material_to_text(m). Returns 0, or
 * MJ_EFORMAT with a message quoting the first difference. */
int mj_material_check_lossless(const mj_material *m, const char *text, size_t len);

/* Renders into the format given (txt, md, html, docx). */
int mj_material_render(mj_buf *out, const mj_material *m, mj_doc_format fmt);

#endif
