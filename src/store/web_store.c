/*
 * The store side of the web application (see web_store.h): passwords,
 * sessions, read scoping, anonymous opinion links and the roll-up.
 *
 * Secrets at rest: a password only as its argon2id string, a session or link
 * token only as its BLAKE2b-256 hash (hex). The CSRF token is kept as is: it
 * is worthless without the session cookie.
 */
#include "store/web_store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rules.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

static long long geti(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return 0;
}
static const char *gets(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void hash_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, 65, r, sizeof r);
}

static int is_hex64(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')) || n >= 64)
			return 0;
	return n == 64;
}

/* ---- passwords --------------------------------------------------------- */

int mj_web_password_set(mj_store *s, const mj_actor *a, const char *who, const char *password)
{
	mj_actor target;
	char hash[crypto_pwhash_STRBYTES], id[24];
	size_t len = strlen(password);
	int rc;
	if (!mj_utf8_valid(password, len))
		return mj_error_set(MJ_EUTF8, "密码不是有效的 UTF-8 文本");
	size_t n = mj_utf8_count(password, len);
	if (n < MJ_PASSWORD_MIN || n > MJ_PASSWORD_MAX)
		return mj_error_set(MJ_EINVAL, "密码长度应为 %d 到 %d 个字符", MJ_PASSWORD_MIN, MJ_PASSWORD_MAX);
	if ((rc = mj_store_actor(s, who, &target)))
		return rc;
	if (!target.person_id)
		return mj_error_set(MJ_EINVAL, "请指定人员");
	if (crypto_pwhash_str(hash, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return mj_error_set(MJ_EIO, "计算密码摘要时内存不足");
	json_t *v = json_object();
	json_object_set_new(v, "password_hash", json_string(hash));
	rc = mj_entity_write(s, a, mj_entity_find("person"), target.person_id, v,
			     MJ_W_INTERNAL | MJ_W_NOPERM, NULL);
	json_decref(v);
	(void)id;
	return rc;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy_hash, "mingjing-dummy", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = 0;
}

int mj_web_password_check(mj_store *s, const char *login, const char *password, long long *person_id)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	json_t *rows = NULL;
	const char *p[] = {login};
	int rc, ok = 0;
	*person_id = 0;
	pthread_once(&once, make_dummy);
	if ((rc = mj_store_rows(s, &rows, "SELECT id, password_hash FROM person WHERE login = ?", 1, p)))
		return rc;
	json_t *r = json_array_get(rows, 0);
	const char *h = r ? gets(r, "password_hash") : NULL;
	if (h && *h) {
		ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
	} else if (dummy_hash[0]) {
		/* same work whether or not the login exists */
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			ok = 0;
	}
	if (ok)
		*person_id = geti(r, "id");
	json_decref(rows);
	return ok ? 0 : mj_error_set(MJ_EAUTH, "登录名或密码错误");
}

/* ---- sessions ---------------------------------------------------------- */

int mj_web_session_create(mj_store *s, long long person_id, char token_hex[65], char csrf_hex[65])
{
	char th[65], pid[24], now[24], exp[24];
	long long t = (long long)time(NULL);
	random_hex(token_hex);
	random_hex(csrf_hex);
	hash_hex(token_hex, th);
	snprintf(pid, sizeof pid, "%lld", person_id);
	snprintf(now, sizeof now, "%lld", t);
	snprintf(exp, sizeof exp, "%lld", t + MJ_SESSION_SECONDS);
	const char *pe[] = {now};
	int rc = mj_store_exec(s, "DELETE FROM session WHERE expires_at <= ?", 1, pe, NULL, NULL);
	if (rc)
		return rc;
	const char *p[] = {th, pid, csrf_hex, now, exp};
	return mj_store_exec(s, "INSERT INTO session (token_hash, person_id, csrf, created_at, expires_at)"
				" VALUES (?, ?, ?, ?, ?)", 5, p, NULL, NULL);
}

struct session_row {
	int found;
	long long id;
	char csrf[65];
	mj_actor a;
};

static int session_cb(void *ctx, int n, const char *const *names, const char *const *vals, const size_t *lens)
{
	struct session_row *r = ctx;
	(void)names; (void)lens;
	if (n < 6 || !vals[0] || !vals[2])
		return 0;
	r->found = 1;
	r->id = strtoll(vals[0], NULL, 10);
	snprintf(r->csrf, sizeof r->csrf, "%s", vals[1] ? vals[1] : "");
	r->a.person_id = strtoll(vals[2], NULL, 10);
	r->a.org_id = vals[3] ? strtoll(vals[3], NULL, 10) : 0;
	snprintf(r->a.name, sizeof r->a.name, "%s", vals[4] ? vals[4] : "");
	snprintf(r->a.role, sizeof r->a.role, "%s", vals[5] ? vals[5] : "");
	return 0;
}

/* One read per request, no write: the session and its person in one
 * statement (prepared once per connection, see store_sqlite.c). */
int mj_web_session_find(mj_store *s, const char *token, mj_actor *a, char csrf[65], long long *session_id)
{
	char th[65], now[24];
	struct session_row r;
	int rc;
	if (!token || !is_hex64(token))
		return mj_error_set(MJ_EAUTH, "未登录或登录已过期");
	hash_hex(token, th);
	snprintf(now, sizeof now, "%lld", (long long)time(NULL));
	const char *p[] = {th, now};
	memset(&r, 0, sizeof r);
	if ((rc = mj_store_exec(s, "SELECT s.id, s.csrf, p.id, p.org_id, p.name, p.role FROM session s"
				   " JOIN person p ON p.id = s.person_id WHERE s.token_hash = ? AND s.expires_at > ?",
				2, p, session_cb, &r)))
		return rc;
	if (!r.found)
		return mj_error_set(MJ_EAUTH, "未登录或登录已过期");
	*session_id = r.id;
	memcpy(csrf, r.csrf, 65);
	*a = r.a;
	sodium_memzero(&r, sizeof r);
	return 0;
}

int mj_web_session_delete(mj_store *s, long long session_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", session_id);
	const char *p[] = {id};
	return mj_store_exec(s, "DELETE FROM session WHERE id = ?", 1, p, NULL, NULL);
}

int mj_web_session_delete_others(mj_store *s, long long person_id, long long keep_id)
{
	char pid[24], kid[24];
	snprintf(pid, sizeof pid, "%lld", person_id);
	snprintf(kid, sizeof kid, "%lld", keep_id);
	const char *p[] = {pid, kid};
	return mj_store_exec(s, "DELETE FROM session WHERE person_id = ? AND id <> ?", 2, p, NULL, NULL);
}

/* ---- read scope -------------------------------------------------------- */

static int id_list(mj_store *s, char **list, const char *sql, int np, const char *const *p)
{
	json_t *rows = NULL;
	mj_buf b = MJ_BUF_INIT;
	int rc = mj_store_rows(s, &rows, sql, np, p);
	*list = NULL;
	if (rc)
		return rc;
	size_t i;
	json_t *r;
	mj_buf_putc(&b, '(');
	json_array_foreach(rows, i, r) {
		json_t *v = json_object_get(r, "id");
		if (json_is_integer(v))
			mj_buf_printf(&b, "%s%lld", b.len > 1 ? "," : "", (long long)json_integer_value(v));
	}
	if (b.len == 1)
		mj_buf_puts(&b, "-1");
	mj_buf_putc(&b, ')');
	json_decref(rows);
	*list = mj_buf_detach(&b);
	return 0;
}

static int is_admin(const mj_actor *a)
{
	return strcmp(a->role, "admin") == 0 || strcmp(a->role, "operator") == 0;
}
static int is_organizer(const mj_actor *a) { return strcmp(a->role, "organizer") == 0; }

/* Orgs at or below org_id, as "(..)". */
static int org_subtree(mj_store *s, long long org_id, char **list)
{
	char o[24];
	snprintf(o, sizeof o, "%lld", org_id);
	const char *p[] = {o};
	return id_list(s, list,
		       "WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE id = ? UNION"
		       " SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub ORDER BY id",
		       1, p);
}

int mj_web_readable_teams(mj_store *s, const mj_actor *a, char **list)
{
	mj_buf b = MJ_BUF_INIT;
	(void)s;
	*list = NULL;
	if (is_admin(a))
		return 0;
	/* a subquery built only from the actor's integer ids: no user text */
	if (strcmp(a->role, "staff") == 0 || !a->person_id)
		mj_buf_puts(&b, "(-1)");
	else if (is_organizer(a))
		mj_buf_printf(&b, "(SELECT id FROM team WHERE superior_org_id IN (WITH RECURSIVE sub(id) AS"
				  " (SELECT id FROM org WHERE id = %lld UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
				  " SELECT id FROM sub))", a->org_id);
	else
		mj_buf_printf(&b, "(SELECT id FROM team WHERE secretary_id = %lld OR head_id = %lld"
				  " UNION SELECT team_id FROM member WHERE person_id = %lld)",
			      a->person_id, a->person_id, a->person_id);
	*list = mj_buf_detach(&b);
	return 0;
}

int mj_web_can_read_team(mj_store *s, const mj_actor *a, long long team_id)
{
	char tid[24], me[24], org[24];
	long long n = 0, sup = 0;
	if (is_admin(a))
		return 1;
	if (strcmp(a->role, "staff") == 0 || !a->person_id || team_id <= 0)
		return 0;
	snprintf(tid, sizeof tid, "%lld", team_id);
	if (is_organizer(a)) {
		/* walk up from the team's superior org: is the organizer's org on the way? */
		const char *p[] = {tid};
		if (mj_store_int(s, &sup, "SELECT superior_org_id FROM team WHERE id = ?", 1, p) || !sup)
			return 0;
		for (int depth = 0; sup && depth < 32; depth++) {
			if (sup == a->org_id)
				return 1;
			snprintf(org, sizeof org, "%lld", sup);
			const char *q[] = {org};
			if (mj_store_int(s, &sup, "SELECT parent_id FROM org WHERE id = ?", 1, q))
				return 0;
		}
		return 0;
	}
	snprintf(me, sizeof me, "%lld", a->person_id);
	const char *p[] = {tid, me};
	if (mj_store_int(s, &n, "SELECT (SELECT count(*) FROM team WHERE id = ?1 AND (secretary_id = ?2 OR head_id = ?2))"
				" + (SELECT count(*) FROM member WHERE team_id = ?1 AND person_id = ?2)", 2, p))
		return 0;
	return n > 0;
}

/* Appends " AND (<a may read the row>)" for entity e; nothing for admins. */
static int scope_clause(mj_store *s, const mj_actor *a, const struct mj_entity *e, mj_buf *sql)
{
	char *T = NULL, *S = NULL;
	int rc;
	if (is_admin(a))
		return 0;
	if ((rc = mj_web_readable_teams(s, a, &T)))
		return rc;
	if (is_organizer(a) && (rc = org_subtree(s, a->org_id, &S)))
		goto cleanup;
	if (!S)
		S = mj_strdup("(-1)");
	const char *n = e->name;
	mj_buf_puts(sql, " AND (");
	if (strcmp(n, "team") == 0)
		mj_buf_printf(sql, "id IN %s", T);
	else if (e->scope == MJ_SCOPE_TEAM)
		mj_buf_printf(sql, "team_id IN %s", T);
	else if (e->scope == MJ_SCOPE_MEETING)
		mj_buf_printf(sql, "meeting_id IN (SELECT id FROM meeting WHERE team_id IN %s)", T);
	else if (strcmp(n, "material_version") == 0)
		mj_buf_printf(sql, "material_id IN (SELECT x.id FROM material x JOIN meeting m ON m.id = x.meeting_id"
				   " WHERE m.team_id IN %s)", T);
	else if (strcmp(n, "item_note") == 0)
		mj_buf_printf(sql, "item_id IN (SELECT x.id FROM item x JOIN meeting m ON m.id = x.meeting_id"
				   " WHERE m.team_id IN %s)", T);
	else if (strcmp(n, "notice") == 0)
		mj_buf_printf(sql, "org_id IN %s OR id IN (SELECT notice_id FROM meeting WHERE team_id IN %s)", S, T);
	else if (strcmp(n, "area") == 0)
		mj_buf_printf(sql, "notice_id IN (SELECT id FROM notice WHERE org_id IN %s)"
				   " OR notice_id IN (SELECT notice_id FROM meeting WHERE team_id IN %s)", S, T);
	else if (strcmp(n, "org") == 0)
		mj_buf_printf(sql, "id IN %s OR id = %lld OR id IN (SELECT org_id FROM team WHERE id IN %s)"
				   " OR id IN (SELECT superior_org_id FROM team WHERE id IN %s)"
				   " OR id IN (SELECT dept_id FROM oversee WHERE team_id IN %s)",
			      S, a->org_id, T, T, T);
	else if (strcmp(n, "person") == 0)
		mj_buf_printf(sql, "org_id IN %s OR id = %lld OR id IN (SELECT person_id FROM member WHERE team_id IN %s)"
				   " OR id IN (SELECT secretary_id FROM team WHERE id IN %s)"
				   " OR id IN (SELECT head_id FROM team WHERE id IN %s)"
				   " OR id IN (SELECT person_id FROM oversee WHERE team_id IN %s)"
				   " OR id IN (SELECT o.head_id FROM org o JOIN oversee v ON v.dept_id = o.id WHERE v.team_id IN %s)",
			      S, a->person_id, T, T, T, T, T);
	else
		mj_buf_puts(sql, "0 = 1");
	mj_buf_putc(sql, ')');
cleanup:
	free(T);
	free(S);
	return rc;
}

int mj_web_org_in_scope(mj_store *s, const mj_actor *a, long long org_id)
{
	char *S = NULL, num[24];
	if (is_admin(a))
		return 1;
	if (!is_organizer(a) || org_id <= 0 || org_subtree(s, a->org_id, &S))
		return 0;
	snprintf(num, sizeof num, "%lld", org_id);
	size_t n = strlen(num);
	int found = 0;
	for (const char *c = S + 1; *c;) {
		if (strncmp(c, num, n) == 0 && (c[n] == ',' || c[n] == ')')) {
			found = 1;
			break;
		}
		const char *comma = strchr(c, ',');
		if (!comma)
			break;
		c = comma + 1;
	}
	free(S);
	return found;
}

void mj_web_strip_secret(const struct mj_entity *e, json_t *row)
{
	for (const struct mj_field *f = e->fields; f->name; f++)
		if (f->flags & MJ_FF_SECRET)
			json_object_del(row, f->name);
}

int mj_web_list(mj_store *s, const mj_actor *a, const struct mj_entity *e, json_t *filters,
		long long limit, long long offset, json_t **rows, long long *total)
{
	mj_buf where = MJ_BUF_INIT, sql = MJ_BUF_INIT;
	const char *params[40];
	int np = 0, rc = 0;
	const char *key;
	json_t *val, *ids = NULL, *out = json_array();
	*rows = NULL;
	*total = 0;
	mj_buf_printf(&where, " FROM %s WHERE 1 = 1", e->name);
	json_object_foreach(filters, key, val) {
		const struct mj_field *f = mj_entity_field(e, key);
		const char *v = json_string_value(val), *canon = v;
		if ((!f && strcmp(key, "id") != 0) || (f && (f->flags & MJ_FF_SECRET)) || (f && f->type == MJ_F_BLOB)) {
			rc = mj_error_set(MJ_EINVAL, "%s没有可筛选的字段“%.40s”", e->label, key);
			goto cleanup;
		}
		if (np >= 30) {
			rc = mj_error_set(MJ_EINVAL, "筛选条件过多");
			goto cleanup;
		}
		if (!v) {
			mj_buf_printf(&where, " AND %s IS NULL", key);
			continue;
		}
		if (!f) {
			char *end = NULL;
			long long idv = strtoll(v, &end, 10);
			if (!*v || *end || idv <= 0) {
				rc = mj_error_set(MJ_EINVAL, "编号应为正整数");
				goto cleanup;
			}
		} else if (f->type != MJ_F_TEXT && (rc = mj_field_validate(e, f, v, &canon)))
			goto cleanup;
		mj_buf_printf(&where, " AND %s = ?", key);
		params[np++] = canon;
	}
	if ((rc = scope_clause(s, a, e, &where)))
		goto cleanup;
	mj_buf_printf(&sql, "SELECT count(*)%s", where.ptr);
	if ((rc = mj_store_int(s, total, sql.ptr, np, params)))
		goto cleanup;
	mj_buf_reset(&sql);
	mj_buf_printf(&sql, "SELECT id%s ORDER BY id LIMIT %lld OFFSET %lld", where.ptr, limit, offset);
	if ((rc = mj_store_rows(s, &ids, sql.ptr, np, params)))
		goto cleanup;
	size_t i;
	json_t *r;
	json_array_foreach(ids, i, r) {
		json_t *row = NULL;
		if ((rc = mj_entity_get(s, e, geti(r, "id"), &row)))
			goto cleanup;
		mj_web_strip_secret(e, row);
		json_array_append_new(out, row);
	}
	*rows = out;
	out = NULL;
cleanup:
	mj_buf_free(&where);
	mj_buf_free(&sql);
	json_decref(ids);
	json_decref(out);
	return rc;
}

int mj_web_get(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id, json_t **row)
{
	json_t *f = json_object(), *rows = NULL;
	long long total = 0;
	char num[24];
	snprintf(num, sizeof num, "%lld", id);
	json_object_set_new(f, "id", json_string(num));
	int rc = mj_web_list(s, a, e, f, 1, 0, &rows, &total);
	json_decref(f);
	*row = NULL;
	if (rc)
		return rc;
	if (json_array_size(rows) == 1) {
		*row = json_incref(json_array_get(rows, 0));
		json_decref(rows);
		return 0;
	}
	json_decref(rows);
	json_t *any = NULL;
	if ((rc = mj_entity_get(s, e, id, &any)))
		return rc;
	json_decref(any);
	return mj_error_set(MJ_EPERM, "无权查看该%s", e->label);
}

int mj_web_team_of(mj_store *s, const char *kind, long long id, long long *team_id)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", id);
	const char *p[] = {num};
	const char *sql, *label;
	if (strcmp(kind, "meeting") == 0) {
		sql = "SELECT team_id FROM meeting WHERE id = ?";
		label = "会议";
	} else if (strcmp(kind, "item") == 0) {
		sql = "SELECT m.team_id FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ?";
		label = "整改台账条目";
	} else if (strcmp(kind, "material") == 0) {
		sql = "SELECT m.team_id FROM material x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?";
		label = "材料";
	} else {
		sql = "SELECT m.team_id FROM opinion_link l JOIN meeting m ON m.id = l.meeting_id WHERE l.id = ?";
		label = "征求意见链接";
	}
	*team_id = 0;
	int rc = mj_store_int(s, team_id, sql, 1, p);
	if (!rc && !*team_id)
		rc = mj_error_set(MJ_ENOTFOUND, "%s编号 %lld 不存在", label, id);
	return rc;
}

int mj_web_warn_days(mj_store *s, long long meeting_id, int *days)
{
	char num[24];
	json_t *rows = NULL;
	snprintf(num, sizeof num, "%lld", meeting_id);
	const char *p[] = {num};
	int rc = mj_store_rows(s, &rows, "SELECT n.warn_days FROM meeting m LEFT JOIN notice n ON n.id = m.notice_id"
				       " WHERE m.id = ?", 1, p);
	*days = 3;
	if (rc)
		return rc;
	json_t *v = json_object_get(json_array_get(rows, 0), "warn_days");
	if (json_is_integer(v))
		*days = (int)json_integer_value(v);
	json_decref(rows);
	return 0;
}

int mj_web_item_notes(mj_store *s, long long item_id, json_t **out)
{
	char num[24];
	json_t *f = json_object();
	snprintf(num, sizeof num, "%lld", item_id);
	json_object_set_new(f, "item_id", json_string(num));
	int rc = mj_entity_list(s, mj_entity_find("item_note"), f, 0, 0, out);
	json_decref(f);
	return rc;
}

int mj_web_my_teams(mj_store *s, const mj_actor *a, json_t **out)
{
	char *T = NULL, me[24];
	mj_buf sql = MJ_BUF_INIT;
	int rc = mj_web_readable_teams(s, a, &T);
	*out = NULL;
	if (rc)
		return rc;
	snprintf(me, sizeof me, "%lld", a->person_id);
	const char *p[] = {me, a->role};
	if (is_admin(a) || is_organizer(a))
		mj_buf_printf(&sql, "SELECT id, name, kind, ?2 AS my_role FROM team WHERE ?1 = ?1 %s%s ORDER BY id",
			      T ? "AND id IN " : "", T ? T : "");
	else
		mj_buf_printf(&sql, "SELECT id, name, kind, CASE WHEN secretary_id = ?1 THEN 'secretary'"
				   " WHEN head_id = ?1 THEN 'head' ELSE 'member' END AS my_role FROM team"
				   " WHERE id IN %s AND ?2 = ?2 ORDER BY id", T);
	rc = mj_store_rows(s, out, sql.ptr, 2, p);
	mj_buf_free(&sql);
	free(T);
	return rc;
}

/* ---- anonymous opinion links --------------------------------------------- */

int mj_web_link_create(mj_store *s, const mj_actor *a, long long meeting_id, const char *closes_on,
		       long long *id, char token_hex[65])
{
	char th[65], mid[24], by[24];
	int d;
	if (!closes_on || mj_date_parse(closes_on, &d))
		return mj_error_set(MJ_EINVAL, "截止日期（closes_on）应为存在的日期，格式 YYYY-MM-DD");
	if (d < mj_today())
		return mj_error_set(MJ_EINVAL, "截止日期不能早于今天");
	random_hex(token_hex);
	hash_hex(token_hex, th);
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	snprintf(by, sizeof by, "%lld", a->person_id);
	const char *p[] = {mid, th, closes_on, a->person_id ? by : NULL};
	return mj_store_int(s, id, "INSERT INTO opinion_link (meeting_id, token_hash, closes_on, revoked, created_by)"
				   " VALUES (?, ?, ?, 0, ?) RETURNING id", 4, p);
}

int mj_web_link_list(mj_store *s, long long meeting_id, json_t **out)
{
	char mid[24];
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	const char *p[] = {mid};
	return mj_store_rows(s, out, "SELECT id, meeting_id, closes_on, revoked, created_by FROM opinion_link"
				     " WHERE meeting_id = ? ORDER BY id", 1, p);
}

int mj_web_link_revoke(mj_store *s, long long link_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", link_id);
	const char *p[] = {id};
	return mj_store_exec(s, "UPDATE opinion_link SET revoked = 1 WHERE id = ?", 1, p, NULL, NULL);
}

int mj_web_link_open(mj_store *s, const char *token, int today, long long *meeting_id, char closes_on[11])
{
	char th[65];
	json_t *rows = NULL;
	int d, rc;
	*meeting_id = 0;
	if (!token || !is_hex64(token))
		return mj_error_set(MJ_ENOTFOUND, "链接无效或已失效");
	hash_hex(token, th);
	const char *p[] = {th};
	if ((rc = mj_store_rows(s, &rows, "SELECT meeting_id, closes_on, revoked FROM opinion_link WHERE token_hash = ?", 1, p)))
		return rc;
	json_t *r = json_array_get(rows, 0);
	const char *c = r ? gets(r, "closes_on") : NULL;
	if (!r || geti(r, "revoked") || !c || mj_date_parse(c, &d) || d < today) {
		json_decref(rows);
		return mj_error_set(MJ_ENOTFOUND, "链接无效或已失效");
	}
	*meeting_id = geti(r, "meeting_id");
	snprintf(closes_on, 11, "%s", c);
	json_decref(rows);
	return 0;
}

int mj_web_anon_form(mj_store *s, long long meeting_id, json_t **out)
{
	char mid[24];
	json_t *info = NULL, *areas = NULL, *members = NULL;
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	const char *p[] = {mid};
	int rc;
	*out = NULL;
	if ((rc = mj_store_rows(s, &info, "SELECT t.name AS team, m.year, m.kind FROM meeting m JOIN team t ON t.id = m.team_id"
					  " WHERE m.id = ?", 1, p)) ||
	    (rc = mj_store_rows(s, &areas, "SELECT a.id, a.title FROM area a JOIN meeting m ON m.notice_id = a.notice_id"
					   " WHERE m.id = ? ORDER BY a.ord, a.id", 1, p)) ||
	    (rc = mj_store_rows(s, &members, "SELECT p.id, p.name, mb.position FROM member mb JOIN person p ON p.id = mb.person_id"
					     " JOIN meeting m ON m.team_id = mb.team_id WHERE m.id = ? ORDER BY mb.ord, mb.id", 1, p)))
		goto cleanup;
	if (json_array_size(info) != 1) {
		rc = mj_error_set(MJ_ENOTFOUND, "链接无效或已失效");
		goto cleanup;
	}
	*out = json_object();
	json_t *i0 = json_array_get(info, 0);
	json_object_set(*out, "team", json_object_get(i0, "team"));
	json_object_set(*out, "year", json_object_get(i0, "year"));
	json_object_set(*out, "kind", json_object_get(i0, "kind"));
	json_object_set(*out, "areas", areas);
	json_object_set(*out, "members", members);
cleanup:
	json_decref(info);
	json_decref(areas);
	json_decref(members);
	return rc;
}

/* Reads an optional id from a JSON value: null/absent -> 0; number or digit string. */
static int opt_id(json_t *v, const char *what, long long *out)
{
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		char *end = NULL;
		const char *str = json_string_value(v);
		long long n = strtoll(str, &end, 10);
		if (*str && !*end && n > 0) {
			*out = n;
			return 0;
		}
	}
	return mj_error_set(MJ_EINVAL, "%s应为编号或 null", what);
}

int mj_web_anon_submit(mj_store *s, long long meeting_id, json_t *values, int today, long long *id)
{
	long long about = 0, area = 0, n = 0;
	char mid[24], ab[24], ar[24], day[11];
	int rc;
	const char *key;
	json_t *val;
	*id = 0;
	json_object_foreach(values, key, val) {
		if (strcmp(key, "about_id") && strcmp(key, "area_id") && strcmp(key, "channel") && strcmp(key, "text"))
			return mj_error_set(MJ_EINVAL, "不支持的字段“%.40s”", key);
	}
	if ((rc = opt_id(json_object_get(values, "about_id"), "意见针对的成员", &about)) ||
	    (rc = opt_id(json_object_get(values, "area_id"), "对照方面", &area)))
		return rc;
	const char *text = gets(values, "text");
	json_t *ch = json_object_get(values, "channel");
	const char *channel = json_is_string(ch) ? json_string_value(ch) : "online";
	if (ch && !json_is_null(ch) && !json_is_string(ch))
		return mj_error_set(MJ_EINVAL, "渠道应为文本");
	if (!text)
		return mj_error_set(MJ_EINVAL, "请填写意见内容（text）");
	snprintf(mid, sizeof mid, "%lld", meeting_id);
	snprintf(ab, sizeof ab, "%lld", about);
	snprintf(ar, sizeof ar, "%lld", area);
	if (about) {
		const char *p[] = {mid, ab};
		if ((rc = mj_store_int(s, &n, "SELECT count(*) FROM member mb JOIN meeting m ON m.team_id = mb.team_id"
					      " WHERE m.id = ? AND mb.person_id = ?", 2, p)))
			return rc;
		if (!n)
			return mj_error_set(MJ_EINVAL, "所选人员不是本班子成员");
	}
	if (area) {
		const char *p[] = {mid, ar};
		if ((rc = mj_store_int(s, &n, "SELECT count(*) FROM area a JOIN meeting m ON m.notice_id = a.notice_id"
					      " WHERE m.id = ? AND a.id = ?", 2, p)))
			return rc;
		if (!n)
			return mj_error_set(MJ_EINVAL, "所选对照方面不属于本次会议的通知");
	}
	mj_date_format(today, day);
	json_t *v = json_object();
	json_object_set_new(v, "meeting_id", json_string(mid));
	if (about)
		json_object_set_new(v, "about_id", json_string(ab));
	if (area)
		json_object_set_new(v, "area_id", json_string(ar));
	json_object_set_new(v, "channel", json_string(channel));
	json_object_set_new(v, "text", json_string(text));
	json_object_set_new(v, "received_on", json_string(day));
	json_object_set_new(v, "anonymous", json_string("1"));
	mj_actor anon;
	memset(&anon, 0, sizeof anon);
	snprintf(anon.name, sizeof anon.name, "匿名");
	snprintf(anon.role, sizeof anon.role, "anonymous");
	rc = mj_entity_write(s, &anon, mj_entity_find("opinion"), 0, v, MJ_W_NOPERM, id);
	json_decref(v);
	return rc;
}

/* ---- roll-up ------------------------------------------------------------ */

/* The roll-up reads everything in a handful of set-wide queries for all
 * readable teams at once (mj_status_brief, status.c: the same facts and
 * rules as mj_status_meeting, without its per-meeting detail) and composes
 * one line per team. */

static int date_of(json_t *o, const char *k)
{
	int d;
	const char *s = gets(o, k);
	return s && !mj_date_parse(s, &d) ? d : MJ_DATE_NONE;
}

static int cfg_int(json_t *o, const char *k, int dflt)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

static json_t *rollup_line(json_t *briefs, json_t *m, int today, int *reported)
{
	json_t *line = json_object();
	long long mid = geti(m, "meeting_id");
	char buf[11];
	json_object_set(line, "team_id", json_object_get(m, "team_id"));
	json_object_set(line, "team_name", json_object_get(m, "team_name"));
	json_object_set(line, "team_kind", json_object_get(m, "team_kind"));
	*reported = 0;
	if (!mid) {
		json_object_set_new(line, "meeting_id", json_null());
		json_object_set_new(line, "status", json_string("none"));
		json_object_set_new(line, "reported", json_false());
		return line;
	}
	struct mj_deadline_config cfg = {cfg_int(m, "plan_lead_days", 10), cfg_int(m, "report_due_days", 15),
					 cfg_int(m, "warn_days", 3)};
	int held = date_of(m, "actual_date"), planned = date_of(m, "planned_date");
	int mdate = held != MJ_DATE_NONE ? held : planned;
	struct mj_meeting_deadlines md;
	const char *sent = gets(m, "report_sent_on");
	json_t *due = json_null();
	if (mdate != MJ_DATE_NONE && mj_meeting_deadlines_compute(&md, mdate, &cfg, today) == 0) {
		mj_date_format(md.report_due, buf);
		due = json_string(buf);
	}
	*reported = sent != NULL;
	json_object_set_new(line, "meeting_id", json_integer(mid));
	json_object_set(line, "kind", json_object_get(m, "kind"));
	json_object_set(line, "status", json_object_get(m, "status"));
	json_object_set(line, "planned_date", json_object_get(m, "planned_date"));
	json_object_set_new(line, "plan_sent", json_boolean(gets(m, "plan_sent_on") != NULL));
	json_object_set(line, "plan_sent_on", json_object_get(m, "plan_sent_on"));
	json_object_set_new(line, "held", json_boolean(gets(m, "actual_date") != NULL));
	json_object_set(line, "actual_date", json_object_get(m, "actual_date"));
	json_object_set_new(line, "reported", json_boolean(*reported));
	json_object_set(line, "report_sent_on", json_object_get(m, "report_sent_on"));
	json_object_set(line, "report_due", due);
	json_object_set_new(line, "report_on_time",
			    sent && json_is_string(due) ? json_boolean(strcmp(sent, json_string_value(due)) <= 0) : json_null());
	json_decref(due);
	char k[24];
	snprintf(k, sizeof k, "%lld", mid);
	json_t *b = json_object_get(briefs, k);
	json_object_set(line, "talk_percent", json_object_get(b, "talk_percent"));
	json_object_set(line, "materials_final", json_object_get(b, "materials_final"));
	json_object_set(line, "materials_total", json_object_get(b, "materials_total"));
	json_object_set(line, "ledger_by_color", json_object_get(b, "ledger_by_color"));
	json_object_set(line, "ledger_total", json_object_get(b, "ledger_total"));
	return line;
}

/* The lines of mj_status_brief, kept per meeting for the whole process
 * (every server thread and connection; on PostgreSQL several servers share
 * the database, so nothing here trusts the process's own writes) as
 * mj_line_facts: apart from the day and the notice's warning window, which
 * are applied on every roll-up (mj_line_facts_brief), so a new day or a
 * changed warn_days recomputes nothing. Each is kept with the meeting's
 * revision and the shared row 0's (meeting_rev, schema.c) it was computed
 * under, and serves any day from the one it was loaded on. A roll-up reads
 * the revisions first, then recomputes only the meetings whose revision or
 * the shared one moved: a write raises the revision in its own transaction,
 * so a line computed from data newer than the revision read is at worst
 * recomputed once more, never kept stale. At most LINES_MAX meetings or
 * LINES_GROUPS_MAX ledger groups (then it starts over). The environment
 * variable MINGJING_ROLLUP_FRESH=1 bypasses it (the tests compare both). */
#define LINES_MAX 100000
#define LINES_GROUPS_MAX 4000000 /* 40 bytes each: 160 MB at most */

static int ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

struct kept_line {
	long long id, rev, grev; /* id 0: a free slot */
	struct mj_line_facts f;
};
static struct {
	pthread_mutex_t mu;
	pthread_cond_t warmed;
	int warming;           /* mj_web_rollup_warm runs: roll-ups wait for it */
	char *db;              /* the database the lines are of */
	struct kept_line *tab; /* open addressing by meeting id, cap a power of two */
	size_t n, cap, groups;
} lines_cache = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL, NULL, 0, 0, 0};

static void lines_clear(void)
{
	for (size_t i = 0; i < lines_cache.cap; i++)
		free(lines_cache.tab[i].f.groups);
	free(lines_cache.tab);
	lines_cache.tab = NULL;
	lines_cache.n = lines_cache.cap = lines_cache.groups = 0;
}

static struct kept_line *lines_slot(long long id)
{
	size_t mask = lines_cache.cap - 1, h = (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ull >> 17) & mask;
	while (lines_cache.tab[h].id && lines_cache.tab[h].id != id)
		h = (h + 1) & mask;
	return &lines_cache.tab[h];
}

/* With the mutex held: the cache is of this database (else emptied). */
static void lines_of(mj_store *s)
{
	const char *db = mj_store_path(s);
	if (!lines_cache.db || strcmp(lines_cache.db, db) != 0) {
		free(lines_cache.db);
		lines_cache.db = mj_strdup(db);
		lines_clear();
	}
}

/* The kept lines of the n meetings ids[i] at revs[i] on `today` with the
 * warning windows warn[i], as by_meeting entries; the others' ids into
 * stale (returns their number). */
static size_t lines_get(mj_store *s, const long long *ids, const long long *revs, const int *warn, size_t n,
			long long grev, int today, json_t *by_meeting, long long *stale)
{
	size_t ns = 0;
	pthread_mutex_lock(&lines_cache.mu);
	/* the lines being warmed would be computed twice (warm: by_meeting NULL) */
	while (lines_cache.warming && by_meeting)
		pthread_cond_wait(&lines_cache.warmed, &lines_cache.mu);
	lines_of(s);
	for (size_t i = 0; i < n; i++) {
		struct kept_line *e = revs[i] >= 0 && lines_cache.cap ? lines_slot(ids[i]) : NULL;
		if (e && e->id && e->rev == revs[i] && e->grev == grev && e->f.since <= today) {
			char k[24];
			snprintf(k, sizeof k, "%lld", ids[i]);
			if (by_meeting)
				json_object_set_new(by_meeting, k, mj_line_facts_brief(&e->f, today, warn[i]));
		} else
			stale[ns++] = ids[i];
	}
	pthread_mutex_unlock(&lines_cache.mu);
	return ns;
}

/* Keeps the freshly loaded facts v[0..nv) under their meetings' revisions
 * (ids[i] at revs[i], i < n), taking their groups (v[j].groups set to NULL). */
static void lines_put(mj_store *s, struct mj_line_facts *v, size_t nv, const long long *ids, const long long *revs,
		      size_t n, long long grev)
{
	pthread_mutex_lock(&lines_cache.mu);
	lines_of(s);
	size_t groups = 0;
	for (size_t j = 0; j < nv; j++)
		groups += v[j].ngroups;
	if (lines_cache.n + nv > LINES_MAX || lines_cache.groups + groups > LINES_GROUPS_MAX)
		lines_clear();
	if ((lines_cache.n + nv) * 2 > lines_cache.cap) {
		size_t cap = lines_cache.cap ? lines_cache.cap : 1024;
		while ((lines_cache.n + nv) * 2 > cap)
			cap *= 2;
		struct kept_line *old = lines_cache.tab;
		size_t ocap = lines_cache.cap;
		lines_cache.tab = mj_calloc(cap, sizeof *lines_cache.tab);
		lines_cache.cap = cap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].id)
				*lines_slot(old[i].id) = old[i];
		free(old);
	}
	for (size_t j = 0, i = 0; j < nv; j++) {
		/* ids are sorted as the facts come (by team, then meeting): look each up */
		long long id = v[j].meeting_id, rev = -1;
		for (size_t t = 0; t < n; t++, i = (i + 1) % n)
			if (ids[i] == id) {
				rev = revs[i];
				break;
			}
		if (rev < 0 || id <= 0)
			continue;
		struct kept_line *e = lines_slot(id);
		if (e->id) {
			lines_cache.groups -= e->f.ngroups;
			free(e->f.groups);
		} else
			lines_cache.n++;
		e->id = id;
		e->rev = rev;
		e->grev = grev;
		e->f = v[j];
		v[j].groups = NULL;
		lines_cache.groups += e->f.ngroups;
	}
	pthread_mutex_unlock(&lines_cache.mu);
}

int mj_web_team_count(mj_store *s, long long *n)
{
	return mj_store_int(s, n, "SELECT count(*) FROM team", 0, NULL);
}

int mj_web_rollup_warm(mj_store *s, int today)
{
	json_t *rows = NULL;
	long long yr = 0, grev = 0, *ids = NULL, *revs = NULL, *stale = NULL;
	size_t n = 0, ns, i;
	mj_buf cond = MJ_BUF_INIT;
	char y[24];
	int rc;
	pthread_mutex_lock(&lines_cache.mu);
	if (lines_cache.warming) {
		pthread_mutex_unlock(&lines_cache.mu);
		return 0;
	}
	lines_cache.warming = 1;
	pthread_mutex_unlock(&lines_cache.mu);
	/* one snapshot; the revisions before the facts, as a roll-up reads them */
	if ((rc = mj_store_read_begin(s)) || (rc = mj_store_int(s, &yr, "SELECT max(year) FROM meeting", 0, NULL)) ||
	    !yr || (rc = mj_store_int(s, &grev, "SELECT rev FROM meeting_rev WHERE meeting_id = 0", 0, NULL)))
		goto done;
	snprintf(y, sizeof y, "%lld", yr);
	const char *p[] = {y};
	if ((rc = mj_store_rows(s, &rows, "SELECT m.id, r.rev FROM meeting m LEFT JOIN meeting_rev r ON r.meeting_id = m.id"
				    " WHERE m.year = ? ORDER BY m.team_id, m.id", 1, p)))
		goto done;
	ids = mj_calloc(json_array_size(rows) + 1, sizeof *ids);
	revs = mj_calloc(json_array_size(rows) + 1, sizeof *revs);
	stale = mj_calloc(json_array_size(rows) + 1, sizeof *stale);
	json_t *r;
	json_array_foreach(rows, i, r) {
		ids[n] = geti(r, "id");
		revs[n++] = json_is_integer(json_object_get(r, "rev")) ? geti(r, "rev") : -1;
	}
	ns = lines_get(s, ids, revs, NULL, n, grev, today, NULL, stale);
	if (ns) {
		struct mj_line_facts *v;
		size_t nv;
		qsort(stale, ns, sizeof *stale, ll_cmp);
		mj_status_id_cond(&cond, "m.id", stale, ns);
		mj_buf_puts(&cond, " AND ?1 = ?1");
		if ((rc = mj_status_line_facts(s, cond.ptr, y, today, &v, &nv)))
			goto done;
		lines_put(s, v, nv, ids, revs, n, grev);
		mj_line_facts_free(v, nv);
	}
done:
	mj_store_read_end(s);
	pthread_mutex_lock(&lines_cache.mu);
	lines_cache.warming = 0;
	pthread_cond_broadcast(&lines_cache.warmed);
	pthread_mutex_unlock(&lines_cache.mu);
	free(ids);
	free(revs);
	free(stale);
	json_decref(rows);
	mj_buf_free(&cond);
	return rc;
}

int mj_web_rollup(mj_store *s, const mj_actor *a, int year, int today, json_t **out)
{
	char *T = NULL, y[24];
	mj_buf sql = MJ_BUF_INIT;
	json_t *teams = NULL, *briefs = NULL, *by_meeting = json_object();
	long long yr = year, grev = 0, *ids = NULL, *revs = NULL, *stale = NULL;
	int *warn = NULL;
	size_t nm = 0, ns = 0;
	const char *fresh_env = getenv("MINGJING_ROLLUP_FRESH");
	int rc, fresh = fresh_env && strcmp(fresh_env, "1") == 0;
	*out = NULL;
	if ((rc = mj_web_readable_teams(s, a, &T)))
		return rc;
	if (!yr) {
		mj_buf_printf(&sql, "SELECT max(year) FROM meeting%s%s", T ? " WHERE team_id IN " : "", T ? T : "");
		if ((rc = mj_store_int(s, &yr, sql.ptr, 0, NULL)))
			goto cleanup;
		if (!yr) {
			int yy, mm, dd;
			mj_date_to_ymd(today, &yy, &mm, &dd);
			yr = yy;
		}
		mj_buf_reset(&sql);
	}
	snprintf(y, sizeof y, "%lld", yr);
	const char *p[] = {y};
	/* the revisions before the facts (see lines_cache) */
	if (!fresh && (rc = mj_store_int(s, &grev, "SELECT rev FROM meeting_rev WHERE meeting_id = 0", 0, NULL)))
		goto cleanup;
	mj_buf_printf(&sql, "SELECT t.id AS team_id, t.name AS team_name, t.kind AS team_kind, m.id AS meeting_id,"
			    " m.kind, m.status, m.planned_date, m.actual_date, m.plan_sent_on, m.report_sent_on,"
			    " n.plan_lead_days, n.report_due_days, n.warn_days, r.rev AS meeting_rev"
			    " FROM team t LEFT JOIN meeting m ON m.team_id = t.id AND m.year = ?"
			    " LEFT JOIN notice n ON n.id = m.notice_id LEFT JOIN meeting_rev r ON r.meeting_id = m.id%s%s"
			    " ORDER BY t.id, m.id",
		      T ? " WHERE t.id IN " : "", T ? T : "");
	if ((rc = mj_store_rows(s, &teams, sql.ptr, 1, p)))
		goto cleanup;
	size_t i;
	json_t *r;
	ids = mj_calloc(json_array_size(teams) + 1, sizeof *ids);
	revs = mj_calloc(json_array_size(teams) + 1, sizeof *revs);
	stale = mj_calloc(json_array_size(teams) + 1, sizeof *stale);
	warn = mj_calloc(json_array_size(teams) + 1, sizeof *warn);
	json_array_foreach(teams, i, r) {
		if (geti(r, "meeting_id")) {
			warn[nm] = cfg_int(r, "warn_days", 3);
			ids[nm] = geti(r, "meeting_id");
			/* no revision row (removed behind the program's back): never kept */
			revs[nm++] = json_is_integer(json_object_get(r, "meeting_rev")) ? geti(r, "meeting_rev") : -1;
		}
		json_object_del(r, "meeting_rev");
	}
	if (fresh) {
		memcpy(stale, ids, nm * sizeof *ids);
		ns = nm;
	} else
		ns = lines_get(s, ids, revs, warn, nm, grev, today, by_meeting, stale);
	if (ns) {
		mj_buf_reset(&sql);
		if (ns == nm) /* all of them: the year's condition, as cheap to plan as any */
			mj_buf_printf(&sql, "m.year = ?1%s%s", T ? " AND m.team_id IN " : "", T ? T : "");
		else {
			qsort(stale, ns, sizeof *stale, ll_cmp);
			mj_status_id_cond(&sql, "m.id", stale, ns);
			mj_buf_puts(&sql, " AND ?1 = ?1");
		}
		if (fresh) {
			if ((rc = mj_status_brief(s, sql.ptr, y, today, &briefs)))
				goto cleanup;
			json_array_foreach(briefs, i, r) {
				char k[24];
				snprintf(k, sizeof k, "%lld", geti(r, "meeting_id"));
				json_object_set(by_meeting, k, r);
			}
		} else {
			struct mj_line_facts *v;
			size_t nv, j = 0;
			if ((rc = mj_status_line_facts(s, sql.ptr, y, today, &v, &nv)))
				goto cleanup;
			for (i = 0; i < nv; i++) {
				/* the meeting's warning window (both lists are by team, then meeting) */
				size_t t;
				for (t = 0; t < nm && ids[j] != v[i].meeting_id; t++)
					j = (j + 1) % nm;
				char k[24];
				snprintf(k, sizeof k, "%lld", v[i].meeting_id);
				json_object_set_new(by_meeting, k, mj_line_facts_brief(&v[i], today, t < nm ? warn[j] : 3));
			}
			lines_put(s, v, nv, ids, revs, nm, grev);
			mj_line_facts_free(v, nv);
		}
	}
	json_t *late = json_array(), *done = json_array();
	long long nrep = 0;
	json_array_foreach(teams, i, r) {
		int reported;
		json_t *line = rollup_line(by_meeting, r, today, &reported);
		json_array_append_new(reported ? done : late, line);
		nrep += reported;
	}
	json_array_extend(late, done);
	json_decref(done);
	*out = json_object();
	json_object_set_new(*out, "year", json_integer(yr));
	json_object_set_new(*out, "total", json_integer((long long)json_array_size(late)));
	json_object_set_new(*out, "reported", json_integer(nrep));
	json_object_set_new(*out, "teams", late);
cleanup:
	free(ids);
	free(revs);
	free(stale);
	free(warn);
	json_decref(briefs);
	json_decref(by_meeting);
	json_decref(teams);
	mj_buf_free(&sql);
	free(T);
	return rc;
}

/* ---- a member's history and the overdue list ----------------------------- */

int mj_web_history(mj_store *s, const mj_actor *a, long long person_id, json_t **out)
{
	char *T = NULL, pid[24];
	mj_buf sql = MJ_BUF_INIT;
	json_t *who = NULL, *items = NULL, *talks = NULL, *att = NULL;
	long long n = 0;
	int rc;
	*out = NULL;
	snprintf(pid, sizeof pid, "%lld", person_id);
	const char *p[] = {pid};
	if ((rc = mj_store_rows(s, &who, "SELECT id, name, org_id, title FROM person WHERE id = ?", 1, p)))
		return rc;
	if (json_array_size(who) == 0) {
		rc = mj_error_set(MJ_ENOTFOUND, "人员编号 %lld 不存在", person_id);
		goto cleanup;
	}
	/* one's own history whole; another's only in the teams the reader may read,
	 * and only when the person belongs to one of them */
	if (a->person_id != person_id && (rc = mj_web_readable_teams(s, a, &T)))
		goto cleanup;
	if (T) {
		mj_buf_printf(&sql, "SELECT (SELECT count(*) FROM member WHERE person_id = ?1 AND team_id IN %s)"
				    " + (SELECT count(*) FROM team WHERE (head_id = ?1 OR secretary_id = ?1) AND id IN %s)", T, T);
		if ((rc = mj_store_int(s, &n, sql.ptr, 1, p)))
			goto cleanup;
		if (!n) {
			rc = mj_error_set(MJ_EPERM, "无权查看该人员的记录");
			goto cleanup;
		}
	}
	const char *scope = T ? " AND m.team_id IN " : "", *list = T ? T : "";
#define Q(...) (mj_buf_reset(&sql), mj_buf_printf(&sql, __VA_ARGS__), sql.ptr)
	if ((rc = mj_store_rows(s, &items,
				Q("SELECT i.id, i.meeting_id, m.team_id, m.year, i.problem, i.deadline, i.status, i.sent_back"
				  " FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE i.owner_id = ?1%s%s"
				  " ORDER BY m.year, i.id", scope, list), 1, p)) ||
	    (rc = mj_store_rows(s, &talks,
				Q("SELECT k.id, k.meeting_id, m.team_id, m.year, k.a_id, k.b_id, k.date, k.mode"
				  " FROM talk k JOIN meeting m ON m.id = k.meeting_id WHERE (k.a_id = ?1 OR k.b_id = ?1)%s%s"
				  " ORDER BY k.date, k.id", scope, list), 1, p)) ||
	    (rc = mj_store_rows(s, &att,
				Q("SELECT a.meeting_id, m.team_id, m.year, a.should_attend, a.attended, a.is_supervisor"
				  " FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE a.person_id = ?1%s%s"
				  " ORDER BY m.year, a.meeting_id", scope, list), 1, p)))
		goto cleanup;
#undef Q
	*out = json_object();
	json_object_set(*out, "person", json_array_get(who, 0));
	json_object_set_new(*out, "items", items);
	json_object_set_new(*out, "talks", talks);
	json_object_set_new(*out, "attendance", att);
	items = talks = att = NULL;
cleanup:
	json_decref(who);
	json_decref(items);
	json_decref(talks);
	json_decref(att);
	mj_buf_free(&sql);
	free(T);
	return rc;
}

int mj_web_overdue(mj_store *s, const mj_actor *a, long long org_id, int today, long long limit, long long offset,
		   json_t **out)
{
	char *T = NULL, d[11], org[24], lim[24], off[24];
	mj_buf sql = MJ_BUF_INIT;
	json_t *rows = NULL;
	int rc;
	*out = NULL;
	if ((rc = mj_web_readable_teams(s, a, &T)))
		return rc;
	mj_date_format(today, d);
	snprintf(org, sizeof org, "%lld", org_id);
	snprintf(lim, sizeof lim, "%lld", limit + 1); /* one more: is there a next page? */
	snprintf(off, sizeof off, "%lld", offset);
	const char *p[] = {d, org, lim, off};
	/* open items (not closed) past their deadline; the status list and the
	 * deadline bound let PostgreSQL read them from item_open alone */
	mj_buf_printf(&sql, "SELECT i.id, i.meeting_id, m.team_id, t.name AS team_name, m.year, i.problem, i.owner_id,"
			    " i.deadline, i.status, i.sent_back FROM item i JOIN meeting m ON m.id = i.meeting_id"
			    " JOIN team t ON t.id = m.team_id WHERE i.status IN ('todo', 'doing', 'done') AND i.deadline < ?1");
	if (org_id)
		mj_buf_puts(&sql, " AND t.superior_org_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE id = ?2"
				  " UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)");
	else
		mj_buf_puts(&sql, " AND ?2 = ?2");
	if (T)
		mj_buf_printf(&sql, " AND t.id IN %s", T);
	mj_buf_puts(&sql, " ORDER BY i.deadline, i.id LIMIT ?3 OFFSET ?4");
	if ((rc = mj_store_rows(s, &rows, sql.ptr, 4, p)))
		goto cleanup;
	int more = (long long)json_array_size(rows) > limit;
	if (more)
		json_array_remove(rows, json_array_size(rows) - 1);
	*out = json_object();
	json_object_set_new(*out, "today", json_string(d));
	json_object_set_new(*out, "org_id", org_id ? json_integer(org_id) : json_null());
	json_object_set_new(*out, "limit", json_integer(limit));
	json_object_set_new(*out, "offset", json_integer(offset));
	json_object_set_new(*out, "more", json_boolean(more));
	json_object_set_new(*out, "items", rows);
	rows = NULL;
cleanup:
	json_decref(rows);
	mj_buf_free(&sql);
	free(T);
	return rc;
}
