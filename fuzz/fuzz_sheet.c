/* libFuzzer target: the spreadsheet readers (CSV and .xlsx) and the ledger
 * row validation on whatever they read. Nothing may crash, leak or read out
 * of bounds; errors are fine. */
#include <stddef.h>
#include <stdint.h>

#include "core/ledger_sheet.h"
#include "util/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mj_sheet_limits lim = {2000, 64, 4096, 1u << 20};
	struct mj_sheet sh;
	const char *p = (const char *)data;
	int rc = mj_sheet_is_zip(p, size) ? mj_xlsx_read(&sh, p, size, NULL, &lim) : mj_csv_parse(&sh, p, size, &lim);
	if (rc == 0) {
		struct mj_ledger_map m;
		if (mj_ledger_map_header(&m, &sh) == 0) {
			struct mj_ledger_lookup lk = {json_object(), json_object(), json_object(), 0};
			struct mj_ledger_counts c;
			json_t *plan, *errors;
			json_object_set_new(lk.people, "张三", json_integer(1));
			mj_ledger_plan(&plan, &errors, &c, &sh, &m, &lk, 20);
			json_decref(plan);
			json_decref(errors);
			json_decref(lk.people);
			json_decref(lk.depts);
			json_decref(lk.items);
		}
	}
	mj_sheet_free(&sh);
	return 0;
}
