/*
 * Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian), so
 * that date arithmetic is plain integer arithmetic. "Today" comes from the
 * environment variable MINGJING_TODAY (YYYY-MM-DD) when set, so tests and the
 * demo are deterministic; else from the local clock.
 */
#ifndef MJ_DATE_H
#define MJ_DATE_H

#define MJ_DATE_NONE (-2147483647 - 1)

/* Parses "YYYY-MM-DD" (year 1900..2200), checking the day exists. */
int mj_date_parse(const char *s, int *days);
/* Formats into out (at least 11 bytes). */
void mj_date_format(int days, char out[11]);
int mj_date_from_ymd(int y, int m, int d);
void mj_date_to_ymd(int days, int *y, int *m, int *d);
/* Today's day number: the local date, or MINGJING_TODAY (YYYY-MM-DD) when set;
 * MINGJING_TODAY=@FILE reads the date from FILE's first 10 bytes at every call
 * (tests and benches move a running server's day; unreadable: the clock). */
int mj_today(void);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (honours MINGJING_NOW). */
void mj_now_iso(char out[21]);

#endif
