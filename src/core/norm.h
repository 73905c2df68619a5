/*
 * Text normalization for the review engine: turns UTF-8 text into the array of
 * code points that copy detection compares, with a map back to the original bytes.
 *
 * The rule, applied to each source character on its own:
 *  - invalid UTF-8 becomes U+FFFD (one per bad byte), which is kept;
 *  - NFKC with case folding (utf8proc), so full-width forms become half-width
 *    and upper case becomes lower case;
 *  - only letters, digits and marks are kept (Unicode categories L*, N*, M*,
 *    plus private-use / unassigned code points and U+FFFD): punctuation,
 *    symbols, spaces and control characters are dropped.
 * Combining sequences spread over several source characters are not composed
 * (each character is normalized alone); Chinese text is not affected.
 *
 * A fast path handles ASCII, CJK Unified Ideographs U+4E00..U+9FFF (identity),
 * full-width ASCII U+FF01..U+FF5E and the punctuation blocks U+2000..U+206F and
 * U+3000..U+303F without calling utf8proc; everything else goes through it.
 */
#ifndef MJ_NORM_H
#define MJ_NORM_H
#include <stddef.h>
#include <stdint.h>

/* Most code points one source character can normalize to (NFKC of U+FDFA is 18). */
#define MJ_NORM_MAX_EXPAND 32

/*
 * A normalized text. cp[i] is the i-th normalized code point; it came from the
 * source character at bytes [off[i], off[i] + srclen[i]) of the original text.
 * Several normalized code points may share one source character (NFKC
 * expansions). Zero-initialise, fill with mj_norm_text_build, release with
 * mj_norm_text_free.
 */
typedef struct {
	uint32_t *cp;
	uint32_t *off;
	uint8_t *srclen;
	size_t n;
	size_t cap;
	size_t replaced; /* invalid UTF-8 sequences replaced by U+FFFD */
} mj_norm_text;

/* Normalizes s[0..len) into *out (previous content is replaced; memory is
 * reused). Texts must be shorter than 4 GiB: MJ_ETOOBIG otherwise. Returns 0. */
int mj_norm_text_build(mj_norm_text *out, const char *s, size_t len);
void mj_norm_text_free(mj_norm_text *t);

/* Byte range in the original text of normalized characters [a, b) (a < b <= n). */
void mj_norm_byte_range(const mj_norm_text *t, size_t a, size_t b, size_t *byte_start,
			size_t *byte_end);

/* The first normalized index whose source character starts at or after byte
 * offset `byte` (n when none): turns a byte range into a normalized range. */
size_t mj_norm_index_at(const mj_norm_text *t, size_t byte);

/* 1-based line and column (in characters) of byte offset `byte` of s. Invalid
 * bytes count as one character each. */
void mj_norm_line_col(const char *s, size_t len, size_t byte, size_t *line, size_t *col);

/* Normalizes the single code point cp into out (room for MJ_NORM_MAX_EXPAND);
 * returns how many code points were written (0: the character is dropped). */
size_t mj_norm_char(uint32_t cp, uint32_t *out);

/* The general case of mj_norm_step (utf8proc); not for direct use. */
size_t mj_norm_slow_step(const unsigned char *s, size_t len, size_t *pos, uint32_t *out);

/*
 * One step of the normalizer, shared by mj_norm_text_build and the fused
 * fingerprinting pass: decodes the character at s[*pos], advances *pos past it
 * and writes its normalized code points to out. Returns their count.
 */
static inline size_t mj_norm_step(const unsigned char *s, size_t len, size_t *pos, uint32_t *out)
{
	size_t i = *pos;
	unsigned c = s[i];
	if (c < 0x80) {
		*pos = i + 1;
		if (c >= 'a' && c <= 'z') {
			out[0] = c;
			return 1;
		}
		if ((c >= '0' && c <= '9')) {
			out[0] = c;
			return 1;
		}
		if (c >= 'A' && c <= 'Z') {
			out[0] = c + 32;
			return 1;
		}
		return 0;
	}
	if ((c & 0xF0) == 0xE0 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
	    (s[i + 2] & 0xC0) == 0x80) {
		uint32_t v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
			     (uint32_t)(s[i + 2] & 0x3F);
		if (v >= 0x4E00 && v <= 0x9FFF) {
			*pos = i + 3;
			out[0] = v;
			return 1;
		}
		if (v >= 0xFF01 && v <= 0xFF5E) {
			*pos = i + 3;
			unsigned a = (unsigned)(v - 0xFEE0);
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9')) {
				out[0] = a;
				return 1;
			}
			if (a >= 'A' && a <= 'Z') {
				out[0] = a + 32;
				return 1;
			}
			return 0;
		}
		if (v >= 0x2000 && v <= 0x206F) {
			*pos = i + 3;
			return 0;
		}
		if (v >= 0x3000 && v <= 0x303F &&
		    (v <= 0x3004 || (v >= 0x3008 && v <= 0x3020) || v == 0x3030 || v >= 0x303D)) {
			*pos = i + 3;
			return 0;
		}
	}
	return mj_norm_slow_step(s, len, pos, out);
}

#endif
