/*
 * Winnowing in one pass (see winnow.h). The text is read in blocks of at most
 * BLOCK characters and each block goes through two tight loops, neither of
 * which carries a multiply from one character to the next or branches on the
 * hash values:
 *
 *  1. decode: UTF-8 to normalized code points, each replaced at once by its
 *     character value T(c) = fmix32(c ^ SEED) (murmur3's finalizer, a
 *     bijection: distinct characters get distinct values). For the BMP code
 *     points the normalizer's fast path decides, a table built once gives
 *     T of the normalized character or "dropped" (bmp_value, bmp_class), so
 *     a Chinese character costs one 4-byte load, a few masks and two table
 *     reads; everything else goes through mj_norm_step.
 *  2. hash and select: a cyclic polynomial ("buzhash") rolls over the T
 *     values,
 *       H(c_0 .. c_k-1) = XOR_j rotl(T(c_j), k - 1 - j),
 *     one rotate and two xors per character; the key of the k-gram at
 *     position p is H << 32 | ~p, so the smallest key is the smallest hash
 *     and, among equal hashes, the rightmost k-gram. The minimum key of each
 *     window of w keys comes from van Herk / Gil-Werman: keys are grouped in
 *     aligned groups of w, and a window is a suffix of one group and a prefix
 *     of the next, so its minimum is min(suffix minimum, prefix minimum):
 *     about three comparisons per key, compiled to conditional moves. Each
 *     window's key is written unconditionally and the count advances only
 *     when it differs from the previous window's.
 *
 * The previous polynomial hash (three 64-bit multiplies per character, one
 * of them on the dependency chain) and the "rescan when the minimum expires"
 * loop (two unpredictable branches per window change) measured 410-470 MB/s
 * per CPU second; this measures about 1.7 to 1.9 times that (docs/review.md).
 */
#include "core/winnow.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

#define SEED 0x6D696E67u /* "ming" */
#define BLOCK 2048       /* characters decoded per block */

void mj_fps_free(mj_fps *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

int mj_winnow_check(const mj_winnow_params *p)
{
	if (!p || p->k < 1 || p->k > MJ_WINNOW_MAX_K || p->w < 1 || p->w > MJ_WINNOW_MAX_W)
		return mj_error_set(MJ_EINVAL, "指纹参数无效（k 取 1..%d，w 取 1..%d）",
				    MJ_WINNOW_MAX_K, MJ_WINNOW_MAX_W);
	return 0;
}

/* The value of one normalized character. */
static inline uint32_t char_value(uint32_t c)
{
	uint32_t h = c ^ SEED;
	h ^= h >> 16;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	h *= 0xC2B2AE35u;
	h ^= h >> 16;
	return h;
}

/*
 * The decoder's table over the BMP, built once: for each code point the
 * fast path of mj_norm_step decides alone (ASCII, U+2000..U+206F,
 * U+3000..U+303F, U+4E00..U+9FFF, U+FF01..U+FF5E), whether it is dropped
 * (CLASS_DROP) or normalizes to one code point c (CLASS_KEEP, bmp_value is
 * char_value(c)); everything else is CLASS_SLOW and goes through
 * mj_norm_step. 320 KB, of which a Chinese text touches about 100 KB.
 */
enum { CLASS_DROP = 0, CLASS_KEEP = 1, CLASS_SLOW = 2 };
static uint32_t bmp_value[0x10000];
static uint8_t bmp_class[0x10000];
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

static void bmp_init(void)
{
	memset(bmp_class, CLASS_SLOW, sizeof bmp_class);
	for (uint32_t c = 0; c < 0x10000; c++) {
		if (!(c < 0x80 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
		      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF5E)))
			continue;
		/* exactly what the decoder's general path would do with it */
		unsigned char u[4];
		uint32_t out[MJ_NORM_MAX_EXPAND];
		size_t pos = 0, n = mj_norm_step(u, mj_utf8_encode(c, (char *)u), &pos, out);
		if (n <= 1) {
			bmp_class[c] = n ? CLASS_KEEP : CLASS_DROP;
			bmp_value[c] = n ? char_value(out[0]) : 0;
		}
	}
}

static inline uint32_t rotl(uint32_t x, uint32_t r)
{
	r &= 31;
	return (x << r) | (x >> ((32 - r) & 31));
}

uint32_t mj_winnow_hash(const uint32_t *cp, uint32_t k)
{
	uint32_t h = 0;
	for (uint32_t i = 0; i < k; i++)
		h = rotl(h, 1) ^ char_value(cp[i]);
	return h;
}

/*
 * The state of one pass, on the caller's stack (about 9 KB).
 *
 * tv[0 .. k) holds the T values of the k characters before the block (zeros
 * before the text starts, which leave the xor unchanged), tv[k .. k + nt) the
 * block's.
 *
 * The window minimum is streamed: keys are grouped in aligned groups of w
 * (blk holds the current group, j keys of it so far, pre their minimum; suf[i]
 * is the minimum of the previous group's keys i .. w - 1, suf[w] = UINT64_MAX).
 * The window ending at the j-th key of a group is the previous group's keys
 * from j + 1 on and this group's first j + 1 keys: min(suf[j + 1], pre). Before
 * the first group is complete suf[] is 0, so the "window" is key 0, equal to
 * the initial `last` and never written out.
 */
typedef struct {
	uint32_t k, w;
	uint32_t h;          /* hash of the last k characters (fewer at the start) */
	uint32_t j;          /* keys in blk */
	size_t n;            /* characters seen */
	uint64_t pre;        /* minimum of blk[0 .. j) */
	uint64_t last;       /* key of the last fingerprint written, 0: none */
	mj_fp *v;            /* output, as in mj_fps */
	size_t nv, cap;
	uint64_t blk[MJ_WINNOW_MAX_W];
	uint64_t suf[MJ_WINNOW_MAX_W + 1];
	uint32_t tv[MJ_WINNOW_MAX_K + BLOCK + MJ_NORM_MAX_EXPAND];
} pass;

static void pass_init(pass *s, const mj_winnow_params *p, mj_fps *out)
{
	s->k = p->k;
	s->w = p->w;
	s->h = 0;
	s->j = 0;
	s->n = 0;
	s->pre = UINT64_MAX;
	/* key 0 would be hash 0 at position UINT32_MAX: not a real k-gram */
	s->last = 0;
	s->v = out->v;
	s->nv = 0;
	s->cap = out->cap;
	memset(s->suf, 0, p->w * sizeof *s->suf);
	s->suf[p->w] = UINT64_MAX;
	memset(s->tv, 0, p->k * sizeof *s->tv);
}

static void pass_done(pass *s, mj_fps *out)
{
	/* the keys written by pass_block become (hash, pos) */
	unsigned char *v = (unsigned char *)s->v;
	for (size_t i = 0; i < s->nv; i++) {
		uint64_t key;
		memcpy(&key, v + i * sizeof(mj_fp), sizeof key);
		s->v[i] = (mj_fp){(uint32_t)(key >> 32), ~(uint32_t)key};
	}
	out->v = s->v;
	out->n = s->nv;
	out->cap = s->cap;
}

static void reserve(pass *s, size_t more)
{
	if (s->nv + more <= s->cap)
		return;
	size_t cap = s->cap ? s->cap : 256;
	while (cap < s->nv + more)
		cap *= 2;
	s->v = mj_realloc(s->v, cap * sizeof *s->v);
	s->cap = cap;
}

/* x as read from little-endian bytes. */
static inline uint32_t le32(uint32_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(x);
#else
	return x;
#endif
}

static inline uint64_t umin(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * Stages 2 and 3 for the nt T values at tv[k ..), k and w given again as
 * arguments so that the usual modes compile with constants. Each window's key
 * is stored whole at v[nv] (converted to (hash, pos) by pass_done) and nv
 * advances when it differs from the previous window's.
 */
static inline __attribute__((always_inline)) void pass_block_kw(pass *s, size_t nt,
								 const uint32_t k, const uint32_t w)
{
	const uint32_t *tv = s->tv;
	uint32_t h = s->h;
	size_t i = 0;
	/* the first k - 1 characters of the text end no k-gram */
	for (; i < nt && s->n + i + 1 < k; i++)
		h = rotl(h, 1) ^ rotl(tv[i], k) ^ tv[i + k];
	reserve(s, nt - i);
	/* keys hold ~position: the k-gram ending at character n + i starts at n + i + 1 - k */
	uint32_t npos = ~(uint32_t)(s->n + i + 1 - k);
	uint32_t j = s->j;
	uint64_t pre = s->pre, last = s->last;
	uint64_t *blk = s->blk, *suf = s->suf;
	unsigned char *v = (unsigned char *)s->v;
	size_t nv = s->nv;
	while (i < nt) {
		/* the rest of the current group, then its suffix minima */
		size_t end = i + (w - j) < nt ? i + (w - j) : nt;
		for (; i < end; i++, j++) {
			h = rotl(h, 1) ^ rotl(tv[i], k) ^ tv[i + k];
			uint64_t key = (uint64_t)h << 32 | npos--;
			blk[j] = key;
			pre = umin(pre, key);
			uint64_t sel = umin(suf[j + 1], pre);
			memcpy(v + nv * sizeof(mj_fp), &sel, sizeof sel);
			nv += sel != last;
			last = sel;
		}
		if (j == w) {
			/* suffix minima two at a time: one min per pair on the chain */
			uint64_t x = UINT64_MAX;
			uint32_t b = w;
			if (w & 1) {
				x = suf[w - 1] = blk[w - 1];
				b = w - 1;
			}
			for (; b >= 2; b -= 2) {
				uint64_t pair = umin(blk[b - 1], blk[b - 2]);
				suf[b - 1] = umin(blk[b - 1], x);
				x = umin(pair, x);
				suf[b - 2] = x;
			}
			pre = UINT64_MAX;
			j = 0;
		}
	}
	s->h = h;
	s->n += nt;
	s->j = j;
	s->pre = pre;
	s->last = last;
	s->nv = nv;
	memmove(s->tv, s->tv + nt, k * sizeof *s->tv);
}

static void pass_block(pass *s, size_t nt)
{
	if (s->k == 6 && s->w == 21)
		pass_block_kw(s, nt, 6, 21);
	else if (s->k == 5 && s->w == 9)
		pass_block_kw(s, nt, 5, 9);
	else
		pass_block_kw(s, nt, s->k, s->w);
}

/* Texts with fewer than w k-grams but at least one still get their window:
 * then every key is in the first group and pre is their minimum. */
static void pass_end(pass *s)
{
	if (s->n >= s->k && s->n - s->k + 1 < s->w) {
		reserve(s, 1);
		memcpy((unsigned char *)s->v + s->nv++ * sizeof(mj_fp), &s->pre, sizeof s->pre);
	}
}

int mj_winnow_cps(mj_fps *out, const mj_winnow_params *p, const uint32_t *cp, size_t n)
{
	int rc = mj_winnow_check(p);
	if (rc)
		return rc;
	pass st, *s = &st;
	pass_init(s, p, out);
	for (size_t i = 0; i < n;) {
		size_t nt = n - i < BLOCK ? n - i : BLOCK;
		uint32_t *tv = s->tv + s->k;
		for (size_t j = 0; j < nt; j++)
			tv[j] = char_value(cp[i + j]);
		pass_block(s, nt);
		i += nt;
	}
	pass_end(s);
	pass_done(s, out);
	return 0;
}

int mj_winnow_text(mj_fps *out, size_t *nchars, const mj_winnow_params *p, const char *str,
		   size_t len)
{
	int rc = mj_winnow_check(p);
	if (rc)
		return rc;
	if (len >= UINT32_MAX)
		return mj_error_set(MJ_ETOOBIG, "文本过长（%zu 字节）", len);
	const unsigned char *s = (const unsigned char *)str;
	pthread_once(&bmp_once, bmp_init);
	pass state, *st = &state;
	pass_init(st, p, out);
	uint32_t tmp[MJ_NORM_MAX_EXPAND];
	size_t pos = 0;
	while (pos < len) {
		uint32_t *tv = st->tv + st->k;
		size_t nt = 0;
		/* a 4-byte load needs pos + 4 <= len; the last bytes take the general path */
		size_t fast_end = len >= 4 ? len - 3 : 0;
		while (nt < BLOCK && pos < len) {
			if (pos < fast_end) {
				/*
				 * hot cases: a well-formed 3-byte sequence (not overlong)
				 * or an ASCII byte whose code point the table decides. The
				 * position advances under a branch (predicted: Chinese text
				 * is mostly 3-byte) rather than by a value computed from
				 * the bytes, so the next load need not wait for this one.
				 */
				uint32_t x;
				memcpy(&x, s + pos, 4);
				x = le32(x);
				uint32_t c3 = (x & 0x0F) << 12 | (x & 0x3F00) >> 2 | (x >> 16 & 0x3F);
				if ((x & 0xC0C0F0) == 0x8080E0 && c3 >= 0x800) {
					uint32_t cls = bmp_class[c3];
					if (cls != CLASS_SLOW) {
						tv[nt] = bmp_value[c3];
						nt += cls;
						pos += 3;
						continue;
					}
				} else if ((x & 0x80) == 0) {
					uint32_t c = x & 0x7F;
					tv[nt] = bmp_value[c];
					nt += bmp_class[c];
					pos += 1;
					continue;
				}
			}
			size_t at = pos, k = mj_norm_step(s, len, &at, tmp);
			pos = at;
			for (size_t j = 0; j < k; j++)
				tv[nt++] = char_value(tmp[j]);
		}
		pass_block(st, nt);
	}
	pass_end(st);
	pass_done(st, out);
	if (nchars)
		*nchars = st->n;
	return 0;
}
