/*
 * The storage interface. Every caller above this layer (cli, web) talks to the
 * database only through these functions; backends (backend.h) are the only
 * files that include a database client header.
 *
 * Rows travel as jansson objects: keys in model order ("id" first), integers
 * as JSON integers, text as strings, NULL as null, blobs as their hash.
 * Input values travel as a JSON object of field name -> string (as typed by a
 * person); the store validates them against the model (core/model.h).
 *
 * Every change runs in one transaction together with its audit_log entry.
 */
#ifndef MJ_STORE_H
#define MJ_STORE_H
#include <jansson.h>
#include <stddef.h>

#include "core/model.h"
#include "store/backend.h"
#include "util/buf.h"

typedef struct mj_store mj_store;

/* Who is acting: resolved from --as (or a web session). person_id 0 and
 * role "operator" is the local command-line operator. */
typedef struct mj_actor {
	long long person_id;
	long long org_id;
	char name[128];
	char role[16];
} mj_actor;

/* path: an SQLite file, or a PostgreSQL URL (postgresql://... or
 * postgres://...), which mj_store_is_pg() tells apart. Creates and migrates
 * the schema as needed. */
int mj_store_open(mj_store **out, const char *path);
int mj_store_is_pg(const char *path);
/* "sqlite" or "postgresql". */
const char *mj_store_backend(const mj_store *s);
/* After inserting rows with explicit ids into table: the next generated
 * column value follows the largest present (PostgreSQL identity columns). */
int mj_store_sync_ids(mj_store *s, const char *table, const char *column);
void mj_store_close(mj_store *s);
const char *mj_store_path(const mj_store *s);

/* Resolves a person by id or unique name; NULL/empty: the operator. */
int mj_store_actor(mj_store *s, const char *as, mj_actor *out);

/* Transactions nest: only the outermost begin/commit reach the database. */
int mj_store_begin(mj_store *s);
int mj_store_commit(mj_store *s);
int mj_store_defer_constraints(mj_store *s);
void mj_store_rollback(mj_store *s);
/* A run of reads (a web GET) in one snapshot where the backend offers it
 * (SQLite: one read transaction instead of one per statement). A write or
 * mj_store_begin inside ends the snapshot first. read_end: always safe. */
int mj_store_read_begin(mj_store *s);
void mj_store_read_end(mj_store *s);
/* For caches of query results kept with a connection: v changes whenever
 * what this connection reads may have changed (any commit, by any process).
 * MJ_EINVAL when the backend cannot tell (PostgreSQL): then do not cache. */
int mj_store_data_version(mj_store *s, unsigned long long v[MJ_DATA_VERSION_N]);

/* Raw portable SQL, for the files of src/store only. */
int mj_store_exec(mj_store *s, const char *sql, int nparams, const char *const *params,
		  mj_row_fn fn, void *ctx);
int mj_store_exec_blob(mj_store *s, const char *sql, int nparams, const char *const *params,
		       const size_t *lens, unsigned blob_mask, mj_row_fn fn, void *ctx);
/* Single integer result of a query (0 when no row). */
int mj_store_int(mj_store *s, long long *out, const char *sql, int nparams, const char *const *params);

/* Rows of any query as a JSON array of objects (column name -> integer, text
 * or null). *rows: new reference. For store modules. */
int mj_store_rows(mj_store *s, json_t **rows, const char *sql, int nparams, const char *const *params);

/* Status of one meeting (opinions, talk coverage with the missing pairs,
 * materials, attendance and quorum, deadlines, ledger by colour), computed
 * with the rules of core/rules.h as of day `today`. *out: new reference. */
int mj_status_meeting(mj_store *s, long long meeting_id, int today, json_t **out);
/* {"year", "meetings": [the status of every meeting of `year`, as
 * mj_status_meeting, by team]} (year 0: the latest year with meetings). */
int mj_status_overview(mj_store *s, int year, int today, json_t **out);
/* For store modules: the status of every meeting m for which `where` (fixed
 * SQL on `meeting m`, with ?1 bound to param) holds, ordered by team and
 * meeting id; a few set-wide queries whatever the number of meetings. */
int mj_status_many(mj_store *s, const char *where, const char *param, int today, json_t **out);
/* The same meetings, only what a roll-up line shows: [{meeting_id,
 * talk_percent (0 when coverage cannot be computed), materials_final,
 * materials_total (members), ledger_by_color, ledger_total}]. */
int mj_status_brief(mj_store *s, const char *where, const char *param, int today, json_t **out);
/* A roll-up line of mj_status_brief apart from the day and the warning
 * window: valid on the day `since` and every later day, for any
 * warn_days. groups: the ledger items as seen from the meeting (its own and
 * the open ones of the team's earlier years), grouped so that every item of
 * a group has the same colour on any such day. */
struct mj_line_group {
	long long n, year, first; /* items, their meeting's year, the smallest id */
	int status, deadline, sent_back; /* enum mj_item_status; day number or MJ_DATE_NONE */
};
struct mj_line_facts {
	long long meeting_id, materials_final, materials_total, ledger_total;
	int since, talk_percent;
	size_t ngroups;
	struct mj_line_group *groups;
};
/* The facts of the meetings of `where` (as mj_status_brief), loaded on `today`:
 * *out an array of *n (free with mj_line_facts_free). */
int mj_status_line_facts(mj_store *s, const char *where, const char *param, int today, struct mj_line_facts **out,
			 size_t *n);
/* The line mj_status_brief gives for those facts on `today` (>= since) with
 * the meeting's notice's warn_days (3 without one). */
json_t *mj_line_facts_brief(const struct mj_line_facts *l, int today, int warn_days);
void mj_line_facts_free(struct mj_line_facts *v, size_t n);
/* Appends "(col BETWEEN a AND b OR … OR col IN (…))" naming the sorted ids
 * v[0..n) (n > 0; repeats allowed), for a `where` of mj_status_brief. */
void mj_status_id_cond(mj_buf *b, const char *col, const long long *v, size_t n);
/* What the text overview of `status --year` prints, without the detail of
 * mj_status_overview (no member lists, no missing talk pairs, no
 * attendance): {"year", "meetings": [{meeting (the row, as in
 * mj_status_overview), opinions_total, talk_percent, materials_final,
 * materials_total, ledger_by_color}]}; the same figures as mj_status_overview. */
int mj_status_overview_brief(mj_store *s, int year, int today, json_t **out);

/* Ledger (ledger.c). action: start finish send_back (or sendback) close
 * reopen; note: progress note or reason, as the action requires. */
int mj_ledger_act(mj_store *s, const mj_actor *a, long long item_id, const char *action,
		  const char *note, int today);
int mj_ledger_edit(mj_store *s, const mj_actor *a, long long item_id, json_t *values);
int mj_ledger_note(mj_store *s, const mj_actor *a, long long item_id, const char *kind,
		   const char *text, int today);
/* A team's ledger as seen from meeting_id (its items + open carried items);
 * meeting_id 0: all the team's items. Rows gain "color" and "carried". */
int mj_ledger_rows(mj_store *s, long long meeting_id, long long team_id, int today, int warn_days,
		   json_t **out);

/* Materials (material_store.c). add: parses the file (any format) against
 * the meeting's notice areas and stores a new version (original bytes, text,
 * tree) by its author; draft=1 keeps the state 草稿, else 已提交. */
struct mj_material;
int mj_material_add(mj_store *s, const mj_actor *a, long long meeting_id, long long person_id,
		    const char *kind, const char *filename, const char *data, size_t len, int draft,
		    long long *material_id, int *version, size_t *replaced);
int mj_material_version(mj_store *s, long long material_id, int version, json_t **row);
int mj_material_parse_for_meeting(mj_store *s, long long meeting_id, const char *data, size_t len,
				  struct mj_material **out);
int mj_meeting_areas(mj_store *s, long long meeting_id, json_t **titles);
/* action: submit | return (reason, due) | approve. */
int mj_material_review_action(mj_store *s, const mj_actor *a, long long material_id, const char *action,
			      const char *reason, const char *due);
int mj_material_problems(mj_store *s, long long material_id, int version, json_t **out);
int mj_material_to_ledger(mj_store *s, const mj_actor *a, long long material_id, const char *deadline,
			  long long *created, long long *kept);
int mj_material_diff(mj_store *s, long long material_id, int v1, int v2, json_t **out);
/* Materials of a meeting ([{id, name, kind, state, current_version, rewrite_due,
 * return_reason}], or with_text: [{id, name, state, text}] of those with a
 * version), and the versions of one material. *rows: new reference. */
int mj_material_list(mj_store *s, long long meeting_id, int with_text, json_t **rows);
int mj_material_versions(mj_store *s, long long material_id, json_t **rows);
/* Text (Markdown-style headings) of a draft whose section 一 reports the
 * member's items of last year's ledger and whose section 二 has one empty
 * subsection per area of this year's notice. Appends to out. */
int mj_material_draft(mj_store *s, long long meeting_id, long long person_id, mj_buf *out);
/* 0 when actor a may edit the fields of item (store form) under the ledger
 * rules (owner side or admin, never a closed item); else the rule's error. */
int mj_ledger_check_edit(mj_store *s, const mj_actor *a, json_t *item);

/* The ledger as exported to a spreadsheet (ledger_sheet.c): rows of
 * mj_ledger_rows with names instead of ids (owner_name, leader_name,
 * dept_name, closer_name) and team_name. Exactly one of meeting_id (its
 * ledger with carried items), team_id (all the team's items) or notice_id
 * (the ledger of every meeting under that notice) is non-zero. */
int mj_ledger_sheet_rows(mj_store *s, long long meeting_id, long long team_id, long long notice_id,
			 int today, json_t **out);

/* Import of a spreadsheet into meeting_id's ledger (ledger_sheet.c).
 * sheet is a struct mj_sheet (util/sheet.h). Every row is validated first;
 * with any error, or with dry_run, nothing is written. Otherwise all rows are
 * applied in one transaction (each change through mj_entity_write, so
 * audited) and the import is recorded for mj_ledger_import_undo. *report
 * (new reference, also on validation errors): {"counts": {...}, "errors":
 * [...], "import_id": N}. Returns 0, MJ_EINVAL when rows have errors, or
 * the error of the write that failed (everything rolled back). */
struct mj_sheet;
struct mj_ledger_import_opts {
	int dry_run;
	int ignore_ids;   /* --new: every row is a new item */
	size_t max_errors;
	const char *file; /* recorded with the import */
};
int mj_ledger_import(mj_store *s, const mj_actor *a, long long meeting_id, const struct mj_sheet *sheet,
		     const struct mj_ledger_import_opts *o, json_t **report);
/* Reverts the last import (of meeting_id, or of any meeting when 0): deletes
 * the items it created and restores the fields it changed, refusing when any
 * of those items changed since. Audited. *report: {"import_id", "meeting_id",
 * "deleted", "restored", "at"}. */
int mj_ledger_import_undo(mj_store *s, const mj_actor *a, long long meeting_id, json_t **report);

/* Reminders as of day `today` (remind.c; selection in core/remind.h): items
 * due within `days` days (days < 0: each notice's warn_days) or overdue, and
 * plans and reports due, per person. mj_remind_all: the whole digest
 * {"today", "days", "people": [...]}; mj_remind_for_person: one person's
 * entry {"person_id", "name", "entries": [...], "today"} (entries empty when
 * nothing is due) — for the web home page. *out: new reference. */
int mj_remind_all(mj_store *s, int today, int days, json_t **out);
int mj_remind_for_person(mj_store *s, long long person_id, int today, int days, json_t **out);

/* Facts for the charts (chart_facts.c; drawn by core/report_chart.h):
 * ledger items by status of the meetings under notice_id (> 0) or of year,
 * restricted to the teams of `teams` (an SQL list or subquery built from
 * integers only, as mj_web_readable_teams gives; NULL: every team):
 * {"by_team": {"<team id>": {closed, done, doing, todo}}, "areas": [{area,
 * closed, ...}] (every area of the notices concerned, in order, then
 * "未归入对照方面"), "years": [{year, closed, ...}] (the last ten years; for a
 * notice, its kind of meeting)}. *out: new reference. */
int mj_chart_facts(mj_store *s, long long notice_id, int year, const char *teams, json_t **out);

/* Review of stored materials (review_store.c): the corpus, its persisted
 * index, collections, and the context of the content checks. */
int mj_review_corpus(mj_store *s, const char *corpus, json_t **out);
/* The same; with_text 0 leaves "text" out (fetch it per document with
 * mj_review_doc_text when the persisted index is used). */
int mj_review_corpus_docs(mj_store *s, const char *corpus, int with_text, json_t **out);
/* The text of the corpus document of key ("m<id>.v<version>", "c<id>"). */
int mj_review_doc_text(mj_store *s, const char *key, json_t **text);
void mj_review_signature(json_t *docs, int strict, char out[65]);
int mj_review_index_get(mj_store *s, const char *signature, mj_buf *out, int *found);
int mj_review_index_put(mj_store *s, const char *signature, int strict, const void *blob, size_t len);
/* The corpus's stamp: a random token (32 hex digits) that triggers replace in
 * the same transaction as every write changing what mj_review_corpus_docs
 * returns (schema.c, migration 9). Equal tokens: the same corpus. One row. */
int mj_review_stamp(mj_store *s, char out[33]);
int mj_corpus_add(mj_store *s, const mj_actor *a, const char *corpus, const char *name, const char *author,
		  const char *text, size_t len, long long *id);
int mj_review_context(mj_store *s, long long material_id, json_t **out);
int mj_corpus_list(mj_store *s, json_t **rows);

/* Options for mj_entity_write. */
enum {
	MJ_W_INTERNAL = 1, /* allow MJ_FF_INTERNAL and MJ_FF_RO fields (domain code) */
	MJ_W_NOPERM = 2,   /* skip the permission check (domain code that checked itself) */
	MJ_W_KEEPID = 4,   /* values hold "id": create with that id (import) */
	MJ_W_NOREF = 8,    /* skip reference checks (import: the database checks at commit) */
};

/* Creates (id 0) or updates row id of entity e with values; sets *id_out.
 * Validates every value, checks references and permissions, writes the audit
 * entry. Returns 0 or an error; nothing is changed on error.
 *
 * Optimistic concurrency: an update whose values hold MJ_VERSION_KEY (a
 * string, the version the caller read: see mj_entity_version) is refused with
 * MJ_ECONFLICT "记录已被他人修改，请刷新后重试" when the row changed since. */
#define MJ_VERSION_KEY "@version"
int mj_entity_write(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id,
		    json_t *values, unsigned opts, long long *id_out);
int mj_entity_delete(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id);
/* *row: new reference, caller json_decref()s. MJ_ENOTFOUND when absent. */
int mj_entity_get(mj_store *s, const struct mj_entity *e, long long id, json_t **row);
/* Rows matching every filter (field -> string, equality), ordered by id.
 * limit 0: no limit. *rows: new array reference. */
int mj_entity_list(mj_store *s, const struct mj_entity *e, json_t *filters, long long limit,
		   long long offset, json_t **rows);
/* A row's version: the seq of its last audit entry (0: none). Every change
 * through the store appends one, so the version changes with every update. */
int mj_entity_version(mj_store *s, const struct mj_entity *e, long long id, long long *version);
/* Canonical JSON of one row as stored (what the audit log records). */
int mj_entity_row_json(mj_store *s, const struct mj_entity *e, long long id, char **out);

/* Team a row belongs to (0 when global). */
int mj_store_team_of(mj_store *s, const struct mj_entity *e, json_t *row, long long *team_id);
/* Permission facts (core/perm.h) of actor a for team_id (0: global) and row. */
unsigned mj_store_facts(mj_store *s, const mj_actor *a, long long team_id,
			const struct mj_entity *e, json_t *row);

/* Export of a whole meeting with everything it refers to, and its import
 * (all or nothing; identical existing rows are skipped, differing ones are a
 * conflict). *out: new reference. */
int mj_export_meeting(mj_store *s, long long meeting_id, json_t **out);
int mj_import(mj_store *s, const mj_actor *a, json_t *doc, long long *inserted, long long *skipped);

/* Backup (online, consistent) into a new file, and restore from one; progress
 * may be NULL. Restore replaces the whole content of the open database. */
int mj_store_backup(mj_store *s, const char *dest, void (*progress)(void *ctx, int done, int total), void *ctx);
int mj_store_restore(mj_store *s, const char *src);
/* Copies the whole of src (every model table, ids kept, and the audit log
 * entry for entry) into dst, which must be empty, in one transaction.
 * *counts: new object, table -> rows copied. (copy.c; `mingjing migrate`) */
int mj_store_copy(mj_store *dst, mj_store *src, json_t **counts);

/* Audit: append an entry (inside the caller's transaction). */
int mj_audit_append(mj_store *s, const mj_actor *a, const char *entity, long long id,
		    const char *action, const char *content);
/* Verifies the chain and every row against its last entry. On failure returns
 * MJ_EAUDIT with a message naming the first bad entry or row. *entries gets
 * the number of entries checked, *rows the rows checked. */
int mj_audit_verify(mj_store *s, long long *entries, long long *rows);
/* Number of audit entries. */
int mj_audit_count(mj_store *s, long long *n);

/* Reports to the superior (report.c), as of day `today`. mj_report_meeting:
 * {"status" (mj_status_meeting), "areas", "notice" [row], "studies",
 * "channels", "talks_held" [{"count"}], "attendees", "criticisms" (from/to/
 * count), "criticized", "oversights", "materials_versioned", "problems"
 * [{"area", "problems": [{"name", "headline"}]}], "items" (the meeting's own
 * ledger rows with names)}. mj_report_rollup: {"notice", "teams": one row
 * per team under the notice's organisation, those without a sent report
 * first}. *out: new reference, caller json_decref()s. MJ_ENOTFOUND with a
 * message for an unknown meeting or notice. */
int mj_report_meeting(mj_store *s, long long meeting_id, int today, json_t **out);
int mj_report_rollup(mj_store *s, long long notice_id, int today, json_t **out);

#endif
