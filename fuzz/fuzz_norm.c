/*
 * libFuzzer target for the normalizer and the fused fingerprinting pass: any
 * bytes must normalize without a crash, with an offset map that stays inside
 * the input and never goes backwards, and mj_winnow_text must agree with
 * normalizing first and winnowing the code points, and both with winnowing
 * written out the slow way (every k-gram hashed alone, the rightmost minimum
 * of every window found by a scan).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "core/winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fingerprints of cp[0..n) by the definition, compared with f. */
static int equals_reference(const mj_fps *f, const uint32_t *cp, size_t n, mj_winnow_params p)
{
	if (n < p.k)
		return f->n == 0;
	size_t nk = n - p.k + 1, nf = 0, last = SIZE_MAX;
	uint32_t *h = malloc(nk * sizeof *h);
	for (size_t i = 0; i < nk; i++)
		h[i] = mj_winnow_hash(cp + i, p.k);
	size_t nwin = nk >= p.w ? nk - p.w + 1 : 1, span = nk >= p.w ? p.w : nk;
	int same = 1;
	for (size_t s = 0; s < nwin && same; s++) {
		size_t best = s;
		for (size_t i = s; i < s + span; i++)
			if (h[i] <= h[best])
				best = i;
		if (best == last)
			continue;
		last = best;
		same = nf < f->n && f->v[nf].hash == h[best] && f->v[nf].pos == best;
		nf++;
	}
	free(h);
	return same && nf == f->n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	mj_norm_text t = {0};
	if (mj_norm_text_build(&t, s, size) != 0)
		abort();
	for (size_t i = 0; i < t.n; i++) {
		if (t.off[i] >= size || t.off[i] + t.srclen[i] > size || t.srclen[i] == 0)
			abort();
		if (i && t.off[i] < t.off[i - 1])
			abort();
		if (t.cp[i] == 0 || t.cp[i] > 0x10FFFF)
			abort();
	}
	if (t.n) {
		size_t bs, be, line, col;
		mj_norm_byte_range(&t, 0, t.n, &bs, &be);
		if (bs > be || be > size)
			abort();
		if (mj_norm_index_at(&t, t.off[t.n / 2]) > t.n / 2)
			abort();
		mj_norm_line_col(s, size, t.off[t.n - 1], &line, &col);
		if (line < 1 || col < 1)
			abort();
	}
	mj_winnow_params ps[3] = {MJ_WINNOW_STRICT, MJ_WINNOW_DEFAULT,
				  {1 + (size % 32), 1 + (size / 32 % 64)}};
	for (int k = 0; k < 3; k++) {
		mj_fps a = {0}, b = {0};
		size_t nc = 0;
		if (mj_winnow_cps(&a, &ps[k], t.cp, t.n) || mj_winnow_text(&b, &nc, &ps[k], s, size))
			abort();
		if (nc != t.n || a.n != b.n || (a.n && memcmp(a.v, b.v, a.n * sizeof *a.v) != 0))
			abort();
		for (size_t i = 0; i < a.n; i++)
			if (a.v[i].pos + ps[k].k > t.n)
				abort();
		if (!equals_reference(&a, t.cp, t.n, ps[k]))
			abort();
		mj_fps_free(&a);
		mj_fps_free(&b);
	}
	mj_norm_text_free(&t);
	return 0;
}
