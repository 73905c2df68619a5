/*
 * The matcher and the near-duplicate pass (see review_match.h for the method).
 *
 * Memory: a mj_matcher owns scratch arrays reused from query to query (votes per
 * document, the query's seed table, the candidate's normalized text); a
 * mj_match_result owns its arrays and is released with mj_match_result_free.
 */
#include "core/review_match.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

/* The end of a thread's share of the buckets from b: on until the postings
 * counted in *acc reach want (the last thread: every bucket left). */
static uint32_t buckets_upto(const mj_index *ix, uint32_t b, size_t want, int last, size_t *acc)
{
	while (b < MJ_INDEX_NBUCKETS && (last || *acc < want)) {
		const uint64_t *p;
		*acc += mj_index_bucket(ix, b++, &p);
	}
	return b;
}

/* qsort that accepts an empty (possibly NULL) array. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ------------------------------------------------------------------------ */
/* Stock formulations                                                        */

/* Built-in list: formulations every material is expected to use. */
static const char *const builtin_tao[] = {
	"四个意识", "四个自信", "两个维护", "两个确立", "一岗双责", "中央八项规定精神",
	"中央八项规定及其实施细则精神", "四风", "形式主义官僚主义", "享乐主义和奢靡之风",
	"习近平新时代中国特色社会主义思想", "不忘初心牢记使命", "不忘初心、牢记使命",
	"全面从严治党", "党风廉政建设", "以人民为中心的发展思想", "五个带头",
	"把自己摆进去把职责摆进去把工作摆进去", "见人见事见思想", "红红脸出出汗",
	"团结批评团结", "惩前毖后治病救人", "批评与自我批评", "新时代党的建设总要求",
	"伟大建党精神", "党的百年奋斗重大成就和历史经验", "增强政治意识大局意识核心意识看齐意识",
	"坚定道路自信理论自信制度自信文化自信", "坚决维护习近平总书记党中央的核心全党的核心地位",
	"坚决维护党中央权威和集中统一领导", "学思想强党性重实践建新功", "三会一课",
	"主题教育", "党史学习教育", "民主集中制", "政治判断力政治领悟力政治执行力",
	"自我净化自我完善自我革新自我提高", "关键少数", "守初心担使命找差距抓落实",
	"新发展理念", "高质量发展", "意识形态工作责任制", "廉洁自律", "党性修养",
	"理想信念", "宗旨意识", "担当作为", "求真务实", "真抓实干", "以上率下",
	"严肃党内政治生活", "党内政治文化", "政治纪律和政治规矩", "人民对美好生活的向往",
	"中华民族伟大复兴", "统筹发展和安全", "两个务必", "三严三实", "四个全面",
	"五位一体", "中国式现代化", "第二个结合", "六个必须坚持",
};

struct mj_tao_list {
	uint32_t *cp;       /* all phrases, one after another */
	size_t ncp, cap;
	uint32_t *start;    /* phrase i: cp[start[i] .. start[i] + plen[i]) */
	uint32_t *plen;
	uint32_t *next;     /* next phrase with the same first code point, +1; 0 end */
	size_t n, ncap;
	uint32_t *tab_key;  /* open addressing: first code point -> head phrase + 1 */
	uint32_t *tab_head;
	size_t tab_cap;
	uint32_t maxlen;
};

static void tao_rehash(mj_tao_list *l, size_t cap)
{
	free(l->tab_key);
	free(l->tab_head);
	l->tab_cap = cap;
	l->tab_key = mj_calloc(cap, sizeof *l->tab_key);
	l->tab_head = mj_calloc(cap, sizeof *l->tab_head);
	for (size_t i = 0; i < l->n; i++)
		l->next[i] = 0;
	for (size_t i = l->n; i-- > 0;) {
		uint32_t c = l->cp[l->start[i]];
		size_t j = (c * 2654435761u) & (cap - 1);
		while (l->tab_head[j] && l->tab_key[j] != c)
			j = (j + 1) & (cap - 1);
		l->tab_key[j] = c;
		l->next[i] = l->tab_head[j];
		l->tab_head[j] = (uint32_t)i + 1;
	}
}

int mj_tao_list_add(mj_tao_list *l, const char *phrase, size_t len)
{
	mj_norm_text t = {0};
	int rc = mj_norm_text_build(&t, phrase, len);
	if (rc || t.n < 2 || t.n > 4096) {
		mj_norm_text_free(&t);
		return rc;
	}
	if (l->ncp + t.n > l->cap) {
		l->cap = (l->ncp + t.n) * 2;
		l->cp = mj_realloc(l->cp, l->cap * sizeof *l->cp);
	}
	if (l->n == l->ncap) {
		l->ncap = l->ncap ? l->ncap * 2 : 64;
		l->start = mj_realloc(l->start, l->ncap * sizeof *l->start);
		l->plen = mj_realloc(l->plen, l->ncap * sizeof *l->plen);
		l->next = mj_realloc(l->next, l->ncap * sizeof *l->next);
	}
	memcpy(l->cp + l->ncp, t.cp, t.n * sizeof *t.cp);
	l->start[l->n] = (uint32_t)l->ncp;
	l->plen[l->n] = (uint32_t)t.n;
	l->ncp += t.n;
	l->n++;
	if (t.n > l->maxlen)
		l->maxlen = (uint32_t)t.n;
	mj_norm_text_free(&t);
	size_t cap = 16;
	while (cap < l->n * 2)
		cap *= 2;
	tao_rehash(l, cap);
	return 0;
}

int mj_tao_list_builtin(mj_tao_list **out)
{
	mj_tao_list *l = mj_calloc(1, sizeof *l);
	for (size_t i = 0; i < sizeof builtin_tao / sizeof *builtin_tao; i++)
		mj_tao_list_add(l, builtin_tao[i], strlen(builtin_tao[i]));
	*out = l;
	return 0;
}

int mj_tao_list_load(mj_tao_list *l, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		if (e > i && text[i] != '#') {
			int rc = mj_tao_list_add(l, text + i, e - i);
			if (rc)
				return rc;
		}
		i = e + 1;
	}
	return 0;
}

size_t mj_tao_list_count(const mj_tao_list *l) { return l ? l->n : 0; }

void mj_tao_list_free(mj_tao_list *l)
{
	if (!l)
		return;
	free(l->cp);
	free(l->start);
	free(l->plen);
	free(l->next);
	free(l->tab_key);
	free(l->tab_head);
	free(l);
}

/* Sets bit 4 of mask over every occurrence of a phrase of l in cp[0..n). */
static void tao_mark(const mj_tao_list *l, const uint32_t *cp, size_t n, uint8_t *mask)
{
	if (!l || !l->n)
		return;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];
		size_t j = (c * 2654435761u) & (l->tab_cap - 1);
		while (l->tab_head[j] && l->tab_key[j] != c)
			j = (j + 1) & (l->tab_cap - 1);
		for (uint32_t p = l->tab_head[j]; p; p = l->next[p - 1]) {
			uint32_t len = l->plen[p - 1];
			if (len > n - i ||
			    memcmp(cp + i, l->cp + l->start[p - 1], len * sizeof *cp) != 0)
				continue;
			for (uint32_t k = 0; k < len; k++)
				mask[i + k] |= 4;
		}
	}
}

/* ------------------------------------------------------------------------ */
/* Options, results                                                          */

void mj_match_opts_default(mj_match_opts *o)
{
	memset(o, 0, sizeof *o);
	o->min_len = 13;
	o->tao_min_authors = 5;
	o->tao_share = 0.01;
	o->max_candidates = 64;
	o->max_passages = 20000;
	o->max_postings = 256;
	o->skip_covered = 1;
	o->rare_postings = 16;
	o->exclude_doc = -1;
	o->min_doc = 0;
}

void mj_match_result_free(mj_match_result *r)
{
	mj_norm_text_free(&r->q);
	free(r->passages);
	free(r->tao);
	free(r->sources);
	free(r->mask);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------------ */
/* The matcher                                                               */

struct mj_matcher {
	const mj_index *ix;
	mj_match_opts o;
	uint32_t threshold;       /* common fingerprint: authors >= threshold */
	uint32_t *votes;          /* per document */
	uint32_t *touched;
	size_t ntouched;
	uint8_t *strong;          /* per document: voted for by a rare fingerprint */
	mj_fps fps;
	/* query seed table over min_len-grams */
	uint64_t *seed_key;
	uint32_t *seed_head;      /* query position + 1 */
	uint32_t *seed_next;      /* per query position: next position + 1 */
	size_t seed_cap, next_cap;
	uint64_t *seed_bits;      /* filter: one bit per seed hash (top bits), so
				   * that most positions of a candidate are
				   * rejected without a probe of the table */
	uint32_t seed_shift;      /* 64 - log2(bits) */
	size_t bits_cap;          /* words */
	uint32_t *qcov;           /* per query position: stamp of the last source covering it */
	size_t qcov_cap;
	uint32_t stamp;
	mj_norm_text d;           /* candidate text, normalized */
	uint32_t *rare_pre, *common_pre; /* prefix counts of fingerprints by position */
	uint8_t *common_flag;     /* per query fingerprint: selected by many authors */
	size_t pre_cap;
	const uint64_t **fp_post; /* per query fingerprint: its postings (lookup) */
	uint32_t *fp_np;          /* ... and their count */
	size_t fp_cap;
	/* near-duplicate pair pass: only documents d with allow[d] == allow_gen
	 * may become candidates (when allow is set); a demoted common fingerprint
	 * votes for the others too, but they stay out (the pass pre-checked the
	 * hits of demoted fingerprints like the others, see mj_dedup_run_threads) */
	uint32_t *allow;
	uint32_t allow_gen;
	/* the pair pass also tells the query which of its fingerprints are
	 * common (pass_common: their positions, ascending, from the scan of the
	 * posting groups), so that the others need no lookup: in strict mode
	 * their votes for the allowed documents come counted from the same scan
	 * (pass_vdoc, pass_vcnt); with pass_mark the query stops after
	 * mark_common, leaving the demoted fingerprints in dem */
	int pass;
	int pass_mark;
	const uint32_t *pass_common;
	size_t pass_ncommon;
	const uint32_t *pass_vdoc, *pass_vcnt;
	size_t pass_nv;
	uint32_t *dem;            /* indexes of the fingerprints demote() demoted */
	size_t ndem, dem_cap;
	uint32_t *astamp;         /* per author: agen when already counted (pair_shared) */
	uint32_t agen;
	size_t pair_steps;        /* pair_shared steps spent on this query */
	uint32_t *span_h;         /* shared_span: k-gram hashes of the stretch */
	size_t span_cap;
	/* pair_shared's lookups, remembered (direct-mapped by hash): a chain
	 * tests each fingerprint with both neighbours, shared_span its anchor
	 * with several others; the index does not change under a matcher */
	struct {
		const uint64_t *post;
		uint32_t hash, n;
		int ok;
	} lk[256];
};

/* Authors from which a fingerprint is common (套话): see review_match.h. */
static uint32_t tao_threshold(const mj_match_opts *o, const mj_index *ix)
{
	double t = ceil(o->tao_share * mj_index_nauthors(ix));
	uint32_t th = o->tao_min_authors;
	if (t > th)
		th = t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
	if (th < MJ_INDEX_DF_MIN)
		th = MJ_INDEX_DF_MIN;
	return th;
}

int mj_matcher_new(mj_matcher **out, const mj_index *ix, const mj_match_opts *opts)
{
	*out = NULL;
	mj_match_opts o;
	if (opts)
		o = *opts;
	else
		mj_match_opts_default(&o);
	if (o.min_len < 1)
		return mj_error_set(MJ_EINVAL, "最短比对长度必须为正数");
	mj_matcher *m = mj_calloc(1, sizeof *m);
	m->ix = ix;
	m->o = o;
	m->threshold = tao_threshold(&o, ix);
	uint32_t nd = mj_index_ndocs(ix);
	m->votes = mj_calloc(nd ? nd : 1, sizeof *m->votes);
	m->touched = mj_malloc((nd ? nd : 1) * sizeof *m->touched);
	m->strong = mj_calloc(nd ? nd : 1, 1);
	*out = m;
	return 0;
}

void mj_matcher_free(mj_matcher *m)
{
	if (!m)
		return;
	free(m->votes);
	free(m->touched);
	free(m->strong);
	mj_fps_free(&m->fps);
	free(m->seed_key);
	free(m->seed_head);
	free(m->seed_next);
	free(m->seed_bits);
	free(m->span_h);
	free(m->qcov);
	mj_norm_text_free(&m->d);
	free(m->rare_pre);
	free(m->common_pre);
	free(m->common_flag);
	free(m->fp_post);
	free(m->fp_np);
	free(m->allow);
	free(m->dem);
	free(m->astamp);
	free(m);
}

#define SEED_BASE 0x100000001B3ull

/* Hash of every L-gram of cp, rolled: h[i] for cp[i .. i + L). */
static inline uint64_t seed_roll_init(const uint32_t *cp, uint32_t L)
{
	uint64_t h = 0;
	for (uint32_t i = 0; i < L; i++)
		h = h * SEED_BASE + cp[i] + 1;
	return h;
}

static uint64_t pow_base(uint32_t L)
{
	uint64_t p = 1;
	for (uint32_t i = 0; i < L; i++)
		p *= SEED_BASE;
	return p;
}

static inline size_t seed_slot(uint64_t h, size_t cap)
{
	return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
}

static inline uint64_t seed_bit_at(uint64_t h, uint32_t shift)
{
	return (h * 0xC2B2AE3D27D4EB4Full) >> shift;
}

static void build_seeds(mj_matcher *m, const uint32_t *cp, size_t n)
{
	uint32_t L = m->o.min_len;
	size_t cnt = n >= L ? n - L + 1 : 0;
	/* the filter: >= 16 bits per seed (about 6% false hits), >= 4 KB */
	uint32_t lg = 15;
	while (lg < 40 && ((size_t)1 << lg) < cnt * 16)
		lg++;
	size_t words = ((size_t)1 << lg) / 64;
	if (words > m->bits_cap) {
		free(m->seed_bits);
		m->seed_bits = mj_malloc(words * sizeof *m->seed_bits);
		m->bits_cap = words;
	}
	m->seed_shift = 64 - lg;
	memset(m->seed_bits, 0, words * sizeof *m->seed_bits);
	size_t cap = 16;
	while (cap < cnt * 2)
		cap *= 2;
	if (cap > m->seed_cap) {
		free(m->seed_key);
		free(m->seed_head);
		m->seed_key = mj_malloc(cap * sizeof *m->seed_key);
		m->seed_head = mj_malloc(cap * sizeof *m->seed_head);
		m->seed_cap = cap;
	}
	cap = m->seed_cap;
	memset(m->seed_head, 0, cap * sizeof *m->seed_head);
	if (n + 1 > m->next_cap) {
		free(m->seed_next);
		m->seed_next = mj_malloc((n + 1) * sizeof *m->seed_next);
		m->next_cap = n + 1;
	}
	if (!cnt)
		return;
	uint64_t bl = pow_base(L);
	uint64_t h = seed_roll_init(cp, L);
	/* insert from the last position back so that chains run in text order */
	uint64_t *hs = mj_malloc(cnt * sizeof *hs);
	for (size_t i = 0;; i++) {
		hs[i] = h;
		if (i + 1 >= cnt)
			break;
		h = h * SEED_BASE + cp[i + L] + 1 - bl * ((uint64_t)cp[i] + 1);
	}
	for (size_t i = cnt; i-- > 0;) {
		uint64_t bit = seed_bit_at(hs[i], m->seed_shift);
		m->seed_bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
		size_t j = seed_slot(hs[i], cap);
		while (m->seed_head[j] && m->seed_key[j] != hs[i])
			j = (j + 1) & (cap - 1);
		m->seed_key[j] = hs[i];
		m->seed_next[i] = m->seed_head[j];
		m->seed_head[j] = (uint32_t)i + 1;
	}
	free(hs);
}

/* A passage found while verifying one candidate, before offsets are resolved. */
typedef struct {
	uint32_t qs, qe, ds, de;
} raw_passage;

typedef struct {
	raw_passage *v;
	size_t n, cap;
} raw_list;

static void raw_push(raw_list *l, raw_passage p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = mj_realloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = p;
}

#define CHAIN_LIMIT 256

/* All maximal shared runs >= min_len between the query and m->d. */
static void align(mj_matcher *m, const mj_norm_text *q, raw_list *out)
{
	const uint32_t *a = q->cp, *b = m->d.cp;
	size_t n = q->n, nb = m->d.n;
	uint32_t L = m->o.min_len;
	out->n = 0;
	if (n < L || nb < L)
		return;
	m->stamp++;
	if (m->stamp == 0) {
		memset(m->qcov, 0, m->qcov_cap * sizeof *m->qcov);
		m->stamp = 1;
	}
	uint64_t bl = pow_base(L);
	uint64_t h = seed_roll_init(b, L);
	size_t cap = m->seed_cap;
	const uint64_t *bits = m->seed_bits;
	uint32_t shift = m->seed_shift;
	for (size_t j = 0;; j++) {
		uint64_t bit = seed_bit_at(h, shift);
		if (!(bits[bit >> 6] >> (bit & 63) & 1)) {
			if (j + L >= nb)
				break;
			h = h * SEED_BASE + b[j + L] + 1 - bl * ((uint64_t)b[j] + 1);
			continue;
		}
		size_t s = seed_slot(h, cap);
		while (m->seed_head[s] && m->seed_key[s] != h)
			s = (s + 1) & (cap - 1);
		unsigned walked = 0;
		for (uint32_t p = m->seed_head[s]; p && walked < CHAIN_LIMIT; p = m->seed_next[p - 1], walked++) {
			size_t i = p - 1;
			if (m->qcov[i] == m->stamp)
				continue;
			if (memcmp(a + i, b + j, L * sizeof *a) != 0)
				continue;
			size_t qs = i, ds = j, qe = i + L, de = j + L;
			while (qs > 0 && ds > 0 && a[qs - 1] == b[ds - 1])
				qs--, ds--;
			while (qe < n && de < nb && a[qe] == b[de])
				qe++, de++;
			for (size_t k = qs; k < qe; k++)
				m->qcov[k] = m->stamp;
			raw_push(out, (raw_passage){(uint32_t)qs, (uint32_t)qe, (uint32_t)ds, (uint32_t)de});
		}
		if (j + L >= nb)
			break;
		h = h * SEED_BASE + b[j + L] + 1 - bl * ((uint64_t)b[j] + 1);
	}
}

typedef struct {
	uint32_t q, d; /* positions of one shared fingerprint in query and candidate */
} hit_pair;

/*
 * Default mode: the maximal shared runs >= min_len through the shared
 * fingerprints of the candidate only (no scan of its whole text). Each hit is
 * checked character by character (hash collisions, or a text that changed since
 * it was indexed) and extended both ways.
 */
static void align_hits(mj_matcher *m, const mj_norm_text *q, const hit_pair *h, size_t nh,
		       uint32_t k, raw_list *out)
{
	const uint32_t *a = q->cp, *b = m->d.cp;
	size_t n = q->n, nb = m->d.n;
	out->n = 0;
	m->stamp++;
	if (m->stamp == 0) {
		memset(m->qcov, 0, m->qcov_cap * sizeof *m->qcov);
		m->stamp = 1;
	}
	for (size_t x = 0; x < nh; x++) {
		size_t i = h[x].q, j = h[x].d;
		if (i + k > n || j + k > nb || m->qcov[i] == m->stamp)
			continue;
		if (memcmp(a + i, b + j, k * sizeof *a) != 0)
			continue;
		size_t qs = i, ds = j, qe = i + k, de = j + k;
		while (qs > 0 && ds > 0 && a[qs - 1] == b[ds - 1])
			qs--, ds--;
		while (qe < n && de < nb && a[qe] == b[de])
			qe++, de++;
		if (qe - qs < m->o.min_len)
			continue;
		for (size_t c = qs; c < qe; c++)
			m->qcov[c] = m->stamp;
		raw_push(out, (raw_passage){(uint32_t)qs, (uint32_t)qe, (uint32_t)ds, (uint32_t)de});
	}
}

/* Line and column of many byte offsets of s in one sweep. offs[i] is read;
 * line[i], col[i] written. order is scratch (n entries). */
typedef struct {
	uint32_t byte;
	uint32_t *line, *col;
} lc_req;

static int lc_cmp(const void *x, const void *y)
{
	const lc_req *a = x, *b = y;
	return (a->byte > b->byte) - (a->byte < b->byte);
}

static void line_cols(const char *s, size_t len, lc_req *req, size_t n)
{
	sort_n(req, n, sizeof *req, lc_cmp);
	size_t i = 0, line = 1, col = 1;
	for (size_t r = 0; r < n; r++) {
		size_t target = req[r].byte < len ? req[r].byte : len;
		while (i < target) {
			unsigned char c = (unsigned char)s[i];
			if (c == '\n') {
				line++;
				col = 1;
				i++;
				continue;
			}
			uint32_t cp;
			size_t k = c < 0x80 ? 1 : mj_utf8_decode(s + i, len - i, &cp);
			i += k ? k : 1;
			col++;
		}
		*req[r].line = (uint32_t)line;
		*req[r].col = (uint32_t)col;
	}
}

static int passage_cmp(const void *x, const void *y)
{
	const mj_passage *a = x, *b = y;
	if (a->q_start != b->q_start)
		return (a->q_start > b->q_start) - (a->q_start < b->q_start);
	if (a->doc != b->doc)
		return (a->doc > b->doc) - (a->doc < b->doc);
	return (a->s_start > b->s_start) - (a->s_start < b->s_start);
}

static int passage_doc_cmp(const void *x, const void *y)
{
	const mj_passage *a = x, *b = y;
	if (a->doc != b->doc)
		return (a->doc > b->doc) - (a->doc < b->doc);
	return (a->q_start > b->q_start) - (a->q_start < b->q_start);
}

static int source_cmp(const void *x, const void *y)
{
	const mj_source *a = x, *b = y;
	if (a->covered != b->covered)
		return (a->covered < b->covered) - (a->covered > b->covered);
	return (a->doc > b->doc) - (a->doc < b->doc);
}

/* Steps of one pair_shared merge walk at most (a step reads or gallops). */
#define PAIR_SCAN_MAX 1024
/* pair_shared accepts early once this many authors extrapolate to need. */
#define PAIR_EARLY 32
/* Steps of all pair_shared walks of one query: past half of it shared_span
 * tests only the pairs with its anchor, past all of it no pair is shown. */
#define PAIR_BUDGET 30000
/* check_kgrams: the most selected common k-grams of a piece tested in pairs. */
#define PAIR_TOP 4
/* Steps of one pair_shared walk at most when widening a short passage. */
#define WIDEN_SCAN_MAX 2048

/* mj_index_lookup through the matcher's small memo (see lk). */
static size_t lookup_kept(mj_matcher *m, uint32_t hash, const uint64_t **post)
{
	unsigned slot = (hash * 0x9E3779B1u) >> 24;
	if (m->lk[slot].ok && m->lk[slot].hash == hash) {
		*post = m->lk[slot].post;
		return m->lk[slot].n;
	}
	size_t n = mj_index_lookup(m->ix, hash, post, NULL);
	m->lk[slot].post = *post;
	m->lk[slot].hash = hash;
	m->lk[slot].n = (uint32_t)n;
	m->lk[slot].ok = 1;
	return n;
}

/* A posting as one ascending key: document, then position (room for a shift). */
static inline uint64_t post_key(uint64_t p)
{
	return ((uint64_t)mj_posting_doc(p) << 34) + mj_posting_pos(p);
}

/* First index after i in P[0..n) whose key + add reaches target, given that
 * P[i]'s does not (keys ascend): doubling steps, then a binary search, so a
 * long list is skipped through quickly where the other has nothing. */
static size_t gallop(const uint64_t *P, size_t i, size_t n, uint64_t target, uint64_t add)
{
	size_t bound = 1;
	while (i + bound < n && post_key(P[i + bound]) + add < target)
		bound *= 2;
	size_t lo = i + bound / 2, hi = i + bound < n ? i + bound : n;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (post_key(P[mid]) + add < target)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/*
 * Whether the k-grams hashed ha (query position pa) and hb (position pb > pa)
 * were both selected, at the same distance pb - pa, in documents of at least
 * need distinct authors (need = T: the passage test). Then the query text from
 * pa to pb + k is very likely written identically by all of them: a passage
 * many share, not two common words that happen to stand near each other. Both
 * posting lists are in (document, position) order, so one merge walk decides
 * it (galloping over the stretches of one list where the other has nothing),
 * stopping as soon as need is reached. Past cap steps (two frequent k-grams
 * found together in few documents), the authors found so far are scaled by the
 * share of the document-id range the walk has covered: an estimate that
 * assumes those documents spread evenly over the ids (documents indexed in
 * order of year make it low where a passage is new, so it errs towards "not
 * shown"). The same estimate accepts early once PAIR_EARLY authors are found,
 * so that with a large T a passage costs tens of steps, not T. The query's own
 * document (exclude_doc) does not count.
 */
static int pair_shared(mj_matcher *m, uint32_t ha, uint32_t pa, uint32_t hb, uint32_t pb,
		       uint32_t need, size_t cap)
{
	if (pb <= pa || m->pair_steps >= PAIR_BUDGET)
		return 0; /* budget spent: not shown (see mark_common) */
	const uint64_t *A, *B;
	size_t na = lookup_kept(m, ha, &A);
	size_t nb = lookup_kept(m, hb, &B);
	if (na < need || nb < need)
		return 0; /* fewer documents than the authors needed */
	uint32_t nau = mj_index_nauthors(m->ix);
	if (!m->astamp) {
		m->astamp = mj_calloc(nau ? nau : 1, sizeof *m->astamp);
		m->agen = 0;
	}
	if (++m->agen == 0) {
		memset(m->astamp, 0, (nau ? nau : 1) * sizeof *m->astamp);
		m->agen = 1;
	}
	uint64_t d = pb - pa;
	uint32_t found = 0;
	size_t i = 0, j = 0;
	for (size_t steps = 0; i < na && j < nb; steps++, m->pair_steps++) {
		if (steps >= cap) {
			uint32_t da = mj_posting_doc(A[i]), db = mj_posting_doc(B[j]);
			uint64_t upto = da < db ? da : db; /* documents below it are decided */
			return found >= 2 && (uint64_t)found * mj_index_ndocs(m->ix) >= (uint64_t)need * upto;
		}
		uint64_t ka = post_key(A[i]) + d, kb = post_key(B[j]);
		if (ka < kb) {
			i = gallop(A, i, na, kb, d);
			continue;
		}
		if (ka > kb) {
			j = gallop(B, j, nb, ka, 0);
			continue;
		}
		uint32_t doc = mj_posting_doc(A[i]);
		i++;
		j++;
		if ((int64_t)doc == m->o.exclude_doc)
			continue;
		uint32_t au = mj_index_doc_author(m->ix, doc);
		if (m->astamp[au] == m->agen)
			continue;
		m->astamp[au] = m->agen;
		if (++found >= need)
			return 1;
		if (found >= PAIR_EARLY &&
		    (uint64_t)found * mj_index_ndocs(m->ix) >= (uint64_t)need * ((uint64_t)doc + 1))
			return 1; /* the same estimate as at the cap, on enough authors */
	}
	return 0;
}

/* One vote from each posting of a nominating fingerprint with np postings
 * (the query's own document and those below min_doc left out). */
static inline void vote(mj_matcher *m, const uint64_t *post, size_t np)
{
	for (size_t i = 0; i < np; i++) {
		uint32_t doc = mj_posting_doc(post[i]);
		if ((int64_t)doc == m->o.exclude_doc || (int64_t)doc < m->o.min_doc)
			continue;
		if (m->votes[doc]++ == 0)
			m->touched[m->ntouched++] = doc;
		if (np <= m->o.rare_postings)
			m->strong[doc] = 1;
	}
}

/* Query fingerprint f was counted common but is part of no shared passage: it
 * is an ordinary fingerprint after all (counted rare, votes like the rare ones
 * in mj_matcher_query). */
static void demote(mj_matcher *m, size_t f)
{
	uint32_t pos = m->fps.v[f].pos;
	m->common_flag[f] = 0;
	m->common_pre[pos + 1]--;
	m->rare_pre[pos + 1]++;
	if (m->ndem == m->dem_cap) {
		m->dem_cap = m->dem_cap ? m->dem_cap * 2 : 16;
		m->dem = mj_realloc(m->dem, m->dem_cap * sizeof *m->dem);
	}
	m->dem[m->ndem++] = (uint32_t)f;
	if (m->pass_mark)
		return; /* the pair pass collects them (mj_dedup_run_threads) */
	const uint64_t *post;
	size_t np = mj_index_lookup(m->ix, m->fps.v[f].hash, &post, NULL);
	if (!m->o.strict && np > m->o.max_postings)
		return; /* default mode: too frequent to nominate */
	vote(m, post, np);
}

/*
 * Looks for a passage many authors share inside [x, y) of the query that
 * overlaps [need_lo, need_hi) (and, with fresh, holds a character not yet marked
 * common). Every k-gram of the range is looked up (the index holds the k-grams
 * other documents selected; in mask, bit 16 of position p remembers that the
 * k-gram at p was looked up, bit 32 that >= T authors selected it). Of the
 * common ones, the PAIR_TOP with the smallest hashes (winnowing selects window
 * minima, so in the documents that share a sentence these are the ones
 * selected most often), plus the query fingerprint at anchor when it is not
 * SIZE_MAX, are tested in pairs with pair_shared (the pairs with the anchor
 * first; the others only while the query has spent less than half of
 * PAIR_BUDGET); the span of a pair found
 * together, widened over the common k-grams overlapping it, is a shared
 * passage when it reaches min_len characters. A lone common k-gram or a short
 * common phrase is none. Returns 1 and the passage in [*lo_out, *hi_out), else 0.
 */
static int shared_span(mj_matcher *m, const uint32_t *cp, size_t x, size_t y, size_t anchor,
		       size_t need_lo, size_t need_hi, int fresh, uint8_t *mask, size_t *lo_out,
		       size_t *hi_out)
{
	mj_winnow_params wp = mj_index_params(m->ix);
	size_t cpos[PAIR_TOP + 1];
	uint32_t chash[PAIR_TOP + 1];
	size_t first = anchor != SIZE_MAX, nc = first;
	if (first) {
		cpos[0] = anchor;
		chash[0] = mj_winnow_hash(cp + anchor, wp.k);
	}
	/* the hashes first, so that the lookups (cache misses on a big index,
	 * one per k-gram of a long passage) can be asked for ahead */
	size_t cnt = y >= x + wp.k ? y - x - wp.k + 1 : 0;
	if (cnt > m->span_cap) {
		m->span_cap = cnt * 2;
		free(m->span_h);
		m->span_h = mj_malloc(m->span_cap * sizeof *m->span_h);
	}
	uint32_t *hs = m->span_h;
	for (size_t i = 0; i < cnt; i++)
		hs[i] = (mask[x + i] & 16) && !(mask[x + i] & 32) ? 0 : mj_winnow_hash(cp + x + i, wp.k);
	for (size_t p = x; p + wp.k <= y; p++) {
		size_t i = p - x;
		if ((mask[p] & 16) && !(mask[p] & 32))
			continue;
		uint32_t h = hs[i];
		if (!(mask[p] & 16)) {
			/* only the author count: from the small table of hashes
			 * selected by >= 3 authors, not through the postings (a hash
			 * it lacks has fewer than 3 <= threshold, whatever its
			 * postings; see mj_index_authors) */
			uint32_t authors = mj_index_authors(m->ix, h, 2);
			mask[p] |= 16;
			if (authors < m->threshold)
				continue;
			mask[p] |= 32;
		}
		if (p == anchor)
			continue;
		/* insert among the smallest hashes after the anchor */
		size_t at = nc < first + PAIR_TOP ? nc++ : first + PAIR_TOP;
		while (at > first && chash[at - 1] > h) {
			if (at < first + PAIR_TOP) {
				cpos[at] = cpos[at - 1];
				chash[at] = chash[at - 1];
			}
			at--;
		}
		if (at < first + PAIR_TOP) {
			cpos[at] = p;
			chash[at] = h;
		}
	}
	/* the pairs with the anchor first; the others while the query's budget lasts */
	for (size_t t = 0; t < nc * (nc - 1) / 2; t++) {
		size_t a, b;
		if (first && t < nc - 1) {
			a = 0;
			b = t + 1;
		} else {
			if (m->pair_steps * 2 > PAIR_BUDGET)
				break;
			size_t u = first ? t - (nc - 1) : t; /* the u-th pair not with the anchor */
			for (b = first + 1; u >= b - first; b++)
				u -= b - first;
			a = first + u;
		}
		int swap = cpos[a] > cpos[b];
		size_t pa = swap ? cpos[b] : cpos[a], pb = swap ? cpos[a] : cpos[b];
		uint32_t ha = swap ? chash[b] : chash[a], hb = swap ? chash[a] : chash[b];
		if (ha == hb ||
		    !pair_shared(m, ha, (uint32_t)pa, hb, (uint32_t)pb, m->threshold, PAIR_SCAN_MAX))
			continue;
		size_t lo = pa, hi = pb + wp.k;
		for (size_t c = lo; c-- > x && c + wp.k >= lo;)
			if (mask[c] & 32)
				lo = c;
		for (size_t c = hi - wp.k + 1; c + wp.k <= y && c <= hi; c++)
			if (mask[c] & 32)
				hi = c + wp.k;
		if (hi - lo < m->o.min_len) {
			/* too short yet: the k-grams around that stand at the same
			 * offset from the pair in documents of two or more authors
			 * show how far the identical text reaches */
			for (size_t c = lo > x + wp.w ? lo - wp.w : x; c < lo; c++)
				if (pair_shared(m, mj_winnow_hash(cp + c, wp.k), (uint32_t)c, ha,
						(uint32_t)pa, 2, WIDEN_SCAN_MAX)) {
					lo = c;
					break;
				}
			size_t end = hi + wp.w < y ? hi + wp.w : y;
			for (size_t c = end - wp.k; c + wp.k > hi && c > pb; c--)
				if (pair_shared(m, hb, (uint32_t)pb, mj_winnow_hash(cp + c, wp.k),
						(uint32_t)c, 2, WIDEN_SCAN_MAX)) {
					hi = c + wp.k;
					break;
				}
		}
		if (hi - lo < m->o.min_len || hi <= need_lo || lo >= need_hi)
			continue;
		int is_new = !fresh;
		for (size_t c = lo; c < hi && !is_new; c++)
			is_new = !(mask[c] & 2);
		if (!is_new)
			continue;
		*lo_out = lo;
		*hi_out = hi;
		return 1;
	}
	return 0;
}

/*
 * Marks (bit 2) the query stretches that many authors wrote identically (套话).
 * A fingerprint selected by >= T authors is only a candidate: ordinary words
 * and phrases ("月底前完成") are selected by many authors in any real corpus.
 * A chain of consecutive common fingerprints, each next one shown by
 * pair_shared to stand at the query's distance in >= T authors' documents, is
 * a shared passage when it spans at least min_len characters (the length that
 * counts as copying). A shorter chain or a lone common fingerprint is a passage
 * only when shared_span finds one overlapping it within w - 1 characters around
 * it (a stock sentence shorter than 2w may hold a single query fingerprint).
 * A passage is marked together with up to w - 1 characters beyond each end
 * (the part of the shared text whose windows also reach outside it), but never
 * past the start of the k-gram of a neighbouring fingerprint outside the chain
 * (the text there is not shown to be shared by many). A common fingerprint in
 * no passage marks nothing and is demoted to an ordinary one. The pair tests
 * of one query are bounded (PAIR_BUDGET steps, a millisecond or two): once they
 * are spent, the remaining common fingerprints are demoted untested, and only
 * drop_shared_passages can still find 套话 there.
 */
static void mark_common(mj_matcher *m, const uint32_t *cp, uint8_t *mask, size_t n,
			mj_winnow_params wp)
{
	const mj_fp *v = m->fps.v;
	size_t nf = m->fps.n;
	m->pair_steps = 0;
	for (size_t f = 0; f < nf;) {
		if (!m->common_flag[f]) {
			f++;
			continue;
		}
		size_t g = f;
		while (g + 1 < nf && m->common_flag[g + 1] &&
		       pair_shared(m, v[g].hash, v[g].pos, v[g + 1].hash, v[g + 1].pos, m->threshold,
				   PAIR_SCAN_MAX))
			g++;
		size_t lo = v[f].pos, hi = (size_t)v[g].pos + wp.k;
		if (hi - lo < m->o.min_len) {
			size_t x = lo >= wp.w - 1 ? lo - (wp.w - 1) : 0;
			size_t y = hi + wp.w - 1 < n ? hi + wp.w - 1 : n;
			size_t slo, shi;
			if (!shared_span(m, cp, x, y, v[f].pos, lo, hi, 0, mask, &slo, &shi)) {
				for (size_t c = f; c <= g; c++)
					demote(m, c);
				f = g + 1;
				continue;
			}
			lo = slo < lo ? slo : lo;
			hi = shi > hi ? shi : hi;
		}
		lo = lo >= wp.w - 1 ? lo - (wp.w - 1) : 0;
		if (f > 0 && lo < (size_t)v[f - 1].pos + 1)
			lo = (size_t)v[f - 1].pos + 1;
		hi += wp.w - 1;
		if (g + 1 < nf && hi > (size_t)v[g + 1].pos + wp.k - 1)
			hi = (size_t)v[g + 1].pos + wp.k - 1;
		if (hi > n)
			hi = n;
		for (size_t k = lo; k < hi; k++)
			mask[k] |= 2;
		f = g + 1;
	}
}

/*
 * A candidate piece of copied text [x, y) may hold a stock sentence too short to
 * contain a shared passage of the query's own fingerprints (likely below t
 * characters): shared_span looks for one among all the k-grams of the piece,
 * and it is marked common (bit 2). Returns 1 when it marked something.
 */
static int check_kgrams(mj_matcher *m, const mj_norm_text *q, size_t x, size_t y,
			uint8_t *mask)
{
	size_t lo, hi;
	if (!shared_span(m, q->cp, x, y, SIZE_MAX, x, y, 1, mask, &lo, &hi))
		return 0;
	for (size_t c = lo; c < hi; c++)
		mask[c] |= 2;
	return 1;
}

typedef struct {
	uint32_t author, qs, qe;
} author_span;

static int author_span_cmp(const void *x, const void *y)
{
	const author_span *a = x, *b = y;
	if (a->author != b->author)
		return (a->author > b->author) - (a->author < b->author);
	return (a->qs > b->qs) - (a->qs < b->qs);
}

/*
 * Copied passages are exact, so they also show 套话 the index cannot: a query
 * stretch found, character for character, in the documents of >= T distinct
 * authors is written identically by many, even when it holds too few
 * fingerprints for pair_shared (a stretch shorter than 2w, or a small corpus
 * where few of its k-grams reach T authors). Per query character, the distinct
 * authors whose passages cover it are counted; the characters covered by >= T
 * authors are 套话 (bit 8) and are cut out of every passage; what is left of a
 * passage stays copying when it still has min_len characters (its source
 * offsets are then resolved again from the source's text), else it counts as
 * 套话 too (the edge of a shared stretch, as in classification). Bit 1 is set
 * again from the passages kept. In default mode only the verified candidates
 * are counted (an undercount).
 */
static int drop_shared_passages(mj_matcher *m, mj_match_result *out, size_t n,
				mj_doc_text_fn get_text, void *ctx)
{
	size_t np = out->npassages;
	if (np < m->threshold)
		return 0;
	int rc = 0;
	author_span *s = mj_malloc(np * sizeof *s);
	for (size_t i = 0; i < np; i++)
		s[i] = (author_span){mj_index_doc_author(m->ix, out->passages[i].doc),
				     out->passages[i].q_start, out->passages[i].q_end};
	sort_n(s, np, sizeof *s, author_span_cmp);
	/* authors covering each character: the union of each author's passages */
	int32_t *cnt = mj_calloc(n + 1, sizeof *cnt);
	for (size_t i = 0; i < np;) {
		uint32_t a = s[i].qs, b = s[i].qe;
		size_t j = i + 1;
		for (; j < np && s[j].author == s[i].author; j++) {
			if (s[j].qs > b) {
				cnt[a]++;
				cnt[b]--;
				a = s[j].qs;
			}
			if (s[j].qe > b)
				b = s[j].qe;
		}
		cnt[a]++;
		cnt[b]--;
		i = j;
	}
	/* crowd[i]: >= T authors; low[i]: characters before i that are not */
	uint8_t *crowd = mj_malloc(n + 1);
	uint32_t *low = mj_malloc((n + 1) * sizeof *low);
	int32_t run = 0;
	low[0] = 0;
	for (size_t i = 0; i < n; i++) {
		run += cnt[i];
		crowd[i] = (uint32_t)run >= m->threshold;
		low[i + 1] = low[i] + !crowd[i];
	}
	mj_passage *kept = NULL;
	uint8_t *trimmed = NULL;
	size_t nkept = 0, cap = 0, ntrim = 0;
	for (size_t i = 0; i < np; i++) {
		mj_passage p = out->passages[i];
		uint32_t own = low[p.q_end] - low[p.q_start];
		if (own == p.q_end - p.q_start) {
			if (nkept == cap) {
				cap = cap ? cap * 2 : np;
				kept = mj_realloc(kept, cap * sizeof *kept);
				trimmed = mj_realloc(trimmed, cap);
			}
			trimmed[nkept] = 0;
			kept[nkept++] = p;
			continue;
		}
		for (uint32_t x = p.q_start; x < p.q_end;) {
			if (crowd[x]) {
				out->mask[x++] |= 8;
				continue;
			}
			uint32_t y = x;
			while (y < p.q_end && !crowd[y])
				y++;
			if (y - x < m->o.min_len) {
				for (uint32_t k = x; k < y; k++)
					out->mask[k] |= 8;
			} else {
				if (nkept == cap) {
					cap = cap ? cap * 2 : np;
					kept = mj_realloc(kept, cap * sizeof *kept);
					trimmed = mj_realloc(trimmed, cap);
				}
				mj_passage *o = &kept[nkept];
				*o = p;
				o->q_start = x;
				o->q_end = y;
				o->s_start = p.s_start + (x - p.q_start);
				o->s_end = p.s_start + (y - p.q_start);
				trimmed[nkept++] = 1;
				ntrim++;
			}
			x = y;
		}
	}
	/* source offsets of the trimmed passages, one fetch per source */
	lc_req *req = ntrim ? mj_malloc(ntrim * sizeof *req) : NULL;
	for (size_t i = 0; i < nkept && !rc; i++) {
		if (trimmed[i] != 1)
			continue;
		uint32_t doc = kept[i].doc;
		const char *dt;
		size_t dl;
		if ((rc = get_text(ctx, doc, &dt, &dl)) || (rc = mj_norm_text_build(&m->d, dt, dl)))
			break;
		size_t nr = 0;
		for (size_t j = i; j < nkept; j++) {
			if (trimmed[j] != 1 || kept[j].doc != doc)
				continue;
			size_t bs, be;
			mj_norm_byte_range(&m->d, kept[j].s_start, kept[j].s_end, &bs, &be);
			kept[j].s_byte_start = (uint32_t)bs;
			kept[j].s_byte_end = (uint32_t)be;
			req[nr++] = (lc_req){kept[j].s_byte_start, &kept[j].s_line, &kept[j].s_col};
			trimmed[j] = 2;
		}
		line_cols(dt, dl, req, nr);
	}
	if (!rc && nkept < np + ntrim) {
		for (size_t i = 0; i < n; i++)
			out->mask[i] &= (uint8_t)~1u;
		for (size_t i = 0; i < nkept; i++)
			for (uint32_t k = kept[i].q_start; k < kept[i].q_end; k++)
				out->mask[k] |= 1;
	}
	if (!rc) {
		free(out->passages);
		out->passages = kept;
		out->npassages = nkept;
		kept = NULL;
	}
	free(kept);
	free(trimmed);
	free(req);
	free(low);
	free(crowd);
	free(cnt);
	free(s);
	return rc;
}

/* Sorts order[0..n) by rank[order[i]] descending (stable on index: insertion
 * sort for short lists, else a merge sort through a scratch array). */
static void sort_rank(uint32_t *order, size_t n, const uint64_t *rank)
{
	if (n < 2)
		return;
	uint32_t *tmp = mj_malloc(n * sizeof *tmp);
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = rank[order[j]] > rank[order[i]] ? order[j++] : order[i++];
			while (i < mid)
				tmp[k++] = order[i++];
			while (j < hi)
				tmp[k++] = order[j++];
		}
		memcpy(order, tmp, n * sizeof *tmp);
	}
	free(tmp);
}

typedef struct {
	uint32_t votes, doc;
	uint32_t strong; /* voted for by a fingerprint of <= rare_postings postings */
} cand;

static int cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->votes != b->votes)
		return (a->votes < b->votes) - (a->votes > b->votes);
	return (a->doc > b->doc) - (a->doc < b->doc);
}

static void grow_u32(uint32_t **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*p = mj_realloc(*p, need * sizeof **p);
	*cap = need;
}

/* Counts of fingerprints in [a, b) from a prefix array. */
static inline uint32_t pre_range(const uint32_t *pre, size_t a, size_t b)
{
	return b > a ? pre[b] - pre[a] : 0;
}

int mj_matcher_query(mj_match_result *out, mj_matcher *m, const char *text, size_t len,
		     mj_doc_text_fn get_text, void *ctx)
{
	memset(out, 0, sizeof *out);
	int rc = 0;
	cand *cands = NULL;
	uint32_t *hit_off = NULL, *order = NULL;
	uint64_t *rank = NULL;
	hit_pair *hits = NULL;
	raw_list raw = {0};
	lc_req *req = NULL;
	size_t nreq_cap = 0;
	size_t pcap = 0;
	size_t scap = 0;
	uint32_t *stock_pre = NULL;
	mj_winnow_params wp = mj_index_params(m->ix);

	if ((rc = mj_norm_text_build(&out->q, text, len)))
		goto cleanup;
	const mj_norm_text *q = &out->q;
	size_t n = q->n;
	out->mask = mj_calloc(n + 1, 1);

	/* 1-2: fingerprints, votes, common k-grams */
	if ((rc = mj_winnow_cps(&m->fps, &wp, q->cp, n)))
		goto cleanup;
	size_t pc = m->pre_cap;
	grow_u32(&m->rare_pre, &pc, n + 2);
	grow_u32(&m->common_pre, &m->pre_cap, n + 2);
	memset(m->rare_pre, 0, (n + 2) * sizeof *m->rare_pre);
	memset(m->common_pre, 0, (n + 2) * sizeof *m->common_pre);
	m->ntouched = 0;
	free(m->common_flag);
	m->common_flag = mj_calloc(m->fps.n + 1, 1);
	if (m->fps.n + 1 > m->fp_cap) {
		m->fp_cap = (m->fps.n + 1) * 2;
		m->fp_post = mj_realloc(m->fp_post, m->fp_cap * sizeof *m->fp_post);
		m->fp_np = mj_realloc(m->fp_np, m->fp_cap * sizeof *m->fp_np);
	}
	/* the pair pass knows the common fingerprints; in strict mode and
	 * before the pre-check the others need no lookup */
	int known = m->pass && (m->o.strict || m->pass_mark);
	if (known) {
		size_t c = 0;
		for (size_t f = 0; f < m->fps.n; f++) {
			uint32_t pos = m->fps.v[f].pos;
			while (c < m->pass_ncommon && m->pass_common[c] < pos)
				c++;
			if (c < m->pass_ncommon && m->pass_common[c] == pos) {
				m->common_flag[f] = 1;
				m->common_pre[pos + 1]++;
			} else {
				m->rare_pre[pos + 1]++;
			}
		}
		for (size_t i = 0; i < m->pass_nv && !m->pass_mark; i++) {
			uint32_t doc = m->pass_vdoc[i];
			if (!m->pass_vcnt[i])
				continue; /* a pair of demoted fingerprints only */
			if (m->votes[doc] == 0)
				m->touched[m->ntouched++] = doc;
			m->votes[doc] += m->pass_vcnt[i];
		}
	}
	for (size_t f = 0; f < m->fps.n && !known; f++) {
		const uint64_t *post;
		uint32_t authors;
		uint32_t pos = m->fps.v[f].pos;
		/* lookups are cache misses on a big index: ask for the next ones */
		if (f + 16 < m->fps.n)
			mj_index_prefetch(m->ix, m->fps.v[f + 16].hash, 0);
		if (f + 8 < m->fps.n)
			mj_index_prefetch(m->ix, m->fps.v[f + 8].hash, 1);
		size_t np = mj_index_lookup(m->ix, m->fps.v[f].hash, &post, &authors);
		m->fp_post[f] = post;
		m->fp_np[f] = (uint32_t)np;
		if (authors >= m->threshold) {
			m->common_flag[f] = 1;
			m->common_pre[pos + 1]++;
			continue;
		}
		m->rare_pre[pos + 1]++;
		if (!m->o.strict && np > m->o.max_postings)
			continue; /* default mode: too frequent to nominate */
		vote(m, post, np);
	}
	m->ndem = 0;
	mark_common(m, q->cp, out->mask, n, wp);
	if (m->pass_mark)
		goto cleanup; /* the pair pass wants the demoted fingerprints only */
	for (size_t i = 1; i <= n + 1; i++) {
		m->rare_pre[i] += m->rare_pre[i - 1];
		m->common_pre[i] += m->common_pre[i - 1];
	}
	/* default mode: one vote from a fingerprint many documents share is
	 * too weak to fetch the document for */
	cands = mj_malloc((m->ntouched + 1) * sizeof *cands);
	size_t ncand = 0;
	for (size_t i = 0; i < m->ntouched; i++) {
		uint32_t doc = m->touched[i];
		/* the pair pass: only the partners its pre-check kept */
		int allowed = !m->allow || m->allow[doc] == m->allow_gen;
		if (allowed && (m->o.strict || m->votes[doc] >= 2 || m->strong[doc]))
			cands[ncand++] = (cand){m->votes[doc], doc, m->strong[doc]};
		m->votes[doc] = 0;
		m->strong[doc] = 0;
	}
	sort_n(cands, ncand, sizeof *cands, cand_cmp);
	out->candidates = ncand;
	size_t nverify = ncand;
	int use_hits = !m->o.strict; /* default mode aligns through the hits only */
	int skipping = use_hits && m->o.skip_covered;
	if (use_hits && ncand) {
		/* where each candidate's shared fingerprints are in the query
		 * (a counting sort of the hits by candidate, through votes[]) */
		hit_off = mj_malloc((ncand + 1) * sizeof *hit_off);
		hit_off[0] = 0;
		for (size_t i = 0; i < ncand; i++) {
			hit_off[i + 1] = hit_off[i] + cands[i].votes;
			m->votes[cands[i].doc] = (uint32_t)i + 1;
		}
		hits = mj_malloc((hit_off[ncand] + 1) * sizeof *hits);
		uint32_t *fill = mj_malloc((ncand + 1) * sizeof *fill);
		memcpy(fill, hit_off, ncand * sizeof *fill);
		for (size_t f = 0; f < m->fps.n; f++) {
			if (m->common_flag[f])
				continue;
			const uint64_t *post = m->fp_post[f];
			size_t np = m->fp_np[f];
			if (np > m->o.max_postings)
				continue;
			for (size_t i = 0; i < np; i++) {
				uint32_t slot = m->votes[mj_posting_doc(post[i])];
				if (slot)
					hits[fill[slot - 1]++] = (hit_pair){m->fps.v[f].pos,
									    mj_posting_pos(post[i])};
			}
		}
		free(fill);
		for (size_t i = 0; i < ncand; i++)
			m->votes[cands[i].doc] = 0;
		/* rank: shared runs (consecutive hits on one diagonal) first, then
		 * a rare fingerprint, then votes */
		order = mj_malloc(ncand * sizeof *order);
		rank = mj_malloc(ncand * sizeof *rank);
		for (size_t i = 0; i < ncand; i++) {
			uint32_t runs = 0;
			for (uint32_t h = hit_off[i]; h + 1 < hit_off[i + 1]; h++)
				runs += hits[h + 1].d - hits[h].d == hits[h + 1].q - hits[h].q &&
					hits[h + 1].q > hits[h].q;
			rank[i] = (uint64_t)(runs > 0xFFFFF ? 0xFFFFF : runs) << 44 |
				  (uint64_t)(cands[i].strong != 0) << 43 |
				  (uint64_t)(cands[i].votes & 0x7FFFFFF) << 16;
			order[i] = (uint32_t)i;
		}
		sort_rank(order, ncand, rank);
	}

	/* 3: verification */
	if (nverify) {
		if (m->o.strict)
			build_seeds(m, q->cp, n);
		if (n + 1 > m->qcov_cap) {
			free(m->qcov);
			m->qcov = mj_calloc(n + 1, sizeof *m->qcov);
			m->qcov_cap = n + 1;
			m->stamp = 0;
		}
	}
	/* stock formulations: bit 4, and their prefix counts */
	tao_mark(m->o.tao, q->cp, n, out->mask);
	stock_pre = mj_malloc((n + 1) * sizeof *stock_pre);
	stock_pre[0] = 0;
	for (size_t i = 0; i < n; i++)
		stock_pre[i + 1] = stock_pre[i] + ((out->mask[i] & 4) != 0);

	for (size_t oi = 0; oi < nverify && !out->truncated; oi++) {
		size_t c = order ? order[oi] : oi;
		const char *dt;
		size_t dl;
		if (!m->o.strict && out->verified >= m->o.max_candidates)
			break;
		if (use_hits && !cands[c].strong) {
			/* only common-ish fingerprints: worth a fetch when two of them
			 * follow each other on one diagonal (a shared run) */
			int run = 0;
			for (uint32_t h = hit_off[c]; h + 1 < hit_off[c + 1] && !run; h++)
				run = hits[h + 1].d - hits[h].d == hits[h + 1].q - hits[h].q &&
				      hits[h + 1].q > hits[h].q;
			if (!run) {
				out->skipped++;
				continue;
			}
		}
		if (skipping) {
			/* every shared fingerprint already inside a copied passage:
			 * this source adds nothing to the ratios; not verified */
			int fresh = 0;
			for (uint32_t h = hit_off[c]; h < hit_off[c + 1] && !fresh; h++)
				for (uint32_t k = 0; k < wp.k && hits[h].q + k < n; k++)
					if (!(out->mask[hits[h].q + k] & 1))
						fresh = 1;
			if (!fresh) {
				out->skipped++;
				continue;
			}
		}
		if ((rc = get_text(ctx, cands[c].doc, &dt, &dl)))
			goto cleanup;
		if ((rc = mj_norm_text_build(&m->d, dt, dl)))
			goto cleanup;
		out->verified++;
		if (use_hits)
			align_hits(m, q, hits + hit_off[c], hit_off[c + 1] - hit_off[c], wp.k, &raw);
		else
			align(m, q, &raw);
		size_t first = out->npassages;
		for (size_t i = 0; i < raw.n && !out->truncated; i++) {
			/* 4: copied = the parts outside common stretches, each >= min_len
			 * and not half stock formulations; the rest is 套话 */
			raw_passage p = raw.v[i];
			for (size_t x = p.qs; x < p.qe;) {
				if (out->mask[x] & 2) {
					x++;
					continue;
				}
				size_t y = x;
				while (y < p.qe && !(out->mask[y] & 2))
					y++;
				size_t plen = y - x;
				if (plen >= m->o.min_len && check_kgrams(m, q, x, y, out->mask))
					continue; /* new common k-grams: split again */
				size_t last = y >= wp.k ? y - wp.k + 1 : 0; /* k-grams inside */
				uint32_t rare = pre_range(m->rare_pre, x, last);
				uint32_t common = pre_range(m->common_pre, x, last);
				uint32_t stock = stock_pre[y] - stock_pre[x];
				int mark = 0;
				if (plen < m->o.min_len)
					mark = (x == p.qs && y == p.qe) ? 0 : 8; /* edge of 套话 */
				else if ((size_t)stock * 2 >= plen || (rare == 0 && common > 0))
					mark = 8;
				else
					mark = 1;
				for (size_t k = x; k < y; k++)
					out->mask[k] |= (uint8_t)mark;
				if (mark == 1) {
					if (out->npassages >= m->o.max_passages) {
						out->truncated = 1;
						break;
					}
					if (out->npassages == pcap) {
						pcap = pcap ? pcap * 2 : 64;
						out->passages = mj_realloc(out->passages, pcap * sizeof *out->passages);
					}
					mj_passage *o = &out->passages[out->npassages++];
					memset(o, 0, sizeof *o);
					o->doc = cands[c].doc;
					o->q_start = (uint32_t)x;
					o->q_end = (uint32_t)y;
					o->s_start = p.ds + (uint32_t)(x - p.qs);
					o->s_end = p.ds + (uint32_t)(y - p.qs);
				}
				x = y;
			}
		}
		size_t got = out->npassages - first;
		if (!got)
			continue;
		if (got > nreq_cap) {
			nreq_cap = got * 2;
			req = mj_realloc(req, nreq_cap * sizeof *req);
		}
		for (size_t i = 0; i < got; i++) {
			mj_passage *o = &out->passages[first + i];
			size_t bs, be;
			mj_norm_byte_range(&m->d, o->s_start, o->s_end, &bs, &be);
			o->s_byte_start = (uint32_t)bs;
			o->s_byte_end = (uint32_t)be;
			req[i] = (lc_req){o->s_byte_start, &o->s_line, &o->s_col};
		}
		line_cols(dt, dl, req, got);
		if (out->nsources == scap) {
			scap = scap ? scap * 2 : 16;
			out->sources = mj_realloc(out->sources, scap * sizeof *out->sources);
		}
		out->sources[out->nsources++] = (mj_source){cands[c].doc, cands[c].votes, 0};
	}
	if ((rc = drop_shared_passages(m, out, n, get_text, ctx)))
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		uint8_t v = out->mask[i];
		out->mask[i] = (v & 1) ? 1 : (v & 14) ? 2 : 0; /* 16: bookkeeping */
		out->copied_chars += out->mask[i] == 1;
		out->tao_chars += out->mask[i] == 2;
	}
	if (n) {
		out->copy_ratio = (double)out->copied_chars / (double)n;
		out->tao_ratio = (double)out->tao_chars / (double)n;
	}

	/* sources: union of each one's passages over the query */
	sort_n(out->passages, out->npassages, sizeof *out->passages, passage_doc_cmp);
	for (size_t s = 0; s < out->nsources; s++) {
		/* passages of this doc are contiguous after the sort */
		size_t lo = 0, hi = out->npassages;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (out->passages[mid].doc < out->sources[s].doc)
				lo = mid + 1;
			else
				hi = mid;
		}
		uint32_t covered = 0, reach = 0;
		for (size_t i = lo; i < out->npassages && out->passages[i].doc == out->sources[s].doc; i++) {
			uint32_t a = out->passages[i].q_start > reach ? out->passages[i].q_start : reach;
			if (out->passages[i].q_end > a)
				covered += out->passages[i].q_end - a;
			if (out->passages[i].q_end > reach)
				reach = out->passages[i].q_end;
		}
		out->sources[s].covered = covered;
	}
	size_t ns = 0;
	for (size_t s = 0; s < out->nsources; s++)
		if (out->sources[s].covered)
			out->sources[ns++] = out->sources[s];
	out->nsources = ns;
	sort_n(out->sources, ns, sizeof *out->sources, source_cmp);
	if (ns && n)
		out->top_source_ratio = (double)out->sources[0].covered / (double)n;

	/* query offsets of passages and 套话 stretches */
	sort_n(out->passages, out->npassages, sizeof *out->passages, passage_cmp);
	size_t ntao = 0;
	for (size_t i = 0; i < n;) {
		if (out->mask[i] != 2) {
			i++;
			continue;
		}
		size_t e = i;
		while (e < n && out->mask[e] == 2)
			e++;
		ntao++;
		i = e;
	}
	out->tao = mj_calloc(ntao + 1, sizeof *out->tao);
	for (size_t i = 0; i < n;) {
		if (out->mask[i] != 2) {
			i++;
			continue;
		}
		size_t e = i;
		while (e < n && out->mask[e] == 2)
			e++;
		mj_span_hit *t = &out->tao[out->ntao++];
		t->q_start = (uint32_t)i;
		t->q_end = (uint32_t)e;
		i = e;
	}
	size_t nreq = out->npassages + out->ntao;
	free(req);
	req = mj_malloc((nreq + 1) * sizeof *req);
	for (size_t i = 0; i < out->npassages; i++) {
		mj_passage *p = &out->passages[i];
		size_t bs, be;
		mj_norm_byte_range(q, p->q_start, p->q_end, &bs, &be);
		p->q_byte_start = (uint32_t)bs;
		p->q_byte_end = (uint32_t)be;
		req[i] = (lc_req){p->q_byte_start, &p->q_line, &p->q_col};
	}
	for (size_t i = 0; i < out->ntao; i++) {
		mj_span_hit *t = &out->tao[i];
		size_t bs, be;
		mj_norm_byte_range(q, t->q_start, t->q_end, &bs, &be);
		t->q_byte_start = (uint32_t)bs;
		t->q_byte_end = (uint32_t)be;
		req[out->npassages + i] = (lc_req){t->q_byte_start, &t->q_line, &t->q_col};
	}
	line_cols(text, len, req, nreq);

cleanup:
	free(cands);
	free(hit_off);
	free(hits);
	free(order);
	free(rank);
	free(raw.v);
	free(req);
	free(stock_pre);
	return rc;
}

int mj_match_section_ratios(double *copy_ratio, double *tao_ratio, const mj_match_result *r,
			    const mj_byte_span *sections, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (sections[i].end < sections[i].start)
			return mj_error_set(MJ_EINVAL, "第 %zu 个章节范围无效", i + 1);
		size_t a = mj_norm_index_at(&r->q, sections[i].start);
		size_t b = mj_norm_index_at(&r->q, sections[i].end);
		size_t c = 0, t = 0;
		for (size_t k = a; k < b; k++) {
			c += r->mask[k] == 1;
			t += r->mask[k] == 2;
		}
		if (copy_ratio)
			copy_ratio[i] = b > a ? (double)c / (double)(b - a) : 0;
		if (tao_ratio)
			tao_ratio[i] = b > a ? (double)t / (double)(b - a) : 0;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Near duplicates                                                           */

void mj_dup_result_free(mj_dup_result *r)
{
	for (size_t i = 0; i < r->npairs; i++)
		free(r->pairs[i].passages);
	free(r->pairs);
	memset(r, 0, sizeof *r);
}

static int pair_cmp(const void *x, const void *y)
{
	const mj_dup_pair *a = x, *b = y;
	if (a->similarity != b->similarity)
		return (a->similarity < b->similarity) - (a->similarity > b->similarity);
	if (a->a != b->a)
		return (a->a > b->a) - (a->a < b->a);
	return (a->b > b->b) - (a->b < b->b);
}

static int s_range_cmp(const void *x, const void *y)
{
	const mj_passage *a = x, *b = y;
	return (a->s_start > b->s_start) - (a->s_start < b->s_start);
}

int mj_dedup_run(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
		 mj_doc_text_fn get_text, void *ctx, mj_progress_fn progress, void *pctx)
{
	return mj_dedup_run_threads(out, ix, opts, 1, get_text, &ctx, progress, pctx);
}

void mj_matcher_set_scope(mj_matcher *m, int64_t exclude_doc, int64_t min_doc)
{
	m->o.exclude_doc = exclude_doc;
	m->o.min_doc = min_doc;
}

int mj_dup_result_merge(mj_dup_result *into, mj_dup_result *from)
{
	into->pairs = mj_realloc(into->pairs, (into->npairs + from->npairs + 1) * sizeof *into->pairs);
	if (from->npairs)
		memcpy(into->pairs + into->npairs, from->pairs, from->npairs * sizeof *from->pairs);
	into->npairs += from->npairs;
	free(from->pairs);
	memset(from, 0, sizeof *from);
	sort_n(into->pairs, into->npairs, sizeof *into->pairs, pair_cmp);
	return 0;
}

/* The pairs (a, b) of one query result r of document a, appended to out. */
static void add_pairs(mj_dup_result *out, size_t *cap, const mj_index *ix, uint32_t a,
		      const mj_match_result *r)
{
	mj_index_doc da;
	mj_index_doc_get(ix, a, &da);
	for (size_t s = 0; s < r->nsources; s++) {
		uint32_t b = r->sources[s].doc;
		mj_index_doc db;
		mj_index_doc_get(ix, b, &db);
		size_t np = 0;
		for (size_t i = 0; i < r->npassages; i++)
			np += r->passages[i].doc == b;
		mj_passage *ps = mj_malloc((np + 1) * sizeof *ps);
		np = 0;
		for (size_t i = 0; i < r->npassages; i++)
			if (r->passages[i].doc == b)
				ps[np++] = r->passages[i];
		/* coverage of b: union of source ranges */
		sort_n(ps, np, sizeof *ps, s_range_cmp);
		uint32_t cb = 0, reach = 0;
		for (size_t i = 0; i < np; i++) {
			uint32_t st = ps[i].s_start > reach ? ps[i].s_start : reach;
			if (ps[i].s_end > st)
				cb += ps[i].s_end - st;
			if (ps[i].s_end > reach)
				reach = ps[i].s_end;
		}
		sort_n(ps, np, sizeof *ps, passage_cmp);
		if (out->npairs == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			out->pairs = mj_realloc(out->pairs, *cap * sizeof *out->pairs);
		}
		mj_dup_pair *pr = &out->pairs[out->npairs++];
		pr->a = a;
		pr->b = b;
		pr->covered_a = r->sources[s].covered;
		pr->covered_b = cb;
		double tot = (double)da.nchars + db.nchars;
		pr->similarity = tot > 0 ? (pr->covered_a + (double)cb) / tot : 0;
		pr->passages = ps;
		pr->npassages = np;
	}
}

int mj_dedup_range(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
		   uint32_t first, uint32_t end, mj_doc_text_fn get_text, void *ctx,
		   mj_progress_fn progress, void *pctx)
{
	memset(out, 0, sizeof *out);
	mj_match_opts o;
	if (opts)
		o = *opts;
	else
		mj_match_opts_default(&o);
	mj_matcher *m = NULL;
	mj_buf text = MJ_BUF_INIT;
	mj_match_result r = {0};
	size_t cap = 0;
	int rc = 0;
	uint32_t nd = mj_index_ndocs(ix);
	o.skip_covered = 0; /* every pair is wanted */
	o.max_candidates = UINT32_MAX;
	if (end > nd)
		end = nd;
	if ((rc = mj_matcher_new(&m, ix, &o)))
		goto cleanup;
	for (uint32_t a = first; a < end; a++) {
		if (progress)
			progress(pctx, a - first, end - first);
		mj_matcher_set_scope(m, a, (int64_t)a + 1);
		const char *t;
		size_t tl;
		if ((rc = get_text(ctx, a, &t, &tl)))
			goto cleanup;
		mj_buf_reset(&text);
		if ((rc = mj_buf_put(&text, t, tl)))
			goto cleanup;
		mj_match_result_free(&r);
		if ((rc = mj_matcher_query(&r, m, text.ptr ? text.ptr : "", text.len, get_text, ctx)))
			goto cleanup;
		add_pairs(out, &cap, ix, a, &r);
	}
	if (progress)
		progress(pctx, nd, nd);
	sort_n(out->pairs, out->npairs, sizeof *out->pairs, pair_cmp);
cleanup:
	mj_match_result_free(&r);
	mj_matcher_free(m);
	mj_buf_free(&text);
	if (rc)
		mj_dup_result_free(out);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* The pair pass                                                             */

/*
 * Candidate pairs come straight from the posting groups: every fingerprint
 * that would vote in a query (fewer than T authors; in default mode at most
 * max_postings postings) gives each pair of distinct documents of its group
 * one record ((a << 20 | b) << 2 | flags): bit 0 "two votes or more" (the pair
 * shares it twice), bit 1 "strong" (at most rare_postings postings). Records
 * are sorted and merged; a pair kept here is exactly a document that the
 * query of a would take as a candidate (strict: any vote; default: two votes
 * or a strong one) through the fingerprints that are not common. A common
 * fingerprint that the query of a demotes (mark_common: no shared passage
 * around it) votes too, and that depends on a's whole text: every document
 * in a common group with a later document (mark_later) is first queried up
 * to mark_common (doc_pass), and the postings of later documents in the
 * groups of its demoted fingerprints become hits like the others (their
 * pairs candidates whatever their other votes: the query decides). All hits
 * go through the pre-check (pre_check); each document a with a pair left is
 * then queried with those partners allowed (a demoted fingerprint votes for
 * the others too, but they stay out), so the results are those of the
 * per-document pass.
 */
#define PAIR_KEY(r) ((r) >> 2)

/* Sorts v[0..*n) and merges equal pairs (flags or-ed; two records: bit 0). */
static void rec_compact(uint64_t *v, size_t *n)
{
	mj_sort_u64(v, *n);
	size_t o = 0;
	for (size_t i = 0; i < *n;) {
		uint64_t key = PAIR_KEY(v[i]), fl = 0;
		size_t j = i;
		while (j < *n && PAIR_KEY(v[j]) == key)
			fl |= v[j++] & 3;
		if (j - i >= 2)
			fl |= 1;
		v[o++] = key << 2 | fl;
		i = j;
	}
	*n = o;
}

typedef struct {
	const mj_index *ix;
	const mj_match_opts *o;
	uint32_t threshold;
	uint32_t b_lo, b_hi;   /* buckets of this thread */
	uint64_t *rec;
	size_t n, cap, limit;  /* compaction when n passes limit */
	uint32_t *docs, *occ;  /* scratch: distinct documents of a group */
	size_t dcap;
	uint8_t *later;        /* first scan: per document, 1 when it is in a common
				* group that would vote together with a later
				* document (see mark_later) */
	uint64_t *com;         /* first scan: every posting of a common group, as
				* doc << 32 | pos (the queries' common fingerprints) */
	size_t ncom, comcap;
	/* second scan: the hits of the kept pairs */
	const uint64_t *kept;
	size_t nkept;
	struct pre_hit *hits;
	size_t nhits, hcap;
} pair_scan;

/*
 * The pre-check of a kept pair, before any query: a hit (a shared fingerprint,
 * at qpos in a and dpos in b) can only give a passage when its k-gram is equal
 * in both texts and extends to min_len characters; that is decided on the
 * window of C = min_len - k characters on each side of the k-gram, with code
 * points folded to 2..255 (equal characters fold equally, so the test never
 * drops a pair that has a passage). Outside the text: 0 in a, 1 in b.
 * Default mode aligns through these hits only, so a pair with no hit passing
 * has no passage. In strict mode (min_len >= t) a copied passage is a stretch
 * of >= t characters outside the common stretches that a's mark_common marks
 * (and outside those marked later, a subset of the rest): it holds a whole
 * window whose minimum both texts select, inside it, so not a marked common
 * fingerprint — one of a group that is not common, or a common one a's query
 * demotes; either gives a hit (docs/review.md). So in strict mode a's window
 * has the characters of those stretches masked (they match nothing) where
 * the pass knows them (doc_pass), and a hit must extend to min_len outside
 * them; dropping the other pairs changes no reported pair.
 */
#define PRE_W 24
typedef struct pre_hit {
	uint32_t a, b, qpos, dpos;
	uint8_t wa[PRE_W], wb[PRE_W];
} pre_hit;

/* Index of pair key in the sorted kept records, or SIZE_MAX. */
static size_t kept_find(const uint64_t *kept, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (PAIR_KEY(kept[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && PAIR_KEY(kept[lo]) == key ? lo : SIZE_MAX;
}

/* Every (posting of x, posting of y) of a group, for the kept pairs (x, y). */
static void emit_hits(pair_scan *j, const uint64_t *p, size_t nd)
{
	size_t start = 0;
	for (size_t x = 0; x < nd; x++) {
		size_t sy = start + j->occ[x];
		for (size_t y = x + 1; y < nd; y++) {
			uint32_t a = j->docs[x], b = j->docs[y];
			const uint64_t *pa = p + start, *pb = p + sy;
			size_t na = j->occ[x], nb = j->occ[y];
			if (a > b) {
				uint32_t t = a;
				a = b;
				b = t;
				const uint64_t *tp = pa;
				pa = pb;
				pb = tp;
				size_t tn = na;
				na = nb;
				nb = tn;
			}
			if (kept_find(j->kept, j->nkept, (uint64_t)a << 20 | b) != SIZE_MAX) {
				for (size_t u = 0; u < na; u++)
					for (size_t v = 0; v < nb; v++) {
						if (j->nhits == j->hcap) {
							j->hcap = j->hcap ? j->hcap * 2 : 1024;
							j->hits = mj_realloc(j->hits, j->hcap * sizeof *j->hits);
						}
						pre_hit *h = &j->hits[j->nhits++];
						h->a = a;
						h->b = b;
						h->qpos = mj_posting_pos(pa[u]);
						h->dpos = mj_posting_pos(pb[v]);
					}
			}
			sy += j->occ[y];
		}
		start += j->occ[x];
	}
}

static void scan_group(pair_scan *j, const uint64_t *p, size_t g, int strong)
{
	if (g > j->dcap) {
		j->dcap = g * 2;
		j->docs = mj_realloc(j->docs, j->dcap * sizeof *j->docs);
		j->occ = mj_realloc(j->occ, j->dcap * sizeof *j->occ);
	}
	size_t nd = 0;
	for (size_t i = 0; i < g; i++) {
		uint32_t d = mj_posting_doc(p[i]);
		if (nd && j->docs[nd - 1] == d) {
			j->occ[nd - 1]++;
			continue;
		}
		j->docs[nd] = d;
		j->occ[nd++] = 1;
	}
	if (nd < 2)
		return;
	if (j->kept) {
		emit_hits(j, p, nd);
		return;
	}
	size_t add = nd * (nd - 1) / 2;
	if (j->n + add > j->cap) {
		if (j->n > j->limit)
			rec_compact(j->rec, &j->n);
		/* grow unless the compaction freed at least half: otherwise the
		 * array would be re-sorted after every few groups */
		if (j->n + add > j->cap / 2) {
			j->cap = (j->n + add) * 2;
			j->rec = mj_realloc(j->rec, j->cap * sizeof *j->rec);
		}
	}
	uint64_t fl = strong ? 2 : 0;
	for (size_t x = 0; x < nd; x++)
		for (size_t y = x + 1; y < nd; y++) {
			uint32_t a = j->docs[x], b = j->docs[y];
			if (a > b) { /* a blob not in order: still a < b */
				uint32_t t = a;
				a = b;
				b = t;
			}
			j->rec[j->n++] = ((uint64_t)a << 20 | b) << 2 | fl |
					 (j->occ[x] * (uint64_t)j->occ[y] >= 2);
		}
}

/*
 * A common group (>= T authors) gives no pair records: in a query its
 * fingerprint marks 套话 and does not vote. But mark_common demotes a common
 * fingerprint that stands in no shared passage of the query, and then it votes
 * for every document of its group after the query's own (demote): a copied
 * passage whose only shared window minimum is such a fingerprint has no hit in
 * the pair records. Whether it is demoted depends on the whole query text, so
 * every document that may see it happen (one of a common group holding a later
 * document) is marked here and queried in any case.
 */
static void mark_later(pair_scan *j, const uint64_t *p, size_t g)
{
	uint32_t last = 0;
	for (size_t i = 0; i < g; i++)
		if (mj_posting_doc(p[i]) > last)
			last = mj_posting_doc(p[i]);
	for (size_t i = 0; i < g; i++)
		if (mj_posting_doc(p[i]) < last)
			j->later[mj_posting_doc(p[i])] = 1;
}

static void *pair_scan_run(void *arg)
{
	pair_scan *j = arg;
	int strict = j->o->strict;
	for (uint32_t b = j->b_lo; b < j->b_hi; b++) {
		const uint64_t *p;
		size_t n = mj_index_bucket(j->ix, b, &p);
		for (size_t i = 0; i < n;) {
			uint64_t key = p[i] >> 48;
			size_t e = i + 1;
			while (e < n && (p[e] >> 48) == key)
				e++;
			size_t g = e - i;
			if (g >= 2) {
				int votes = strict || g <= j->o->max_postings;
				int common = (j->later || votes) &&
					     mj_index_authors(j->ix, b << 16 | (uint32_t)key, g) >= j->threshold;
				if (!common && votes)
					scan_group(j, p + i, g, g <= j->o->rare_postings);
				else if (common && j->later) {
					if (votes)
						mark_later(j, p + i, g);
					if (j->ncom + g > j->comcap) {
						j->comcap = (j->ncom + g) * 2;
						j->com = mj_realloc(j->com, j->comcap * sizeof *j->com);
					}
					for (size_t x = i; x < e; x++)
						j->com[j->ncom++] = (uint64_t)mj_posting_doc(p[x]) << 32 |
								    mj_posting_pos(p[x]);
				}
			}
			i = e;
		}
	}
	if (!j->kept)
		rec_compact(j->rec, &j->n);
	return NULL;
}


static inline uint8_t fold8(uint32_t c)
{
	return (uint8_t)(2 + ((c * 0x9E3779B1u) >> 16) % 254);
}

/* Whether hit h can give a passage of min_len (see pre_hit). */
static int pre_pass(const pre_hit *h, uint32_t k, uint32_t c)
{
	for (uint32_t i = c; i < c + k; i++)
		if (h->wa[i] != h->wb[i])
			return 0;
	uint32_t ext = 0;
	for (uint32_t i = c; i-- > 0 && h->wa[i] == h->wb[i];)
		ext++;
	for (uint32_t i = c + k; i < 2 * c + k && h->wa[i] == h->wb[i]; i++)
		ext++;
	return ext >= c;
}

/* Copies the folded window of 2c + k characters of t from pos - c into w
 * (outside the text: side, 0 in a and 1 in b). */
static void pre_window(uint8_t *w, const mj_norm_text *t, uint32_t pos, uint32_t k, uint32_t c,
		       int side)
{
	int64_t from = (int64_t)pos - c;
	for (uint32_t i = 0; i < 2 * c + k; i++) {
		int64_t at = from + i;
		w[i] = at >= 0 && (size_t)at < t->n ? fold8(t->cp[at]) : (uint8_t)side;
	}
}

/* Strict mode: a copied passage lies outside the stretches the query's
 * mark_common marked common (bit 2 of mask), so those characters of a's
 * window match nothing (0; b's window holds 1..255). */
static void pre_mask(uint8_t *w, const uint8_t *mask, size_t n, uint32_t pos, uint32_t k,
		     uint32_t c)
{
	int64_t from = (int64_t)pos - c;
	for (uint32_t i = 0; i < 2 * c + k; i++) {
		int64_t at = from + i;
		if (at >= 0 && (size_t)at < n && (mask[at] & 2))
			w[i] = 0;
	}
}

/* The common fingerprints of every document, from the first scan: positions
 * ascending, cpos[coff[d] .. coff[d + 1]) for document d; cwin holds the
 * folded window around each (PRE_W bytes), for the hits of demoted ones. */
typedef struct {
	uint32_t *cpos;
	size_t *coff;
	uint8_t *cwin;
} pass_common;

static void pass_set_common(mj_matcher *m, const pass_common *pc, uint32_t a)
{
	m->pass = 1;
	m->pass_common = pc->cpos + pc->coff[a];
	m->pass_ncommon = pc->coff[a + 1] - pc->coff[a];
}

/*
 * One pass over the documents, each read and normalized once, before any
 * query with candidates:
 *  - a document in a common group with a later one (later[d], see mark_later)
 *    is queried up to mark_common (its common fingerprints known from the
 *    scan, so nothing else is looked up); every posting of a later document
 *    in the group of a fingerprint it demotes becomes a hit of that pair
 *    (in default mode only groups of at most max_postings postings: a larger
 *    one does not vote when demoted);
 *  - the windows of the hits of the candidate pairs that concern it are
 *    filled (in strict mode a's side masked by the common stretches of its
 *    query), and the windows around its common fingerprints kept, for the
 *    b side of the demoted hits.
 */
typedef struct {
	const mj_index *ix;
	const mj_match_opts *o;
	pass_common *pc;
	const uint8_t *later;
	pre_hit *hits;            /* of the candidate pairs */
	const uint32_t *req;      /* hit * 2 + side, grouped by document */
	const size_t *req_off;    /* per document */
	int check;                /* the pre-check applies (windows wanted) */
	uint32_t ndocs, k, c;
	atomic_size_t *next;
	atomic_int *failed;
	mj_doc_text_fn get_text;
	void *ctx;
	mj_progress_fn progress;  /* thread 0 only */
	void *pctx;
	pre_hit *dhits;           /* of the demoted fingerprints (wa filled) */
	size_t ndhits, dcap;
	int rc;
	char msg[256];            /* the error message (thread-local otherwise) */
} doc_pass;

static void doc_pass_one(doc_pass *j, mj_matcher *m, mj_match_result *r, mj_norm_text *own,
			 uint32_t a)
{
	const char *s;
	size_t len;
	if ((j->rc = j->get_text(j->ctx, a, &s, &len)))
		return;
	const mj_norm_text *t = own;
	const uint8_t *mask = NULL;
	if (j->later[a]) {
		pass_set_common(m, j->pc, a);
		mj_matcher_set_scope(m, a, (int64_t)a + 1);
		mj_match_result_free(r);
		if ((j->rc = mj_matcher_query(r, m, s ? s : "", len, j->get_text, j->ctx)))
			return;
		t = &r->q;
		if (j->o->strict)
			mask = r->mask;
	} else if ((j->rc = mj_norm_text_build(own, s, len))) {
		return;
	}
	if (!j->check && !j->later[a])
		return;
	if (j->check) {
		for (size_t x = j->req_off[a]; x < j->req_off[a + 1]; x++) {
			pre_hit *h = &j->hits[j->req[x] >> 1];
			int side = j->req[x] & 1;
			pre_window(side ? h->wb : h->wa, t, side ? h->dpos : h->qpos, j->k, j->c, side);
			if (!side && mask)
				pre_mask(h->wa, mask, t->n, h->qpos, j->k, j->c);
		}
		for (size_t x = j->pc->coff[a]; x < j->pc->coff[a + 1]; x++)
			pre_window(j->pc->cwin + x * PRE_W, t, j->pc->cpos[x], j->k, j->c, 1);
	}
	if (!j->later[a])
		return;
	for (size_t i = 0; i < m->ndem; i++) {
		const mj_fp *fp = &m->fps.v[m->dem[i]];
		const uint64_t *post;
		size_t np = mj_index_lookup(j->ix, fp->hash, &post, NULL);
		if (!j->o->strict && np > j->o->max_postings)
			continue;
		for (size_t x = 0; x < np; x++) {
			uint32_t b = mj_posting_doc(post[x]);
			if (b <= a)
				continue;
			if (j->ndhits == j->dcap) {
				j->dcap = j->dcap ? j->dcap * 2 : 256;
				j->dhits = mj_realloc(j->dhits, j->dcap * sizeof *j->dhits);
			}
			pre_hit *h = &j->dhits[j->ndhits++];
			h->a = a;
			h->b = b;
			h->qpos = fp->pos;
			h->dpos = mj_posting_pos(post[x]);
			if (j->check) {
				pre_window(h->wa, t, h->qpos, j->k, j->c, 0);
				if (mask)
					pre_mask(h->wa, mask, t->n, h->qpos, j->k, j->c);
			}
		}
	}
}

static void *doc_pass_run(void *arg)
{
	doc_pass *j = arg;
	mj_matcher *m = NULL;
	mj_match_result r = {0};
	mj_norm_text own = {0};
	if ((j->rc = mj_matcher_new(&m, j->ix, j->o)))
		goto done;
	m->pass_mark = 1;
	for (;;) {
		size_t d0 = atomic_fetch_add(j->next, 16);
		if (d0 >= j->ndocs || atomic_load(j->failed))
			break;
		if (j->progress)
			j->progress(j->pctx, d0, 2 * (size_t)j->ndocs);
		size_t d1 = d0 + 16 < j->ndocs ? d0 + 16 : j->ndocs;
		for (size_t d = d0; d < d1 && !j->rc; d++) {
			int need = j->later[d] ||
				   (j->check && (j->req_off[d] < j->req_off[d + 1] ||
						 j->pc->coff[d] < j->pc->coff[d + 1]));
			if (need)
				doc_pass_one(j, m, &r, &own, (uint32_t)d);
		}
		if (j->rc)
			break;
	}
done:
	if (j->rc) {
		atomic_store(j->failed, 1);
		snprintf(j->msg, sizeof j->msg, "%s", mj_error_msg());
	}
	mj_match_result_free(&r);
	mj_norm_text_free(&own);
	mj_matcher_free(m);
	return NULL;
}

/*
 * The hits of the candidate pairs kept[0..*nkept) (second scan of the groups
 * that vote), the pass over the documents (doc_pass: the demoted common
 * fingerprints and their hits, every window), then the pre-check: kept are
 * the pairs with a hit passing it, among them those of demoted hits only
 * (added; *kept grows, so it is reallocated). With cnt (strict mode; *cnt is
 * allocated here) the hits of the groups that vote are counted for each kept
 * pair: the votes its first document's query gives the second through
 * fingerprints that are not common. *ncand: the candidate pairs before the
 * pre-check. Returns 0 or the error of get_text.
 */
static int pre_check(uint64_t **keptp, size_t *nkept, uint32_t **cntp, size_t *ncand,
		     const uint8_t *later, pass_common *pc, const mj_index *ix,
		     const mj_match_opts *o, uint32_t threshold, unsigned nthreads,
		     mj_doc_text_fn get_text, void *const *ctx, mj_progress_fn progress, void *pctx)
{
	mj_winnow_params wp = mj_index_params(ix);
	int check = !(o->min_len <= wp.k || 2 * (o->min_len - wp.k) + wp.k > PRE_W ||
		      (o->strict && o->min_len < wp.w + wp.k - 1));
	uint32_t c = check ? o->min_len - wp.k : 0;
	uint64_t *kept = *keptp;
	uint32_t nd = mj_index_ndocs(ix);
	uint32_t *cnt = NULL;
	if (o->strict)
		cnt = mj_calloc(*nkept + 1, sizeof *cnt);
	/* the hits of the candidate pairs, from a second scan of the groups */
	pre_hit *hits = NULL;
	size_t nh = 0;
	if ((check || cnt) && *nkept) {
		pair_scan *ps = mj_calloc(nthreads, sizeof *ps);
		size_t total = mj_index_npostings(ix), acc = 0;
		uint32_t b = 0;
		for (unsigned t = 0; t < nthreads; t++) {
			ps[t] = (pair_scan){.ix = ix, .o = o, .threshold = threshold, .kept = kept,
					    .nkept = *nkept, .b_lo = b};
			ps[t].b_hi = b = buckets_upto(ix, b, total / nthreads * (t + 1), t + 1 == nthreads, &acc);
		}
		mj_index_run_threads(nthreads, pair_scan_run, ps, sizeof *ps);
		for (unsigned t = 0; t < nthreads; t++)
			nh += ps[t].nhits;
		hits = mj_malloc_huge((nh + 1) * sizeof *hits);
		nh = 0;
		for (unsigned t = 0; t < nthreads; t++) {
			if (ps[t].nhits)
				memcpy(hits + nh, ps[t].hits, ps[t].nhits * sizeof *hits);
			nh += ps[t].nhits;
			free(ps[t].hits);
			free(ps[t].docs);
			free(ps[t].occ);
		}
		free(ps);
	}
	if (cnt)
		for (size_t i = 0; i < nh; i++) {
			size_t at = kept_find(kept, *nkept, (uint64_t)hits[i].a << 20 | hits[i].b);
			if (at != SIZE_MAX)
				cnt[at]++;
		}
	if (!check) {
		free(hits);
		hits = NULL;
		nh = 0;
	}
	/* requests grouped by document (a counting sort) */
	size_t *off = mj_calloc((size_t)nd + 2, sizeof *off);
	for (size_t i = 0; i < nh; i++) {
		off[hits[i].a + 1]++;
		off[hits[i].b + 1]++;
	}
	for (size_t d = 1; d <= nd; d++)
		off[d] += off[d - 1];
	uint32_t *req = mj_malloc((2 * nh + 1) * sizeof *req);
	size_t *fill = mj_malloc(((size_t)nd + 1) * sizeof *fill);
	memcpy(fill, off, ((size_t)nd + 1) * sizeof *fill);
	for (size_t i = 0; i < nh; i++) {
		req[fill[hits[i].a]++] = (uint32_t)(i * 2);
		req[fill[hits[i].b]++] = (uint32_t)(i * 2 + 1);
	}
	free(fill);
	if (check)
		pc->cwin = mj_malloc((pc->coff[nd] + 1) * PRE_W);
	/* the pass over the documents */
	atomic_size_t next;
	atomic_int failed;
	atomic_init(&next, 0);
	atomic_init(&failed, 0);
	doc_pass *dp = mj_calloc(nthreads, sizeof *dp);
	for (unsigned t = 0; t < nthreads; t++)
		dp[t] = (doc_pass){.ix = ix, .o = o, .pc = pc, .later = later, .hits = hits,
				   .req = req, .req_off = off, .check = check, .ndocs = nd,
				   .k = wp.k, .c = c, .next = &next, .failed = &failed,
				   .get_text = get_text, .ctx = ctx[t],
				   .progress = t == 0 ? progress : NULL, .pctx = pctx};
	mj_index_run_threads(nthreads, doc_pass_run, dp, sizeof *dp);
	free(req);
	free(off);
	int rc = 0;
	size_t nx = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		nx += dp[t].ndhits;
		if (!rc && dp[t].rc)
			rc = mj_error_set(dp[t].rc, "%s", dp[t].msg);
	}
	/* the pairs of the demoted hits (those passing, when checked) */
	uint64_t *xk = mj_malloc((nx + 1) * sizeof *xk);
	nx = 0;
	for (unsigned t = 0; t < nthreads && !rc; t++)
		for (size_t i = 0; i < dp[t].ndhits; i++) {
			pre_hit *h = &dp[t].dhits[i];
			if (check) {
				/* b's window from those around its common fingerprints */
				size_t lo = pc->coff[h->b], hi = pc->coff[h->b + 1];
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (pc->cpos[mid] < h->dpos)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo == pc->coff[h->b + 1] || pc->cpos[lo] != h->dpos)
					continue; /* cannot happen: a posting of a common group */
				memcpy(h->wb, pc->cwin + lo * PRE_W, PRE_W);
				if (!pre_pass(h, wp.k, c))
					continue;
			}
			xk[nx++] = (uint64_t)h->a << 20 | h->b;
		}
	for (unsigned t = 0; t < nthreads; t++)
		free(dp[t].dhits);
	free(dp);
	if (rc) {
		free(xk);
		free(hits);
		free(cnt);
		return rc;
	}
	mj_sort_u64(xk, nx);
	size_t nxu = 0;
	for (size_t i = 0; i < nx; i++)
		if (!nxu || xk[nxu - 1] != xk[i])
			xk[nxu++] = xk[i];
	/* the pre-check: bit 0 of a kept pair when a hit passes */
	if (check)
		for (size_t i = 0; i < *nkept; i++)
			kept[i] &= ~(uint64_t)3;
	else
		for (size_t i = 0; i < *nkept; i++)
			kept[i] |= 1;
	for (size_t i = 0; i < nh; i++)
		if (pre_pass(&hits[i], wp.k, c)) {
			size_t at = kept_find(kept, *nkept, (uint64_t)hits[i].a << 20 | hits[i].b);
			if (at != SIZE_MAX)
				kept[at] |= 1;
		}
	free(hits);
	size_t nnew = 0, before = *nkept;
	for (size_t i = 0; i < nxu; i++) {
		size_t at = kept_find(kept, *nkept, xk[i]);
		if (at != SIZE_MAX)
			kept[at] |= 1;
		else
			xk[nnew++] = xk[i];
	}
	*ncand = before + nnew;
	size_t o2 = 0;
	for (size_t i = 0; i < *nkept; i++)
		if (kept[i] & 1) {
			if (cnt)
				cnt[o2] = cnt[i];
			kept[o2++] = kept[i];
		}
	/* merged with the pairs of demoted hits only (no other vote: 0) */
	kept = mj_realloc(kept, (o2 + nnew + 1) * sizeof *kept);
	if (cnt)
		cnt = mj_realloc(cnt, (o2 + nnew + 1) * sizeof *cnt);
	size_t i = o2, x = nnew, w = o2 + nnew;
	while (x > 0) {
		if (i > 0 && PAIR_KEY(kept[i - 1]) > xk[x - 1]) {
			i--;
			w--;
			kept[w] = kept[i];
			if (cnt)
				cnt[w] = cnt[i];
		} else {
			x--;
			w--;
			kept[w] = xk[x] << 2 | 1;
			if (cnt)
				cnt[w] = 0;
		}
	}
	free(xk);
	*nkept = o2 + nnew;
	*keptp = kept;
	*cntp = cnt;
	return 0;
}

typedef struct {
	const mj_index *ix;
	const mj_match_opts *o;
	const pass_common *pc;
	const uint64_t *rec;    /* kept pairs, sorted */
	const uint32_t *cnt;    /* strict: their votes through the groups that vote */
	const uint32_t *qdoc;   /* the documents to query, ascending */
	const size_t *grp;      /* start of the kept pairs of each */
	size_t ngrp;
	atomic_size_t *next;    /* next document to take */
	atomic_int *failed;
	mj_doc_text_fn get_text;
	void *ctx;
	mj_progress_fn progress; /* thread 0 only */
	void *pctx;
	size_t pdone, ptotal;
	mj_dup_result d;
	int rc;
	char msg[256];           /* the error message (thread-local otherwise) */
} pair_verify;

static void *pair_verify_run(void *arg)
{
	pair_verify *j = arg;
	mj_matcher *m = NULL;
	mj_buf text = MJ_BUF_INIT;
	mj_match_result r = {0};
	size_t cap = 0;
	uint32_t *vdoc = NULL;
	size_t vcap = 0;
	uint32_t nd = mj_index_ndocs(j->ix);
	if ((j->rc = mj_matcher_new(&m, j->ix, j->o)))
		goto done;
	m->allow = mj_calloc(nd ? nd : 1, sizeof *m->allow);
	for (;;) {
		size_t gi = atomic_fetch_add(j->next, 1);
		if (gi >= j->ngrp || atomic_load(j->failed))
			break;
		if (j->progress)
			j->progress(j->pctx, j->pdone + gi, j->ptotal);
		size_t g0 = j->grp[gi], g1 = j->grp[gi + 1];
		uint32_t a = j->qdoc[gi];
		if (++m->allow_gen == 0) {
			memset(m->allow, 0, nd * sizeof *m->allow);
			m->allow_gen = 1;
		}
		if (g1 - g0 > vcap) {
			vcap = (g1 - g0) * 2;
			vdoc = mj_realloc(vdoc, vcap * sizeof *vdoc);
		}
		for (size_t x = g0; x < g1; x++) {
			vdoc[x - g0] = (uint32_t)(PAIR_KEY(j->rec[x]) & 0xFFFFF);
			m->allow[vdoc[x - g0]] = m->allow_gen;
		}
		pass_set_common(m, j->pc, a);
		m->pass_vdoc = vdoc;
		m->pass_vcnt = j->cnt ? j->cnt + g0 : NULL;
		m->pass_nv = j->cnt ? g1 - g0 : 0;
		if (!j->cnt && j->o->strict)
			m->pass = 0; /* no counted votes: the query looks them up */
		mj_matcher_set_scope(m, a, (int64_t)a + 1);
		const char *t;
		size_t tl;
		if ((j->rc = j->get_text(j->ctx, a, &t, &tl)))
			break;
		mj_buf_reset(&text);
		if ((j->rc = mj_buf_put(&text, t, tl)))
			break;
		mj_match_result_free(&r);
		if ((j->rc = mj_matcher_query(&r, m, text.ptr ? text.ptr : "", text.len, j->get_text,
					      j->ctx)))
			break;
		add_pairs(&j->d, &cap, j->ix, a, &r);
	}
done:
	if (j->rc) {
		atomic_store(j->failed, 1);
		snprintf(j->msg, sizeof j->msg, "%s", mj_error_msg());
	}
	mj_match_result_free(&r);
	mj_matcher_free(m);
	mj_buf_free(&text);
	free(vdoc);
	return NULL;
}


int mj_dedup_run_threads(mj_dup_result *out, const mj_index *ix, const mj_match_opts *opts,
			 unsigned nthreads, mj_doc_text_fn get_text, void *const *ctx,
			 mj_progress_fn progress, void *pctx)
{
	memset(out, 0, sizeof *out);
	if (nthreads < 1 || nthreads > MJ_INDEX_MAX_THREADS)
		return mj_error_set(MJ_EINVAL, "线程数必须在 1 到 64 之间");
	mj_match_opts o;
	if (opts)
		o = *opts;
	else
		mj_match_opts_default(&o);
	if (o.min_len < 1)
		return mj_error_set(MJ_EINVAL, "最短比对长度必须为正数");
	o.skip_covered = 0; /* every pair is wanted */
	o.max_candidates = UINT32_MAX;
	o.exclude_doc = -1;
	o.min_doc = 0;
	int rc = 0;
	uint32_t nd = mj_index_ndocs(ix);
	uint32_t threshold = tao_threshold(&o, ix);

	/* 1. candidate pairs, buckets split evenly by postings between threads */
	pair_scan *ps = mj_calloc(nthreads, sizeof *ps);
	size_t total = mj_index_npostings(ix), acc = 0;
	uint32_t b = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		ps[t].ix = ix;
		ps[t].o = &o;
		ps[t].threshold = threshold;
		ps[t].limit = (size_t)1 << 22;
		ps[t].later = mj_calloc(nd ? nd : 1, 1);
		ps[t].b_lo = b;
		ps[t].b_hi = b = buckets_upto(ix, b, total / nthreads * (t + 1), t + 1 == nthreads, &acc);
	}
	mj_index_run_threads(nthreads, pair_scan_run, ps, sizeof *ps);
	size_t nrec = 0, ncom = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		nrec += ps[t].n;
		ncom += ps[t].ncom;
	}
	uint64_t *rec = mj_malloc((nrec + 1) * sizeof *rec);
	uint64_t *com = mj_malloc((ncom + 1) * sizeof *com);
	uint8_t *later = ps[0].later;
	nrec = ncom = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		if (ps[t].n)
			memcpy(rec + nrec, ps[t].rec, ps[t].n * sizeof *rec);
		nrec += ps[t].n;
		if (ps[t].ncom)
			memcpy(com + ncom, ps[t].com, ps[t].ncom * sizeof *com);
		ncom += ps[t].ncom;
		if (t > 0) {
			for (uint32_t d = 0; d < nd; d++)
				later[d] |= ps[t].later[d];
			free(ps[t].later);
		}
		free(ps[t].rec);
		free(ps[t].com);
		free(ps[t].docs);
		free(ps[t].occ);
	}
	free(ps);
	if (nthreads > 1)
		rec_compact(rec, &nrec);
	/* the common fingerprints of each document, by position */
	mj_sort_u64(com, ncom);
	pass_common pc = {0};
	pc.coff = mj_calloc((size_t)nd + 2, sizeof *pc.coff);
	pc.cpos = mj_malloc((ncom + 1) * sizeof *pc.cpos);
	for (size_t i = 0; i < ncom; i++) {
		pc.coff[(com[i] >> 32) + 1]++;
		pc.cpos[i] = (uint32_t)com[i];
	}
	for (size_t d = 1; d <= nd; d++)
		pc.coff[d] += pc.coff[d - 1];
	free(com);
	/* the candidates of a query: any vote (strict), else two votes or a
	 * strong one */
	size_t kept = 0;
	for (size_t i = 0; i < nrec; i++)
		if (o.strict || (rec[i] & 3))
			rec[kept++] = rec[i];

	/* 2. the demoted common fingerprints and their hits, the pre-check */
	size_t ncand = 0;
	uint32_t *cnt = NULL;
	rc = pre_check(&rec, &kept, &cnt, &ncand, later, &pc, ix, &o, threshold, nthreads, get_text,
		       ctx, progress, pctx);
	size_t nlater = 0;
	for (uint32_t d = 0; d < nd; d++)
		nlater += later[d];
	free(later);
	free(pc.cwin);
	pc.cwin = NULL;
	if (rc) {
		free(rec);
		free(cnt);
		free(pc.cpos);
		free(pc.coff);
		return rc;
	}

	/* 3. the first document of each kept pair queried, its kept partners
	 * allowed */
	size_t *grp = mj_malloc((kept + 2) * sizeof *grp);
	uint32_t *qdoc = mj_malloc((kept + 2) * sizeof *qdoc);
	size_t ngrp = 0;
	for (size_t i = 0; i < kept;) {
		uint32_t a = (uint32_t)(PAIR_KEY(rec[i]) >> 20);
		qdoc[ngrp] = a;
		grp[ngrp++] = i;
		while (i < kept && PAIR_KEY(rec[i]) >> 20 == a)
			i++;
	}
	grp[ngrp] = kept;
	atomic_size_t next;
	atomic_int failed;
	atomic_init(&next, 0);
	atomic_init(&failed, 0);
	pair_verify *pv = mj_calloc(nthreads, sizeof *pv);
	for (unsigned t = 0; t < nthreads; t++) {
		pv[t] = (pair_verify){.ix = ix, .o = &o, .pc = &pc, .rec = rec, .cnt = cnt,
				      .qdoc = qdoc, .grp = grp, .ngrp = ngrp, .next = &next,
				      .failed = &failed, .get_text = get_text, .ctx = ctx[t],
				      .progress = t == 0 ? progress : NULL, .pctx = pctx,
				      .pdone = ngrp, .ptotal = 2 * ngrp};
	}
	/* a share whose thread could not start runs here afterwards: it takes
	 * what the queue still holds, nothing once a worker failed */
	mj_index_run_threads(nthreads, pair_verify_run, pv, sizeof *pv);
	size_t np = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		np += pv[t].d.npairs;
		if (!rc && pv[t].rc)
			rc = mj_error_set(pv[t].rc, "%s", pv[t].msg);
	}
	out->pairs = mj_malloc((np + 1) * sizeof *out->pairs);
	for (unsigned t = 0; t < nthreads; t++) {
		if (pv[t].d.npairs)
			memcpy(out->pairs + out->npairs, pv[t].d.pairs, pv[t].d.npairs * sizeof *out->pairs);
		out->npairs += pv[t].d.npairs;
		free(pv[t].d.pairs);
	}
	sort_n(out->pairs, out->npairs, sizeof *out->pairs, pair_cmp);
	out->cand_pairs = ncand;
	out->checked_pairs = kept;
	out->queried_docs = ngrp;
	out->marked_docs = nlater;
	if (progress)
		progress(pctx, ngrp, ngrp);
	free(pv);
	free(grp);
	free(qdoc);
	free(rec);
	free(cnt);
	free(pc.cpos);
	free(pc.coff);
	if (rc)
		mj_dup_result_free(out);
	return rc;
}
