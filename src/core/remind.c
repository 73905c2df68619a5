/*
 * Reminder selection and digests (remind.h).
 */
#include "core/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

int mj_remind_is_due(int due, int today, int window, int *days_left)
{
	if (due == MJ_DATE_NONE || today == MJ_DATE_NONE)
		return 0;
	int left = due - today;
	if (days_left)
		*days_left = left;
	return left < 0 || left <= window;
}

int mj_remind_item_is_due(const struct mj_remind_item *it, int today, int days, int *days_left)
{
	if (it->status != MJ_ITEM_TODO && it->status != MJ_ITEM_DOING)
		return 0;
	int window = days >= 0 ? days : (it->warn_days >= 0 ? it->warn_days : MJ_WARN_DAYS_DEFAULT);
	return mj_remind_is_due(it->deadline, today, window, days_left);
}

/* The person's object in people (keyed by id text), created on first use. */
static json_t *person(json_t *people, long long id, const char *name)
{
	char k[24];
	snprintf(k, sizeof k, "%lld", id);
	json_t *p = json_object_get(people, k);
	if (!p) {
		p = json_object();
		json_object_set_new(p, "person_id", json_integer(id));
		json_object_set_new(p, "name", json_string(name ? name : ""));
		json_object_set_new(p, "entries", json_array());
		json_object_set_new(people, k, p);
	}
	return p;
}

/* Adds entry e for person id with role; one entry per thing per person. */
static void tell(json_t *people, long long id, const char *name, json_t *e, const char *role)
{
	if (!id)
		return;
	json_t *p = person(people, id, name), *entries = json_object_get(p, "entries");
	size_t n = json_array_size(entries);
	if (n) {
		json_t *last = json_array_get(entries, n - 1);
		if (json_equal(json_object_get(last, "what"), json_object_get(e, "what")) &&
		    json_equal(json_object_get(last, "id"), json_object_get(e, "id"))) {
			json_array_append_new(json_object_get(last, "roles"), json_string(role));
			return;
		}
	}
	json_t *copy = json_deep_copy(e);
	json_t *roles = json_array();
	json_array_append_new(roles, json_string(role));
	json_object_set_new(copy, "roles", roles);
	json_array_append_new(entries, copy);
}

static json_t *entry(const char *what, long long id, long long meeting_id, long long team_id,
		     const char *team, int due, int left)
{
	char d[11];
	json_t *e = json_object();
	mj_date_format(due, d);
	json_object_set_new(e, "what", json_string(what));
	json_object_set_new(e, "id", json_integer(id));
	json_object_set_new(e, "meeting_id", meeting_id ? json_integer(meeting_id) : json_null());
	json_object_set_new(e, "team_id", json_integer(team_id));
	json_object_set_new(e, "team", json_string(team ? team : ""));
	json_object_set_new(e, "due", json_string(d));
	json_object_set_new(e, "days_left", json_integer(left));
	json_object_set_new(e, "overdue", json_boolean(left < 0));
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long tx = json_integer_value(json_object_get(x, "team_id")), ty = json_integer_value(json_object_get(y, "team_id"));
	if (tx != ty)
		return tx < ty ? -1 : 1;
	int ox = json_is_true(json_object_get(x, "overdue")), oy = json_is_true(json_object_get(y, "overdue"));
	if (ox != oy)
		return oy - ox;
	long long dx = json_integer_value(json_object_get(x, "days_left")), dy = json_integer_value(json_object_get(y, "days_left"));
	if (dx != dy)
		return dx < dy ? -1 : 1;
	const char *wx = json_string_value(json_object_get(x, "what")), *wy = json_string_value(json_object_get(y, "what"));
	int c = strcmp(wx, wy);
	if (c)
		return c;
	long long ix = json_integer_value(json_object_get(x, "id")), iy = json_integer_value(json_object_get(y, "id"));
	return ix < iy ? -1 : ix > iy;
}

static int cmp_person(const void *a, const void *b)
{
	long long x = json_integer_value(json_object_get(*(json_t *const *)a, "person_id"));
	long long y = json_integer_value(json_object_get(*(json_t *const *)b, "person_id"));
	return x < y ? -1 : x > y;
}

int mj_remind_digest(json_t **out, const struct mj_remind_item *items, size_t n_items,
		     const struct mj_remind_deadline *dls, size_t n_dls, int today, int days)
{
	json_t *people = json_object();
	char d[11];
	for (size_t i = 0; i < n_items; i++) {
		const struct mj_remind_item *it = &items[i];
		int left;
		if (!mj_remind_item_is_due(it, today, days, &left))
			continue;
		json_t *e = entry("item", it->id, it->meeting_id, it->team_id, it->team_name, it->deadline, left);
		json_object_set_new(e, "problem", json_string(it->problem ? it->problem : ""));
		tell(people, it->owner_id, it->owner_name, e, "owner");
		tell(people, it->leader_id, it->leader_name, e, "leader");
		json_decref(e);
	}
	for (size_t i = 0; i < n_dls; i++) {
		const struct mj_remind_deadline *dl = &dls[i];
		int left, window = days >= 0 ? days : (dl->warn_days >= 0 ? dl->warn_days : MJ_WARN_DAYS_DEFAULT);
		if (!mj_remind_is_due(dl->due, today, window, &left))
			continue;
		json_t *e = entry(dl->what == MJ_REMIND_PLAN ? "plan" : "report", dl->meeting_id, dl->meeting_id,
				  dl->team_id, dl->team_name, dl->due, left);
		tell(people, dl->to[0], dl->to_names[0], e, "secretary");
		if (dl->to[1] != dl->to[0])
			tell(people, dl->to[1], dl->to_names[1], e, "head");
		json_decref(e);
	}
	/* sort */
	size_t n = json_object_size(people), k = 0;
	json_t **arr = mj_calloc(n + 1, sizeof *arr);
	const char *key;
	json_t *p;
	json_object_foreach(people, key, p) arr[k++] = p;
	qsort(arr, n, sizeof *arr, cmp_person);
	json_t *list = json_array();
	for (k = 0; k < n; k++) {
		json_t *entries = json_object_get(arr[k], "entries");
		size_t m = json_array_size(entries);
		json_t **es = mj_calloc(m + 1, sizeof *es);
		for (size_t j = 0; j < m; j++)
			es[j] = json_incref(json_array_get(entries, j));
		qsort(es, m, sizeof *es, cmp_entry);
		json_array_clear(entries);
		for (size_t j = 0; j < m; j++)
			json_array_append_new(entries, es[j]);
		free(es);
		json_array_append(list, arr[k]);
	}
	free(arr);
	json_decref(people);
	*out = json_object();
	mj_date_format(today, d);
	json_object_set_new(*out, "today", json_string(d));
	json_object_set_new(*out, "days", days >= 0 ? json_integer(days) : json_null());
	json_object_set_new(*out, "people", list);
	return 0;
}

static const char *gs(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void when(char *buf, size_t size, long long left)
{
	if (left < 0)
		snprintf(buf, size, "逾期 %lld 天", -left);
	else if (left == 0)
		snprintf(buf, size, "今天到期");
	else
		snprintf(buf, size, "还有 %lld 天", left);
}

static void what_text(char *buf, size_t size, json_t *e)
{
	const char *w = gs(e, "what");
	if (strcmp(w, "plan") == 0)
		snprintf(buf, size, "会议 %lld 的方案报送", (long long)json_integer_value(json_object_get(e, "id")));
	else if (strcmp(w, "report") == 0)
		snprintf(buf, size, "会议 %lld 的情况报告报送", (long long)json_integer_value(json_object_get(e, "id")));
	else
		snprintf(buf, size, "整改台账 #%lld", (long long)json_integer_value(json_object_get(e, "id")));
}

static void roles_text(char *buf, size_t size, json_t *e)
{
	size_t i, o = 0;
	json_t *r;
	buf[0] = 0;
	json_array_foreach(json_object_get(e, "roles"), i, r) {
		const char *c = json_string_value(r), *l = strcmp(c, "owner") == 0 ? "责任人" :
			strcmp(c, "leader") == 0 ? "责任领导" : strcmp(c, "secretary") == 0 ? "班子秘书" : "主要负责人";
		int n = snprintf(buf + o, size - o, "%s%s", i ? "、" : "", l);
		if (n < 0 || (size_t)n >= size - o)
			break;
		o += (size_t)n;
	}
}

int mj_remind_render_text(mj_buf *out, json_t *p)
{
	json_t *entries = json_object_get(p, "entries"), *e;
	size_t i;
	long long team = -1;
	char w[64], t[96], r[64];
	int rc = mj_buf_printf(out, "== %s（%zu 项）==\n", gs(p, "name"), json_array_size(entries));
	json_array_foreach(entries, i, e) {
		if (rc)
			break;
		if (json_integer_value(json_object_get(e, "team_id")) != team) {
			team = json_integer_value(json_object_get(e, "team_id"));
			rc = mj_buf_printf(out, "【%s】\n", gs(e, "team"));
		}
		when(w, sizeof w, json_integer_value(json_object_get(e, "days_left")));
		what_text(t, sizeof t, e);
		roles_text(r, sizeof r, e);
		if (!rc)
			rc = mj_buf_printf(out, "  %-14s %s  截止 %s（%s）", w, t, gs(e, "due"), r);
		if (!rc && *gs(e, "problem"))
			rc = mj_buf_printf(out, "：%s", gs(e, "problem"));
		if (!rc)
			rc = mj_buf_putc(out, '\n');
	}
	return rc;
}

static int html(mj_buf *b, const char *s) { return mj_buf_put_html(b, s, strlen(s)); }

int mj_remind_render_html(mj_buf *out, json_t *p, const char *today)
{
	json_t *entries = json_object_get(p, "entries"), *e;
	size_t i;
	long long team = -1;
	char w[64], t[96], r[64];
	int rc = mj_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>整改与报送提醒 — ");
	rc = rc ? rc : html(out, gs(p, "name"));
	rc = rc ? rc : mj_buf_puts(out, "</title>\n<style>\n"
		"body{font-family:\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:52em;margin:2em auto;color:#222;line-height:1.5}\n"
		"h1{font-size:1.4em;border-bottom:2px solid #b22;padding-bottom:.3em}\n"
		"h2{font-size:1.1em;margin-top:1.5em}\n"
		"table{border-collapse:collapse;width:100%}\n"
		"th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\n"
		"th{background:#f2f2f2}\n"
		"tr.overdue td{background:#fde2e2}\ntr.due td{background:#e3eefa}\n"
		".when{white-space:nowrap}\n"
		"</style>\n</head>\n<body>\n<h1>");
	rc = rc ? rc : html(out, gs(p, "name"));
	rc = rc ? rc : mj_buf_printf(out, "：整改与报送提醒</h1>\n<p>截至 ");
	rc = rc ? rc : html(out, today);
	rc = rc ? rc : mj_buf_printf(out, "，共 %zu 项需要关注。</p>\n", json_array_size(entries));
	json_array_foreach(entries, i, e) {
		if (rc)
			break;
		if (json_integer_value(json_object_get(e, "team_id")) != team) {
			if (team != -1)
				rc = mj_buf_puts(out, "</table>\n");
			team = json_integer_value(json_object_get(e, "team_id"));
			rc = rc ? rc : mj_buf_puts(out, "<h2>");
			rc = rc ? rc : html(out, gs(e, "team"));
			rc = rc ? rc : mj_buf_puts(out, "</h2>\n<table>\n<tr><th>时间</th><th>事项</th><th>截止</th><th>身份</th></tr>\n");
		}
		when(w, sizeof w, json_integer_value(json_object_get(e, "days_left")));
		what_text(t, sizeof t, e);
		roles_text(r, sizeof r, e);
		rc = rc ? rc : mj_buf_printf(out, "<tr class=\"%s\"><td class=\"when\">", json_is_true(json_object_get(e, "overdue")) ? "overdue" : "due");
		rc = rc ? rc : html(out, w);
		rc = rc ? rc : mj_buf_puts(out, "</td><td>");
		rc = rc ? rc : html(out, t);
		if (!rc && *gs(e, "problem")) {
			rc = mj_buf_puts(out, "：");
			rc = rc ? rc : html(out, gs(e, "problem"));
		}
		rc = rc ? rc : mj_buf_puts(out, "</td><td class=\"when\">");
		rc = rc ? rc : html(out, gs(e, "due"));
		rc = rc ? rc : mj_buf_puts(out, "</td><td>");
		rc = rc ? rc : html(out, r);
		rc = rc ? rc : mj_buf_puts(out, "</td></tr>\n");
	}
	if (!rc && team != -1)
		rc = mj_buf_puts(out, "</table>\n");
	rc = rc ? rc : mj_buf_puts(out, "<p><small>由明镜 mingjing 生成。</small></p>\n</body>\n</html>\n");
	return rc;
}
