/*
 * Cross-field checks of a row about to be written (the merged old + new
 * values): rules that no single field can express. Pure.
 */
#include <string.h>

#include <jansson.h>

#include "core/model.h"
#include "util/err.h"

int mj_model_check_row(const struct mj_entity *e, json_t *row);

static const char *str(json_t *row, const char *k) { return json_string_value(json_object_get(row, k)); }
static long long num(json_t *row, const char *k) { return json_integer_value(json_object_get(row, k)); }

int mj_model_check_row(const struct mj_entity *e, json_t *row)
{
	if (strcmp(e->name, "talk") == 0 && num(row, "a_id") && num(row, "a_id") == num(row, "b_id"))
		return mj_error_set(MJ_EINVAL, "谈心谈话的双方不能是同一人");
	if (strcmp(e->name, "criticism") == 0 && num(row, "from_id") && num(row, "from_id") == num(row, "to_id"))
		return mj_error_set(MJ_EINVAL, "相互批评的提出人和被批评人不能是同一人（自我批评写入对照检查材料）");
	if (strcmp(e->name, "notice") == 0) {
		const char *a = str(row, "window_start"), *b = str(row, "window_end");
		if (a && b && strcmp(a, b) > 0)
			return mj_error_set(MJ_EINVAL, "通知的会议时间窗口起始日期 %s 晚于截止日期 %s", a, b);
	}
	if (strcmp(e->name, "opinion") == 0 && num(row, "anonymous") && num(row, "submitter_id"))
		return mj_error_set(MJ_EINVAL, "匿名意见不能记录提出人");
	if (strcmp(e->name, "opinion") == 0 && num(row, "duplicate_of") && num(row, "duplicate_of") == num(row, "id"))
		return mj_error_set(MJ_EINVAL, "意见不能标记为与自身重复");
	if (strcmp(e->name, "attendance") == 0 && num(row, "attended") && str(row, "absence_reason") &&
	    *str(row, "absence_reason"))
		return mj_error_set(MJ_EINVAL, "已出席的人员不应填写缺席原因");
	return 0;
}
