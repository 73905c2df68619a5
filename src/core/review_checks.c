/*
 * The content checks of the material review: completeness, specificity and
 * repetition of one member's 对照检查材料, over the parsed tree, with the
 * renderings of their findings (see review_checks.h for the rules).
 *
 * Text matching here is by character bigrams after normalising: only
 * letters, digits and CJK ideographs are kept (full-width folded to ASCII,
 * upper to lower case). Two measures are used: mj_text_similarity (Jaccard,
 * core/rules.h) for texts of like length, and "containment" (the share of
 * the shorter text's bigrams found in the longer one) where a short text is
 * looked for inside a long one (a headline in a measure, a ledger problem in
 * section 一, an area in a heading). The heuristics are deliberately simple
 * and each is written down beside its function.
 *
 * Pure: no I/O, no globals but constant tables. Every allocation is either
 * in an arena owned by the result or freed before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "core/review_checks.h"
#include "util/err.h"
#include "util/utf8.h"

/* ---- normalised code points and bigrams ---- */

typedef struct {
	uint32_t *cp; /* malloc'd */
	size_t n;
} cps;

static int is_word_cp(uint32_t c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
		return 1;
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static uint32_t fold_cp(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

/* Filler characters dropped before stock phrases are looked for, so that
 * "理论学习还不够深入" matches "学习不够深入". */
static int is_filler(uint32_t c)
{
	static const uint32_t fillers[] = {0x8FD8 /* 还 */, 0x4ECD /* 仍 */, 0x4E5F /* 也 */, 0x90FD /* 都 */,
					   0x7684 /* 的 */, 0x5F97 /* 得 */, 0x5730 /* 地 */, 0x8F83 /* 较 */,
					   0x4E9B /* 些 */, 0x5B58 /* 存 */, 0x5728 /* 在 */, 0x6709 /* 有 */,
					   0x6240 /* 所 */, 0x7740 /* 着 */, 0x4E86 /* 了 */};
	for (size_t i = 0; i < sizeof fillers / sizeof fillers[0]; i++)
		if (fillers[i] == c)
			return 1;
	return 0;
}

/* Normalises s into out (caller frees out->cp); only the first
 * MJ_SIMILARITY_MAX_CHARS characters kept are used, as in rules.c. */
static void normalise(cps *out, const char *s, int drop_fillers)
{
	size_t len = strlen(s), i = 0;
	out->cp = mj_malloc((len + 1) * sizeof *out->cp);
	out->n = 0;
	while (i < len && out->n < MJ_SIMILARITY_MAX_CHARS) {
		uint32_t c;
		size_t k = mj_utf8_decode(s + i, len - i, &c);
		i += k ? k : 1;
		if (!is_word_cp(c))
			continue;
		c = fold_cp(c);
		if (drop_fillers && is_filler(c))
			continue;
		out->cp[out->n++] = c;
	}
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t p = *(const uint64_t *)x, q = *(const uint64_t *)y;
	return p < q ? -1 : p > q;
}

typedef struct {
	uint64_t *g; /* malloc'd, sorted, unique */
	size_t n;
} grams;

static void grams_of(grams *out, const char *s)
{
	cps c;
	normalise(&c, s, 0);
	out->g = mj_malloc((c.n + 1) * sizeof *out->g);
	out->n = 0;
	for (size_t i = 0; i + 1 < c.n; i++)
		out->g[out->n++] = ((uint64_t)c.cp[i] << 32) | c.cp[i + 1];
	if (c.n == 1)
		out->g[out->n++] = (uint64_t)c.cp[0] << 32;
	free(c.cp);
	qsort(out->g, out->n, sizeof *out->g, u64_cmp);
	size_t w = 0;
	for (size_t r = 0; r < out->n; r++)
		if (w == 0 || out->g[w - 1] != out->g[r])
			out->g[w++] = out->g[r];
	out->n = w;
}

static void grams_free(grams *g)
{
	free(g->g);
	g->g = NULL;
	g->n = 0;
}

/* Share of a's bigrams that occur in b; 0 when a has none. */
static double containment(const grams *a, const grams *b)
{
	if (!a->n)
		return 0;
	size_t i = 0, j = 0, hit = 0;
	while (i < a->n && j < b->n) {
		if (a->g[i] == b->g[j]) {
			hit++;
			i++;
			j++;
		} else if (a->g[i] < b->g[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)hit / (double)a->n;
}

static int is_space_cp(uint32_t c)
{
	return c <= 0x20 || c == 0x3000 || c == 0xA0 || c == 0xFEFF || c == 0x7F;
}

static size_t count_chars(const char *s)
{
	if (!s)
		return 0;
	size_t len = strlen(s), i = 0, n = 0;
	while (i < len) {
		uint32_t c;
		size_t k = mj_utf8_decode(s + i, len - i, &c);
		i += k ? k : 1;
		n += !is_space_cp(c);
	}
	return n;
}

static size_t block_chars(const mj_doc_block *b)
{
	return count_chars(b->marker) + count_chars(b->headline) + count_chars(b->body);
}

static size_t section_chars(const mj_doc_section *s)
{
	size_t n = count_chars(s->marker) + count_chars(s->heading);
	for (size_t k = 0; k < s->nblocks; k++)
		n += block_chars(&s->blocks[k]);
	for (size_t u = 0; u < s->nsubs; u++) {
		n += count_chars(s->subs[u].marker) + count_chars(s->subs[u].heading);
		for (size_t k = 0; k < s->subs[u].nblocks; k++)
			n += block_chars(&s->subs[u].blocks[k]);
	}
	return n;
}

/* ---- entries ---- */

/* Best unique area for a heading (containment of the area's bigrams in the
 * heading, at least 0.3), or -1. */
static int area_by_heading(const char *heading, const char *const *areas, size_t nareas)
{
	grams h;
	grams_of(&h, heading);
	double best = 0;
	int besti = -1, tie = 0;
	for (size_t a = 0; a < nareas; a++) {
		grams g;
		grams_of(&g, areas[a]);
		double sc = containment(&g, &h);
		grams_free(&g);
		if (sc > best + 1e-9) {
			best = sc;
			besti = (int)a;
			tie = 0;
		} else if (sc > 0 && sc >= best - 1e-9) {
			tie = 1;
		}
	}
	grams_free(&h);
	return best >= 0.3 && !tie ? besti : -1;
}

/* The area of subsection u of s: the parser's match, else by heading (with
 * the first block's text when the heading is short), else by position. */
static int resolve_area(const mj_doc_section *s, size_t u, const char *const *areas, size_t nareas)
{
	const mj_doc_subsection *sub = &s->subs[u];
	if (sub->area_index >= 0 && (nareas == 0 || (size_t)sub->area_index < nareas))
		return sub->area_index;
	if (!nareas)
		return -1;
	mj_buf h = MJ_BUF_INIT;
	mj_buf_puts(&h, sub->heading);
	if (sub->nblocks && count_chars(sub->heading) < 12) {
		const mj_doc_block *b0 = &sub->blocks[0];
		mj_buf_puts(&h, b0->type == MJ_BLOCK_ITEM ? b0->headline : b0->body);
	}
	int a = area_by_heading(mj_buf_cstr(&h), areas, nareas);
	mj_buf_free(&h);
	if (a < 0 && s->nsubs == nareas)
		a = (int)u;
	return a;
}

/* First sentence of s (up to and including 。！？；!?;), in the arena. */
static const char *first_sentence(mj_arena *ar, const char *s)
{
	static const char *const ends[] = {"。", "！", "？", "；", "!", "?", ";"};
	size_t len = strlen(s), cut = len;
	for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
		const char *p = strstr(s, ends[e]);
		if (p && (size_t)(p - s) + strlen(ends[e]) < cut)
			cut = (size_t)(p - s) + strlen(ends[e]);
	}
	return mj_arena_strndup(ar, s, cut);
}

static void entries_push(mj_check_entries *out, size_t *cap, const mj_check_entry *e)
{
	if (out->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		out->v = mj_realloc(out->v, *cap * sizeof *out->v);
	}
	out->v[out->n++] = *e;
}

static void entries_of_blocks(mj_check_entries *out, size_t *cap, const mj_doc_block *b, size_t nb,
			      int paras_too, mj_check_entry proto)
{
	int has_items = 0;
	for (size_t k = 0; k < nb; k++)
		has_items |= b[k].type == MJ_BLOCK_ITEM;
	if (!has_items && !paras_too)
		return;
	for (size_t k = 0; k < nb; k++) {
		mj_check_entry e = proto;
		e.line = b[k].line;
		if (b[k].type == MJ_BLOCK_ITEM) {
			size_t hl = strlen(b[k].headline), bl = strlen(b[k].body);
			char *t = mj_arena_alloc(&out->arena, hl + bl + 1);
			memcpy(t, b[k].headline, hl);
			memcpy(t + hl, b[k].body, bl);
			t[hl + bl] = '\0';
			e.text = t;
			e.headline = mj_arena_strndup(&out->arena, b[k].headline, hl);
		} else {
			if (has_items || count_chars(b[k].body) == 0)
				continue;
			e.text = mj_arena_strndup(&out->arena, b[k].body, strlen(b[k].body));
			e.headline = first_sentence(&out->arena, b[k].body);
		}
		entries_push(out, cap, &e);
	}
}

int mj_check_entries_list(mj_check_entries *out, const mj_material *m, mj_section_kind kind,
			  const char *const *areas, size_t nareas)
{
	if (!out)
		return mj_error_set(MJ_EINVAL, "参数为空");
	memset(out, 0, sizeof *out);
	mj_arena_init(&out->arena);
	if (!m || (nareas && !areas))
		return mj_error_set(MJ_EINVAL, "参数为空");
	size_t cap = 0;
	for (size_t s = 0; s < m->nsections; s++) {
		const mj_doc_section *sec = &m->sections[s];
		if (sec->kind != kind)
			continue;
		mj_check_entry proto = {kind, s, -1, -1, "", "", sec->line};
		/* direct blocks: all of them when there is no subsection, else items only */
		entries_of_blocks(out, &cap, sec->blocks, sec->nblocks, sec->nsubs == 0, proto);
		for (size_t u = 0; u < sec->nsubs; u++) {
			proto.sub_index = (int)u;
			proto.area_index = resolve_area(sec, u, areas, nareas);
			entries_of_blocks(out, &cap, sec->subs[u].blocks, sec->subs[u].nblocks, 1, proto);
		}
	}
	return 0;
}

void mj_check_entries_free(mj_check_entries *e)
{
	if (!e)
		return;
	free(e->v);
	mj_arena_free(&e->arena);
	memset(e, 0, sizeof *e);
}

/* ---- report ---- */

void mj_check_report_init(mj_check_report *r)
{
	memset(r, 0, sizeof *r);
	mj_arena_init(&r->arena);
	r->share_percent = -1;
	r->specificity_percent = -1;
}

void mj_check_report_free(mj_check_report *r)
{
	if (!r)
		return;
	free(r->findings);
	mj_arena_free(&r->arena);
	mj_check_report_init(r);
	mj_arena_free(&r->arena);
}

size_t mj_check_report_count(const mj_check_report *r, mj_check_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->findings[i].severity == sev;
	return n;
}

const char *mj_check_severity_code(mj_check_severity s)
{
	return s == MJ_CHECK_ERROR ? "error" : s == MJ_CHECK_WARNING ? "warning" : "info";
}

const char *mj_check_severity_label(mj_check_severity s)
{
	return s == MJ_CHECK_ERROR ? "错误" : s == MJ_CHECK_WARNING ? "警告" : "提示";
}

static const char *keep(mj_check_report *r, const char *s)
{
	return s ? mj_arena_strndup(&r->arena, s, strlen(s)) : NULL;
}

/* Appends a finding; message is copied. Returns the stored finding so that
 * the caller may set its optional fields (strings through keep()). */
static mj_check_finding *add(mj_check_report *r, const char *code, mj_check_severity sev, int line,
			     const char *message)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->findings = mj_realloc(r->findings, r->cap * sizeof *r->findings);
	}
	mj_check_finding *f = &r->findings[r->n++];
	memset(f, 0, sizeof *f);
	f->code = code;
	f->severity = sev;
	f->line = line;
	f->area_index = -1;
	f->message = keep(r, message);
	return f;
}

/* Pairwise matching costs the product of two lists; a hostile material (or
 * a huge ledger) could make it run for minutes. Each pairwise step first
 * estimates its work (characters compared) and, above MJ_CHECK_MAX_WORK,
 * is skipped with an info finding saying so. Real materials stay far below
 * (a few hundred thousand). */
static int over_budget(mj_check_report *r, double work, const char *what, int line)
{
	if (work <= (double)MJ_CHECK_MAX_WORK)
		return 0;
	mj_buf msg = MJ_BUF_INIT;
	mj_buf_printf(&msg, "条目过多，未进行%s的逐项比对", what);
	add(r, "match_skipped", MJ_CHECK_INFO, line, mj_buf_cstr(&msg));
	mj_buf_free(&msg);
	return 1;
}

static size_t capped_len(const char *s)
{
	size_t n = strlen(s);
	return n > 4 * MJ_SIMILARITY_MAX_CHARS ? 4 * MJ_SIMILARITY_MAX_CHARS : n;
}

/* At most max characters of s, with "…" when cut, appended to b. */
static void put_short(mj_buf *b, const char *s, size_t max)
{
	size_t len = strlen(s), i = 0, n = 0;
	while (i < len && n < max) {
		uint32_t c;
		size_t k = mj_utf8_decode(s + i, len - i, &c);
		i += k ? k : 1;
		n++;
	}
	mj_buf_put(b, s, i);
	if (i < len)
		mj_buf_puts(b, "…");
}

/* ---- completeness ---- */

static int contains_any(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(s, words[i]))
			return 1;
	return 0;
}

static const char *const situation_words[] = {"有关情况说明", "情况说明", "个人有关事项"};
#define NSITUATION (sizeof situation_words / sizeof situation_words[0])

static int has_situation_note(const mj_material *m)
{
	for (size_t s = 0; s < m->nsections; s++) {
		const mj_doc_section *sec = &m->sections[s];
		if (contains_any(sec->heading, situation_words, NSITUATION))
			return 1;
		for (size_t u = 0; u < sec->nsubs; u++)
			if (contains_any(sec->subs[u].heading, situation_words, NSITUATION))
				return 1;
		if (sec->kind != MJ_SECTION_PRIOR)
			continue;
		for (size_t k = 0; k < sec->nblocks; k++)
			if (contains_any(sec->blocks[k].headline, situation_words, NSITUATION) ||
			    contains_any(sec->blocks[k].body, situation_words, NSITUATION))
				return 1;
		for (size_t u = 0; u < sec->nsubs; u++)
			for (size_t k = 0; k < sec->subs[u].nblocks; k++)
				if (contains_any(sec->subs[u].blocks[k].headline, situation_words, NSITUATION) ||
				    contains_any(sec->subs[u].blocks[k].body, situation_words, NSITUATION))
					return 1;
	}
	return 0;
}

/* Decodes s into raw code points (nothing dropped); caller frees. */
static uint32_t *raw_cps(const char *s, size_t *n)
{
	size_t len = strlen(s), i = 0;
	uint32_t *v = mj_malloc((len + 1) * sizeof *v);
	*n = 0;
	while (i < len) {
		uint32_t c;
		size_t k = mj_utf8_decode(s + i, len - i, &c);
		i += k ? k : 1;
		v[(*n)++] = c;
	}
	return v;
}

static int is_digit_cp(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static int is_numeral_cp(uint32_t c)
{
	static const char *const nums = "一二两三四五六七八九十百千几";
	char u[5] = {0};
	if (c < 0x4E00)
		return 0;
	u[mj_utf8_encode(c, u)] = '\0';
	return strstr(nums, u) != NULL;
}

static int cp_in(uint32_t c, const char *set)
{
	char u[5] = {0};
	u[mj_utf8_encode(c, u)] = '\0';
	return c >= 0x80 && strstr(set, u) != NULL;
}

/* A deadline in a measure: a time-limit word, or a date (a number followed
 * by 年, 月 or 日; a Chinese numeral followed by 月). */
static int has_deadline(const char *s)
{
	static const char *const words[] = {"时限", "月底", "年底", "年内", "年末", "月末", "前完成", "底前",
					    "长期坚持", "持续推进", "常态化", "限期", "立行立改", "立即",
					    "季度", "上半年", "下半年", "截至", "到期"};
	if (contains_any(s, words, sizeof words / sizeof words[0]))
		return 1;
	size_t n;
	uint32_t *v = raw_cps(s, &n);
	int found = 0;
	for (size_t i = 0; i + 1 < n && !found; i++)
		if ((is_digit_cp(v[i]) && cp_in(v[i + 1], "年月日")) ||
		    (is_numeral_cp(v[i]) && cp_in(v[i + 1], "月") && !(i + 2 < n && cp_in(v[i + 2], "份来"))))
			found = 1;
	free(v);
	return found;
}

/* Does any measure cover problem p? */
static int problem_has_measure(const mj_check_entry *p, const grams *pg, const mj_check_entries *meas,
			       const grams *mg, size_t msubs, size_t psubs, double thr)
{
	for (size_t j = 0; j < meas->n; j++) {
		const mj_check_entry *q = &meas->v[j];
		if (p->area_index >= 0 && q->area_index == p->area_index)
			return 1;
		if (p->area_index < 0 && p->sub_index >= 0 && msubs && msubs == psubs && q->sub_index == p->sub_index)
			return 1;
		if (containment(pg, &mg[j]) >= thr)
			return 1;
	}
	return 0;
}

static const mj_doc_section *first_of_kind(const mj_material *m, mj_section_kind k)
{
	for (size_t s = 0; s < m->nsections; s++)
		if (m->sections[s].kind == k)
			return &m->sections[s];
	return NULL;
}

/* Texts of the blocks of section 一 (and of its subsection headings), each
 * marker-less; appended to a list the caller frees (texts in arena). */
static void prior_texts(const mj_material *m, mj_arena *ar, const char ***out, size_t *n)
{
	size_t cap = 16;
	*out = mj_malloc(cap * sizeof **out);
	*n = 0;
	for (size_t s = 0; s < m->nsections; s++) {
		const mj_doc_section *sec = &m->sections[s];
		if (sec->kind != MJ_SECTION_PRIOR)
			continue;
		for (size_t u = 0; u <= sec->nsubs; u++) {
			const mj_doc_block *b = u == 0 ? sec->blocks : sec->subs[u - 1].blocks;
			size_t nb = u == 0 ? sec->nblocks : sec->subs[u - 1].nblocks;
			for (size_t k = 0; k < nb; k++) {
				if (*n == cap) {
					cap *= 2;
					*out = mj_realloc(*out, cap * sizeof **out);
				}
				mj_buf t = MJ_BUF_INIT;
				mj_buf_puts(&t, b[k].headline);
				mj_buf_puts(&t, b[k].body);
				(*out)[(*n)++] = mj_arena_strndup(ar, mj_buf_cstr(&t), t.len);
				mj_buf_free(&t);
			}
		}
	}
}

int mj_check_completeness(mj_check_report *r, const mj_material *m, const char *const *areas, size_t nareas,
			  const mj_check_ledger_item *ledger, size_t nledger, const mj_check_opts *opts)
{
	if (!r || !m || (nareas && !areas) || (nledger && !ledger))
		return mj_error_set(MJ_EINVAL, "参数为空");
	for (size_t a = 0; a < nareas; a++)
		if (!areas[a])
			return mj_error_set(MJ_EINVAL, "对照方面 %zu 为空", a + 1);
	for (size_t i = 0; i < nledger; i++)
		if (!ledger[i].problem)
			return mj_error_set(MJ_EINVAL, "台账条目 %lld 没有问题描述", (long long)ledger[i].id);
	double mthr = opts && opts->measure_match > 0 ? opts->measure_match : MJ_CHECK_MEASURE_MATCH_DEFAULT;
	double lthr = opts && opts->ledger_match > 0 ? opts->ledger_match : MJ_CHECK_LEDGER_MATCH_DEFAULT;
	int share_min = opts && opts->share_min_percent > 0 ? opts->share_min_percent : MJ_CHECK_SHARE_MIN_DEFAULT;
	unsigned flags = opts ? opts->flags : 0;

	mj_check_entries probs, causes, meas;
	mj_buf msg = MJ_BUF_INIT;
	mj_check_entries_list(&probs, m, MJ_SECTION_PROBLEMS, areas, nareas);
	mj_check_entries_list(&causes, m, MJ_SECTION_CAUSES, areas, nareas);
	mj_check_entries_list(&meas, m, MJ_SECTION_MEASURES, areas, nareas);
	r->checked |= MJ_CHECKED_COMPLETENESS;
	r->n_problems = probs.n;
	r->n_causes = causes.n;
	r->n_measures = meas.n;

	/* sections */
	const mj_doc_section *ps = first_of_kind(m, MJ_SECTION_PROBLEMS);
	const mj_doc_section *ms = first_of_kind(m, MJ_SECTION_MEASURES);
	if (!first_of_kind(m, MJ_SECTION_PRIOR) && !(flags & MJ_CHECK_NO_PRIOR_REQUIRED))
		add(r, "no_prior_section", MJ_CHECK_ERROR, 0, "缺少上年度整改落实情况部分（第一部分）");
	if (!has_situation_note(m))
		add(r, "no_situation_note", MJ_CHECK_ERROR, 0,
		    "缺少有关情况说明（个人有关事项报告、受到反映及约谈函询等情况）");
	if (!ps)
		add(r, "no_problems_section", MJ_CHECK_ERROR, 0, "缺少查摆问题部分");
	else if (!probs.n)
		add(r, "no_problems_section", MJ_CHECK_ERROR, ps->line, "查摆问题部分没有列出问题");
	if (!first_of_kind(m, MJ_SECTION_CAUSES))
		add(r, "no_causes_section", MJ_CHECK_ERROR, 0, "缺少原因剖析部分");
	if (!ms)
		add(r, "no_measures_section", MJ_CHECK_ERROR, 0, "缺少整改举措部分");

	/* areas */
	r->n_areas = nareas;
	if (nareas && ps) {
		int by_area = 0;
		for (size_t s = 0; s < m->nsections; s++)
			by_area |= m->sections[s].kind == MJ_SECTION_PROBLEMS && m->sections[s].nsubs > 0;
		if (!by_area) {
			add(r, "problems_not_by_area", MJ_CHECK_INFO, ps->line,
			    "查摆问题未按对照方面分节，无法逐一核对各方面是否都查摆了问题");
		} else {
			for (size_t a = 0; a < nareas; a++) {
				size_t cnt = 0;
				for (size_t i = 0; i < probs.n; i++)
					cnt += probs.v[i].area_index == (int)a;
				if (cnt) {
					r->n_areas_covered++;
					continue;
				}
				mj_buf_reset(&msg);
				mj_buf_printf(&msg, "对照方面%zu“", a + 1);
				put_short(&msg, areas[a], 40);
				mj_buf_puts(&msg, "”没有查摆出问题");
				mj_check_finding *f = add(r, "area_missing", MJ_CHECK_ERROR, ps->line, mj_buf_cstr(&msg));
				f->area_index = (int)a;
			}
			for (size_t s = 0; s < m->nsections; s++) {
				const mj_doc_section *sec = &m->sections[s];
				if (sec->kind != MJ_SECTION_PROBLEMS)
					continue;
				for (size_t u = 0; u < sec->nsubs; u++) {
					if (resolve_area(sec, u, areas, nareas) >= 0)
						continue;
					mj_buf_reset(&msg);
					mj_buf_puts(&msg, "小节“");
					put_short(&msg, sec->subs[u].heading, 30);
					mj_buf_puts(&msg, "”未能对应到通知的对照方面");
					add(r, "area_unplaced", MJ_CHECK_INFO, sec->subs[u].line, mj_buf_cstr(&msg));
				}
			}
		}
	}

	/* every problem has a measure */
	if (ms && probs.n) {
		grams *mg = mj_calloc(meas.n + 1, sizeof *mg);
		grams *pg = mj_calloc(probs.n, sizeof *pg);
		double summ = 0, sump = 0;
		for (size_t j = 0; j < meas.n; j++) {
			grams_of(&mg[j], meas.v[j].text);
			summ += (double)mg[j].n + 1;
		}
		for (size_t i = 0; i < probs.n; i++) {
			grams_of(&pg[i], probs.v[i].headline[0] ? probs.v[i].headline : probs.v[i].text);
			sump += (double)pg[i].n + 1;
		}
		size_t psubs = ps ? ps->nsubs : 0;
		int skip = over_budget(r, (double)probs.n * summ + (double)meas.n * sump, "问题与整改举措", ms->line);
		for (size_t i = 0; i < probs.n && !skip; i++) {
			int ok = problem_has_measure(&probs.v[i], &pg[i], &meas, mg, ms->nsubs, psubs, mthr);
			if (ok)
				continue;
			r->n_problems_without_measure++;
			mj_buf_reset(&msg);
			mj_buf_puts(&msg, "问题“");
			put_short(&msg, probs.v[i].headline, 30);
			mj_buf_puts(&msg, "”没有对应的整改举措");
			mj_check_finding *f = add(r, "problem_no_measure", MJ_CHECK_WARNING, probs.v[i].line,
						  mj_buf_cstr(&msg));
			f->area_index = probs.v[i].area_index;
			f->subject = keep(r, probs.v[i].headline);
		}
		for (size_t j = 0; j < meas.n; j++)
			grams_free(&mg[j]);
		for (size_t i = 0; i < probs.n; i++)
			grams_free(&pg[i]);
		free(mg);
		free(pg);
	}
	for (size_t j = 0; j < meas.n; j++) {
		if (has_deadline(meas.v[j].text))
			continue;
		/* a deadline may sit in the subsection heading */
		const mj_doc_section *sec = &m->sections[meas.v[j].section_index];
		if (meas.v[j].sub_index >= 0 && has_deadline(sec->subs[meas.v[j].sub_index].heading))
			continue;
		r->n_measures_without_deadline++;
		mj_buf_reset(&msg);
		mj_buf_puts(&msg, "整改举措“");
		put_short(&msg, meas.v[j].headline, 30);
		mj_buf_puts(&msg, "”");
		if (meas.v[j].sub_index >= 0) {
			mj_buf_puts(&msg, "（小节“");
			put_short(&msg, sec->subs[meas.v[j].sub_index].heading, 20);
			mj_buf_puts(&msg, "”）");
		}
		mj_buf_puts(&msg, "没有写明整改时限");
		mj_check_finding *f = add(r, "measure_no_deadline", MJ_CHECK_WARNING, meas.v[j].line, mj_buf_cstr(&msg));
		f->subject = keep(r, meas.v[j].headline);
	}

	/* section 一 reports last year's ledger */
	r->n_ledger_items = nledger;
	if (nledger) {
		mj_arena ar;
		mj_arena_init(&ar);
		const char **pt = NULL;
		size_t npt = 0;
		prior_texts(m, &ar, &pt, &npt);
		grams *tg = mj_calloc(npt + 1, sizeof *tg);
		double sumt = 0, suml = 0;
		for (size_t k = 0; k < npt; k++) {
			grams_of(&tg[k], pt[k]);
			sumt += (double)capped_len(pt[k]) + 1;
		}
		for (size_t i = 0; i < nledger; i++)
			suml += (double)capped_len(ledger[i].problem) + 1;
		const mj_doc_section *prior = first_of_kind(m, MJ_SECTION_PRIOR);
		/* mj_text_similarity sorts: count its work a few times over */
		int skip = over_budget(r, 8 * ((double)nledger * sumt + (double)npt * suml), "上年度台账",
				       prior ? prior->line : 0);
		for (size_t i = 0; i < nledger && !skip; i++) {
			grams lg, hg;
			grams_of(&lg, ledger[i].problem);
			/* materials usually quote only the item's headline (its first
			 * sentence): a headline found whole also counts as reported */
			grams_of(&hg, first_sentence(&ar, ledger[i].problem));
			int found = 0;
			for (size_t k = 0; k < npt && !found; k++)
				found = containment(&lg, &tg[k]) >= lthr ||
					(hg.n >= 5 && hg.n < lg.n && containment(&hg, &tg[k]) >= 0.999) ||
					mj_text_similarity(ledger[i].problem, strlen(ledger[i].problem), pt[k],
							   strlen(pt[k])) >= lthr;
			grams_free(&lg);
			grams_free(&hg);
			if (found)
				continue;
			r->n_ledger_unreported++;
			mj_buf_reset(&msg);
			mj_buf_printf(&msg, "上年度台账第%lld项（%s）“", (long long)ledger[i].id,
				      mj_item_status_label(ledger[i].status));
			put_short(&msg, ledger[i].problem, 30);
			mj_buf_puts(&msg, "”在上年度整改落实情况中未见报告");
			mj_check_finding *f = add(r, "ledger_item_unreported", MJ_CHECK_ERROR, prior ? prior->line : 0,
						  mj_buf_cstr(&msg));
			f->item_id = ledger[i].id;
			f->subject = keep(r, ledger[i].problem);
		}
		for (size_t k = 0; k < npt; k++)
			grams_free(&tg[k]);
		free(tg);
		free(pt);
		mj_arena_free(&ar);
	}

	/* share of problems + causes */
	size_t total = count_chars(m->title), pc = 0;
	for (size_t k = 0; k < m->nopening; k++)
		total += block_chars(&m->opening[k]);
	for (size_t s = 0; s < m->nsections; s++) {
		size_t c = section_chars(&m->sections[s]);
		total += c;
		if (m->sections[s].kind == MJ_SECTION_PROBLEMS || m->sections[s].kind == MJ_SECTION_CAUSES)
			pc += c;
	}
	r->chars_total = total;
	r->chars_problems_causes = pc;
	r->share_percent = mj_rules_percent((long long)pc, (long long)total);
	if (total && (long long)pc * 100 < (long long)share_min * (long long)total) {
		mj_buf_reset(&msg);
		mj_buf_printf(&msg, "查摆问题和原因剖析只占全文的%d%%（%zu/%zu字），审核要求至少占一半",
			      r->share_percent, pc, total);
		add(r, "problem_share_low", MJ_CHECK_WARNING, ps ? ps->line : 0, mj_buf_cstr(&msg));
	}

	mj_buf_free(&msg);
	mj_check_entries_free(&probs);
	mj_check_entries_free(&causes);
	mj_check_entries_free(&meas);
	return 0;
}

/* ---- specificity ---- */

static const char *const builtin_phrases[] = {
	"学习不够深入", "理论联系实际不够", "学用脱节", "担当意识不强", "工作作风不够扎实",
	"调查研究不够", "开拓创新不足", "紧迫感不强", "标准不高", "满足于一般化",
	"深入基层不够", "抓落实不够有力", "宗旨意识淡化", "群众观念不强", "大局意识不强",
	"执行力不强", "原则性不强", "批评与自我批评不够", "好人主义", "斗争精神不足",
	"能力本领不足", "创新意识不强", "服务意识不强", "责任意识不强", "忧患意识不强",
	"系统思维不够", "统筹谋划不够", "工作方法简单", "满足于现状", "廉洁自律意识放松",
	"党性修养不够", "政治站位不高", "思想解放不够", "求真务实不够", "督促检查不够",
	"联系群众不够紧密", "缺乏钉钉子精神", "表率作用发挥不够", "持续用力不够", "主动性不强",
	"浮在面上", "走马观花", "自我要求不严", "学习系统性不强", "业务能力有待提高",
};

static void phrases_add(mj_check_phrases *p, size_t *cap, const char *s, size_t len)
{
	if (p->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		const char **a = mj_arena_alloc(&p->arena, nc * sizeof *a);
		uint32_t **b = mj_arena_alloc(&p->arena, nc * sizeof *b);
		size_t *c = mj_arena_alloc(&p->arena, nc * sizeof *c);
		if (p->n) {
			memcpy(a, p->phrases, p->n * sizeof *a);
			memcpy(b, p->norm, p->n * sizeof *b);
			memcpy(c, p->nnorm, p->n * sizeof *c);
		}
		p->phrases = a;
		p->norm = b;
		p->nnorm = c;
		*cap = nc;
	}
	const char *t = mj_arena_strndup(&p->arena, s, len);
	cps v;
	normalise(&v, t, 1);
	if (!v.n) {
		free(v.cp);
		return;
	}
	uint32_t *k = mj_arena_alloc(&p->arena, v.n * sizeof *k);
	memcpy(k, v.cp, v.n * sizeof *k);
	free(v.cp);
	p->phrases[p->n] = t;
	p->norm[p->n] = k;
	p->nnorm[p->n] = v.n;
	p->n++;
}

void mj_check_phrases_builtin(mj_check_phrases *out)
{
	memset(out, 0, sizeof *out);
	mj_arena_init(&out->arena);
	size_t cap = 0;
	for (size_t i = 0; i < sizeof builtin_phrases / sizeof builtin_phrases[0]; i++)
		phrases_add(out, &cap, builtin_phrases[i], strlen(builtin_phrases[i]));
}

int mj_check_phrases_parse(mj_check_phrases *out, const char *data, size_t len)
{
	memset(out, 0, sizeof *out);
	mj_arena_init(&out->arena);
	if (!data && len)
		return mj_error_set(MJ_EINVAL, "参数为空");
	size_t cap = 0, i = 0;
	int line = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && data[e] != '\n')
			e++;
		line++;
		size_t a = i, b = e;
		i = e + 1;
		while (a < b && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
			a++;
		while (b > a && (data[b - 1] == ' ' || data[b - 1] == '\t' || data[b - 1] == '\r'))
			b--;
		/* ideographic spaces */
		while (b - a >= 3 && memcmp(data + a, "\xE3\x80\x80", 3) == 0)
			a += 3;
		while (b - a >= 3 && memcmp(data + b - 3, "\xE3\x80\x80", 3) == 0)
			b -= 3;
		if (a == b || data[a] == '#')
			continue;
		if (!mj_utf8_valid(data + a, b - a))
			return mj_error_set(MJ_EUTF8, "套语表第%d行不是有效的 UTF-8", line);
		if (out->n >= MJ_CHECK_PHRASES_MAX)
			return mj_error_set(MJ_ETOOBIG, "套语表超过%d条", MJ_CHECK_PHRASES_MAX);
		phrases_add(out, &cap, data + a, b - a);
	}
	if (!out->n)
		return mj_error_set(MJ_EINVAL, "套语表中没有套语");
	return 0;
}

void mj_check_phrases_free(mj_check_phrases *p)
{
	if (!p)
		return;
	mj_arena_free(&p->arena);
	memset(p, 0, sizeof *p);
}

double mj_check_stock_share(const mj_check_phrases *p, const char *text, mj_buf *found)
{
	cps t;
	normalise(&t, text, 1);
	if (!t.n) {
		free(t.cp);
		return 0;
	}
	unsigned char *mask = mj_calloc(t.n, 1);
	int any = 0;
	for (size_t k = 0; k < p->n; k++) {
		size_t pn = p->nnorm[k];
		int hit = 0;
		for (size_t i = 0; pn && i + pn <= t.n; i++)
			if (memcmp(t.cp + i, p->norm[k], pn * sizeof(uint32_t)) == 0) {
				memset(mask + i, 1, pn);
				hit = 1;
			}
		if (hit && found) {
			if (any)
				mj_buf_puts(found, "、");
			mj_buf_puts(found, p->phrases[k]);
		}
		any |= hit;
	}
	size_t covered = 0;
	for (size_t i = 0; i < t.n; i++)
		covered += mask[i];
	double share = (double)covered / (double)t.n;
	free(mask);
	free(t.cp);
	return share;
}

static const char *const place_words[] = {"局", "科室", "县", "镇", "村", "乡", "街道", "社区", "公司", "企业",
					  "项目", "园区", "学校", "医院", "窗口", "工地", "处室", "车间", "站点"};
/* words containing a place word that are not places */
static const char *const place_exceptions[] = {"大局", "全局", "格局", "布局", "局面", "局限", "局部", "开局",
					       "新局", "当局", "结局", "僵局", "变局", "乡愁", "乡村振兴"};
static const char *const time_words[] = {"今年", "去年", "前年", "上半年", "下半年", "年初", "年底", "年中",
					 "季度", "本月", "上月", "月份", "月底", "春节", "节假日", "汛期", "期间"};
static const char *const example_words[] = {"比如", "例如", "譬如", "有一次", "有一回", "曾经", "如在", "如：",
					    "如，"};

/* 1 when s contains word at a position not inside one of the exceptions. */
static int has_word_except(const char *s, const char *word, const char *const *exc, size_t nexc)
{
	size_t wl = strlen(word);
	for (const char *p = strstr(s, word); p; p = strstr(p + wl, word)) {
		int excluded = 0;
		for (size_t e = 0; e < nexc && !excluded; e++) {
			const char *x = exc[e];
			const char *in = strstr(x, word);
			if (!in)
				continue;
			size_t off = (size_t)(in - x), xl = strlen(x);
			if ((size_t)(p - s) >= off && strncmp(p - off, x, xl) == 0)
				excluded = 1;
		}
		if (!excluded)
			return 1;
	}
	return 0;
}

int mj_check_has_fact(const char *text)
{
	if (!text)
		return 0;
	if (strstr(text, "《"))
		return 1;
	for (size_t i = 0; i < sizeof place_words / sizeof place_words[0]; i++)
		if (has_word_except(text, place_words[i], place_exceptions,
				    sizeof place_exceptions / sizeof place_exceptions[0]))
			return 1;
	if (contains_any(text, time_words, sizeof time_words / sizeof time_words[0]) ||
	    contains_any(text, example_words, sizeof example_words / sizeof example_words[0]))
		return 1;
	size_t n;
	uint32_t *v = raw_cps(text, &n);
	int fact = 0;
	for (size_t i = 0; i < n && !fact; i++) {
		uint32_t c = v[i];
		if (is_digit_cp(c)) {
			fact = 1;
		} else if (is_numeral_cp(c) && !(i > 0 && (v[i - 1] == 0x201C || v[i - 1] == '"'))) {
			/* a counted number: 三项, 两个, 十余次 (not inside a quoted slogan) */
			size_t j = i;
			while (j < n && is_numeral_cp(v[j]))
				j++;
			if (j < n && cp_in(v[j], "余多"))
				j++;
			/* 一个, 一名, 一位… are articles, not counts */
			int article = j == i + 1 && v[i] == 0x4E00 /* 一 */ && j < n && cp_in(v[j], "个名位人家条种");
			if (!article && j < n && cp_in(v[j], "次项个件名人份篇场天户家条起周批轮笔元万座处位"))
				fact = 1;
			else if (j < n && cp_in(v[j], "月") && !(j + 1 < n && cp_in(v[j + 1], "份来")))
				fact = 1;
			i = j - 1;
		} else if (c == 0x201C || c == '"') {
			/* a quoted name of six characters or more */
			uint32_t close = c == 0x201C ? 0x201D : '"';
			size_t j = i + 1;
			while (j < n && v[j] != close && v[j] != 0x201C && j - i <= 40)
				j++;
			if (j < n && v[j] == close && j - i - 1 >= 6)
				fact = 1;
			if (j < n && v[j] == close)
				i = j;
		} else if (c == 0x5728 /* 在 */) {
			/* 在……时 / 在……过程中 / 在……期间, 4 to 20 characters apart */
			size_t j = i + 1;
			while (j < n && j - i <= 21 && !cp_in(v[j], "，。；：！？、") && v[j] != ',')
				j++;
			size_t span = j - i - 1;
			if (span >= 5 && cp_in(v[j - 1], "时"))
				fact = 1;
			if (span >= 6 && j >= 3 && cp_in(v[j - 3], "过") && cp_in(v[j - 2], "程") && cp_in(v[j - 1], "中"))
				fact = 1;
		}
	}
	free(v);
	return fact;
}

int mj_check_specificity(mj_check_report *r, const mj_material *m, const mj_check_phrases *phrases,
			 double generic_share)
{
	if (!r || !m)
		return mj_error_set(MJ_EINVAL, "参数为空");
	if (generic_share <= 0)
		generic_share = MJ_CHECK_GENERIC_SHARE_DEFAULT;
	mj_check_phrases builtin;
	int own = 0;
	if (!phrases) {
		mj_check_phrases_builtin(&builtin);
		phrases = &builtin;
		own = 1;
	}
	mj_check_entries probs;
	mj_check_entries_list(&probs, m, MJ_SECTION_PROBLEMS, NULL, 0);
	r->checked |= MJ_CHECKED_SPECIFICITY;
	size_t generic = 0;
	mj_buf found = MJ_BUF_INIT, msg = MJ_BUF_INIT;
	double work = 0;
	for (size_t i = 0; i < probs.n; i++)
		work += (double)capped_len(probs.v[i].text) * (double)(phrases->n + 1);
	if (over_budget(r, work, "套语", probs.n ? probs.v[0].line : 0)) {
		r->specificity_percent = -1;
		goto done;
	}
	for (size_t i = 0; i < probs.n; i++) {
		const mj_check_entry *p = &probs.v[i];
		if (mj_check_has_fact(p->text))
			continue;
		mj_buf_reset(&found);
		double share = mj_check_stock_share(phrases, p->text, &found);
		if (share < generic_share)
			continue;
		generic++;
		mj_buf_reset(&msg);
		mj_buf_puts(&msg, "问题“");
		put_short(&msg, p->headline, 30);
		mj_buf_printf(&msg, "”未见具体人、事、时间、数字或事例，且主要由套语构成（约%d%%）：%s",
			      (int)(share * 100 + 0.5), mj_buf_cstr(&found));
		mj_check_finding *f = add(r, "problem_generic", MJ_CHECK_WARNING, p->line, mj_buf_cstr(&msg));
		f->subject = keep(r, p->headline);
		f->phrases = keep(r, mj_buf_cstr(&found));
	}
	r->n_generic += generic;
	r->specificity_percent = probs.n ? mj_rules_percent((long long)(probs.n - generic), (long long)probs.n) : -1;
done:
	mj_buf_free(&found);
	mj_buf_free(&msg);
	mj_check_entries_free(&probs);
	if (own)
		mj_check_phrases_free(&builtin);
	return 0;
}

/* ---- repetition ---- */

int mj_check_repetition(mj_check_report *r, const mj_material *m, int year, const mj_check_earlier *earlier,
			size_t nearlier, double threshold)
{
	if (!r || !m || (nearlier && !earlier))
		return mj_error_set(MJ_EINVAL, "参数为空");
	if (threshold > 1)
		return mj_error_set(MJ_EINVAL, "相似度阈值应在0到1之间");
	if (threshold <= 0)
		threshold = MJ_RECUR_THRESHOLD_DEFAULT;
	int maxy = 0;
	for (size_t i = 0; i < nearlier; i++) {
		if (!earlier[i].text)
			return mj_error_set(MJ_EINVAL, "往年问题 %zu 为空", i + 1);
		if (earlier[i].year > maxy)
			maxy = earlier[i].year;
	}
	if (year <= 0)
		year = maxy + 1;
	r->checked |= MJ_CHECKED_REPETITION;
	mj_check_entries probs;
	mj_check_entries_list(&probs, m, MJ_SECTION_PROBLEMS, NULL, 0);
	/* per problem: best earlier match of each year in year-MAX..year-1 */
	enum { SPAN = 30 };
	double best[SPAN];
	size_t besti[SPAN];
	mj_buf msg = MJ_BUF_INIT;
	double sump = 0, sume = 0;
	for (size_t i = 0; i < probs.n; i++)
		sump += (double)capped_len(probs.v[i].text) + 1;
	for (size_t e = 0; e < nearlier; e++)
		sume += (double)capped_len(earlier[e].text) + 1;
	if (over_budget(r, 16 * ((double)probs.n * sume + (double)nearlier * sump), "往年问题",
			probs.n ? probs.v[0].line : 0))
		probs.n = 0; /* nothing compared; the entries are still freed below */
	for (size_t i = 0; i < probs.n; i++) {
		const mj_check_entry *p = &probs.v[i];
		for (int k = 0; k < SPAN; k++)
			best[k] = 0, besti[k] = 0;
		for (size_t e = 0; e < nearlier; e++) {
			int back = year - earlier[e].year; /* 1 = last year */
			if (back < 1 || back > SPAN)
				continue;
			size_t el = strlen(earlier[e].text);
			double s1 = mj_text_similarity(p->text, strlen(p->text), earlier[e].text, el);
			double s2 = mj_text_similarity(p->headline, strlen(p->headline), earlier[e].text, el);
			double s = s1 > s2 ? s1 : s2;
			if (s >= threshold && s > best[back - 1]) {
				best[back - 1] = s;
				besti[back - 1] = e;
			}
		}
		int latest = 0, run = 0;
		for (int k = 0; k < SPAN; k++)
			if (best[k] > 0 && !latest)
				latest = k + 1;
		while (run < SPAN && best[run] > 0)
			run++;
		if (!latest)
			continue;
		r->n_repeated++;
		const mj_check_earlier *ref = &earlier[besti[latest - 1]];
		mj_buf_reset(&msg);
		mj_check_finding *f;
		if (run >= MJ_RECUR_YEARS - 1) {
			r->n_recurring++;
			mj_buf_puts(&msg, "问题“");
			put_short(&msg, p->headline, 30);
			mj_buf_printf(&msg, "”已连续%d年查摆（", run + 1);
			for (int k = run; k >= 1; k--)
				mj_buf_printf(&msg, "%d、", year - k);
			mj_buf_printf(&msg, "%d年度），年年提、年年改、年年有；%d年度为“", year, ref->year);
			put_short(&msg, ref->text, 40);
			mj_buf_printf(&msg, "”（相似度%d%%）", (int)(best[latest - 1] * 100 + 0.5));
			f = add(r, "problem_recurring", MJ_CHECK_ERROR, p->line, mj_buf_cstr(&msg));
		} else {
			mj_buf_puts(&msg, "问题“");
			put_short(&msg, p->headline, 30);
			mj_buf_printf(&msg, "”与%d年度查摆的问题相近（相似度%d%%）：“", ref->year,
				      (int)(best[latest - 1] * 100 + 0.5));
			put_short(&msg, ref->text, 40);
			mj_buf_puts(&msg, "”");
			f = add(r, "problem_repeated", MJ_CHECK_WARNING, p->line, mj_buf_cstr(&msg));
		}
		f->year = ref->year;
		f->ref_text = keep(r, ref->text);
		f->subject = keep(r, p->headline);
	}
	mj_buf_free(&msg);
	mj_check_entries_free(&probs);
	return 0;
}

/* ---- renderings ---- */

json_t *mj_check_report_json(const mj_check_report *r)
{
	json_t *root = json_object(), *sum = json_object(), *arr = json_array();
	json_object_set_new(sum, "errors", json_integer((json_int_t)mj_check_report_count(r, MJ_CHECK_ERROR)));
	json_object_set_new(sum, "warnings", json_integer((json_int_t)mj_check_report_count(r, MJ_CHECK_WARNING)));
	json_object_set_new(sum, "infos", json_integer((json_int_t)mj_check_report_count(r, MJ_CHECK_INFO)));
	if (r->checked & MJ_CHECKED_COMPLETENESS) {
		json_t *c = json_object();
		json_object_set_new(c, "areas", json_integer((json_int_t)r->n_areas));
		json_object_set_new(c, "areas_covered", json_integer((json_int_t)r->n_areas_covered));
		json_object_set_new(c, "problems", json_integer((json_int_t)r->n_problems));
		json_object_set_new(c, "causes", json_integer((json_int_t)r->n_causes));
		json_object_set_new(c, "measures", json_integer((json_int_t)r->n_measures));
		json_object_set_new(c, "problems_without_measure", json_integer((json_int_t)r->n_problems_without_measure));
		json_object_set_new(c, "measures_without_deadline", json_integer((json_int_t)r->n_measures_without_deadline));
		json_object_set_new(c, "ledger_items", json_integer((json_int_t)r->n_ledger_items));
		json_object_set_new(c, "ledger_unreported", json_integer((json_int_t)r->n_ledger_unreported));
		json_object_set_new(c, "chars_total", json_integer((json_int_t)r->chars_total));
		json_object_set_new(c, "chars_problems_causes", json_integer((json_int_t)r->chars_problems_causes));
		json_object_set_new(c, "share_percent", json_integer(r->share_percent));
		json_object_set_new(sum, "completeness", c);
	}
	if (r->checked & MJ_CHECKED_SPECIFICITY) {
		json_t *c = json_object();
		json_object_set_new(c, "generic", json_integer((json_int_t)r->n_generic));
		json_object_set_new(c, "specificity_percent", json_integer(r->specificity_percent));
		json_object_set_new(sum, "specificity", c);
	}
	if (r->checked & MJ_CHECKED_REPETITION) {
		json_t *c = json_object();
		json_object_set_new(c, "repeated", json_integer((json_int_t)r->n_repeated));
		json_object_set_new(c, "recurring", json_integer((json_int_t)r->n_recurring));
		json_object_set_new(sum, "repetition", c);
	}
	for (size_t i = 0; i < r->n; i++) {
		const mj_check_finding *f = &r->findings[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(f->code));
		json_object_set_new(o, "severity", json_string(mj_check_severity_code(f->severity)));
		json_object_set_new(o, "message", json_string(f->message));
		json_object_set_new(o, "line", f->line > 0 ? json_integer(f->line) : json_null());
		if (f->area_index >= 0)
			json_object_set_new(o, "area_index", json_integer(f->area_index));
		if (f->item_id)
			json_object_set_new(o, "item_id", json_integer((json_int_t)f->item_id));
		if (f->year)
			json_object_set_new(o, "year", json_integer(f->year));
		if (f->subject)
			json_object_set_new(o, "subject", json_string(f->subject));
		if (f->ref_text)
			json_object_set_new(o, "earlier_text", json_string(f->ref_text));
		if (f->phrases)
			json_object_set_new(o, "phrases", json_string(f->phrases));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "summary", sum);
	json_object_set_new(root, "findings", arr);
	return root;
}

int mj_check_report_text(mj_buf *out, const mj_check_report *r)
{
	int rc = 0;
	if (r->checked & MJ_CHECKED_COMPLETENESS) {
		rc |= mj_buf_printf(out, "完整性：问题%zu个，原因%zu条，整改举措%zu条", r->n_problems, r->n_causes,
				    r->n_measures);
		if (r->n_areas)
			rc |= mj_buf_printf(out, "；对照方面%zu个，已查摆%zu个", r->n_areas, r->n_areas_covered);
		if (r->n_ledger_items)
			rc |= mj_buf_printf(out, "；上年度台账%zu项，未报告%zu项", r->n_ledger_items,
					    r->n_ledger_unreported);
		if (r->share_percent >= 0)
			rc |= mj_buf_printf(out, "；问题和原因占全文%d%%", r->share_percent);
		rc |= mj_buf_puts(out, "\n");
	}
	if (r->checked & MJ_CHECKED_SPECIFICITY) {
		if (r->specificity_percent >= 0)
			rc |= mj_buf_printf(out, "具体性：%d%%（套话式问题%zu个）\n", r->specificity_percent, r->n_generic);
		else
			rc |= mj_buf_puts(out, "具体性：没有问题可评\n");
	}
	if (r->checked & MJ_CHECKED_REPETITION)
		rc |= mj_buf_printf(out, "重复性：与往年相近的问题%zu个，其中连续多年出现%zu个\n", r->n_repeated,
				    r->n_recurring);
	if (!r->n)
		rc |= mj_buf_puts(out, "未发现问题\n");
	for (size_t i = 0; i < r->n; i++) {
		const mj_check_finding *f = &r->findings[i];
		rc |= mj_buf_printf(out, "[%s] ", mj_check_severity_label(f->severity));
		if (f->line > 0)
			rc |= mj_buf_printf(out, "第%d行：", f->line);
		rc |= mj_buf_printf(out, "%s\n", f->message);
	}
	return rc ? MJ_ETOOBIG : 0;
}
