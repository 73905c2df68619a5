/*
 * Versioned migrations. Each entry moves the schema from version i to i+1 and
 * is applied once, inside a transaction, recording the new version in
 * schema_version. Never edit an applied migration: append a new one.
 *
 * Column order matches the field order of src/core/model.c (a store test
 * checks every model field has its column).
 *
 * Written once, in SQLite's dialect; the PostgreSQL backend translates the
 * DDL as it runs it (store_pg.c: INTEGER -> BIGINT, identity keys, BYTEA,
 * deferrable foreign keys added after the tables). Keep to plain CREATE
 * TABLE / CREATE INDEX / ALTER TABLE ADD COLUMN so both can run it.
 */
#include "store/schema.h"

#include <stddef.h>
#include <string.h>

static const char migration_1[] =
	"CREATE TABLE org ("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
	" parent_id INTEGER REFERENCES org(id), head_id INTEGER REFERENCES person(id));"
	"CREATE TABLE person ("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, org_id INTEGER REFERENCES org(id),"
	" title TEXT, role TEXT NOT NULL, login TEXT UNIQUE, password_hash TEXT);"
	"CREATE TABLE team ("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
	" org_id INTEGER NOT NULL REFERENCES org(id), superior_org_id INTEGER NOT NULL REFERENCES org(id),"
	" head_id INTEGER REFERENCES person(id), secretary_id INTEGER REFERENCES person(id));"
	"CREATE TABLE member ("
	" id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team(id),"
	" person_id INTEGER NOT NULL REFERENCES person(id), position TEXT, is_head INTEGER NOT NULL DEFAULT 0,"
	" ord INTEGER NOT NULL DEFAULT 0, UNIQUE(team_id, person_id));"
	"CREATE TABLE oversee ("
	" id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team(id),"
	" person_id INTEGER NOT NULL REFERENCES person(id), dept_id INTEGER NOT NULL REFERENCES org(id),"
	" UNIQUE(team_id, person_id, dept_id));"
	"CREATE TABLE notice ("
	" id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id), year INTEGER NOT NULL,"
	" kind TEXT NOT NULL, title TEXT, theme TEXT NOT NULL, issued_on TEXT, window_start TEXT,"
	" window_end TEXT, plan_lead_days INTEGER NOT NULL DEFAULT 10,"
	" report_due_days INTEGER NOT NULL DEFAULT 15, warn_days INTEGER NOT NULL DEFAULT 3);"
	"CREATE TABLE area ("
	" id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notice(id), ord INTEGER NOT NULL,"
	" title TEXT NOT NULL, UNIQUE(notice_id, ord));"
	"CREATE TABLE meeting ("
	" id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team(id),"
	" notice_id INTEGER REFERENCES notice(id), kind TEXT NOT NULL, year INTEGER NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'preparing', planned_date TEXT, actual_date TEXT, place TEXT,"
	" plan_sent_on TEXT, report_sent_on TEXT, special_trigger TEXT, date_consent TEXT, summary TEXT);"
	"CREATE TABLE study ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id), date TEXT NOT NULL,"
	" topic TEXT NOT NULL, attendees TEXT);"
	"CREATE TABLE opinion ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" about_id INTEGER REFERENCES person(id), channel TEXT NOT NULL, area_id INTEGER REFERENCES area(id),"
	" text TEXT NOT NULL, received_on TEXT, anonymous INTEGER NOT NULL DEFAULT 0,"
	" submitter_id INTEGER REFERENCES person(id), duplicate_of INTEGER REFERENCES opinion(id),"
	" feedback_on TEXT);"
	"CREATE TABLE talk ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" a_id INTEGER NOT NULL REFERENCES person(id), b_id INTEGER NOT NULL REFERENCES person(id),"
	" date TEXT NOT NULL, mode TEXT, notes TEXT);"
	"CREATE TABLE attendance ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" person_id INTEGER NOT NULL REFERENCES person(id), should_attend INTEGER NOT NULL DEFAULT 1,"
	" attended INTEGER NOT NULL DEFAULT 0, absence_reason TEXT, is_supervisor INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE(meeting_id, person_id));"
	"CREATE TABLE criticism ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" from_id INTEGER NOT NULL REFERENCES person(id), to_id INTEGER NOT NULL REFERENCES person(id),"
	" text TEXT NOT NULL);"
	"CREATE TABLE oversight ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" person_id INTEGER REFERENCES person(id), text TEXT NOT NULL);"
	"CREATE TABLE material ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" person_id INTEGER NOT NULL REFERENCES person(id), kind TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'draft', return_reason TEXT, rewrite_due TEXT,"
	" current_version INTEGER NOT NULL DEFAULT 0, UNIQUE(meeting_id, person_id, kind));"
	"CREATE TABLE material_version ("
	" id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
	" version INTEGER NOT NULL, filename TEXT, content BLOB, text TEXT, tree TEXT,"
	" added_by INTEGER REFERENCES person(id), added_on TEXT, UNIQUE(material_id, version));"
	"CREATE TABLE item ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" source TEXT NOT NULL, source_ref TEXT, problem TEXT NOT NULL, measure TEXT,"
	" owner_id INTEGER REFERENCES person(id), leader_id INTEGER REFERENCES person(id),"
	" dept_id INTEGER REFERENCES org(id), deadline TEXT, status TEXT NOT NULL DEFAULT 'todo',"
	" sent_back INTEGER NOT NULL DEFAULT 0, progress TEXT, evidence TEXT,"
	" closed_by INTEGER REFERENCES person(id), closed_on TEXT, carried_from INTEGER REFERENCES item(id));"
	"CREATE TABLE item_note ("
	" id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item(id), date TEXT NOT NULL,"
	" author_id INTEGER REFERENCES person(id), kind TEXT NOT NULL, text TEXT NOT NULL);"
	"CREATE TABLE appraisal ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" person_id INTEGER NOT NULL REFERENCES person(id), self_grade TEXT, mutual_grade TEXT,"
	" staff_grade TEXT, grade TEXT, remarks TEXT, UNIQUE(meeting_id, person_id));"
	"CREATE TABLE audit_log ("
	" seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL,"
	" entity_id INTEGER NOT NULL, action TEXT NOT NULL, content TEXT, prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq);"
	"CREATE INDEX meeting_team ON meeting(team_id, year);"
	"CREATE INDEX meeting_notice ON meeting(notice_id);"
	"CREATE INDEX opinion_meeting ON opinion(meeting_id);"
	"CREATE INDEX talk_meeting ON talk(meeting_id);"
	"CREATE INDEX item_meeting ON item(meeting_id, status);"
	"CREATE INDEX item_owner ON item(owner_id);"
	"CREATE INDEX item_deadline ON item(status, deadline);"
	"CREATE INDEX note_item ON item_note(item_id);"
	"CREATE INDEX member_person ON member(person_id);"
	"CREATE INDEX team_superior ON team(superior_org_id);"
	"CREATE INDEX version_material ON material_version(material_id);";

/* 2: a person's history (talks either side, attendance) without scanning
 * the tables; see docs/storage.md for the plans. */
static const char migration_2[] =
	"CREATE INDEX talk_a ON talk(a_id);"
	"CREATE INDEX talk_b ON talk(b_id);"
	"CREATE INDEX attendance_person ON attendance(person_id);";

/* Links between a material's problems and the ledger items made from them;
 * the review corpora and the persisted fingerprint indexes. */
static const char migration_material_link[] =
	"CREATE TABLE material_link ("
	" id INTEGER PRIMARY KEY, material_id INTEGER NOT NULL REFERENCES material(id),"
	" problem_key TEXT NOT NULL, item_id INTEGER NOT NULL REFERENCES item(id),"
	" UNIQUE(material_id, problem_key));"
	"CREATE INDEX material_link_item ON material_link(item_id);"
	"CREATE TABLE corpus_doc ("
	" id INTEGER PRIMARY KEY, corpus TEXT NOT NULL, name TEXT NOT NULL, author TEXT, text TEXT NOT NULL,"
	" added_on TEXT);"
	"CREATE INDEX corpus_doc_corpus ON corpus_doc(corpus);"
	/* derived, not audited: persisted fingerprint indexes keyed by what they index */
	"CREATE TABLE review_index (signature TEXT PRIMARY KEY, strict INTEGER NOT NULL, built_on TEXT, blob BLOB NOT NULL);";

/* The record of each spreadsheet import of a ledger, for undo. summary is
 * JSON: created item ids, and for updated items the previous values of the
 * fields changed; seq_to is the last audit entry the import wrote. */
static const char migration_ledger_import[] =
	"CREATE TABLE ledger_import ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id), at TEXT NOT NULL,"
	" actor TEXT NOT NULL, actor_id INTEGER, file TEXT, seq_to INTEGER NOT NULL, summary TEXT NOT NULL,"
	" undone_at TEXT, undone_by TEXT);"
	"CREATE INDEX ledger_import_meeting ON ledger_import(meeting_id, id);"
	"CREATE INDEX item_carried ON item(carried_from);";

/* The web application's sessions and anonymous opinion links. Not domain
 * data (not audited): tokens are kept only as BLAKE2b hashes. */
static const char migration_web[] =
	"CREATE TABLE session ("
	" id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
	" person_id INTEGER NOT NULL REFERENCES person(id), csrf TEXT NOT NULL,"
	" created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
	"CREATE INDEX session_person ON session(person_id);"
	"CREATE TABLE opinion_link ("
	" id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
	" token_hash TEXT NOT NULL UNIQUE, closes_on TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,"
	" created_by INTEGER REFERENCES person(id));"
	"CREATE INDEX opinion_link_meeting ON opinion_link(meeting_id);";

/* Province scale (docs/storage.md, "Indexes and plans"): the status of a
 * year's meetings counts every team's items by meeting, status, sent_back
 * and deadline, own items and the open items carried from earlier years.
 * Both indexes hold every column those counts read (id last, for min(id)),
 * so they are answered from the index alone on both engines (PostgreSQL:
 * index-only scans). item_open is partial: only the not yet closed items,
 * a few of them after some years. item_meeting (meeting_id, status) is a
 * prefix of item_meeting_cover and goes. */
static const char migration_scale[] =
	"CREATE INDEX item_meeting_cover ON item(meeting_id, status, sent_back, deadline, id);"
	"CREATE INDEX item_open ON item(meeting_id, status, sent_back, deadline, id) WHERE status <> 'closed';"
	"DROP INDEX item_meeting;";

/* review_index again: on PostgreSQL the DDL translation used to turn its
 * column name "blob" into "bytea" (as if it were the type), so storing or
 * reading a fingerprint index failed there. The table holds derived data
 * only (rebuilt by the next review), so it is simply made again. */
static const char migration_review_index[] =
	"DROP TABLE review_index;"
	"CREATE TABLE review_index (signature TEXT PRIMARY KEY, strict INTEGER NOT NULL, built_on TEXT, blob BLOB NOT NULL);";

/* The organizer's scope: the orgs under theirs, looked up by parent on
 * every request of an organizer (the session's /me, lists of teams and
 * people); without an index SQLite built a temporary one each time. */
static const char migration_org_parent[] =
	"CREATE INDEX org_parent ON org(parent_id);";

/* The review corpus's stamp (review_store.c, mj_review_stamp): one random
 * token, replaced in the same transaction as every write that changes what
 * the review's corpus holds (a material's current version, its author,
 * meeting, team or their names; a version's text; a corpus document), by
 * the triggers below (installed with this migration, per engine: store.c).
 * A review compares it with the token its index file was built under, one
 * row read instead of every document's key. The first token is set when the
 * migration runs (store.c), random too. */
static const char migration_review_stamp[] =
	"CREATE TABLE review_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL);";

#define NEW_TOKEN_SQLITE "UPDATE review_stamp SET token = lower(hex(randomblob(16)))"
#define ON_SQLITE(name, ev, tbl, when) \
	"CREATE TRIGGER review_stamp_" name " AFTER " ev " ON " tbl when " BEGIN " NEW_TOKEN_SQLITE "; END"
const char *const mj_review_stamp_sqlite[] = {
	ON_SQLITE("material_i", "INSERT", "material", ""),
	ON_SQLITE("material_d", "DELETE", "material", ""),
	ON_SQLITE("material_u", "UPDATE", "material",
		  " WHEN OLD.current_version IS NOT NEW.current_version OR OLD.person_id IS NOT NEW.person_id"
		  " OR OLD.meeting_id IS NOT NEW.meeting_id OR OLD.id IS NOT NEW.id"),
	ON_SQLITE("version_i", "INSERT", "material_version", ""),
	ON_SQLITE("version_d", "DELETE", "material_version", ""),
	ON_SQLITE("version_u", "UPDATE", "material_version",
		  " WHEN OLD.text IS NOT NEW.text OR OLD.version IS NOT NEW.version OR OLD.material_id IS NOT NEW.material_id"),
	ON_SQLITE("corpus_i", "INSERT", "corpus_doc", ""),
	ON_SQLITE("corpus_d", "DELETE", "corpus_doc", ""),
	ON_SQLITE("corpus_u", "UPDATE", "corpus_doc",
		  " WHEN OLD.text IS NOT NEW.text OR OLD.name IS NOT NEW.name OR OLD.corpus IS NOT NEW.corpus"
		  " OR OLD.author IS NOT NEW.author OR OLD.id IS NOT NEW.id"),
	ON_SQLITE("person_u", "UPDATE", "person", " WHEN OLD.name IS NOT NEW.name OR OLD.id IS NOT NEW.id"),
	ON_SQLITE("person_d", "DELETE", "person", ""),
	ON_SQLITE("team_u", "UPDATE", "team", " WHEN OLD.name IS NOT NEW.name OR OLD.id IS NOT NEW.id"),
	ON_SQLITE("team_d", "DELETE", "team", ""),
	ON_SQLITE("meeting_u", "UPDATE", "meeting",
		  " WHEN OLD.year IS NOT NEW.year OR OLD.team_id IS NOT NEW.team_id OR OLD.id IS NOT NEW.id"),
	ON_SQLITE("meeting_d", "DELETE", "meeting", ""),
	NULL,
};

/* PostgreSQL: inserts, deletes and truncations once per statement (a bulk
 * import or COPY pays once), updates per row when a column the corpus shows
 * changed (a new person, team or meeting changes nothing in it). */
#define EXEC_PG " EXECUTE FUNCTION review_stamp_bump()"
#define STMT_PG(name, ev, tbl) "CREATE TRIGGER review_stamp_" name " AFTER " ev " ON " tbl " FOR EACH STATEMENT" EXEC_PG
#define ROW_PG(name, tbl, when) "CREATE TRIGGER review_stamp_" name " AFTER UPDATE ON " tbl " FOR EACH ROW WHEN (" when ")" EXEC_PG
const char *const mj_review_stamp_pg[] = {
	"CREATE FUNCTION review_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" UPDATE review_stamp SET token = md5(random()::text || clock_timestamp()::text || txid_current()::text);"
	" RETURN NULL; END $$",
	STMT_PG("material_w", "INSERT OR DELETE OR TRUNCATE", "material"),
	ROW_PG("material_u", "material",
	       "OLD.current_version IS DISTINCT FROM NEW.current_version OR OLD.person_id IS DISTINCT FROM NEW.person_id"
	       " OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id OR OLD.id IS DISTINCT FROM NEW.id"),
	STMT_PG("version_w", "INSERT OR DELETE OR TRUNCATE", "material_version"),
	ROW_PG("version_u", "material_version",
	       "OLD.text IS DISTINCT FROM NEW.text OR OLD.version IS DISTINCT FROM NEW.version"
	       " OR OLD.material_id IS DISTINCT FROM NEW.material_id"),
	STMT_PG("corpus_w", "INSERT OR DELETE OR TRUNCATE", "corpus_doc"),
	ROW_PG("corpus_u", "corpus_doc",
	       "OLD.text IS DISTINCT FROM NEW.text OR OLD.name IS DISTINCT FROM NEW.name OR OLD.corpus IS DISTINCT FROM NEW.corpus"
	       " OR OLD.author IS DISTINCT FROM NEW.author OR OLD.id IS DISTINCT FROM NEW.id"),
	STMT_PG("person_w", "DELETE OR TRUNCATE", "person"),
	ROW_PG("person_u", "person", "OLD.name IS DISTINCT FROM NEW.name OR OLD.id IS DISTINCT FROM NEW.id"),
	STMT_PG("team_w", "DELETE OR TRUNCATE", "team"),
	ROW_PG("team_u", "team", "OLD.name IS DISTINCT FROM NEW.name OR OLD.id IS DISTINCT FROM NEW.id"),
	STMT_PG("meeting_w", "DELETE OR TRUNCATE", "meeting"),
	ROW_PG("meeting_u", "meeting",
	       "OLD.year IS DISTINCT FROM NEW.year OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.id IS DISTINCT FROM NEW.id"),
	NULL,
};

/* Per-meeting revisions for the web roll-up (docs/scale.md, "Roll-up lines
 * by meeting revision"): meeting_rev holds a number per meeting, raised in
 * the same transaction as every write that can change what that meeting's
 * roll-up line shows (mj_status_brief), and row 0 for facts many meetings
 * share. A server keeps each line with the revisions it was computed under
 * and recomputes only the meetings whose revision moved. The triggers are in
 * each engine's dialect (mj_migration_engine below). Rows are never
 * deleted: a deleted meeting's row is raised, so an id used again (SQLite
 * may reuse the highest) never meets a line kept for its predecessor.
 *
 * What the line reads, and what raises it:
 *   meeting (its row, year, team, notice)   itself and the meetings of its
 *                                           team(s) before and after (an
 *                                           earlier year's open items are
 *                                           carried into the later ones)
 *   item (own and carried, by status, deadline, sent_back)
 *                                           every meeting of the item's team
 *   member, oversee (the talk rules)        every meeting of the team
 *   talk, material (state of 'member')      their meeting
 *   notice (warn_days and the deadlines), org (a department's head)
 *                                           row 0 (migration 11 below:
 *                                           notice nothing, org the
 *                                           teams its department oversees)
 * Not read by the line, so no trigger: person, opinion, attendance,
 * material_version (a material's state is on material), the rest; nor
 * team: its name and kind are read afresh with the meetings' rows by every
 * roll-up, and its head_id only decides which member's pairs count as the
 * head's (the talk rules require every pair of members either way). */
static const char migration_meeting_rev[] =
	"CREATE TABLE meeting_rev (meeting_id INTEGER PRIMARY KEY, rev INTEGER NOT NULL);"
	"INSERT INTO meeting_rev (meeting_id, rev) SELECT id, 1 FROM meeting;"
	"INSERT INTO meeting_rev (meeting_id, rev) VALUES (0, 1);";

#define MREV_UP "UPDATE meeting_rev SET rev = rev + 1 WHERE "
/* every meeting of the teams in (list) */
#define MREV_TEAMS(list) MREV_UP "meeting_id IN (SELECT id FROM meeting WHERE team_id IN (" list "))"
/* every meeting of the teams of the meetings in (list) */
#define MREV_TEAMS_OF(list) MREV_TEAMS("SELECT team_id FROM meeting WHERE id IN (" list ")")
#define MREV_MEETINGS(list) MREV_UP "meeting_id IN (" list ")"
#define MREV_GLOBAL MREV_UP "meeting_id = 0"
#define MREV_NEW_MEETING \
	"INSERT INTO meeting_rev (meeting_id, rev) VALUES (NEW.id, 1)" \
	" ON CONFLICT (meeting_id) DO UPDATE SET rev = meeting_rev.rev + 1"

#define LT(name, ev, tbl, body) "CREATE TRIGGER mrev_" name " AFTER " ev " ON " tbl " BEGIN " body "; END;"
static const char meeting_rev_sqlite[] =
	LT("item_i", "INSERT", "item", MREV_TEAMS_OF("NEW.meeting_id"))
	LT("item_u", "UPDATE", "item", MREV_TEAMS_OF("OLD.meeting_id, NEW.meeting_id"))
	LT("item_d", "DELETE", "item", MREV_TEAMS_OF("OLD.meeting_id"))
	LT("member_i", "INSERT", "member", MREV_TEAMS("NEW.team_id"))
	LT("member_u", "UPDATE", "member", MREV_TEAMS("OLD.team_id, NEW.team_id"))
	LT("member_d", "DELETE", "member", MREV_TEAMS("OLD.team_id"))
	LT("oversee_i", "INSERT", "oversee", MREV_TEAMS("NEW.team_id"))
	LT("oversee_u", "UPDATE", "oversee", MREV_TEAMS("OLD.team_id, NEW.team_id"))
	LT("oversee_d", "DELETE", "oversee", MREV_TEAMS("OLD.team_id"))
	LT("talk_i", "INSERT", "talk", MREV_MEETINGS("NEW.meeting_id"))
	LT("talk_u", "UPDATE", "talk", MREV_MEETINGS("OLD.meeting_id, NEW.meeting_id"))
	LT("talk_d", "DELETE", "talk", MREV_MEETINGS("OLD.meeting_id"))
	LT("material_i", "INSERT", "material", MREV_MEETINGS("NEW.meeting_id"))
	LT("material_u", "UPDATE", "material", MREV_MEETINGS("OLD.meeting_id, NEW.meeting_id"))
	LT("material_d", "DELETE", "material", MREV_MEETINGS("OLD.meeting_id"))
	LT("meeting_i", "INSERT", "meeting", MREV_NEW_MEETING)
	LT("meeting_u", "UPDATE", "meeting", MREV_TEAMS("OLD.team_id, NEW.team_id") "; " MREV_MEETINGS("OLD.id, NEW.id"))
	LT("meeting_d", "DELETE", "meeting", MREV_TEAMS("OLD.team_id") "; " MREV_MEETINGS("OLD.id"))
	LT("notice_u", "UPDATE", "notice", MREV_GLOBAL)
	LT("notice_d", "DELETE", "notice", MREV_GLOBAL)
	LT("org_u", "UPDATE", "org", MREV_GLOBAL)
	LT("org_d", "DELETE", "org", MREV_GLOBAL);
#undef LT

/* PostgreSQL: one row trigger per table (OLD is NULL on INSERT and NEW on
 * DELETE, so an IN list of both covers every case). */
#define PF(tbl, body) \
	"CREATE FUNCTION mrev_" tbl "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " body "; RETURN NULL; END $$;" \
	"CREATE TRIGGER mrev_" tbl " AFTER INSERT OR UPDATE OR DELETE ON " tbl \
	" FOR EACH ROW EXECUTE FUNCTION mrev_" tbl "();"
#define PFU(tbl, body) \
	"CREATE FUNCTION mrev_" tbl "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " body "; RETURN NULL; END $$;" \
	"CREATE TRIGGER mrev_" tbl " AFTER UPDATE OR DELETE ON " tbl " FOR EACH ROW EXECUTE FUNCTION mrev_" tbl "();"
static const char meeting_rev_pg[] =
	PF("item", MREV_TEAMS_OF("OLD.meeting_id, NEW.meeting_id"))
	PF("member", MREV_TEAMS("OLD.team_id, NEW.team_id"))
	PF("oversee", MREV_TEAMS("OLD.team_id, NEW.team_id"))
	PF("talk", MREV_MEETINGS("OLD.meeting_id, NEW.meeting_id"))
	PF("material", MREV_MEETINGS("OLD.meeting_id, NEW.meeting_id"))
	PF("meeting", "IF TG_OP = 'INSERT' THEN " MREV_NEW_MEETING "; ELSE " MREV_TEAMS("OLD.team_id, NEW.team_id")
		      "; " MREV_MEETINGS("OLD.id, NEW.id") "; END IF")
	PFU("notice", MREV_GLOBAL)
	PFU("org", MREV_GLOBAL);
#undef PF
#undef PFU

/* Migration 11: narrower revisions (docs/scale.md, "A new day, a notice,
 * an org"). The roll-up now keeps each line apart from the day and the
 * notice's warning window (mj_line_facts, status.c) and applies both when
 * it answers, so a notice is read by no kept line: its triggers go. Of an
 * org a line reads only a department's head (talk coverage: the oversee
 * entries joined to their department), so an org write raises the meetings
 * of the teams its department oversees, and only when its head or id
 * changes or it is deleted, instead of row 0 (every line). Row 0 is raised
 * once, so that lines kept across the migration are computed again. */
static const char migration_narrow_rev[] =
	"CREATE INDEX oversee_dept ON oversee(dept_id);"
	"UPDATE meeting_rev SET rev = rev + 1 WHERE meeting_id = 0;";

/* every meeting of the teams that departments in (list) oversee */
#define MREV_OVERSEEN(list) MREV_TEAMS("SELECT team_id FROM oversee WHERE dept_id IN (" list ")")
static const char narrow_rev_sqlite[] =
	"DROP TRIGGER mrev_notice_u; DROP TRIGGER mrev_notice_d; DROP TRIGGER mrev_org_u; DROP TRIGGER mrev_org_d;"
	"CREATE TRIGGER mrev_org_u AFTER UPDATE ON org WHEN OLD.head_id IS NOT NEW.head_id OR OLD.id IS NOT NEW.id"
	" BEGIN " MREV_OVERSEEN("OLD.id, NEW.id") "; END;"
	"CREATE TRIGGER mrev_org_d AFTER DELETE ON org BEGIN " MREV_OVERSEEN("OLD.id") "; END;";
static const char narrow_rev_pg[] =
	"DROP TRIGGER mrev_notice ON notice; DROP FUNCTION mrev_notice();"
	"CREATE OR REPLACE FUNCTION mrev_org() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP = 'DELETE' THEN " MREV_OVERSEEN("OLD.id") ";"
	" ELSIF OLD.head_id IS DISTINCT FROM NEW.head_id OR OLD.id IS DISTINCT FROM NEW.id THEN "
	MREV_OVERSEEN("OLD.id, NEW.id") "; END IF; RETURN NULL; END $$;";
#undef MREV_OVERSEEN

const char *mj_migration_engine(const char *migration, const char *engine)
{
	int pg = strcmp(engine, "postgresql") == 0;
	if (migration == migration_meeting_rev)
		return pg ? meeting_rev_pg : meeting_rev_sqlite;
	if (migration == migration_narrow_rev)
		return pg ? narrow_rev_pg : narrow_rev_sqlite;
	return NULL;
}

const char *const mj_migrations[] = {
	migration_1,
	migration_2,
	migration_material_link,
	migration_ledger_import,
	migration_web,
	migration_scale,
	migration_review_index,
	migration_org_parent,
	migration_review_stamp,
	migration_meeting_rev,
	migration_narrow_rev,
	NULL,
};
