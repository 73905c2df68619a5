/*
 * libFuzzer target for the normalizer and the fused fingerprinting pass: any
 * bytes must normalize without a crash, with an offset map that stays inside
 * the input and never goes backwards, and mj_winnow_text must agree with
 * normalizing first and winnowing the code points.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "core/winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	mj_winnow_params ps[2] = {MJ_WINNOW_STRICT, {1 + (size % 7), 1 + (size % 13)}};
	for (int k = 0; k < 2; k++) {
		mj_fps a = {0}, b = {0};
		size_t nc = 0;
		if (mj_winnow_cps(&a, &ps[k], t.cp, t.n) || mj_winnow_text(&b, &nc, &ps[k], s, size))
			abort();
		if (nc != t.n || a.n != b.n || (a.n && memcmp(a.v, b.v, a.n * sizeof *a.v) != 0))
			abort();
		for (size_t i = 0; i < a.n; i++)
			if (a.v[i].pos + ps[k].k > t.n)
				abort();
		mj_fps_free(&a);
		mj_fps_free(&b);
	}
	mj_norm_text_free(&t);
	return 0;
}
