/*
 * libFuzzer target: the docx reader (zip + XML). Any input must either be
 * refused with an error or parse; what parses must render back to docx and
 * parse again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mj_buf text = MJ_BUF_INIT, docx = MJ_BUF_INIT;
	mj_material *m = NULL, *m2 = NULL;
	mj_buf_init(&text, MJ_MATERIAL_MAX_TEXT);
	if (mj_docx_extract(&text, (const char *)data, size) == 0 &&
	    mj_material_parse(&m, (const char *)data, size, NULL) == 0) {
		if (mj_material_to_docx(&docx, m))
			abort();
		if (mj_material_parse(&m2, docx.ptr, docx.len, NULL))
			abort();
	}
	mj_material_free(m);
	mj_material_free(m2);
	mj_buf_free(&text);
	mj_buf_free(&docx);
	return 0;
}
