/*
 * libFuzzer target: the material text parser (txt and md). Any input must
 * parse without crashing, render to every text format, lose nothing
 * (mj_material_check_lossless), and its text rendering must parse again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mj_material *m = NULL, *m2 = NULL;
	mj_buf a = MJ_BUF_INIT, b = MJ_BUF_INIT, t = MJ_BUF_INIT, h = MJ_BUF_INIT;
	static const char *const areas[] = {"理论学习", "担当作为", "纪律规矩"};
	mj_material_opts o = {areas, 3};
	/* docx inputs belong to fuzz_docx */
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		return 0;
	if (mj_material_parse(&m, (const char *)data, size, &o) != 0)
		return 0;
	if (mj_material_to_text(&t, m) || mj_material_to_html(&h, m) || mj_material_to_md(&h, m) ||
	    mj_material_to_json(&a, m, MJ_JSON_STRUCTURE))
		abort();
	if (mj_material_check_lossless(m, (const char *)data, size) != 0)
		abort();
	/* the rendering parses again, unless it now opens with a zip or OLE
	 * signature (refused on purpose) */
	int magic = t.len >= 4 && (memcmp(t.ptr, "PK\x03\x04", 4) == 0 || memcmp(t.ptr, "\xD0\xCF\x11\xE0", 4) == 0);
	if (mj_material_parse(&m2, t.ptr ? t.ptr : "", t.len, &o) != 0 && !magic)
		abort();
	if (m2 && mj_material_to_json(&b, m2, MJ_JSON_STRUCTURE))
		abort();
	mj_material_free(m);
	mj_material_free(m2);
	mj_buf_free(&a);
	mj_buf_free(&b);
	mj_buf_free(&t);
	mj_buf_free(&h);
	return 0;
}
