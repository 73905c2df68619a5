/* The real example material of ../shared/seed for the unit tests: its text
 * and the five areas of the notice it answers. Tests skip when it is absent
 * (MJ_SEED_DIR names its folder; ../shared/seed from the repository root by
 * default). */
#ifndef MJ_TEST_SEED_H
#define MJ_TEST_SEED_H

#include <stdio.h>
#include <stdlib.h>

#include "util/file.h"

static const char *const seed_areas[] = {"带头感悟两个确立 坚定信仰信念信心 树立正确党史观",
					 "带头心怀国之大者 履职尽责担当作为 落实党中央决策部署",
					 "带头践行以人民为中心 为群众办实事解难题 保障改善民生",
					 "带头应对风险挑战 增强忧患意识 敢于斗争善于斗争",
					 "带头履行全面从严治党责任 严守政治纪律和政治规矩 纠四风树新风"};

/* The seed's text (free it) and its length, or NULL when it cannot be read. */
static inline char *seed_text(size_t *n)
{
	const char *dir = getenv("MJ_SEED_DIR");
	char path[1024];
	char *x = NULL;
	snprintf(path, sizeof path, "%s/000_357417ef9be4b89b.txt", dir ? dir : "../shared/seed");
	return mj_file_read(path, 1 << 22, &x, n) == 0 ? x : NULL;
}

#endif
