/*
 * Placeholder store so the skeleton links; replaced by the real store.
 */
#include "store/store.h"

#include <stdlib.h>

#include "util/err.h"

struct mj_store {
	int unused;
};

int mj_store_open(mj_store **out, const char *path)
{
	(void)path;
	*out = NULL;
	return mj_error_set(MJ_EDB, "存储尚未实现");
}

void mj_store_close(mj_store *s) { free(s); }
