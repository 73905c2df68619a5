/*
 * UTF-8 decoding, validation and repair. See utf8.h for the policy.
 */
#include "util/utf8.h"

#include <string.h>

#include "util/err.h"

size_t mj_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	*cp = 0xFFFD;
	if (len == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t mj_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int mj_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = u[i];
		if (c < 0x80) {
			if (c == 0)
				return 0;
			i++;
			continue;
		}
		/* fast path for the three-byte sequences of Chinese text: lead
		 * bytes E1..EC and EE..EF take any two continuation bytes (E0 and
		 * ED, with their overlong and surrogate limits, go the long way) */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

size_t mj_utf8_count(const char *s, size_t len)
{
	size_t i = 0, count = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

int mj_utf8_sanitize(const char *s, size_t len, mj_buf *out, size_t *replaced)
{
	size_t bad = 0, i = 0, run = 0;
	int rc = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = (unsigned char)s[i] < 0x80 ? (s[i] ? 1 : 0) : mj_utf8_decode(s + i, len - i, &cp);
		if (n) {
			i += n;
			continue;
		}
		if ((rc = mj_buf_put(out, s + run, i - run)))
			return rc;
		if (s[i] != 0) {
			if ((rc = mj_buf_put(out, "\xEF\xBF\xBD", 3)))
				return rc;
			bad++;
			/* one U+FFFD for a truncated sequence: skip its continuation bytes */
			unsigned char c = (unsigned char)s[i];
			size_t want = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
			while (want-- && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
				i++;
		}
		i++;
		run = i;
	}
	rc = mj_buf_put(out, s + run, len - run);
	if (replaced)
		*replaced = bad;
	return rc;
}

int mj_utf8_check(const char *what, const char *s, size_t max_chars)
{
	size_t len = strlen(s);
	if (!mj_utf8_valid(s, len))
		return mj_error_set(MJ_EUTF8, "%s不是有效的 UTF-8 文本", what);
	if (max_chars && mj_utf8_count(s, len) > max_chars)
		return mj_error_set(MJ_ETOOBIG, "%s超过 %zu 个字符的上限", what, max_chars);
	return 0;
}

static int is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

size_t mj_utf8_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}
