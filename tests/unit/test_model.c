/* Unit tests for the model table and value validation (core/model.c, perm.c, model_check.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <jansson.h>

#include "core/model.h"
#include "core/perm.h"
#include "util/err.h"

int mj_model_check_row(const struct mj_entity *e, json_t *row);

static const char *canon_of(const char *entity, const char *field, const char *value, int *rc)
{
	const struct mj_entity *e = mj_entity_find(entity);
	const char *c = NULL;
	*rc = mj_field_validate(e, mj_entity_field(e, field), value, &c);
	return c;
}

static void validates_each_type(void **state)
{
	(void)state;
	int rc;
	assert_string_equal(canon_of("item", "status", "已销号", &rc), "closed");
	assert_int_equal(rc, 0);
	assert_string_equal(canon_of("item", "status", "doing", &rc), "doing");
	canon_of("item", "status", "finished", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	assert_non_null(strstr(mj_error_msg(), "todo(待整改)"));
	assert_string_equal(canon_of("attendance", "attended", "是", &rc), "1");
	assert_string_equal(canon_of("attendance", "attended", "false", &rc), "0");
	canon_of("attendance", "attended", "maybe", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("talk", "date", "2026-02-29", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("talk", "date", "2028-02-29", &rc);
	assert_int_equal(rc, 0);
	canon_of("talk", "a_id", "0", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("talk", "a_id", "12x", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("notice", "plan_lead_days", "91", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("notice", "plan_lead_days", "90", &rc);
	assert_int_equal(rc, 0);
	canon_of("notice", "year", "1999", &rc);
	assert_int_equal(rc, MJ_EINVAL);
	canon_of("person", "name", "\xff\xfe", &rc);
	assert_int_equal(rc, MJ_EUTF8);
	char longname[64 * 3 + 1];
	for (int i = 0; i < 61; i++)
		memcpy(longname + 3 * i, "张", 3);
	longname[61 * 3] = 0;
	canon_of("person", "name", longname, &rc);
	assert_int_equal(rc, MJ_ETOOBIG);
	longname[60 * 3] = 0;
	canon_of("person", "name", longname, &rc);
	assert_int_equal(rc, 0);
	canon_of("person", "name", "", &rc);
	assert_int_equal(rc, MJ_EINVAL);
}

static void every_ref_names_an_entity(void **state)
{
	(void)state;
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		assert_non_null(e->label);
		for (const struct mj_field *f = e->fields; f->name; f++) {
			if (f->type == MJ_F_REF)
				assert_non_null(mj_entity_find(f->ref));
			if (f->type == MJ_F_ENUM)
				assert_non_null(f->values);
		}
		/* every entity has a permission policy */
		int rc = mj_perm_check(e, MJ_ACT_CREATE, MJ_PF_OPERATOR);
		assert_true(rc == 0 || strstr(mj_error_msg(), "没有定义") == NULL);
	}
}

static void permissions(void **state)
{
	(void)state;
	const struct mj_entity *notice = mj_entity_find("notice"), *talk = mj_entity_find("talk");
	assert_int_equal(mj_perm_check(notice, MJ_ACT_CREATE, MJ_PF_ORGANIZER), 0);
	assert_int_equal(mj_perm_check(notice, MJ_ACT_CREATE, MJ_PF_SECRETARY | MJ_PF_MEMBER), MJ_EPERM);
	assert_int_equal(mj_perm_check(talk, MJ_ACT_CREATE, MJ_PF_SELF), 0);
	assert_int_equal(mj_perm_check(talk, MJ_ACT_CREATE, MJ_PF_MEMBER), MJ_EPERM);
	assert_int_equal(mj_perm_check(talk, MJ_ACT_CREATE, 0), MJ_EPERM);
	assert_int_equal(mj_perm_check(talk, MJ_ACT_READ, 0), 0);
}

static void cross_field_checks(void **state)
{
	(void)state;
	json_t *row = json_pack("{s:i,s:i}", "a_id", 3, "b_id", 3);
	assert_int_equal(mj_model_check_row(mj_entity_find("talk"), row), MJ_EINVAL);
	json_object_set_new(row, "b_id", json_integer(4));
	assert_int_equal(mj_model_check_row(mj_entity_find("talk"), row), 0);
	json_decref(row);
	row = json_pack("{s:s,s:s}", "window_start", "2026-02-01", "window_end", "2026-01-01");
	assert_int_equal(mj_model_check_row(mj_entity_find("notice"), row), MJ_EINVAL);
	json_decref(row);
	row = json_pack("{s:i,s:i}", "anonymous", 1, "submitter_id", 5);
	assert_int_equal(mj_model_check_row(mj_entity_find("opinion"), row), MJ_EINVAL);
	json_decref(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validates_each_type),
		cmocka_unit_test(every_ref_names_an_entity),
		cmocka_unit_test(permissions),
		cmocka_unit_test(cross_field_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
