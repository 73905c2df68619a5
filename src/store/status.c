/*
 * Where a meeting stands: gathers the facts of meetings from the database
 * (for one meeting or a whole year at once, with the same queries) and
 * applies the rules of core/rules.h (talk coverage, quorum, deadlines,
 * warning colours) to them. The SQL is portable (SQLite and PostgreSQL):
 * booleans are written as CASE WHEN ... THEN 1 ELSE 0 END. Also the ledger view used by `ledger list` and
 * `status`: a meeting's items plus the open items carried over from the same
 * team's earlier meetings, each with its colour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

static long long geti(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int date_or_none(const char *s)
{
	int d;
	if (!s || mj_date_parse(s, &d))
		return MJ_DATE_NONE;
	return d;
}

static void set_date(json_t *o, const char *k, int d)
{
	char buf[11];
	if (d == MJ_DATE_NONE) {
		json_object_set_new(o, k, json_null());
		return;
	}
	mj_date_format(d, buf);
	json_object_set_new(o, k, json_string(buf));
}

int mj_ledger_rows(mj_store *s, long long meeting_id, long long team_id, int today, int warn_days, json_t **out);

/* The ledger of a team as seen from one of its meetings: that meeting's items
 * and the not yet closed items of the team's earlier meetings (carried). With
 * meeting_id 0: every item of the team. Each row gains "color" and "carried". */
int mj_ledger_rows(mj_store *s, long long meeting_id, long long team_id, int today, int warn_days, json_t **out)
{
	char mid[24], tid[24];
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	snprintf(tid, sizeof tid, "%lld", team_id);
	const char *p[] = {mid, tid, mid};
	json_t *rows;
	int rc;
	if (meeting_id)
		rc = mj_store_rows(s, &rows,
				   "SELECT i.*, m.year AS year, CASE WHEN i.meeting_id <> ? THEN 1 ELSE 0 END AS carried FROM item i JOIN meeting m ON m.id = i.meeting_id"
				   " WHERE m.team_id = ? AND (i.meeting_id = ? OR (i.status <> 'closed' AND m.year <"
				   " (SELECT year FROM meeting WHERE id = ?1))) ORDER BY m.year, i.id",
				   3, p);
	else
		rc = mj_store_rows(s, &rows,
				   "SELECT i.*, m.year AS year, 0 AS carried FROM item i JOIN meeting m ON m.id = i.meeting_id"
				   " WHERE m.team_id = ? ORDER BY m.year, i.id", 1, p + 1);
	if (rc)
		return rc;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		enum mj_item_status st = MJ_ITEM_TODO;
		mj_item_status_parse(&st, gets(r, "status") ? gets(r, "status") : "todo");
		enum mj_warning w = mj_item_warning(st, date_or_none(gets(r, "deadline")), (int)geti(r, "sent_back"),
						    today, warn_days);
		json_object_set_new(r, "color", json_string(mj_warning_code(w)));
		json_object_set_new(r, "carried", json_boolean(geti(r, "carried")));
	}
	*out = rows;
	return 0;
}

/* ---- the status of many meetings at once ----------------------------------
 *
 * mj_status_meeting, mj_status_overview and the roll-up of a notice
 * (report.c) all go through mj_status_many: one query per kind of fact for
 * every meeting matching a condition, not a dozen queries per meeting. The
 * rows are kept in arrays sorted by meeting (or team) id and found by binary
 * search; then the rules of core are applied meeting by meeting, building
 * exactly the object the per-meeting queries built before (same keys in the
 * same order, same values). The plans are in docs/storage.md. */

/* A value the way mj_store_rows gives it: integers (no leading zero, at most
 * 17 digits) as JSON integers, any other text as a string. */
static json_t *cell(const char *c, size_t len)
{
	if (!c)
		return json_null();
	int digits = len > 0 && len < 18;
	for (size_t k = 0; k < len && digits; k++)
		if (!((c[k] >= '0' && c[k] <= '9') || (k == 0 && c[k] == '-' && len > 1)))
			digits = 0;
	if (digits && !(len > 1 && c[0] == '0'))
		return json_integer(strtoll(c, NULL, 10));
	json_t *v = json_stringn(c, len);
	return v ? v : json_null();
}

static long long num(const char *c) { return c ? strtoll(c, NULL, 10) : 0; }

/* A growable array of fixed-size records, each starting with its long long key. */
struct vec {
	char *p;
	size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->p = mj_realloc(v->p, v->cap * v->size);
	}
	void *e = v->p + v->n++ * v->size;
	memset(e, 0, v->size);
	return e;
}

static void *vec_at(const struct vec *v, size_t i) { return v->p + i * v->size; }

/* The records of key: [*from, return value); v is sorted by key. */
static size_t vec_range(const struct vec *v, long long key, size_t *from)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (*(long long *)vec_at(v, mid) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < v->n && *(long long *)vec_at(v, lo) == key)
		lo++;
	return lo;
}

struct opinion_sums { long long meeting, v[6]; };
struct attendance_sums { long long meeting, v[3]; };
struct talk_row { long long meeting, a, b; };
struct oversee_row { long long team, person, dept, head; };
/* One group of ledger items: same meeting (own) or team (carried), year,
 * status, sent_back and deadline class; n items, the smallest id first. */
struct item_group {
	long long key, year, n, first;
	int sent_back, deadline, carried;
	char status[16];
};
struct member_row {
	long long meeting, person;
	int is_head, final;
	long long opinions;
	json_t *person_id, *name, *material_id, *state, *current_version, *rewrite_due;
};

struct status_facts {
	int today, far, brief, opinions; /* brief: no per-meeting detail; opinions: load the counts anyway */
	json_t *info;  /* meeting rows, in output order */
	json_t *heads; /* person id -> name of the departments' heads */
	json_t *why[3]; /* the reasons of a missing talk, shared by every missing pair */
	struct vec ops, att, talks, ov, own, carry, mem;
};

static void facts_free(struct status_facts *f)
{
	json_decref(f->info);
	json_decref(f->heads);
	for (int k = 0; k < 3; k++)
		json_decref(f->why[k]);
	for (size_t i = 0; i < f->mem.n; i++) {
		struct member_row *m = vec_at(&f->mem, i);
		json_decref(m->person_id);
		json_decref(m->name);
		json_decref(m->material_id);
		json_decref(m->state);
		json_decref(m->current_version);
		json_decref(m->rewrite_due);
	}
	free(f->ops.p);
	free(f->att.p);
	free(f->talks.p);
	free(f->ov.p);
	free(f->own.p);
	free(f->carry.p);
	free(f->mem.p);
}

static int ops_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)names, (void)lens;
	struct opinion_sums *o = vec_push(ctx);
	o->meeting = num(v[0]);
	for (int i = 1; i < n && i <= 6; i++)
		o->v[i - 1] = num(v[i]);
	return 0;
}

static int att_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)names, (void)lens;
	struct attendance_sums *a = vec_push(ctx);
	a->meeting = num(v[0]);
	for (int i = 1; i < n && i <= 3; i++)
		a->v[i - 1] = num(v[i]);
	return 0;
}

static int talk_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names, (void)lens;
	struct talk_row *t = vec_push(ctx);
	t->meeting = num(v[0]);
	t->a = num(v[1]);
	t->b = num(v[2]);
	return 0;
}

static int ov_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names, (void)lens;
	struct oversee_row *o = vec_push(ctx);
	o->team = num(v[0]);
	o->person = num(v[1]);
	o->dept = num(v[2]);
	o->head = num(v[3]);
	return 0;
}

struct group_ctx {
	struct vec *v;
	int today, far, carried;
};

/* key, year, status, sent_back, deadline class, count, min(id). The class is
 * NULL (no deadline), 'past' (before today), 'far' (after the largest warning
 * window) or the date itself (inside the window): enough for mj_item_warning. */
static int group_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names;
	struct group_ctx *c = ctx;
	struct item_group *g = vec_push(c->v);
	g->key = num(v[0]);
	g->year = num(v[1]);
	snprintf(g->status, sizeof g->status, "%.*s", v[2] ? (int)lens[2] : 0, v[2] ? v[2] : "");
	g->sent_back = (int)num(v[3]);
	if (!v[4])
		g->deadline = MJ_DATE_NONE;
	else if (strcmp(v[4], "past") == 0)
		g->deadline = c->today - 1;
	else if (strcmp(v[4], "far") == 0)
		g->deadline = c->far + 1;
	else
		g->deadline = date_or_none(v[4]);
	g->n = num(v[5]);
	g->first = num(v[6]);
	g->carried = c->carried;
	return 0;
}

static int mem_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names;
	struct status_facts *f = ctx;
	struct member_row *m = vec_push(&f->mem);
	m->meeting = num(v[0]);
	m->person = num(v[1]);
	m->is_head = num(v[7]) != 0;
	m->final = v[4] && strcmp(v[4], "final") == 0;
	if (f->brief)
		return 0;
	m->person_id = cell(v[1], lens[1]);
	m->name = cell(v[2], lens[2]);
	m->material_id = cell(v[3], lens[3]);
	m->state = cell(v[4], lens[4]);
	m->current_version = cell(v[5], lens[5]);
	m->rewrite_due = cell(v[6], lens[6]);
	m->opinions = num(v[8]);
	return 0;
}

static int heads_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names;
	char k[24];
	snprintf(k, sizeof k, "%lld", num(v[0]));
	json_object_set_new(ctx, k, cell(v[1], lens[1]));
	return 0;
}

static int ll_order(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* "(col BETWEEN a AND b OR … OR col IN (…))" for the sorted ids v (repeats
 * skipped): runs of three or more consecutive ids as ranges, which both
 * engines plan as index ranges (PostgreSQL plans a long IN list element by
 * element: tens of ms for 3,000), the others as one IN list. */
void mj_status_id_cond(mj_buf *b, const char *col, const long long *v, size_t n)
{
	mj_buf one = MJ_BUF_INIT;
	size_t i = 0, ones = 0;
	int terms = 0;
	mj_buf_putc(b, '(');
	while (i < n) {
		size_t j = i, len = 1;
		while (j + 1 < n && v[j + 1] <= v[j] + 1) {
			len += v[j + 1] == v[j] + 1;
			j++;
		}
		if (len >= 3) {
			mj_buf_printf(b, "%s%s BETWEEN %lld AND %lld", terms++ ? " OR " : "", col, v[i], v[j]);
		} else
			for (size_t k = i; k <= j; k++)
				if (k == i || v[k] != v[k - 1])
					mj_buf_printf(&one, "%s%lld", ones++ ? "," : "", v[k]);
		i = j + 1;
	}
	if (ones)
		mj_buf_printf(b, "%s%s IN (%s)", terms++ ? " OR " : "", col, one.ptr);
	mj_buf_putc(b, ')');
	mj_buf_free(&one);
}

static int warn_days_of(json_t *info)
{
	return json_is_integer(json_object_get(info, "warn_days")) ? (int)geti(info, "warn_days") : 3;
}

#define ITEM_CLASS "CASE WHEN i.deadline IS NULL THEN NULL WHEN i.deadline < ?2 THEN 'past'" \
		   " WHEN i.deadline <= ?3 THEN i.deadline ELSE 'far' END"
/* ---- the ledger groups of mj_status_line_facts ------------------------------
 *
 * The groups must keep every item's colour decidable on any later day and for
 * any warning window, so the open items (neither done nor closed) whose
 * deadline is today or later come one by one, with their deadline (FUT: an
 * index range per meeting; ODD: the same for statuses or sent_back values
 * the program does not write, looked for only when the counts show some);
 * the rest only counted by (meeting, status, sent_back): done and closed
 * items at once (their colour does not depend on the deadline), open ones
 * split into those without a deadline and those already past. Each query
 * walks the index (meeting_id, status, sent_back, deadline, id) in its
 * order: no sort, and no temporary table for a GROUP BY over a CASE
 * (docs/scale.md). The carried items are read by the earlier meetings' ids
 * and given their team and year here. */
struct early_meeting { long long id, team, year; };
struct dayless_ctx {
	struct vec *v;
	const struct vec *early; /* carried: the earlier meetings, by id; own: NULL */
	long long year;          /* own: the meetings' year is set from info later */
	int today, odd;          /* odd: open items of a later deadline outside FUT */
	long long last_meeting;  /* future rows: the group the next equal row joins */
};

static int dayless_key(struct dayless_ctx *c, long long meeting, struct item_group *g)
{
	if (!c->early) {
		g->key = meeting;
		return 0;
	}
	size_t from, to = vec_range(c->early, meeting, &from);
	if (to == from)
		return 1; /* not an earlier meeting of these teams (cannot happen) */
	const struct early_meeting *e = vec_at(c->early, from);
	g->key = e->team;
	g->year = e->year;
	g->carried = 1;
	return 0;
}

/* meeting_id, status, sent_back, count, min(id), then of those without a
 * deadline, past, and later (count, min(id) each; later: count only) */
static int dayless_fixed_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names;
	struct dayless_ctx *c = ctx;
	struct item_group proto;
	memset(&proto, 0, sizeof proto);
	if (dayless_key(c, num(v[0]), &proto))
		return 0;
	snprintf(proto.status, sizeof proto.status, "%.*s", v[1] ? (int)lens[1] : 0, v[1] ? v[1] : "");
	proto.sent_back = (int)num(v[2]);
	long long all = num(v[3]), undated = num(v[5]), past = num(v[7]), later = num(v[9]);
	int open = strcmp(proto.status, "done") != 0 && strcmp(proto.status, "closed") != 0;
	if (!open || undated) { /* done/closed: the deadline does not count */
		struct item_group *g = vec_push(c->v);
		*g = proto;
		g->deadline = MJ_DATE_NONE;
		g->n = open ? undated : all;
		g->first = num(open ? v[6] : v[4]);
	}
	if (open && past) { /* open, deadline before the day of loading */
		struct item_group *g = vec_push(c->v);
		*g = proto;
		g->deadline = c->today - 1;
		g->n = past;
		g->first = num(v[8]);
	}
	if (open && later) /* only with a status or sent_back the program does not write */
		c->odd = 1;
	return 0;
}

static int dayless_future_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names;
	struct dayless_ctx *c = ctx;
	long long meeting = num(v[0]);
	int sent_back = (int)num(v[2]), deadline = date_or_none(v[3]);
	char status[16];
	snprintf(status, sizeof status, "%.*s", v[1] ? (int)lens[1] : 0, v[1] ? v[1] : "");
	if (c->v->n && c->last_meeting == meeting) {
		struct item_group *g = vec_at(c->v, c->v->n - 1);
		if (g->sent_back == sent_back && g->deadline == deadline && strcmp(g->status, status) == 0) {
			g->n++; /* index order: the first row of a run has the smallest id */
			return 0;
		}
	}
	struct item_group proto;
	memset(&proto, 0, sizeof proto);
	if (dayless_key(c, meeting, &proto))
		return 0;
	struct item_group *g = vec_push(c->v);
	*g = proto;
	memcpy(g->status, status, sizeof status);
	g->sent_back = sent_back;
	g->deadline = deadline;
	g->n = 1;
	g->first = num(v[4]);
	c->last_meeting = meeting;
	return 0;
}

static int early_cb(void *ctx, int n, const char *const *names, const char *const *v, const size_t *lens)
{
	(void)n, (void)names, (void)lens;
	struct early_meeting *e = vec_push(ctx);
	e->id = num(v[0]);
	e->team = num(v[1]);
	e->year = num(v[2]);
	return 0;
}

static int group_key_order(const void *a, const void *b)
{
	const struct item_group *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* f->own and f->carry of the meetings mid_i (a condition on i.meeting_id) and
 * their teams tm_m (on m.team_id), the carried ones of years before maxyear. */
static int items_dayless(mj_store *s, struct status_facts *f, const char *param, const char *mid_i, const char *tm_m,
			 const char *maxyear)
{
	mj_buf q = MJ_BUF_INIT;
	struct vec early = {NULL, 0, 0, sizeof(struct early_meeting)};
	char d0[11];
	mj_date_format(f->today, d0);
	const char *p2[] = {param, d0}, *p3[] = {param, d0, maxyear}, *p2y[] = {param, maxyear};
	struct dayless_ctx own = {&f->own, NULL, 0, f->today, 0, 0}, carry = {&f->carry, &early, 0, f->today, 0, 0};
	int rc;
#define Q(...) (mj_buf_reset(&q), mj_buf_printf(&q, __VA_ARGS__), q.ptr)
#define FIXED "SELECT i.meeting_id, i.status, i.sent_back, count(*), min(i.id)," \
	      " sum(CASE WHEN i.deadline IS NULL THEN 1 ELSE 0 END), min(CASE WHEN i.deadline IS NULL THEN i.id END)," \
	      " sum(CASE WHEN i.deadline < ?2 THEN 1 ELSE 0 END), min(CASE WHEN i.deadline < ?2 THEN i.id END)," \
	      " sum(CASE WHEN i.deadline >= ?2 THEN 1 ELSE 0 END) FROM item i"
#define ROWS "SELECT i.meeting_id, i.status, i.sent_back, i.deadline, i.id FROM item i"
/* the open items of a later deadline, as the program writes them: an index
 * range per meeting (status, sent_back and deadline bounded) */
#define FUT "i.status IN ('todo', 'doing') AND i.sent_back IN (0, 1) AND i.deadline >= ?2"
#define NOT_FUT "(i.status NOT IN ('todo', 'doing') OR i.sent_back NOT IN (0, 1) OR i.deadline IS NULL OR i.deadline < ?2)"
/* the rest of the open items of a later deadline (none unless written behind the program's back) */
#define ODD NOT_FUT " AND i.status NOT IN ('done', 'closed') AND i.deadline >= ?2"
#define ORDER " ORDER BY i.meeting_id, i.status, i.sent_back, i.deadline, i.id"
#define EARLY "i.meeting_id IN (SELECT m.id FROM meeting m WHERE %s AND m.year < ?3)"
	if ((rc = mj_store_exec(s, Q(FIXED " WHERE %s AND ?1 = ?1 AND " NOT_FUT
				    " GROUP BY i.meeting_id, i.status, i.sent_back ORDER BY i.meeting_id, i.status, i.sent_back",
				    mid_i), 2, p2, dayless_fixed_cb, &own)) ||
	    (rc = mj_store_exec(s, Q(ROWS " WHERE %s AND ?1 = ?1 AND " FUT ORDER, mid_i), 2, p2, dayless_future_cb, &own)) ||
	    (own.odd && (own.last_meeting = 0,
			 rc = mj_store_exec(s, Q(ROWS " WHERE %s AND ?1 = ?1 AND " ODD ORDER, mid_i), 2, p2,
					    dayless_future_cb, &own))) ||
	    (rc = mj_store_exec(s, Q("SELECT m.id, m.team_id, m.year FROM meeting m WHERE %s AND ?1 = ?1 AND m.year < ?2"
				    " ORDER BY m.id", tm_m), 2, p2y, early_cb, &early)))
		goto done;
	if (early.n &&
	    ((rc = mj_store_exec(s, Q(FIXED " WHERE " EARLY " AND ?1 = ?1 AND i.status <> 'closed' AND " NOT_FUT
				     " GROUP BY i.meeting_id, i.status, i.sent_back ORDER BY i.meeting_id, i.status, i.sent_back",
				     tm_m), 3, p3, dayless_fixed_cb, &carry)) ||
	     (rc = mj_store_exec(s, Q(ROWS " WHERE " EARLY " AND ?1 = ?1 AND " FUT ORDER, tm_m), 3, p3,
				 dayless_future_cb, &carry)) ||
	     (carry.odd && (carry.last_meeting = 0,
			    rc = mj_store_exec(s, Q(ROWS " WHERE " EARLY " AND ?1 = ?1 AND " ODD ORDER, tm_m), 3, p3,
					       dayless_future_cb, &carry)))))
		goto done;
#undef Q
#undef FIXED
#undef ROWS
#undef FUT
#undef NOT_FUT
#undef ODD
#undef ORDER
#undef EARLY
	/* by meeting (own) and team (carried), as vec_range needs them */
	if (f->own.n)
		qsort(f->own.p, f->own.n, f->own.size, group_key_order);
	if (f->carry.n)
		qsort(f->carry.p, f->carry.n, f->carry.size, group_key_order);
done:
	free(early.p);
	mj_buf_free(&q);
	return rc;
}

/* Loads the facts of every meeting m for which `where` (SQL on meeting m,
 * with ?1 = param) holds; brief: only those a roll-up line needs (plus the
 * opinion counts when `opinions`); dayless: the ledger items as
 * items_dayless groups them instead of by ITEM_CLASS. */
static int facts_load(mj_store *s, const char *where, const char *param, int today, int brief, int opinions,
		      int dayless, struct status_facts *f)
{
	mj_buf q = MJ_BUF_INIT, mw = MJ_BUF_INIT, tm_m = MJ_BUF_INIT, tm_o = MJ_BUF_INIT, mid_i = MJ_BUF_INIT;
	int rc;
	memset(f, 0, sizeof *f);
	f->today = today;
	f->brief = brief;
	f->opinions = opinions || !brief;
	f->ops.size = sizeof(struct opinion_sums);
	f->att.size = sizeof(struct attendance_sums);
	f->talks.size = sizeof(struct talk_row);
	f->ov.size = sizeof(struct oversee_row);
	f->own.size = f->carry.size = sizeof(struct item_group);
	f->mem.size = sizeof(struct member_row);
	f->heads = json_object();
	f->why[0] = json_string("head_member");
	f->why[1] = json_string("member_member");
	f->why[2] = json_string("oversees");
	const char *p1[] = {param};
#define Q(...) (mj_buf_reset(&q), mj_buf_printf(&q, __VA_ARGS__), q.ptr)
	if ((rc = mj_store_rows(s, &f->info,
				Q("SELECT m.*, t.name AS team_name, t.kind AS team_kind, n.plan_lead_days, n.report_due_days,"
				  " n.warn_days, n.theme FROM meeting m JOIN team t ON t.id = m.team_id"
				  " LEFT JOIN notice n ON n.id = m.notice_id WHERE %s ORDER BY t.id, m.id", where),
				1, p1)))
		goto done;
	if (json_array_size(f->info) == 0)
		goto done;
	/* the deadline classes: today and the end of the widest warning window */
	int maxw = 0;
	long long maxyear = 0;
	size_t i;
	json_t *r;
	json_array_foreach(f->info, i, r) {
		int w = warn_days_of(r);
		if (w < 0)
			w = MJ_WARN_DAYS_DEFAULT;
		if (w > maxw)
			maxw = w;
		if (geti(r, "year") > maxyear)
			maxyear = geti(r, "year");
	}
	f->far = today + maxw;
	/* The other queries name the loaded meetings and their teams by id
	 * instead of repeating the condition: a condition on the reader's teams
	 * (the web roll-up) is a subquery that PostgreSQL joins by hashing,
	 * losing the meetings' id order, and then sorts every ledger item;
	 * with the ids it walks the meetings in order. The ids come from the
	 * database (integers only), and ?1 stays bound. */
	if (json_array_size(f->info) > 1) {
		size_t n = json_array_size(f->info);
		long long *tm = mj_calloc(n, sizeof *tm), *mt = mj_calloc(n, sizeof *mt);
		json_array_foreach(f->info, i, r) {
			mt[i] = geti(r, "id");
			tm[i] = geti(r, "team_id");
		}
		qsort(mt, n, sizeof *mt, ll_order);
		qsort(tm, n, sizeof *tm, ll_order);
		mj_status_id_cond(&mw, "m.id", mt, n);
		mj_buf_puts(&mw, " AND ?1 = ?1");
		mj_status_id_cond(&mid_i, "i.meeting_id", mt, n);
		mj_status_id_cond(&tm_m, "m.team_id", tm, n);
		mj_status_id_cond(&tm_o, "o.team_id", tm, n);
		free(tm);
		free(mt);
		where = mw.ptr;
	} else {
		long long one = geti(json_array_get(f->info, 0), "id");
		mj_status_id_cond(&mid_i, "i.meeting_id", &one, 1);
		mj_buf_printf(&tm_m, "m.team_id IN (SELECT m.team_id FROM meeting m WHERE %s)", where);
		mj_buf_printf(&tm_o, "o.team_id IN (SELECT m.team_id FROM meeting m WHERE %s)", where);
	}
	char d0[11], d1[11], y[24];
	mj_date_format(today, d0);
	mj_date_format(f->far, d1);
	snprintf(y, sizeof y, "%lld", maxyear);
	const char *p4[] = {param, d0, d1, y};
	struct group_ctx own = {&f->own, today, f->far, 0}, carry = {&f->carry, today, f->far, 1};

	if ((f->opinions && (rc = mj_store_exec(s, Q("SELECT o.meeting_id, count(*), sum(CASE WHEN o.about_id IS NULL THEN 1 ELSE 0 END),"
				     " sum(CASE WHEN o.duplicate_of IS NOT NULL THEN 1 ELSE 0 END), sum(o.anonymous),"
				     " sum(CASE WHEN o.feedback_on IS NOT NULL AND o.about_id IS NOT NULL THEN 1 ELSE 0 END),"
				     " sum(CASE WHEN o.about_id IS NOT NULL THEN 1 ELSE 0 END)"
				     " FROM opinion o JOIN meeting m ON m.id = o.meeting_id WHERE %s"
				     " GROUP BY o.meeting_id ORDER BY o.meeting_id", where), 1, p1, ops_cb, &f->ops))) ||
	    (brief && (rc = mj_store_exec(s, Q("SELECT m.id, mb.person_id, NULL, NULL, x.state, NULL, NULL,"
					       " CASE WHEN mb.is_head <> 0 OR t.head_id = mb.person_id THEN 1 ELSE 0 END, 0"
					       " FROM meeting m JOIN team t ON t.id = m.team_id JOIN member mb ON mb.team_id = m.team_id"
					       " LEFT JOIN material x ON x.meeting_id = m.id AND x.person_id = mb.person_id AND x.kind = 'member'"
					       " WHERE %s ORDER BY m.id, mb.ord, mb.id", where), 1, p1, mem_cb, f))) ||
	    (!brief && (rc = mj_store_exec(s, Q("SELECT m.id, p.id, p.name, x.id, x.state, x.current_version, x.rewrite_due,"
				     " CASE WHEN mb.is_head <> 0 OR t.head_id = mb.person_id THEN 1 ELSE 0 END, coalesce(c.n, 0)"
				     " FROM meeting m JOIN team t ON t.id = m.team_id JOIN member mb ON mb.team_id = m.team_id"
				     " JOIN person p ON p.id = mb.person_id"
				     " LEFT JOIN material x ON x.meeting_id = m.id AND x.person_id = mb.person_id AND x.kind = 'member'"
				     " LEFT JOIN (SELECT o.meeting_id, o.about_id, count(*) AS n FROM opinion o"
				     "  JOIN meeting m ON m.id = o.meeting_id WHERE %s AND o.about_id IS NOT NULL"
				     "  AND o.duplicate_of IS NULL GROUP BY o.meeting_id, o.about_id) c"
				     "  ON c.meeting_id = m.id AND c.about_id = mb.person_id"
				     " WHERE %s ORDER BY m.id, mb.ord, mb.id", where, where), 1, p1, mem_cb, f))) ||
	    (rc = mj_store_exec(s, Q("SELECT k.meeting_id, k.a_id, k.b_id FROM talk k JOIN meeting m ON m.id = k.meeting_id"
				     " WHERE %s ORDER BY k.meeting_id, k.id", where), 1, p1, talk_cb, &f->talks)) ||
	    (rc = mj_store_exec(s, Q("SELECT o.team_id, o.person_id, o.dept_id, g.head_id FROM oversee o"
				     " JOIN org g ON g.id = o.dept_id WHERE %s AND ?1 = ?1"
				     " ORDER BY o.team_id, o.id", tm_o.ptr), 1, p1, ov_cb, &f->ov)) ||
	    (!brief && (rc = mj_store_exec(s, Q("SELECT p.id, p.name FROM person p WHERE p.id IN (SELECT g.head_id FROM oversee o"
				     " JOIN org g ON g.id = o.dept_id WHERE %s) AND ?1 = ?1",
				     tm_o.ptr), 1, p1, heads_cb, f->heads))) ||
	    (!brief && (rc = mj_store_exec(s, Q("SELECT a.meeting_id,"
				     " coalesce(sum(CASE WHEN a.should_attend <> 0 AND a.is_supervisor = 0 THEN 1 ELSE 0 END),0),"
				     " coalesce(sum(CASE WHEN a.attended <> 0 AND a.should_attend <> 0 AND a.is_supervisor = 0 THEN 1 ELSE 0 END),0),"
				     " coalesce(sum(CASE WHEN a.is_supervisor <> 0 AND a.attended <> 0 THEN 1 ELSE 0 END),0)"
				     " FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE %s"
				     " GROUP BY a.meeting_id ORDER BY a.meeting_id", where), 1, p1, att_cb, &f->att))) ||
	    (dayless && (rc = items_dayless(s, f, param, mid_i.ptr, tm_m.ptr, y))) ||
	    /* the meetings' own items */
	    (!dayless && (rc = mj_store_exec(s, Q("SELECT i.meeting_id, m.year, i.status, i.sent_back, " ITEM_CLASS ", count(*), min(i.id)"
				     " FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE %s"
				     " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1", where), 3, p4, group_cb, &own))) ||
	    /* the open items of the same teams' earlier years, carried over */
	    (!dayless && (rc = mj_store_exec(s, Q("SELECT m.team_id, m.year, i.status, i.sent_back, " ITEM_CLASS ", count(*), min(i.id)"
				     " FROM item i JOIN meeting m ON m.id = i.meeting_id"
				     " WHERE %s AND ?1 = ?1 AND m.year < ?4"
				     " AND i.status <> 'closed' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1", tm_m.ptr), 4, p4, group_cb, &carry))))
		goto done;
#undef Q
done:
	mj_buf_free(&q);
	mj_buf_free(&mw);
	mj_buf_free(&tm_m);
	mj_buf_free(&tm_o);
	mj_buf_free(&mid_i);
	return rc;
}

/* Talk coverage of the meeting into out ({required, covered, percent,
 * missing}), or with out NULL only its percentage into *pct. */
static int talks_build(struct status_facts *f, json_t *info, size_t m0, size_t m1, json_t *out, int *pct)
{
	long long mid = geti(info, "id"), team = geti(info, "team_id");
	size_t t0, t1 = vec_range(&f->talks, mid, &t0), o0, o1 = vec_range(&f->ov, team, &o0), nm = m1 - m0, i;
	struct mj_team_member *mem = mj_calloc(nm + 1, sizeof *mem);
	struct mj_oversees *os = mj_calloc(o1 - o0 + 1, sizeof *os);
	struct mj_talk *tk = mj_calloc(t1 - t0 + 1, sizeof *tk);
	struct mj_talk_coverage cov = {0};
	int heads = 0, rc;
	for (i = 0; i < nm; i++) {
		struct member_row *r = vec_at(&f->mem, m0 + i);
		mem[i].person_id = r->person;
		mem[i].is_head = r->is_head && !heads;
		heads += mem[i].is_head;
	}
	for (i = o0; i < o1; i++) {
		struct oversee_row *r = vec_at(&f->ov, i);
		os[i - o0].member_id = r->person;
		os[i - o0].dept_id = r->dept;
		os[i - o0].dept_head_id = r->head;
	}
	for (i = t0; i < t1; i++) {
		struct talk_row *r = vec_at(&f->talks, i);
		tk[i - t0].a = r->a;
		tk[i - t0].b = r->b;
	}
	if ((rc = mj_talk_coverage_build(&cov, mem, nm, os, o1 - o0, tk, t1 - t0)))
		goto cleanup;
	if (!out) {
		*pct = mj_talk_coverage_percent(&cov);
		goto cleanup;
	}
	json_object_set_new(out, "required", json_integer((long long)cov.n_pairs));
	json_object_set_new(out, "covered", json_integer((long long)cov.n_covered));
	json_object_set_new(out, "percent", json_integer(mj_talk_coverage_percent(&cov)));
	json_t *missing = json_array();
	for (i = 0; i < cov.n_missing; i++) {
		long long ids[2] = {cov.missing[i].a, cov.missing[i].b};
		json_t *nm2[2] = {NULL, NULL}, *id2[2] = {NULL, NULL};
		for (int k = 0; k < 2; k++) {
			for (size_t j = m0; j < m1 && !nm2[k]; j++) {
				struct member_row *r = vec_at(&f->mem, j);
				if (r->person == ids[k] && json_is_integer(r->person_id)) {
					nm2[k] = r->name;
					id2[k] = json_incref(r->person_id);
				}
			}
			if (!nm2[k]) {
				char key[24];
				snprintf(key, sizeof key, "%lld", ids[k]);
				nm2[k] = json_object_get(f->heads, key);
			}
		}
		json_t *m = json_object();
		json_object_set_new(m, "a_id", id2[0] ? id2[0] : json_integer(ids[0]));
		json_object_set(m, "a_name", nm2[0] ? nm2[0] : json_null());
		json_object_set_new(m, "b_id", id2[1] ? id2[1] : json_integer(ids[1]));
		json_object_set(m, "b_name", nm2[1] ? nm2[1] : json_null());
		json_t *why = json_array();
		if (cov.missing[i].reasons & MJ_TALK_HEAD_MEMBER)
			json_array_append(why, f->why[0]);
		if (cov.missing[i].reasons & MJ_TALK_MEMBER_MEMBER)
			json_array_append(why, f->why[1]);
		if (cov.missing[i].reasons & MJ_TALK_OVERSEES)
			json_array_append(why, f->why[2]);
		json_object_set_new(m, "reasons", why);
		json_array_append_new(missing, m);
	}
	json_object_set_new(out, "missing", missing);
cleanup:
	mj_talk_coverage_free(&cov);
	free(mem);
	free(os);
	free(tk);
	return rc;
}

static int group_order(const void *a, const void *b)
{
	const struct item_group *x = *(const struct item_group *const *)a, *y = *(const struct item_group *const *)b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The ledger as seen from the meeting: its own items and the open items of
 * the team's earlier years. Colours and statuses are counted in the order of
 * their first item by (year, id), as the rows of mj_ledger_rows come. */
static json_t *ledger_build(struct status_facts *f, json_t *info, int warn_days)
{
	long long mid = geti(info, "id"), team = geti(info, "team_id"), year = geti(info, "year");
	size_t a0, a1 = vec_range(&f->own, mid, &a0), c0, c1 = vec_range(&f->carry, team, &c0), n = 0, i;
	const struct item_group **gs = mj_calloc(a1 - a0 + c1 - c0 + 1, sizeof *gs);
	for (i = c0; i < c1; i++) {
		const struct item_group *g = vec_at(&f->carry, i);
		if (g->year < year)
			gs[n++] = g;
	}
	for (i = a0; i < a1; i++)
		gs[n++] = vec_at(&f->own, i);
	qsort(gs, n, sizeof *gs, group_order);
	json_t *led = json_object(), *bycolor = json_object(), *bystatus = json_object();
	long long total = 0, carried = 0;
	for (i = 0; i < n; i++) {
		const struct item_group *g = gs[i];
		enum mj_item_status st = MJ_ITEM_TODO;
		mj_item_status_parse(&st, g->status[0] ? g->status : "todo");
		const char *c = mj_warning_code(mj_item_warning(st, g->deadline, g->sent_back, f->today, warn_days));
		json_object_set_new(bycolor, c, json_integer(geti(bycolor, c) + g->n));
		json_object_set_new(bystatus, g->status, json_integer(geti(bystatus, g->status) + g->n));
		total += g->n;
		carried += g->carried ? g->n : 0;
	}
	free(gs);
	json_object_set_new(led, "total", json_integer(total));
	json_object_set_new(led, "carried", json_integer(carried));
	json_object_set_new(led, "by_color", bycolor);
	json_object_set_new(led, "by_status", bystatus);
	return led;
}

/* The status of one loaded meeting (the object documented at mj_status_meeting). */
static int status_build(struct status_facts *f, json_t *info, json_t **out)
{
	long long mid = geti(info, "id");
	json_t *res = json_object();
	size_t i, m0, m1 = vec_range(&f->mem, mid, &m0), x0, x1;
	int rc;
	*out = NULL;
	json_object_set(res, "meeting", info);

	/* opinions */
	static const char *const opk[] = {"total", "about_team", "duplicates", "anonymous", "fed_back", "about_members"};
	json_t *op = json_object(), *per = json_array();
	x1 = vec_range(&f->ops, mid, &x0);
	for (int k = 0; k < 6; k++)
		json_object_set_new(op, opk[k], json_integer(x1 > x0 ? ((struct opinion_sums *)vec_at(&f->ops, x0))->v[k] : 0));
	for (i = m0; i < m1; i++) {
		struct member_row *r = vec_at(&f->mem, i);
		json_t *o = json_object();
		json_object_set(o, "person_id", r->person_id);
		json_object_set(o, "name", r->name);
		json_object_set_new(o, "count", json_integer(r->opinions));
		json_array_append_new(per, o);
	}
	json_object_set_new(op, "per_member", per);
	json_object_set_new(res, "opinions", op);

	/* talks */
	json_t *talks = json_object();
	json_object_set_new(res, "talks", talks);
	if ((rc = talks_build(f, info, m0, m1, talks, NULL))) {
		json_decref(res);
		return rc;
	}

	/* materials */
	json_t *mat = json_object(), *counts = json_object(), *members = json_array();
	for (i = m0; i < m1; i++) {
		struct member_row *r = vec_at(&f->mem, i);
		const char *stt = json_is_string(r->state) ? json_string_value(r->state) : "missing";
		json_object_set_new(counts, stt, json_integer(geti(counts, stt) + 1));
		json_t *o = json_object();
		json_object_set(o, "person_id", r->person_id);
		json_object_set(o, "name", r->name);
		json_object_set(o, "material_id", r->material_id);
		json_object_set(o, "state", r->state);
		json_object_set(o, "current_version", r->current_version);
		json_object_set(o, "rewrite_due", r->rewrite_due);
		json_array_append_new(members, o);
	}
	json_object_set_new(mat, "by_state", counts);
	json_object_set_new(mat, "members", members);
	json_object_set_new(res, "materials", mat);

	/* attendance and quorum */
	json_t *att = json_object();
	x1 = vec_range(&f->att, mid, &x0);
	struct attendance_sums *as = x1 > x0 ? vec_at(&f->att, x0) : NULL;
	json_object_set_new(att, "should", json_integer(as ? as->v[0] : 0));
	json_object_set_new(att, "attended", json_integer(as ? as->v[1] : 0));
	json_object_set_new(att, "supervisors", json_integer(as ? as->v[2] : 0));
	struct mj_quorum q = {0};
	if (geti(att, "should") > 0 && mj_quorum_check(&q, (int)geti(att, "should"), (int)geti(att, "attended")) == 0) {
		json_object_set_new(att, "quorum_met", json_boolean(q.met));
		json_object_set_new(att, "needed", json_integer(q.needed));
	} else {
		json_object_set_new(att, "quorum_met", json_null());
		json_object_set_new(att, "needed", json_null());
	}
	json_object_set_new(res, "attendance", att);

	/* deadlines */
	json_t *dl = json_object();
	struct mj_deadline_config cfg = {
		json_is_integer(json_object_get(info, "plan_lead_days")) ? (int)geti(info, "plan_lead_days") : 10,
		json_is_integer(json_object_get(info, "report_due_days")) ? (int)geti(info, "report_due_days") : 15,
		warn_days_of(info)};
	int held = date_or_none(gets(info, "actual_date"));
	int planned = date_or_none(gets(info, "planned_date"));
	int mdate = held != MJ_DATE_NONE ? held : planned;
	struct mj_meeting_deadlines md;
	if (mdate != MJ_DATE_NONE && mj_meeting_deadlines_compute(&md, mdate, &cfg, f->today) == 0) {
		set_date(dl, "plan_due", md.plan_due);
		json_object_set_new(dl, "plan_days_left", gets(info, "plan_sent_on") ? json_null() : json_integer(md.plan_days_left));
		set_date(dl, "report_due", md.report_due);
		json_object_set_new(dl, "report_days_left",
				    gets(info, "report_sent_on") || held == MJ_DATE_NONE ? json_null() : json_integer(md.report_days_left));
		json_object_set_new(dl, "days_to_meeting", held == MJ_DATE_NONE ? json_integer(mj_days_left(planned, f->today)) : json_null());
	}
	json_object_set(dl, "plan_sent_on", json_object_get(info, "plan_sent_on"));
	json_object_set(dl, "report_sent_on", json_object_get(info, "report_sent_on"));
	json_object_set_new(res, "deadlines", dl);

	/* ledger */
	json_object_set_new(res, "ledger", ledger_build(f, info, cfg.warn_days));
	*out = res;
	return 0;
}

int mj_status_many(mj_store *s, const char *where, const char *param, int today, json_t **out)
{
	struct status_facts f;
	json_t *list = json_array();
	size_t i;
	json_t *info;
	int rc;
	*out = NULL;
	if ((rc = facts_load(s, where, param, today, 0, 0, 0, &f)))
		goto done;
	json_array_foreach(f.info, i, info) {
		json_t *st;
		if ((rc = status_build(&f, info, &st)))
			goto done;
		json_array_append_new(list, st);
	}
	*out = list;
	list = NULL;
done:
	facts_free(&f);
	json_decref(list);
	return rc;
}

int mj_status_meeting(mj_store *s, long long meeting_id, int today, json_t **out)
{
	char mid[24];
	json_t *list = NULL;
	int rc;
	*out = NULL;
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	if ((rc = mj_status_many(s, "m.id = ?1", mid, today, &list)))
		return rc;
	if (json_array_size(list) == 0)
		rc = mj_error_set(MJ_ENOTFOUND, "会议编号 %lld 不存在", meeting_id);
	else
		*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return rc;
}

int mj_status_overview(mj_store *s, int year, int today, json_t **out)
{
	json_t *list = NULL;
	char y[24];
	int rc;
	long long yr = year;
	*out = NULL;
	if (!yr && (rc = mj_store_int(s, &yr, "SELECT max(year) FROM meeting", 0, NULL)))
		return rc;
	snprintf(y, sizeof y, "%lld", yr);
	if ((rc = mj_status_many(s, "m.year = ?1", y, today, &list)))
		return rc;
	*out = json_object();
	json_object_set_new(*out, "year", json_integer(yr));
	json_object_set_new(*out, "meetings", list);
	return 0;
}

/* The roll-up lines of the meetings loaded in f. overview: as
 * mj_status_overview_brief (the meeting row and the opinion count too, and a
 * failing talk coverage fails the whole, as in mj_status_many); else as
 * mj_status_brief. */
static int brief_lines(struct status_facts *f, int overview, json_t *list)
{
	size_t i;
	json_t *info;
	json_array_foreach(f->info, i, info) {
		long long mid = geti(info, "id");
		size_t m0, m1 = vec_range(&f->mem, mid, &m0), k;
		long long fin = 0;
		int pct = 0, rc;
		for (k = m0; k < m1; k++)
			fin += ((struct member_row *)vec_at(&f->mem, k))->final;
		if ((rc = talks_build(f, info, m0, m1, NULL, &pct))) {
			if (overview)
				return rc;
			mj_error_clear();
			pct = 0;
		}
		json_t *led = ledger_build(f, info, warn_days_of(info)), *line;
		if (overview) {
			size_t x0, x1 = vec_range(&f->ops, mid, &x0);
			line = json_pack("{s:O,s:I,s:i,s:I,s:I,s:O}", "meeting", info, "opinions_total",
					 (json_int_t)(x1 > x0 ? ((struct opinion_sums *)vec_at(&f->ops, x0))->v[0] : 0),
					 "talk_percent", pct, "materials_final", (json_int_t)fin, "materials_total",
					 (json_int_t)(m1 - m0), "ledger_by_color", json_object_get(led, "by_color"));
		} else
			line = json_pack("{s:I,s:i,s:I,s:I,s:O,s:O}", "meeting_id", (json_int_t)mid, "talk_percent", pct,
					 "materials_final", (json_int_t)fin, "materials_total", (json_int_t)(m1 - m0),
					 "ledger_by_color", json_object_get(led, "by_color"), "ledger_total",
					 json_object_get(led, "total"));
		json_decref(led);
		json_array_append_new(list, line);
	}
	return 0;
}

int mj_status_brief(mj_store *s, const char *where, const char *param, int today, json_t **out)
{
	struct status_facts f;
	json_t *list = json_array();
	int rc;
	*out = NULL;
	if ((rc = facts_load(s, where, param, today, 1, 0, 0, &f)) || (rc = brief_lines(&f, 0, list)))
		goto done;
	*out = list;
	list = NULL;
done:
	facts_free(&f);
	json_decref(list);
	return rc;
}

int mj_status_overview_brief(mj_store *s, int year, int today, json_t **out)
{
	struct status_facts f;
	json_t *list = json_array();
	char y[24];
	long long yr = year;
	int rc;
	*out = NULL;
	memset(&f, 0, sizeof f);
	if (!yr && (rc = mj_store_int(s, &yr, "SELECT max(year) FROM meeting", 0, NULL)))
		goto done;
	snprintf(y, sizeof y, "%lld", yr);
	if ((rc = facts_load(s, "m.year = ?1", y, today, 1, 1, 0, &f)) || (rc = brief_lines(&f, 1, list)))
		goto done;
	*out = json_object();
	json_object_set_new(*out, "year", json_integer(yr));
	json_object_set_new(*out, "meetings", list);
	list = NULL;
done:
	facts_free(&f);
	json_decref(list);
	return rc;
}

/* ---- roll-up lines that outlive the day ------------------------------------
 *
 * What mj_status_brief computes for a line, kept apart from the day and the
 * warning window: the figures that depend on neither, and the ledger's
 * groups with their deadlines (ITEM_CLASS_DAYLESS: a deadline already past
 * on the day of loading stays past; done and closed items, and items
 * without a deadline, keep their colour whatever the day). The colours are
 * decided by mj_line_facts_brief with mj_item_warning, item group by item
 * group as ledger_build does, so the line is the one mj_status_brief
 * computes on that day (tests/cli/test_rollup_rev.sh compares them). */

int mj_status_line_facts(mj_store *s, const char *where, const char *param, int today, struct mj_line_facts **out,
			 size_t *n)
{
	struct status_facts f;
	size_t i, k;
	json_t *info;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = facts_load(s, where, param, today, 1, 0, 1, &f))) {
		facts_free(&f);
		return rc;
	}
	struct mj_line_facts *v = mj_calloc(json_array_size(f.info) + 1, sizeof *v);
	json_array_foreach(f.info, i, info) {
		struct mj_line_facts *l = &v[i];
		long long mid = geti(info, "id"), team = geti(info, "team_id"), year = geti(info, "year");
		size_t m0, m1 = vec_range(&f.mem, mid, &m0), a0, a1 = vec_range(&f.own, mid, &a0), c0,
			   c1 = vec_range(&f.carry, team, &c0);
		l->meeting_id = mid;
		l->since = today;
		for (k = m0; k < m1; k++)
			l->materials_final += ((struct member_row *)vec_at(&f.mem, k))->final;
		l->materials_total = (long long)(m1 - m0);
		if (talks_build(&f, info, m0, m1, NULL, &l->talk_percent)) {
			mj_error_clear();
			l->talk_percent = 0;
		}
		l->groups = mj_calloc(a1 - a0 + c1 - c0 + 1, sizeof *l->groups);
		for (k = c0; k < a1 - a0 + c1; k++) {
			const struct item_group *g = k < c1 ? vec_at(&f.carry, k) : vec_at(&f.own, a0 + k - c1);
			if (g->carried && g->year >= year)
				continue;
			struct mj_line_group *o = &l->groups[l->ngroups++];
			enum mj_item_status st = MJ_ITEM_TODO;
			mj_item_status_parse(&st, g->status[0] ? g->status : "todo");
			o->status = (int)st;
			o->deadline = g->deadline;
			o->sent_back = g->sent_back;
			o->n = g->n;
			o->year = g->carried ? g->year : year;
			o->first = g->first;
			l->ledger_total += g->n;
		}
	}
	*n = json_array_size(f.info);
	*out = v;
	facts_free(&f);
	return 0;
}

json_t *mj_line_facts_brief(const struct mj_line_facts *l, int today, int warn_days)
{
	long long cnt[MJ_WARNING_COUNT] = {0}, year[MJ_WARNING_COUNT] = {0}, first[MJ_WARNING_COUNT] = {0};
	int order[MJ_WARNING_COUNT], no = 0;
	for (size_t i = 0; i < l->ngroups; i++) {
		const struct mj_line_group *g = &l->groups[i];
		int c = (int)mj_item_warning((enum mj_item_status)g->status, g->deadline, g->sent_back, today, warn_days);
		if (c < 0 || c >= MJ_WARNING_COUNT)
			continue;
		if (!cnt[c] || g->year < year[c] || (g->year == year[c] && g->first < first[c])) {
			year[c] = g->year;
			first[c] = g->first;
		}
		cnt[c] += g->n;
	}
	/* the colours in the order of their first item by (year, id), as ledger_build sets them */
	for (int c = 0; c < MJ_WARNING_COUNT; c++) {
		if (!cnt[c])
			continue;
		int j = no++;
		while (j > 0 && (year[order[j - 1]] > year[c] || (year[order[j - 1]] == year[c] && first[order[j - 1]] > first[c]))) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = c;
	}
	json_t *bycolor = json_object();
	for (int j = 0; j < no; j++)
		json_object_set_new(bycolor, mj_warning_code((enum mj_warning)order[j]), json_integer(cnt[order[j]]));
	return json_pack("{s:I,s:i,s:I,s:I,s:o,s:I}", "meeting_id", (json_int_t)l->meeting_id, "talk_percent",
			 l->talk_percent, "materials_final", (json_int_t)l->materials_final, "materials_total",
			 (json_int_t)l->materials_total, "ledger_by_color", bycolor, "ledger_total",
			 (json_int_t)l->ledger_total);
}

void mj_line_facts_free(struct mj_line_facts *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].groups);
	free(v);
}
