/*
 * Parsing a 对照检查材料 into the tree of material.h.
 *
 * The text goes through four passes:
 *   1. lines: sanitize UTF-8, split lines, trim whitespace, set Markdown
 *      markup aside ("**", leading "#") while keeping it as a heading hint;
 *   2. noise: page-number lines and table-of-contents lines are recorded in
 *      m->noise, lines without any letter in m->unplaced;
 *   3. paragraphs: hard-wrapped lines (text copied from a PDF) are joined when
 *      a line is full, does not end a sentence and the next line does not
 *      start with a marker;
 *   4. structure: section ("一、"), subsection ("（一）") and item ("一是",
 *      "1.", "（1）", "首先") markers, at the start of a paragraph or, for
 *      items, after "。；：" inside one.
 * Every string stored in the tree is copied into the material's arena.
 */
#include "core/material.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/utf8.h"

typedef struct {
	const char *text; /* trimmed, markup set aside; in the arena */
	size_t len;
	int line;
	int level; /* number of leading '#' */
	int bold;  /* the whole line was **…** */
	int kind;  /* LINE_* */
	int width; /* display width: CJK 2, else 1 */
} mline;

enum { LINE_TEXT, LINE_BLANK, LINE_NOISE };

typedef struct {
	char *text;
	size_t len;
	int line;
	int level;
	int bold;
} mpara;

/* item styles: 一是, 首先, 1. / 1、, （1）, 第一，, ①, 一要, 1） */
enum { ST_NONE, ST_SHI, ST_SEQ, ST_DOT, ST_PAREN, ST_DI, ST_CIRCLED, ST_YAO, ST_RPAREN };

typedef struct {
	int style; /* last item style in the container */
	int num;   /* its number */
} seqstate;

/* ---- small text helpers ---- */

/* First occurrence of needle in hay, or NULL (memmem is not in C11/POSIX). */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0)
		return hay;
	for (size_t i = 0; i + nn <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
			return hay + i;
	return NULL;
}

static int lit(const char *s, size_t n, const char *l)
{
	size_t k = strlen(l);
	return n >= k && memcmp(s, l, k) == 0;
}

static int ends_lit(const char *s, size_t n, const char *l)
{
	size_t k = strlen(l);
	return n >= k && memcmp(s + n - k, l, k) == 0;
}

static int is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == '\r' ||
	       cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF || cp == 0x200B;
}

/* Byte length of the whitespace run at s. */
static size_t space_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || !is_space_cp(cp))
			break;
		i += k;
	}
	return i;
}

/* Length of s without trailing whitespace. */
static size_t rtrim_len(const char *s, size_t n)
{
	size_t end = n, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		i += k;
		if (!is_space_cp(cp))
			end = i;
	}
	return (end == n && n > 0 && space_len(s, n) == n) ? 0 : end;
}

static int text_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		w += cp >= 0x1100 ? 2 : 1;
		i += k;
	}
	return w;
}

static size_t char_count(const char *s, size_t n) { return mj_utf8_count(s, n); }

/* Value of a Chinese numeral 一..九十九 at s, or 0; *used gets its bytes. */
static int cn_num(const char *s, size_t n, size_t *used)
{
	static const char *digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
	int val = 0;
	size_t i = 0;
	int d = 0;
	for (int k = 0; k < 9; k++)
		if (lit(s, n, digits[k]))
			d = k + 1;
	if (d) {
		i = 3;
		val = d;
		if (lit(s + i, n - i, "十")) {
			i += 3;
			val = d * 10;
			for (int k = 0; k < 9; k++)
				if (lit(s + i, n - i, digits[k])) {
					val += k + 1;
					i += 3;
					break;
				}
		}
	} else if (lit(s, n, "十")) {
		i = 3;
		val = 10;
		for (int k = 0; k < 9; k++)
			if (lit(s + i, n - i, digits[k])) {
				val += k + 1;
				i += 3;
				break;
			}
	}
	*used = i;
	return val;
}

static int arabic_num(const char *s, size_t n, size_t *used)
{
	size_t i = 0;
	int v = 0;
	while (i < n && i < 2 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	*used = i;
	return i ? v : 0;
}

/* Marker punctuation that may follow a marker and belongs to it. */
static size_t marker_tail(const char *s, size_t n)
{
	size_t i = 0;
	if (lit(s, n, "，") || lit(s, n, "：") || lit(s, n, "、"))
		i = 3;
	else if (n && (s[0] == ',' || s[0] == ':'))
		i = 1;
	return i + space_len(s + i, n - i);
}

/* "一、" "一." "一．": a section marker. Returns its byte length or 0. */
static size_t section_marker(const char *s, size_t n)
{
	size_t u;
	if (!cn_num(s, n, &u))
		return 0;
	if (lit(s + u, n - u, "、") || lit(s + u, n - u, "．"))
		return u + 3 + space_len(s + u + 3, n - u - 3);
	if (n > u && s[u] == '.')
		return u + 1 + space_len(s + u + 1, n - u - 1);
	return 0;
}

/* A number in parentheses, full- or half-width and mixed ("（一）", "(3)",
 * "（2)"), read by num: its byte length with the spaces after it, or 0. */
static size_t paren_num(const char *s, size_t n, int (*num)(const char *, size_t, size_t *), int *v)
{
	size_t i, u;
	if (lit(s, n, "（"))
		i = 3;
	else if (n && s[0] == '(')
		i = 1;
	else
		return 0;
	if (!(*v = num(s + i, n - i, &u)))
		return 0;
	i += u;
	if (lit(s + i, n - i, "）"))
		i += 3;
	else if (n > i && s[i] == ')')
		i += 1;
	else
		return 0;
	return i + space_len(s + i, n - i);
}

/* "（一）" "(一)" and mixed halves: a subsection marker, or 0. */
static size_t sub_marker(const char *s, size_t n)
{
	int v;
	return paren_num(s, n, cn_num, &v);
}

/* An item marker at s: returns its byte length (with trailing "，" and
 * spaces) or 0; *style and *num describe it. */
static size_t item_marker(const char *s, size_t n, int *style, int *num)
{
	size_t u, i;
	int v = cn_num(s, n, &u);
	if (v && lit(s + u, n - u, "是")) {
		*style = ST_SHI;
		*num = v;
		i = u + 3;
		return i + marker_tail(s + i, n - i);
	}
	if (v && lit(s + u, n - u, "要")) {
		*style = ST_YAO;
		*num = v;
		i = u + 3;
		return i + marker_tail(s + i, n - i);
	}
	if (lit(s, n, "第")) {
		v = cn_num(s + 3, n - 3, &u);
		i = 3 + u;
		if (v && (lit(s + i, n - i, "，") || lit(s + i, n - i, "、") || lit(s + i, n - i, "是") ||
			  (i < n && s[i] == ','))) {
			*style = ST_DI;
			*num = v;
			i += s[i] == ',' ? 1 : 3;
			return i + space_len(s + i, n - i);
		}
		return 0;
	}
	{
		uint32_t cp;
		size_t k = mj_utf8_decode(s, n, &cp);
		if (k && cp >= 0x2460 && cp <= 0x2473) { /* ① .. ⑳ */
			*style = ST_CIRCLED;
			*num = (int)(cp - 0x245F);
			return k + space_len(s + k, n - k);
		}
	}
	static const char *seq[] = {"首先", "其次", "再次", "最后"};
	for (int k = 0; k < 4; k++)
		if (lit(s, n, seq[k])) {
			*style = ST_SEQ;
			*num = k == 3 ? 99 : k + 1;
			i = 6;
			return i + marker_tail(s + i, n - i);
		}
	v = arabic_num(s, n, &u);
	if (v) {
		if (lit(s + u, n - u, "、") || lit(s + u, n - u, "．")) {
			*style = ST_DOT;
			*num = v;
			return u + 3 + space_len(s + u + 3, n - u - 3);
		}
		if (n > u && s[u] == '.' && !(n > u + 1 && s[u + 1] >= '0' && s[u + 1] <= '9')) {
			*style = ST_DOT;
			*num = v;
			return u + 1 + space_len(s + u + 1, n - u - 1);
		}
		if (lit(s + u, n - u, "）") || (n > u && s[u] == ')')) {
			*style = ST_RPAREN;
			*num = v;
			i = u + (s[u] == ')' ? 1 : 3);
			return i + space_len(s + i, n - i);
		}
		return 0;
	}
	if (!(i = paren_num(s, n, arabic_num, &v)))
		return 0;
	*style = ST_PAREN;
	*num = v;
	return i;
}

static int starts_marker(const char *s, size_t n)
{
	int st, nu;
	return section_marker(s, n) || sub_marker(s, n) || item_marker(s, n, &st, &nu);
}

int mj_doc_starts_marker(const char *s, size_t n)
{
	return starts_marker(s, n);
}

/* Closing quotes and brackets that stay with the sentence before them. */
static size_t closers(const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		if (lit(s + i, n - i, "”") || lit(s + i, n - i, "’") || lit(s + i, n - i, "」") ||
		    lit(s + i, n - i, "』") || lit(s + i, n - i, "）"))
			i += 3;
		else if (i < n && (s[i] == '"' || s[i] == ')' || s[i] == '\''))
			i += 1;
		else
			return i;
	}
}

/* If a sentence-ending mark starts at s[i], returns its byte length, else 0.
 * with_colon also accepts "：". */
static size_t sentence_end_at(const char *s, size_t n, size_t i, int with_colon)
{
	const char *p = s + i;
	size_t r = n - i;
	if (lit(p, r, "。") || lit(p, r, "！") || lit(p, r, "？") || lit(p, r, "；"))
		return 3;
	if (with_colon && lit(p, r, "："))
		return 3;
	if (r && (p[0] == '!' || p[0] == '?' || p[0] == ';'))
		return 1;
	if (with_colon && r && p[0] == ':')
		return 1;
	if (r && p[0] == '.') {
		int prev_digit = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
		int next_alnum = r > 1 && ((p[1] >= '0' && p[1] <= '9') || (p[1] >= 'A' && p[1] <= 'z'));
		if (!prev_digit && !next_alnum)
			return 1;
	}
	return 0;
}

/* Byte offset just past the first sentence of s (its mark and closers), or n. */
static size_t first_sentence(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = sentence_end_at(s, n, i, 0);
		if (k) {
			i += k;
			return i + closers(s + i, n - i);
		}
		uint32_t cp;
		k = mj_utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
	}
	return n;
}

/* 1 when s ends a sentence (possibly followed by closers); colon counts. */
static int ends_sentence(const char *s, size_t n)
{
	/* strip closers from the end */
	for (;;) {
		if (ends_lit(s, n, "”") || ends_lit(s, n, "’") || ends_lit(s, n, "」") ||
		    ends_lit(s, n, "』") || ends_lit(s, n, "）"))
			n -= 3;
		else if (n && (s[n - 1] == '"' || s[n - 1] == ')' || s[n - 1] == '\''))
			n -= 1;
		else
			break;
	}
	if (ends_lit(s, n, "。") || ends_lit(s, n, "！") || ends_lit(s, n, "？") ||
	    ends_lit(s, n, "；") || ends_lit(s, n, "："))
		return 1;
	return n && (s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ';' || s[n - 1] == ':' ||
		     s[n - 1] == '.');
}

/* ---- growable arrays (freed by mj_material_free) ---- */

#define GROW(arr, n)                                                              \
	do {                                                                      \
		if ((n) == 0 || ((n) >= 4 && ((n) & ((n) - 1)) == 0))            \
			(arr) = mj_realloc((arr), sizeof(*(arr)) * ((n) ? (n) * 2 : 4)); \
	} while (0)

static void note_add(mj_material *m, int unplaced, int line, const char *t, size_t n,
		     const char *reason)
{
	mj_doc_note **arr = unplaced ? &m->unplaced : &m->noise;
	size_t *cnt = unplaced ? &m->nunplaced : &m->nnoise;
	GROW(*arr, *cnt);
	(*arr)[*cnt].line = line;
	(*arr)[*cnt].text = mj_arena_strndup(&m->arena, t, n);
	(*arr)[*cnt].reason = reason;
	(*cnt)++;
}

/* ---- pass 1: lines ---- */

static int has_markdown(const char *s, size_t n)
{
	if (find_bytes(s, n, "**", 2))
		return 1;
	/* a '#' opening a line, after any whitespace */
	size_t i = 0;
	while (i < n) {
		i += space_len(s + i, n - i);
		if (i < n && s[i] == '#')
			return 1;
		while (i < n && s[i] != '\n' && s[i] != '\r')
			i++;
		i++;
	}
	return 0;
}

static void split_lines(mj_material *m, const char *s, size_t n, int md, mline **out,
			size_t *nout)
{
	mline *lines = NULL;
	size_t nl = 0;
	int lineno = 0;
	size_t i = 0;
	mj_buf tmp = MJ_BUF_INIT;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		lineno++;
		const char *p = s + i;
		size_t len = j - i;
		size_t sp = space_len(p, len);
		p += sp;
		len -= sp;
		len = rtrim_len(p, len);
		mline L = {0};
		L.line = lineno;
		if (md) {
			while (len && p[0] == '#') {
				L.level++;
				p++;
				len--;
			}
			sp = space_len(p, len);
			p += sp;
			len -= sp;
			if (len >= 4 && lit(p, len, "**") && ends_lit(p, len, "**"))
				L.bold = 1;
			mj_buf_reset(&tmp);
			for (size_t k = 0; k < len; k++) {
				if (p[k] == '*' && k + 1 < len && p[k + 1] == '*') {
					k++;
					continue;
				}
				mj_buf_putc(&tmp, p[k]);
			}
			const char *q = mj_buf_cstr(&tmp);
			size_t ql = tmp.len;
			/* '#' that open the line once the "**" are out ("**# 标题**",
			 * "#**#标题") are heading marks too: a text opening with '#'
			 * would read as a heading mark in every rendering */
			for (;;) {
				sp = space_len(q, ql);
				q += sp;
				ql -= sp;
				if (!ql || q[0] != '#')
					break;
				while (ql && q[0] == '#') {
					L.level++;
					q++;
					ql--;
				}
			}
			ql = rtrim_len(q, ql);
			L.text = mj_arena_strndup(&m->arena, q, ql);
			L.len = ql;
		} else {
			L.text = mj_arena_strndup(&m->arena, p, len);
			L.len = len;
		}
		L.kind = L.len ? LINE_TEXT : LINE_BLANK;
		L.width = text_width(L.text, L.len);
		GROW(lines, nl);
		lines[nl++] = L;
		if (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n')
			j++;
		i = j + 1;
	}
	mj_buf_free(&tmp);
	*out = lines;
	*nout = nl;
}

/* ---- pass 2: noise ---- */

static int is_dash(const char *s, size_t n, size_t *k)
{
	if (lit(s, n, "—") || lit(s, n, "－") || lit(s, n, "–")) {
		*k = 3;
		return 1;
	}
	if (n && s[0] == '-') {
		*k = 1;
		return 1;
	}
	return 0;
}

static size_t digits_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* "- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页", "3" (1 to 4 digits). */
static int is_page_number(const char *s, size_t n)
{
	size_t i = 0, k, d;
	d = digits_at(s, n);
	if (d == n)
		return n >= 1 && n <= 4;
	if (lit(s, n, "第")) {
		i = 3;
		i += space_len(s + i, n - i);
		d = digits_at(s + i, n - i);
		if (!d || d > 4)
			return 0;
		i += d;
		i += space_len(s + i, n - i);
		if (!lit(s + i, n - i, "页"))
			return 0;
		i += 3;
		i += space_len(s + i, n - i);
		if (lit(s + i, n - i, "，") || lit(s + i, n - i, "、"))
			i += 3;
		else if (i < n && s[i] == ',')
			i++;
		i += space_len(s + i, n - i);
		if (i == n)
			return 1;
		if (!lit(s + i, n - i, "共"))
			return 0;
		i += 3;
		i += space_len(s + i, n - i);
		d = digits_at(s + i, n - i);
		i += d;
		i += space_len(s + i, n - i);
		return d && lit(s + i, n - i, "页") && i + 3 == n;
	}
	int dashes = 0;
	while (is_dash(s + i, n - i, &k)) {
		i += k;
		dashes++;
	}
	if (!dashes)
		return 0;
	i += space_len(s + i, n - i);
	d = digits_at(s + i, n - i);
	if (!d || d > 4)
		return 0;
	i += d;
	i += space_len(s + i, n - i);
	int after = 0;
	while (is_dash(s + i, n - i, &k)) {
		i += k;
		after++;
	}
	return after && i == n;
}

/* Length of s without a trailing dot leader and page number ("……3",
 * ".... 12"); returns n when there is none (at least 4 leader marks). */
static size_t strip_leader(const char *s, size_t n)
{
	size_t e = n;
	while (e && s[e - 1] >= '0' && s[e - 1] <= '9')
		e--;
	if (e == n)
		return n;
	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	int marks = 0;
	for (;;) {
		if (ends_lit(s, e, "…") || ends_lit(s, e, "·") || ends_lit(s, e, "．"))
			e -= ends_lit(s, e, "·") ? 2 : 3;
		else if (e && (s[e - 1] == '.' || s[e - 1] == ' '))
			e--;
		else
			break;
		marks++;
	}
	return marks >= 4 ? rtrim_len(s, e) : n;
}

/* A line of rule marks only ("---", "* * *", "====", "———"): no text. */
static int is_decorative(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (!(cp == '-' || cp == '*' || cp == '=' || cp == '_' || cp == '~' || cp == '#' ||
		      cp == 0x2014 || cp == 0x2015 || cp == 0x2500 || cp == 0x2501 || cp == 0xB7 ||
		      cp == 0x2022 || cp == 0xFF0D || cp == 0xFF1D || is_space_cp(cp)))
			return 0;
		i += k;
	}
	return 1;
}

static int is_toc_title(const char *s, size_t n)
{
	char buf[32];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < sizeof buf;) {
		size_t k = space_len(s + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		buf[o++] = s[i++];
	}
	return o == 6 && memcmp(buf, "目录", 6) == 0;
}

static int same_key(const mline *a, const mline *b)
{
	size_t na = strip_leader(a->text, a->len), nb = strip_leader(b->text, b->len);
	return na == nb && memcmp(a->text, b->text, na) == 0;
}

static int is_heading_line(const mline *L)
{
	return L->kind == LINE_TEXT &&
	       (section_marker(L->text, L->len) || sub_marker(L->text, L->len) ||
		strip_leader(L->text, L->len) != L->len);
}

static void mark_noise(mj_material *m, mline *lines, size_t nl)
{
	for (size_t i = 0; i < nl; i++) {
		mline *L = &lines[i];
		if (L->kind != LINE_TEXT)
			continue;
		if (is_page_number(L->text, L->len)) {
			L->kind = LINE_NOISE;
			note_add(m, 0, L->line, L->text, L->len, "页码");
		} else if (is_decorative(L->text, L->len)) {
			L->kind = LINE_NOISE;
			note_add(m, 1, L->line, L->text, L->len, "无文字内容");
		}
	}
	/* Tables of contents: after a "目录" line, or a run of heading lines
	 * whose first line comes back later as the real heading. Looked for
	 * near the top only, which also keeps this pass linear. */
	for (size_t i = 0; i < nl && i < 300; i++) {
		mline *L = &lines[i];
		if (L->kind != LINE_TEXT)
			continue;
		int titled = is_toc_title(L->text, L->len);
		if (!titled && !is_heading_line(L))
			continue;
		size_t first = titled ? i + 1 : i;
		while (first < nl && lines[first].kind != LINE_TEXT)
			first++;
		if (first >= nl || !is_heading_line(&lines[first]))
			continue;
		/* find where the first entry repeats */
		size_t end = first + 1, headings = 1;
		while (end < nl) {
			if (end - first > 400) { /* too long for a table of contents */
				end = nl;
				break;
			}
			if (lines[end].kind == LINE_TEXT) {
				if (same_key(&lines[end], &lines[first]))
					break;
				if (!is_heading_line(&lines[end])) {
					end = nl;
					break;
				}
				headings++;
			}
			end++;
		}
		int leaders = strip_leader(lines[first].text, lines[first].len) != lines[first].len;
		if (end >= nl) {
			if (!titled && !leaders)
				continue;
			/* the entries run until the first line that is not one */
			end = first;
			while (end < nl && (lines[end].kind != LINE_TEXT || is_heading_line(&lines[end])))
				end++;
		} else if (!titled && headings < 2) {
			continue;
		}
		if (titled) {
			L->kind = LINE_NOISE;
			note_add(m, 0, L->line, L->text, L->len, "目录");
		}
		for (size_t k = first; k < end; k++)
			if (lines[k].kind == LINE_TEXT) {
				lines[k].kind = LINE_NOISE;
				note_add(m, 0, lines[k].line, lines[k].text, lines[k].len, "目录");
			}
		break; /* one table of contents per document */
	}
	/* stray leader lines anywhere */
	for (size_t i = 0; i < nl; i++)
		if (lines[i].kind == LINE_TEXT && strip_leader(lines[i].text, lines[i].len) != lines[i].len &&
		    (section_marker(lines[i].text, lines[i].len) || sub_marker(lines[i].text, lines[i].len))) {
			lines[i].kind = LINE_NOISE;
			note_add(m, 0, lines[i].line, lines[i].text, lines[i].len, "目录");
		}
}

/* ---- pass 3: paragraphs ---- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int is_ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static void join_paragraphs(const mline *lines, size_t nl, mpara **out, size_t *nout)
{
	/* the wrap width: lines at or above 85% of the 90th percentile are full */
	int *w = mj_malloc(sizeof(int) * (nl + 1));
	size_t nw = 0;
	for (size_t i = 0; i < nl; i++)
		if (lines[i].kind == LINE_TEXT)
			w[nw++] = lines[i].width;
	int full = 1 << 30;
	if (nw >= 3) {
		qsort(w, nw, sizeof(int), cmp_int);
		int p90 = w[(nw * 9) / 10 < nw ? (nw * 9) / 10 : nw - 1];
		full = p90 * 85 / 100;
		if (full < 20)
			full = 20;
	}
	free(w);

	mpara *ps = NULL;
	size_t np = 0;
	mj_buf cur = MJ_BUF_INIT;
	const mline *prev = NULL;
	int blank = 0, noise = 0;
	for (size_t i = 0; i <= nl; i++) {
		const mline *L = i < nl ? &lines[i] : NULL;
		if (L && L->kind == LINE_BLANK) {
			blank = 1;
			continue;
		}
		if (L && L->kind == LINE_NOISE) {
			noise = 1;
			continue;
		}
		int join = L && prev && (!blank || noise) && !ends_sentence(prev->text, prev->len) &&
			   !starts_marker(L->text, L->len) && prev->width >= full && !prev->level &&
			   !prev->bold && !L->level && !L->bold;
		if (join) {
			if (cur.len && is_ascii_alnum(cur.ptr[cur.len - 1]) && is_ascii_alnum(L->text[0]))
				mj_buf_putc(&cur, ' ');
			mj_buf_put(&cur, L->text, L->len);
		} else {
			if (prev) {
				GROW(ps, np);
				ps[np].len = cur.len;
				ps[np].text = mj_buf_detach(&cur);
				np++;
			}
			if (L) {
				GROW(ps, np);
				ps[np].line = L->line;
				ps[np].level = L->level;
				ps[np].bold = L->bold;
				mj_buf_put(&cur, L->text, L->len);
			}
		}
		prev = L;
		blank = noise = 0;
	}
	mj_buf_free(&cur);
	*out = ps;
	*nout = np;
}

/* ---- pass 4: structure ---- */

typedef struct {
	mj_material *m;
	mj_doc_block **blocks; /* the current container */
	size_t *nblocks;
	seqstate seq;
	mpara *ps;
	size_t np;
	size_t pi; /* current paragraph index */
} builder;

static mj_doc_block *block_add(builder *b, mj_block_type type, int line, int joined)
{
	GROW(*b->blocks, *b->nblocks);
	mj_doc_block *k = &(*b->blocks)[(*b->nblocks)++];
	memset(k, 0, sizeof *k);
	k->type = type;
	k->line = line;
	k->joined = joined;
	k->marker = "";
	k->headline = "";
	k->body = "";
	return k;
}

static void item_fill(mj_material *m, mj_doc_block *k, const char *mk, size_t mkl, const char *s,
		      size_t n)
{
	size_t h = first_sentence(s, n);
	k->marker = mj_arena_strndup(&m->arena, mk, mkl);
	k->headline = mj_arena_strndup(&m->arena, s, h);
	size_t sp = space_len(s + h, n - h);
	k->body = mj_arena_strndup(&m->arena, s + h + sp, n - h - sp);
}

/* 1 when s[0..n) holds a later step of a 首先 sequence: "其次" or "再次"
 * anywhere, or "最后" opening a sentence. */
static int seq_word_in(const char *s, size_t n)
{
	if (find_bytes(s, n, "其次", 6) || find_bytes(s, n, "再次", 6) || lit(s, n, "最后"))
		return 1;
	return find_bytes(s, n, "。最后", 9) || find_bytes(s, n, "；最后", 9);
}

/* 1 when "二要" opens a sentence in s[0..n). */
static int yao_in(const char *s, size_t n)
{
	return lit(s, n, "二要") || find_bytes(s, n, "。二要", 9) || find_bytes(s, n, "；二要", 9) ||
	       find_bytes(s, n, "，二要", 9);
}

/* 1 when found(…) holds from s onwards or in one of the next three paragraphs. */
static int follows(const builder *b, const char *s, size_t n, int (*found)(const char *, size_t))
{
	if (found(s, n))
		return 1;
	for (size_t k = b->pi + 1; k < b->np && k <= b->pi + 3; k++)
		if (found(b->ps[k].text, b->ps[k].len))
			return 1;
	return 0;
}

/* Is there an item marker to accept at s (paragraph start when at_start)? */
static size_t accept_item(const builder *b, const seqstate *st, const char *s, size_t n,
			  int at_start, int *style, int *num)
{
	size_t k = item_marker(s, n, style, num);
	if (!k || k >= n)
		return 0;
	switch (*style) {
	case ST_SEQ:
		if (*num == 1)
			return follows(b, s + k, n - k, seq_word_in) ? k : 0;
		return st->style == ST_SEQ && *num > st->num ? k : 0;
	case ST_DOT:
	case ST_RPAREN:
		return at_start ? k : 0;
	case ST_YAO:
		/* "一要" only when "二要" follows; then strictly in sequence */
		if (*num == 1)
			return follows(b, s + k, n - k, yao_in) ? k : 0;
		return st->style == ST_YAO && *num == st->num + 1 ? k : 0;
	default:
		if (at_start)
			return k;
		return (*num == 1 || (st->style == *style && *num == st->num + 1)) ? k : 0;
	}
}

/* Splits one paragraph's text into blocks of the current container. */
static void add_text(builder *b, const char *s, size_t n, int line, int joined)
{
	mj_material *m = b->m;
	size_t seg = 0;      /* start of the current segment */
	size_t mk = 0;       /* its marker length (0: plain text) */
	size_t i = 0;
	int at_start = 1;
	int style = 0, num = 0;
	size_t k0 = accept_item(b, &b->seq, s, n, 1, &style, &num);
	if (k0) {
		mk = k0;
		b->seq.style = style;
		b->seq.num = num;
		i = k0;
	}
	at_start = 0;
	while (i < n) {
		size_t e = sentence_end_at(s, n, i, 1);
		/* after a comma, only the next step of a running "一要" list */
		int comma = !e && b->seq.style == ST_YAO && lit(s + i, n - i, "，");
		if (comma)
			e = 3;
		if (!e) {
			uint32_t cp;
			size_t k = mj_utf8_decode(s + i, n - i, &cp);
			i += k ? k : 1;
			continue;
		}
		i += e;
		i += closers(s + i, n - i);
		size_t at = i + space_len(s + i, n - i);
		size_t k = accept_item(b, &b->seq, s + at, n - at, at_start, &style, &num);
		if (!k || (comma && style != ST_YAO))
			continue;
		/* close the segment [seg, i) */
		if (mk) {
			mj_doc_block *blk = block_add(b, MJ_BLOCK_ITEM, line, joined);
			item_fill(m, blk, s + seg, mk, s + seg + mk, i - seg - mk);
		} else if (i > seg) {
			mj_doc_block *blk = block_add(b, MJ_BLOCK_PARA, line, joined);
			blk->body = mj_arena_strndup(&m->arena, s + seg, i - seg);
		}
		joined = 1;
		seg = at;
		mk = k;
		b->seq.style = style;
		b->seq.num = num;
		i = at + k;
	}
	if (mk) {
		mj_doc_block *blk = block_add(b, MJ_BLOCK_ITEM, line, joined);
		item_fill(m, blk, s + seg, mk, s + seg + mk, n - seg - mk);
	} else if (n > seg) {
		mj_doc_block *blk = block_add(b, MJ_BLOCK_PARA, line, joined);
		blk->body = mj_arena_strndup(&m->arena, s + seg, n - seg);
	}
}

/* Splits "marker heading[。rest]" into heading and the rest; *rest_off is
 * where the rest starts (== n when the heading is the whole text). */
static void split_heading(const char *s, size_t n, size_t *heading_len, size_t *rest_off)
{
	size_t h = first_sentence(s, n);
	size_t sp = space_len(s + h, n - h);
	if (h + sp >= n || (char_count(s, n) <= 40 && !ends_sentence(s, h))) {
		*heading_len = n;
		*rest_off = n;
		return;
	}
	*heading_len = h;
	*rest_off = h + sp;
}

static int has_any(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (find_bytes(s, n, *words, strlen(*words)))
			return 1;
	return 0;
}

static mj_section_kind classify(const char *s, size_t n)
{
	static const char *const prior[] = {"上年度", "上一年度", "去年", "整改落实情况",
					    "落实情况", "上次", NULL};
	static const char *const causes[] = {"原因", "根源", "剖析", NULL};
	static const char *const measures[] = {"整改", "举措", "措施", "努力方向", "改进方向",
					       "今后", NULL};
	static const char *const problems[] = {"问题", "查摆", "检视", "差距", "不足", NULL};
	if (has_any(s, n, prior))
		return MJ_SECTION_PRIOR;
	if (has_any(s, n, causes))
		return MJ_SECTION_CAUSES;
	if (has_any(s, n, measures))
		return MJ_SECTION_MEASURES;
	if (has_any(s, n, problems))
		return MJ_SECTION_PROBLEMS;
	return MJ_SECTION_OTHER;
}

/* Share of the area's character pairs (skipping punctuation) that occur in
 * the heading, in percent. */
static int area_score(const char *heading, const char *area)
{
	size_t hn = strlen(heading), an = strlen(area);
	int total = 0, hit = 0;
	size_t i = 0;
	while (i < an) {
		uint32_t c1, c2;
		size_t k1 = mj_utf8_decode(area + i, an - i, &c1);
		if (!k1)
			k1 = 1;
		if (i + k1 >= an)
			break;
		size_t k2 = mj_utf8_decode(area + i + k1, an - i - k1, &c2);
		if (!k2)
			k2 = 1;
		if (c1 >= 0x3400 && c1 <= 0x9FFF && c2 >= 0x3400 && c2 <= 0x9FFF) {
			total++;
			if (find_bytes(heading, hn, area + i, k1 + k2))
				hit++;
		}
		i += k1;
	}
	return total ? hit * 100 / total : 0;
}

static void match_areas(mj_material *m, const mj_material_opts *opts)
{
	for (size_t s = 0; s < m->nsections; s++)
		for (size_t u = 0; u < m->sections[s].nsubs; u++) {
			mj_doc_subsection *sub = &m->sections[s].subs[u];
			sub->area_index = -1;
			if (!opts || !opts->nareas)
				continue;
			/* the heading, or the first sentence of text when it is short */
			mj_buf h = MJ_BUF_INIT;
			mj_buf_puts(&h, sub->heading);
			if (sub->nblocks && sub->blocks[0].joined == 0 && char_count(h.ptr, h.len) < 12) {
				const mj_doc_block *b0 = &sub->blocks[0];
				mj_buf_puts(&h, b0->type == MJ_BLOCK_ITEM ? b0->headline : b0->body);
			}
			int best = 0, besti = -1, tie = 0;
			for (size_t a = 0; a < opts->nareas; a++) {
				int sc = area_score(mj_buf_cstr(&h), opts->areas[a]);
				if (sc > best) {
					best = sc;
					besti = (int)a;
					tie = 0;
				} else if (sc == best && sc > 0) {
					tie = 1;
				}
			}
			mj_buf_free(&h);
			if (best >= 30 && !tie)
				sub->area_index = besti;
		}
}

/* A problems subsection without enumeration: each paragraph is one problem. */
static void unnumbered_problems(mj_material *m)
{
	for (size_t s = 0; s < m->nsections; s++) {
		mj_doc_section *sec = &m->sections[s];
		if (sec->kind != MJ_SECTION_PROBLEMS)
			continue;
		for (size_t u = 0; u < sec->nsubs; u++) {
			mj_doc_subsection *sub = &sec->subs[u];
			int items = 0;
			for (size_t k = 0; k < sub->nblocks; k++)
				items += sub->blocks[k].type == MJ_BLOCK_ITEM;
			if (items)
				continue;
			for (size_t k = 0; k < sub->nblocks; k++) {
				mj_doc_block *blk = &sub->blocks[k];
				const char *t = blk->body;
				blk->type = MJ_BLOCK_ITEM;
				item_fill(m, blk, "", 0, t, strlen(t));
			}
		}
	}
}

static int looks_like_title(const mpara *p)
{
	if (starts_marker(p->text, p->len))
		return 0;
	if (p->level == 1)
		return 1;
	return char_count(p->text, p->len) <= 50 && !ends_sentence(p->text, p->len);
}

static void build(mj_material *m, mpara *ps, size_t np)
{
	builder b = {0};
	b.m = m;
	b.ps = ps;
	b.np = np;
	b.blocks = &m->opening;
	b.nblocks = &m->nopening;
	size_t start = 0;
	if (np > 1 && looks_like_title(&ps[0])) {
		static const char *const kinds[] = {"材料", "提纲", "发言", NULL};
		mj_buf t = MJ_BUF_INIT;
		mj_buf_put(&t, ps[0].text, ps[0].len);
		start = 1;
		/* a title on two lines: "某某同志" + "在……民主生活会上的对照检查材料" */
		if (np > 2 && !has_any(ps[0].text, ps[0].len, kinds) && looks_like_title(&ps[1]) &&
		    ps[1].level == ps[0].level && has_any(ps[1].text, ps[1].len, kinds) &&
		    char_count(ps[1].text, ps[1].len) <= 40) {
			mj_buf_put(&t, ps[1].text, ps[1].len);
			start = 2;
		}
		m->title = mj_arena_strndup(&m->arena, mj_buf_cstr(&t), t.len);
		m->title_line = ps[0].line;
		mj_buf_free(&t);
	}
	/* without any "一、", the "（一）" level serves as sections */
	int any_section = 0;
	for (size_t i = start; i < np; i++)
		any_section |= section_marker(ps[i].text, ps[i].len) != 0;
	for (size_t i = start; i < np; i++) {
		mpara *p = &ps[i];
		b.pi = i;
		size_t mk = section_marker(p->text, p->len);
		size_t smk = m->nsections ? sub_marker(p->text, p->len) : 0;
		if (!mk && !any_section) {
			mk = sub_marker(p->text, p->len);
			smk = 0;
		}
		int hinted = !mk && !smk && (p->level || p->bold) && char_count(p->text, p->len) <= 40 &&
			     !starts_marker(p->text, p->len) &&
			     (p->level || classify(p->text, p->len) != MJ_SECTION_OTHER);
		if (mk || hinted) {
			GROW(m->sections, m->nsections);
			mj_doc_section *sec = &m->sections[m->nsections++];
			memset(sec, 0, sizeof *sec);
			size_t hl, ro;
			split_heading(p->text + mk, p->len - mk, &hl, &ro);
			sec->marker = mj_arena_strndup(&m->arena, p->text, mk);
			sec->heading = mj_arena_strndup(&m->arena, p->text + mk, hl);
			sec->line = p->line;
			sec->kind = classify(sec->heading, hl);
			b.blocks = &sec->blocks;
			b.nblocks = &sec->nblocks;
			b.seq.style = ST_NONE;
			b.seq.num = 0;
			if (mk + ro < p->len)
				add_text(&b, p->text + mk + ro, p->len - mk - ro, p->line, 1);
			continue;
		}
		if (smk) {
			mj_doc_section *sec = &m->sections[m->nsections - 1];
			GROW(sec->subs, sec->nsubs);
			mj_doc_subsection *sub = &sec->subs[sec->nsubs++];
			memset(sub, 0, sizeof *sub);
			size_t hl, ro;
			split_heading(p->text + smk, p->len - smk, &hl, &ro);
			sub->marker = mj_arena_strndup(&m->arena, p->text, smk);
			sub->heading = mj_arena_strndup(&m->arena, p->text + smk, hl);
			sub->line = p->line;
			sub->area_index = -1;
			b.blocks = &sub->blocks;
			b.nblocks = &sub->nblocks;
			b.seq.style = ST_NONE;
			b.seq.num = 0;
			if (smk + ro < p->len)
				add_text(&b, p->text + smk + ro, p->len - smk - ro, p->line, 1);
			continue;
		}
		add_text(&b, p->text, p->len, p->line, 0);
	}
}

/* ---- entry points ---- */

mj_doc_format mj_doc_detect(const char *data, size_t len)
{
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0 &&
	    find_bytes(data, len, "word/document.xml", 17))
		return MJ_DOC_DOCX;
	return has_markdown(data, len) ? MJ_DOC_MD : MJ_DOC_TXT;
}

int mj_material_parse(mj_material **out, const char *data, size_t len,
		      const mj_material_opts *opts)
{
	int rc = 0;
	mj_material *m = NULL;
	mj_buf text = MJ_BUF_INIT;
	mj_buf docx = MJ_BUF_INIT;
	mline *lines = NULL;
	size_t nl = 0;
	mpara *ps = NULL;
	size_t np = 0;

	*out = NULL;
	mj_doc_format fmt = mj_doc_detect(data, len);
	if (fmt == MJ_DOC_DOCX) {
		mj_buf_init(&docx, MJ_MATERIAL_MAX_TEXT);
		rc = mj_docx_extract(&docx, data, len);
		if (rc)
			goto cleanup;
		data = mj_buf_cstr(&docx);
		len = docx.len;
	} else if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		rc = mj_error_set(MJ_EFORMAT, "文件是加密的 Word 文档或旧版 .doc 格式，请取消密码保护并另存为 .docx 后再导入");
		goto cleanup;
	} else if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		rc = mj_error_set(MJ_EFORMAT, "文件是 zip 压缩包，但不含 word/document.xml，不是有效的 docx 文档");
		goto cleanup;
	}
	if (len > MJ_MATERIAL_MAX_TEXT) {
		rc = mj_error_set(MJ_ETOOBIG, "材料文本有 %zu 字节，超过 %u MB 的上限，请拆分或精简后再导入",
				  len, MJ_MATERIAL_MAX_TEXT / (1024 * 1024));
		goto cleanup;
	}
	m = mj_calloc(1, sizeof *m);
	mj_arena_init(&m->arena);
	m->format = fmt;
	mj_buf_init(&text, MJ_MATERIAL_MAX_TEXT * 2);
	rc = mj_utf8_sanitize(data, len, &text, &m->replaced);
	if (rc) {
		rc = mj_error_set(MJ_ETOOBIG, "材料文本超过上限");
		goto cleanup;
	}
	/* Markdown or not is decided on the sanitized text: a dropped NUL may
	 * bring a '#' to the start of a line */
	if (fmt != MJ_DOC_DOCX)
		m->format = fmt = has_markdown(mj_buf_cstr(&text), text.len) ? MJ_DOC_MD : MJ_DOC_TXT;
	split_lines(m, mj_buf_cstr(&text), text.len, fmt != MJ_DOC_TXT, &lines, &nl);
	mark_noise(m, lines, nl);
	join_paragraphs(lines, nl, &ps, &np);
	build(m, ps, np);
	unnumbered_problems(m);
	match_areas(m, opts);
	*out = m;
	m = NULL;
cleanup:
	for (size_t i = 0; i < np; i++)
		free(ps[i].text);
	free(ps);
	free(lines);
	mj_buf_free(&text);
	mj_buf_free(&docx);
	mj_material_free(m);
	return rc;
}

void mj_material_free(mj_material *m)
{
	if (!m)
		return;
	for (size_t s = 0; s < m->nsections; s++) {
		for (size_t u = 0; u < m->sections[s].nsubs; u++)
			free(m->sections[s].subs[u].blocks);
		free(m->sections[s].subs);
		free(m->sections[s].blocks);
	}
	free(m->sections);
	free(m->opening);
	free(m->noise);
	free(m->unplaced);
	mj_arena_free(&m->arena);
	free(m);
}

const char *mj_section_kind_name(mj_section_kind k)
{
	switch (k) {
	case MJ_SECTION_PRIOR: return "prior";
	case MJ_SECTION_PROBLEMS: return "problems";
	case MJ_SECTION_CAUSES: return "causes";
	case MJ_SECTION_MEASURES: return "measures";
	default: return "other";
	}
}

const char *mj_section_kind_label(mj_section_kind k)
{
	switch (k) {
	case MJ_SECTION_PRIOR: return "上年度整改";
	case MJ_SECTION_PROBLEMS: return "查摆问题";
	case MJ_SECTION_CAUSES: return "原因剖析";
	case MJ_SECTION_MEASURES: return "整改举措";
	default: return "其他";
	}
}

size_t mj_doc_section_items(const mj_doc_section *s)
{
	size_t n = 0;
	for (size_t k = 0; k < s->nblocks; k++)
		n += s->blocks[k].type == MJ_BLOCK_ITEM;
	for (size_t u = 0; u < s->nsubs; u++)
		for (size_t k = 0; k < s->subs[u].nblocks; k++)
			n += s->subs[u].blocks[k].type == MJ_BLOCK_ITEM;
	return n;
}
