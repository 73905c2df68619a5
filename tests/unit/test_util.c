/* Unit tests for src/util: buffers, UTF-8, dates, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/utf8.h"

static void buf_cap_leaves_content_valid(void **state)
{
	(void)state;
	mj_buf b;
	mj_buf_init(&b, 8);
	assert_int_equal(mj_buf_puts(&b, "abcd"), 0);
	assert_int_equal(mj_buf_puts(&b, "efghij"), MJ_ETOOBIG);
	assert_string_equal(mj_buf_cstr(&b), "abcd");
	assert_int_equal(mj_buf_puts(&b, "efgh"), 0);
	assert_string_equal(mj_buf_cstr(&b), "abcdefgh");
	assert_int_equal(mj_buf_putc(&b, 'x'), MJ_ETOOBIG);
	mj_buf_free(&b);
}

static void buf_escapes(void **state)
{
	(void)state;
	mj_buf b = MJ_BUF_INIT;
	const char *s = "<a href=\"x\">'&'</a>";
	assert_int_equal(mj_buf_put_html(&b, s, strlen(s)), 0);
	assert_string_equal(mj_buf_cstr(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	mj_buf_reset(&b);
	const char *j = "a\"b\\c\n\x01";
	assert_int_equal(mj_buf_put_json(&b, j, strlen(j)), 0);
	assert_string_equal(mj_buf_cstr(&b), "a\\\"b\\\\c\\n\\u0001");
	mj_buf_free(&b);
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_true(mj_utf8_valid("明镜abc", strlen("明镜abc")));
	assert_false(mj_utf8_valid("\xC0\xAF", 2));          /* overlong */
	assert_false(mj_utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
	assert_false(mj_utf8_valid("\xF4\x90\x80\x80", 4));  /* > U+10FFFF */
	assert_false(mj_utf8_valid("\xE6\x98", 2));          /* truncated */
	/* every three-byte sequence (lead E0..EF, any two following bytes), alone
	 * and followed by a byte: valid exactly when the decoder takes all three
	 * bytes as one character (the validator's fast path agrees with it) */
	for (unsigned c = 0xE0; c <= 0xEF; c++)
		for (unsigned x = 0x01; x <= 0xFF; x++)
			for (unsigned y = 0x01; y <= 0xFF; y++) {
				char t[4] = {(char)c, (char)x, (char)y, 'a'};
				uint32_t cp;
				int want = mj_utf8_decode(t, 3, &cp) == 3;
				assert_int_equal(mj_utf8_valid(t, 3), want);
				assert_int_equal(mj_utf8_valid(t, 4), want);
				assert_false(mj_utf8_valid(t, 2));
			}
	assert_int_equal(mj_utf8_count("明镜ab", strlen("明镜ab")), 4);
	mj_buf b = MJ_BUF_INIT;
	size_t bad = 0;
	assert_int_equal(mj_utf8_sanitize("a\xFF" "b\xE6\x98", 5, &b, &bad), 0);
	assert_int_equal(bad, 2);
	assert_string_equal(mj_buf_cstr(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	mj_buf_free(&b);
	assert_int_equal(mj_utf8_check("标题", "一二三四", 3), MJ_ETOOBIG);
	assert_int_equal(mj_utf8_check("标题", "一二三", 3), 0);
}

static void dates(void **state)
{
	(void)state;
	int d;
	assert_int_equal(mj_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(mj_date_parse("2024-02-29", &d), 0);
	char out[11];
	mj_date_format(d + 1, out);
	assert_string_equal(out, "2024-03-01");
	assert_int_equal(mj_date_parse("2025-02-29", &d), MJ_EINVAL);
	assert_int_equal(mj_date_parse("2025-13-01", &d), MJ_EINVAL);
	assert_int_equal(mj_date_parse("2025-1-01", &d), MJ_EINVAL);
	assert_int_equal(mj_date_parse("abcd-ef-gh", &d), MJ_EINVAL);
	for (int z = -1000; z < 80000; z += 7) {
		int y, m, dd;
		mj_date_to_ymd(z, &y, &m, &dd);
		assert_int_equal(mj_date_from_ymd(y, m, dd), z);
	}
	setenv("MINGJING_TODAY", "2026-11-20", 1);
	mj_date_format(mj_today(), out);
	assert_string_equal(out, "2026-11-20");
	/* "@FILE": read at every call, so a running server's day can be moved */
	char path[] = "/tmp/mj_today_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char env[64];
	snprintf(env, sizeof env, "@%s", path);
	setenv("MINGJING_TODAY", env, 1);
	FILE *f = fopen(path, "w");
	fputs("2026-12-01\n", f);
	fclose(f);
	mj_date_format(mj_today(), out);
	assert_string_equal(out, "2026-12-01");
	f = fopen(path, "w");
	fputs("2027-01-02", f);
	fclose(f);
	mj_date_format(mj_today(), out);
	assert_string_equal(out, "2027-01-02");
	/* not a date, or no file: the clock, not the last date read */
	unsetenv("MINGJING_TODAY");
	int clock = mj_today();
	setenv("MINGJING_TODAY", env, 1);
	f = fopen(path, "w");
	fputs("2027-13-02", f);
	fclose(f);
	assert_int_equal(mj_today(), clock);
	unlink(path);
	assert_int_equal(mj_today(), clock);
	setenv("MINGJING_TODAY", "2026-11-20", 1);
}

static void errors(void **state)
{
	(void)state;
	assert_int_equal(mj_error_set(MJ_ENOTFOUND, "人员 %d 不存在", 7), MJ_ENOTFOUND);
	assert_string_equal(mj_error_msg(), "人员 7 不存在");
	assert_int_equal(mj_http_status(MJ_EPERM), 403);
	assert_int_equal(mj_exit_code(MJ_EUSAGE), 2);
	/* a stale update is a conflict to resolve; a lock timeout is busy: retry */
	assert_int_equal(mj_http_status(MJ_ECONFLICT), 409);
	assert_int_equal(mj_http_status(MJ_EBUSY), 503);
	assert_int_equal(mj_exit_code(MJ_EBUSY), 5);
	for (int c = MJ_OK; c >= MJ_ERR_LAST; c--)
		assert_non_null(mj_strerror(c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_cap_leaves_content_valid),
		cmocka_unit_test(buf_escapes),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(dates),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
