/*
 * The append-only, hash-chained audit log.
 *
 * Entry n stores: seq n, time, actor, entity, id, action and the row's new
 * content (canonical JSON, NULL for a delete), plus prev_hash (entry n-1's
 * hash, 64 zeros for the first) and hash = BLAKE2b-256 over all of these.
 * Verification walks the chain (a gap in seq, a broken link or a wrong hash
 * names the entry) and then compares every row of every domain table with the
 * content of its last entry (a row changed, inserted or deleted behind the
 * program's back names the row).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static void entry_hash(const char *prev, long long seq, const char *at, const char *actor,
		       const char *entity, long long id, const char *action, const char *content,
		       char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	char head[512];
	int n = snprintf(head, sizeof head, "%s\n%lld\n%s\n%s\n%s\n%lld\n%s\n", prev, seq, at, actor,
			 entity, id, action);
	if (n < 0 || n >= (int)sizeof head)
		n = (int)strlen(head);
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)head, (unsigned long long)n);
	if (content)
		crypto_generichash_update(&st, (const unsigned char *)content, strlen(content));
	else
		crypto_generichash_update(&st, (const unsigned char *)"\x00null", 5);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

struct last_ctx {
	long long seq;
	char hash[65];
};

static int last_cb(void *ctx, int n, const char *const *names, const char *const *vals,
		   const size_t *lens)
{
	struct last_ctx *l = ctx;
	l->seq = strtoll(vals[0], NULL, 10);
	snprintf(l->hash, sizeof l->hash, "%s", vals[1] ? vals[1] : "");
	return 0;
}

static void actor_label(const mj_actor *a, char *out, size_t n)
{
	if (a->person_id)
		snprintf(out, n, "%s#%lld", a->name, a->person_id);
	else
		snprintf(out, n, "%s", a->name[0] ? a->name : "operator");
}

int mj_audit_append(mj_store *s, const mj_actor *a, const char *entity, long long id,
		    const char *action, const char *content)
{
	struct last_ctx last = {0, ZERO_HASH};
	char at[21], actor[160], hash[65], seqs[24], ids[24];
	int rc = mj_store_exec(s, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", 0, NULL,
			       last_cb, &last);
	if (rc)
		return rc;
	mj_now_iso(at);
	if (strcmp(a->role, "anonymous") == 0) {
		/* anonymous submissions: the date only, never the time of day */
		mj_date_format(mj_today(), at);
		memcpy(at + 10, "T00:00:00Z", 11);
	}
	actor_label(a, actor, sizeof actor);
	entry_hash(last.hash, last.seq + 1, at, actor, entity, id, action, content, hash);
	snprintf(seqs, sizeof seqs, "%lld", last.seq + 1);
	snprintf(ids, sizeof ids, "%lld", id);
	const char *p[] = {seqs, at, actor, entity, ids, action, content, last.hash, hash};
	return mj_store_exec(s,
			     "INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, content, prev_hash, hash)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     9, p, NULL, NULL);
}

struct verify_ctx {
	long long expect;
	char prev[65];
	json_t *last; /* "entity:id" -> content string or null */
	int rc;
};

static int verify_cb(void *ctx, int n, const char *const *names, const char *const *v,
		     const size_t *lens)
{
	struct verify_ctx *c = ctx;
	long long seq = strtoll(v[0], NULL, 10);
	char hash[65], key[96];
	for (int i = 0; i < 9; i++)
		if (i != 6 && !v[i])
			return c->rc = mj_error_set(MJ_EAUDIT, "审计记录第 %lld 条缺少字段", seq);
	if (seq != c->expect)
		return c->rc = mj_error_set(MJ_EAUDIT, "审计记录第 %lld 条缺失或被删除（下一条是第 %lld 条）",
					    c->expect, seq);
	if (strcmp(v[7], c->prev) != 0)
		return c->rc = mj_error_set(MJ_EAUDIT, "审计记录第 %lld 条的前序摘要与第 %lld 条不衔接", seq, seq - 1);
	entry_hash(v[7], seq, v[1], v[2], v[3], strtoll(v[4], NULL, 10), v[5], v[6], hash);
	if (strcmp(hash, v[8]) != 0)
		return c->rc = mj_error_set(MJ_EAUDIT, "审计记录第 %lld 条（%s %s 编号 %s）的内容被改动，摘要不符",
					    seq, v[5], v[3], v[4]);
	snprintf(c->prev, sizeof c->prev, "%s", v[8]);
	snprintf(key, sizeof key, "%s:%s", v[3], v[4]);
	json_object_set_new(c->last, key, v[6] ? json_string(v[6]) : json_null());
	c->expect++;
	return 0;
}

int mj_audit_verify(mj_store *s, long long *entries, long long *rows)
{
	struct verify_ctx c = {1, ZERO_HASH, json_object(), 0};
	int rc;
	*entries = *rows = 0;
	rc = mj_store_exec(s, "SELECT seq, at, actor, entity, entity_id, action, content, prev_hash, hash"
			      " FROM audit_log ORDER BY seq", 0, NULL, verify_cb, &c);
	if (c.rc)
		rc = c.rc;
	if (rc)
		goto cleanup;
	*entries = c.expect - 1;
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		json_t *list = NULL;
		json_t *none = json_object();
		rc = mj_entity_list(s, e, none, 0, 0, &list);
		json_decref(none);
		if (rc)
			goto cleanup;
		size_t i;
		json_t *row;
		json_array_foreach(list, i, row) {
			char key[96];
			long long id = json_integer_value(json_object_get(row, "id"));
			snprintf(key, sizeof key, "%s:%lld", e->name, id);
			json_t *want = json_object_get(c.last, key);
			char *have = json_dumps(row, JSON_COMPACT);
			if (!want || json_is_null(want))
				rc = mj_error_set(MJ_EAUDIT, "%s编号 %lld 没有对应的审计记录（疑似绕过程序直接写入数据库）",
						  e->label, id);
			else if (strcmp(json_string_value(want), have) != 0)
				rc = mj_error_set(MJ_EAUDIT, "%s编号 %lld 与其最后一条审计记录不符（疑似绕过程序直接修改）",
						  e->label, id);
			free(have);
			if (rc) {
				json_decref(list);
				goto cleanup;
			}
			json_object_del(c.last, key);
			(*rows)++;
		}
		json_decref(list);
	}
	const char *key;
	json_t *val;
	json_object_foreach(c.last, key, val) {
		if (!json_is_null(val)) {
			rc = mj_error_set(MJ_EAUDIT, "记录 %s 在审计日志中存在，但已从数据库中消失（疑似直接删除）", key);
			break;
		}
	}
cleanup:
	json_decref(c.last);
	return rc;
}

int mj_audit_count(mj_store *s, long long *n)
{
	return mj_store_int(s, n, "SELECT count(*) FROM audit_log", 0, NULL);
}
