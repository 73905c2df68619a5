/*
 * Day-number date arithmetic (the civil-from-days algorithm) and "today".
 */
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"

int mj_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void mj_date_to_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yy + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int mj_date_parse(const char *s, int *days)
{
	int y = 0, m = 0, d = 0;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		goto bad;
	*days = mj_date_from_ymd(y, m, d);
	return 0;
bad:
	return mj_error_set(MJ_EINVAL, "日期“%s”无效，应为存在的日期，格式 YYYY-MM-DD", s ? s : "");
}

void mj_date_format(int days, char out[11])
{
	int y, m, d;
	if (days == MJ_DATE_NONE) {
		out[0] = 0;
		return;
	}
	mj_date_to_ymd(days, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
	out[0] = (char)('0' + uy / 1000); out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10); out[3] = (char)('0' + uy % 10);
	out[4] = '-'; out[5] = (char)('0' + um / 10); out[6] = (char)('0' + um % 10);
	out[7] = '-'; out[8] = (char)('0' + ud / 10); out[9] = (char)('0' + ud % 10);
	out[10] = 0;
}

int mj_today(void)
{
	const char *env = getenv("MINGJING_TODAY");
	int days;
	if (env && env[0] == '@' && env[1]) {
		/* "@FILE": the date written in FILE, read at every call, so that a
		 * test or a bench can move a running server to another day */
		char buf[16] = {0};
		FILE *f = fopen(env + 1, "r");
		if (f) {
			size_t n = fread(buf, 1, 10, f);
			fclose(f);
			buf[n] = 0;
			if (n == 10 && mj_date_parse(buf, &days) == 0)
				return days;
		}
	} else if (env && *env && mj_date_parse(env, &days) == 0)
		return days;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return mj_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void mj_now_iso(char out[21])
{
	const char *env = getenv("MINGJING_NOW");
	if (env && strlen(env) == 20) {
		memcpy(out, env, 21);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
