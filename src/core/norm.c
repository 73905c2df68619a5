/*
 * The normalizer (see norm.h for the rule). mj_norm_step in the header is the
 * fast path; this file holds the utf8proc path for everything the fast path
 * cannot decide, the whole-text builder and the offset helpers.
 */
#include "core/norm.h"

#include <string.h>
#include <utf8proc.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

static int keep_category(uint32_t cp)
{
	if (cp == 0xFFFD)
		return 1;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN:
		return 1;
	default:
		return 0;
	}
}

size_t mj_norm_char(uint32_t cp, uint32_t *out)
{
	if (cp == 0xFFFD) {
		out[0] = cp;
		return 1;
	}
	if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)) {
		/* same answer as the fast path */
		unsigned char tmp[4];
		size_t n = mj_utf8_encode(cp, (char *)tmp), pos = 0;
		return mj_norm_step(tmp, n, &pos, out);
	}
	utf8proc_int32_t buf[MJ_NORM_MAX_EXPAND];
	int last_boundclass = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, MJ_NORM_MAX_EXPAND,
						     UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD,
						     &last_boundclass);
	if (n < 0 || n > MJ_NORM_MAX_EXPAND) {
		out[0] = 0xFFFD;
		return 1;
	}
	n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE);
	if (n < 0) {
		out[0] = 0xFFFD;
		return 1;
	}
	/* marks attached to a dropped character (U+2017 -> space + U+0333) go too */
	size_t k = 0;
	int prev_kept = 0;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		uint32_t c = (uint32_t)buf[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		int cat = utf8proc_category((utf8proc_int32_t)c);
		int mark = cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
			   cat == UTF8PROC_CATEGORY_ME;
		if (mark && i > 0 && !prev_kept)
			continue;
		prev_kept = keep_category(c);
		if (prev_kept)
			out[k++] = c;
	}
	return k;
}

size_t mj_norm_slow_step(const unsigned char *s, size_t len, size_t *pos, uint32_t *out)
{
	uint32_t cp;
	size_t n = mj_utf8_decode((const char *)s + *pos, len - *pos, &cp);
	if (n == 0) {
		*pos += 1;
		out[0] = 0xFFFD;
		return 1;
	}
	*pos += n;
	return mj_norm_char(cp, out);
}

static void grow(mj_norm_text *t, size_t need)
{
	if (need <= t->cap)
		return;
	size_t cap = t->cap ? t->cap : 256;
	while (cap < need)
		cap *= 2;
	t->cp = mj_realloc(t->cp, cap * sizeof *t->cp);
	t->off = mj_realloc(t->off, cap * sizeof *t->off);
	t->srclen = mj_realloc(t->srclen, cap);
	t->cap = cap;
}

int mj_norm_text_build(mj_norm_text *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len >= UINT32_MAX)
		return mj_error_set(MJ_ETOOBIG, "文本过长（%zu 字节）", len);
	out->n = 0;
	out->replaced = 0;
	/* one code point per byte is an upper bound except for NFKC expansions */
	grow(out, len / 2 + 16);
	size_t pos = 0, n = 0;
	uint32_t tmp[MJ_NORM_MAX_EXPAND];
	uint32_t *cp = out->cp, *off = out->off;
	uint8_t *sl = out->srclen;
	while (pos < len) {
		/* hot case inline: a CJK ideograph (capacity: at most one per byte pair) */
		unsigned c = s[pos];
		if ((c & 0xF0) == 0xE0 && pos + 2 < len && (s[pos + 1] & 0xC0) == 0x80 &&
		    (s[pos + 2] & 0xC0) == 0x80 && n < out->cap) {
			uint32_t v = ((uint32_t)(c & 0x0F) << 12) |
				     ((uint32_t)(s[pos + 1] & 0x3F) << 6) | (uint32_t)(s[pos + 2] & 0x3F);
			if (v >= 0x4E00 && v <= 0x9FFF) {
				cp[n] = v;
				off[n] = (uint32_t)pos;
				sl[n] = 3;
				n++;
				pos += 3;
				continue;
			}
		}
		size_t start = pos;
		size_t k = mj_norm_step(s, len, &pos, tmp);
		if (k == 0)
			continue;
		if (k == 1 && tmp[0] == 0xFFFD && pos - start == 1 && s[start] >= 0x80)
			out->replaced++;
		if (n + k > out->cap) {
			grow(out, n + k);
			cp = out->cp;
			off = out->off;
			sl = out->srclen;
		}
		for (size_t j = 0; j < k; j++) {
			cp[n] = tmp[j];
			off[n] = (uint32_t)start;
			sl[n] = (uint8_t)(pos - start);
			n++;
		}
	}
	out->n = n;
	return 0;
}

void mj_norm_text_free(mj_norm_text *t)
{
	free(t->cp);
	free(t->off);
	free(t->srclen);
	memset(t, 0, sizeof *t);
}

void mj_norm_byte_range(const mj_norm_text *t, size_t a, size_t b, size_t *byte_start,
			size_t *byte_end)
{
	if (a >= t->n || b <= a) {
		*byte_start = *byte_end = a < t->n ? t->off[a] : 0;
		return;
	}
	*byte_start = t->off[a];
	*byte_end = (size_t)t->off[b - 1] + t->srclen[b - 1];
}

size_t mj_norm_index_at(const mj_norm_text *t, size_t byte)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->off[mid] < byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void mj_norm_line_col(const char *s, size_t len, size_t byte, size_t *line, size_t *col)
{
	size_t l = 1, c = 1, i = 0;
	if (byte > len)
		byte = len;
	while (i < byte) {
		if (s[i] == '\n') {
			l++;
			c = 1;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		c++;
	}
	*line = l;
	*col = c;
}
