/*
 * Copying a whole database into an empty one (`mingjing migrate`), between
 * any two backends: every model table in model order with its ids, then the
 * audit log entry for entry, so the copy's hash chain and row checks are
 * exactly the original's. One transaction on the target with foreign keys
 * deferred (rows refer forward: org.head_id -> person), rows read in batches
 * of COPY_BATCH by id so neither side holds a whole table in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

#define COPY_BATCH 5000

struct copy_ctx {
	mj_store *dst;
	const char *insert;
	unsigned blob_mask;
	long long last, n;
	int rc;
};

static int copy_row(void *ctx, int ncol, const char *const *names, const char *const *vals, const size_t *lens)
{
	struct copy_ctx *c = ctx;
	c->last = strtoll(vals[0], NULL, 10);
	c->rc = mj_store_exec_blob(c->dst, c->insert, ncol, vals, lens, c->blob_mask, NULL, NULL);
	if (c->rc)
		return c->rc;
	c->n++;
	return 0;
}

/* Copies table `table` (key column `key` first in `cols`). */
static int copy_table(mj_store *dst, mj_store *src, const char *table, const char *key, const char *cols,
		      int ncols, unsigned blob_mask, long long *n)
{
	mj_buf sel = MJ_BUF_INIT, ins = MJ_BUF_INIT;
	struct copy_ctx c = {dst, NULL, blob_mask, 0, 0, 0};
	int rc = 0;
	mj_buf_printf(&sel, "SELECT %s FROM %s WHERE %s > ? ORDER BY %s LIMIT %d", cols, table, key, key, COPY_BATCH);
	mj_buf_printf(&ins, "INSERT INTO %s (%s) VALUES (", table, cols);
	for (int i = 0; i < ncols; i++)
		mj_buf_puts(&ins, i ? ", ?" : "?");
	mj_buf_puts(&ins, ")");
	c.insert = mj_buf_cstr(&ins);
	for (;;) {
		char from[24];
		long long before = c.n;
		snprintf(from, sizeof from, "%lld", c.last);
		const char *p[] = {from};
		rc = mj_store_exec(src, mj_buf_cstr(&sel), 1, p, copy_row, &c);
		if (c.rc)
			rc = c.rc;
		if (rc || c.n - before < COPY_BATCH)
			break;
	}
	if (!rc)
		rc = mj_store_sync_ids(dst, table, key);
	if (rc) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", mj_error_msg());
		rc = mj_error_set(rc, "复制表 %s 失败：%s", table, msg);
	}
	*n = c.n;
	mj_buf_free(&sel);
	mj_buf_free(&ins);
	return rc;
}

/* The roll-up's revision triggers (schema.c, migration 10) raise up to five
 * meeting_rev rows per copied item, member, talk, material and oversee entry.
 * In the one transaction of a copy PostgreSQL keeps every raise of a row as a
 * new version that the next raise walks: a tenth of a province (100,000
 * items of 1,500 meetings) took 75 s with them, 24 s without, and it
 * grows faster than the rows. So on
 * PostgreSQL they are off while the rows go in (the meetings' own trigger
 * stays: it makes their rows), then on again, and every revision is raised
 * once, in the same transaction. SQLite updates in place: nothing to do. */
static int mrev_triggers(mj_store *dst, int on)
{
	static const char *const tables[] = {"item", "member", "oversee", "talk", "material"};
	char sql[128];
	int rc;
	if (strcmp(mj_store_backend(dst), "postgresql") != 0)
		return 0;
	/* the deferred foreign keys checked now: ALTER TABLE refuses a table
	 * with pending trigger events */
	if (on && (rc = mj_store_exec(dst, "SET CONSTRAINTS ALL IMMEDIATE", 0, NULL, NULL, NULL)))
		return rc;
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		snprintf(sql, sizeof sql, "ALTER TABLE %s %s TRIGGER mrev_%s", tables[i], on ? "ENABLE" : "DISABLE", tables[i]);
		if ((rc = mj_store_exec(dst, sql, 0, NULL, NULL, NULL)))
			return rc;
	}
	return on ? mj_store_exec(dst, "UPDATE meeting_rev SET rev = rev + 1", 0, NULL, NULL, NULL) : 0;
}

int mj_store_copy(mj_store *dst, mj_store *src, json_t **counts)
{
	json_t *out = json_object();
	long long n = 0;
	int rc;
	*counts = NULL;
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", e->name);
		if ((rc = mj_store_int(dst, &n, sql, 0, NULL)))
			goto cleanup;
		if (n) {
			rc = mj_error_set(MJ_EEXISTS, "目标数据库不是空的（%s 已有 %lld 行），未做任何修改", e->label, n);
			goto cleanup;
		}
	}
	if ((rc = mj_store_int(dst, &n, "SELECT count(*) FROM audit_log", 0, NULL)))
		goto cleanup;
	if (n) {
		rc = mj_error_set(MJ_EEXISTS, "目标数据库已有 %lld 条审计记录，未做任何修改", n);
		goto cleanup;
	}
	if ((rc = mj_store_begin(dst)) || (rc = mj_store_defer_constraints(dst)) || (rc = mrev_triggers(dst, 0)))
		goto fail;
	for (const struct mj_entity *e = mj_entities; e->name; e++) {
		mj_buf cols = MJ_BUF_INIT;
		unsigned blobs = 0;
		int ncols = 1;
		mj_buf_puts(&cols, "id");
		for (const struct mj_field *f = e->fields; f->name; f++, ncols++) {
			mj_buf_printf(&cols, ", %s", f->name);
			if (f->type == MJ_F_BLOB && ncols < 32)
				blobs |= 1u << ncols;
		}
		rc = copy_table(dst, src, e->name, "id", mj_buf_cstr(&cols), ncols, blobs, &n);
		mj_buf_free(&cols);
		if (rc)
			goto fail;
		json_object_set_new(out, e->name, json_integer(n));
	}
	if ((rc = copy_table(dst, src, "audit_log", "seq",
			     "seq, at, actor, entity, entity_id, action, content, prev_hash, hash", 9, 0, &n)))
		goto fail;
	json_object_set_new(out, "audit_log", json_integer(n));
	if ((rc = mrev_triggers(dst, 1)))
		goto fail;
	if ((rc = mj_store_commit(dst))) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", mj_error_msg());
		rc = mj_error_set(rc, "迁移提交失败，目标未做任何修改：%s", msg);
		goto cleanup;
	}
	*counts = out;
	return 0;
fail:
	mj_store_rollback(dst);
cleanup:
	json_decref(out);
	return rc;
}
