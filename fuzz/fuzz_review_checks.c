/*
 * libFuzzer target: the content checks of the material review
 * (core/review_checks.h). Any text input is parsed as a material and as a
 * phrase list; every check and both renderings must run without crashing,
 * and the figures must be consistent with the findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/material.h"
#include "core/review_checks.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const areas[] = {"理论学习", "担当作为", "纪律规矩"};
	static const mj_check_ledger_item ledger[] = {{1, "调研偏少", MJ_ITEM_DONE}, {2, "", MJ_ITEM_TODO}};
	static const mj_check_earlier earlier[] = {{2023, "学习不够深入"}, {2024, "学习不够深入"}, {2024, ""}};
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		return 0;
	mj_material *m = NULL;
	mj_material_opts o = {areas, 3};
	if (mj_material_parse(&m, (const char *)data, size, &o) != 0)
		return 0;
	mj_check_phrases p;
	int own = mj_check_phrases_parse(&p, (const char *)data, size) == 0;
	mj_check_report r;
	mj_check_report_init(&r);
	if (mj_check_completeness(&r, m, areas, 3, ledger, 2, NULL) ||
	    mj_check_specificity(&r, m, own ? &p : NULL, 0) ||
	    mj_check_repetition(&r, m, 2025, earlier, 3, 0))
		abort();
	if (r.n_problems_without_measure > r.n_problems || r.n_generic > r.n_problems ||
	    r.n_recurring > r.n_repeated || r.chars_problems_causes > r.chars_total)
		abort();
	json_t *j = mj_check_report_json(&r);
	if (!j || json_array_size(json_object_get(j, "findings")) != r.n)
		abort();
	json_decref(j);
	mj_buf t = MJ_BUF_INIT;
	if (mj_check_report_text(&t, &r))
		abort();
	mj_buf_free(&t);
	mj_check_report_free(&r);
	mj_check_phrases_free(&p);
	mj_material_free(m);
	return 0;
}
