/*
 * Winnowing fingerprints (Schleimer, Wilkerson, Aiken, SIGMOD 2003).
 *
 * Every k-gram of normalized code points gets a 32-bit hash; in each window of
 * w consecutive k-gram hashes the minimum is selected (the rightmost one on
 * ties, "robust winnowing") and recorded once as a fingerprint (hash, position
 * of the k-gram). Guarantee: any run of at least t = w + k - 1 normalized
 * characters shared by two texts yields at least one common fingerprint.
 *
 * The hash is a cyclic polynomial over a per-character value:
 *   H(c_0 .. c_k-1) = XOR_j rotl32(fmix32(c_j ^ SEED), k - 1 - j)
 * (mj_winnow_hash); it rolls with one rotate and two xors per character.
 * Changing it changes every stored fingerprint: review_index.c's
 * INDEX_VERSION must change with it so persisted indexes are rebuilt.
 *
 * Everything happens in one pass with no allocation per k-gram (see
 * winnow.c). mj_winnow_text fuses the normalizer in front, reading UTF-8
 * directly.
 *
 * Modes (see docs/review.md for the reasoning and the measured recall):
 *   strict  k = 5, w = 9   -> t = 13, every shared run of 13 chars is found;
 *   default k = 6, w = 21  -> t = 26, ~0.09 fingerprints per character.
 */
#ifndef MJ_WINNOW_H
#define MJ_WINNOW_H
#include <stddef.h>
#include <stdint.h>

#include "core/norm.h"

#define MJ_WINNOW_MAX_W 64
#define MJ_WINNOW_MAX_K 32

typedef struct {
	uint32_t k; /* k-gram length, 1..MJ_WINNOW_MAX_K */
	uint32_t w; /* window, 1..MJ_WINNOW_MAX_W */
} mj_winnow_params;

#define MJ_WINNOW_STRICT ((mj_winnow_params){5, 9})
#define MJ_WINNOW_DEFAULT ((mj_winnow_params){6, 21})

typedef struct {
	uint32_t hash;
	uint32_t pos; /* normalized index of the k-gram's first character */
} mj_fp;

/* A growable array of fingerprints. Zero-initialise; mj_fps_free releases. */
typedef struct {
	mj_fp *v;
	size_t n, cap;
} mj_fps;

void mj_fps_free(mj_fps *f);

/* 0 when p is usable, MJ_EINVAL (with a message) otherwise. */
int mj_winnow_check(const mj_winnow_params *p);

/* Fingerprints of normalized code points cp[0..n) appended to *out (after
 * resetting it). Returns 0 or MJ_EINVAL for bad params. */
int mj_winnow_cps(mj_fps *out, const mj_winnow_params *p, const uint32_t *cp, size_t n);

/* The same fingerprints straight from UTF-8 text (normalizing on the fly):
 * identical to mj_norm_text_build followed by mj_winnow_cps. *nchars (may be
 * NULL) receives the normalized length. */
int mj_winnow_text(mj_fps *out, size_t *nchars, const mj_winnow_params *p, const char *s,
		   size_t len);

/* The k-gram hash used above, for one k-gram (tests, checks). */
uint32_t mj_winnow_hash(const uint32_t *cp, uint32_t k);

#endif
