/*
 * libFuzzer target: an import file (JSON) into an in-memory database. Any
 * input must either import or fail cleanly, and a successful import must
 * leave an audit log that verifies.
 */
#include <stdint.h>
#include <stdlib.h>

#include "store/store.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mj_store *st = NULL;
	mj_actor a;
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return 0;
	if (mj_store_open(&st, ":memory:") == 0 && mj_store_actor(st, NULL, &a) == 0) {
		long long ins, skip, entries, rows;
		if (mj_import(st, &a, doc, &ins, &skip) == 0 && mj_audit_verify(st, &entries, &rows) != 0)
			abort();
	}
	mj_store_close(st);
	json_decref(doc);
	return 0;
}
