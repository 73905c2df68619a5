/*
 * The rectification ledger's actions: start, finish, send back, close,
 * reopen, edit and notes. The status machine itself is core's
 * (mj_ledger_transition); this file finds the actor's roles towards the item,
 * applies the transition, and writes the item and its history note in one
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perm.h"
#include "core/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/utf8.h"

static unsigned actor_roles(mj_store *s, const mj_actor *a, json_t *item)
{
	const struct mj_entity *e = mj_entity_find("item");
	long long team = 0;
	unsigned roles = 0;
	mj_store_team_of(s, e, item, &team);
	unsigned f = mj_store_facts(s, a, team, e, item);
	long long me = a->person_id;
	if (me && json_integer_value(json_object_get(item, "owner_id")) == me)
		roles |= MJ_ACTOR_OWNER;
	if (me && json_integer_value(json_object_get(item, "leader_id")) == me)
		roles |= MJ_ACTOR_RESP_LEADER;
	if (f & MJ_PF_SECRETARY)
		roles |= MJ_ACTOR_TEAM_SECRETARY;
	if (f & MJ_PF_HEAD)
		roles |= MJ_ACTOR_TEAM_HEAD;
	if (f & MJ_PF_ORGANIZER)
		roles |= MJ_ACTOR_ORGANIZER_SUPERIOR;
	if (f & (MJ_PF_ADMIN | MJ_PF_OPERATOR))
		roles |= MJ_ACTOR_ADMIN;
	return roles ? roles : MJ_ACTOR_OTHER;
}

static int add_note(mj_store *s, const mj_actor *a, long long item_id, const char *kind, const char *text, int today)
{
	char iid[24], day[11], pid[24];
	json_t *v = json_object();
	snprintf(iid, sizeof iid, "%lld", item_id);
	mj_date_format(today, day);
	json_object_set_new(v, "item_id", json_string(iid));
	json_object_set_new(v, "date", json_string(day));
	if (a->person_id) {
		snprintf(pid, sizeof pid, "%lld", a->person_id);
		json_object_set_new(v, "author_id", json_string(pid));
	}
	json_object_set_new(v, "kind", json_string(kind));
	json_object_set_new(v, "text", json_string(text));
	int rc = mj_entity_write(s, a, mj_entity_find("item_note"), 0, v, MJ_W_INTERNAL | MJ_W_NOPERM, NULL);
	json_decref(v);
	return rc;
}

int mj_ledger_act(mj_store *s, const mj_actor *a, long long item_id, const char *action,
		  const char *note, int today)
{
	const struct mj_entity *e = mj_entity_find("item");
	json_t *item = NULL, *v = NULL;
	enum mj_ledger_action act;
	enum mj_item_status from, to;
	int rc;
	if (mj_ledger_action_parse(&act, action) || act == MJ_LEDGER_EDIT)
		return mj_error_set(MJ_EUSAGE, "未知的台账操作“%.40s”，可用：start finish sendback close reopen", action);
	if (note && (rc = mj_utf8_check("说明", note, MJ_LEN_TEXT)))
		return rc;
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, e, item_id, &item)))
		goto cleanup;
	if ((rc = mj_item_status_parse(&from, json_string_value(json_object_get(item, "status")))))
		goto cleanup;
	if ((rc = mj_ledger_transition(from, act, actor_roles(s, a, item), note, &to)))
		goto cleanup;
	v = json_object();
	json_object_set_new(v, "status", json_string(mj_item_status_code(to)));
	json_object_set_new(v, "sent_back", json_string(
		mj_ledger_sent_back_after(act, (int)json_integer_value(json_object_get(item, "sent_back"))) ? "1" : "0"));
	char day[11], pid[24];
	mj_date_format(today, day);
	snprintf(pid, sizeof pid, "%lld", a->person_id);
	if (act == MJ_LEDGER_CLOSE) {
		json_object_set_new(v, "closed_by", a->person_id ? json_string(pid) : json_null());
		json_object_set_new(v, "closed_on", json_string(day));
	} else if (act == MJ_LEDGER_REOPEN) {
		json_object_set_new(v, "closed_by", json_null());
		json_object_set_new(v, "closed_on", json_null());
	}
	if ((act == MJ_LEDGER_FINISH || act == MJ_LEDGER_START) && note && *note)
		json_object_set_new(v, "progress", json_string(note));
	if ((rc = mj_entity_write(s, a, e, item_id, v, MJ_W_INTERNAL | MJ_W_NOPERM, NULL)))
		goto cleanup;
	static const char *const note_kind[] = {"progress", "progress", "sendback", "close", "reopen", "progress"};
	const char *text = note && *note ? note : mj_ledger_action_label(act);
	rc = add_note(s, a, item_id, note_kind[act], text, today);
cleanup:
	json_decref(item);
	json_decref(v);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

int mj_ledger_check_edit(mj_store *s, const mj_actor *a, json_t *item)
{
	enum mj_item_status from, to;
	int rc = mj_item_status_parse(&from, json_string_value(json_object_get(item, "status")));
	if (!rc)
		rc = mj_ledger_transition(from, MJ_LEDGER_EDIT, actor_roles(s, a, item), NULL, &to);
	return rc;
}

int mj_ledger_edit(mj_store *s, const mj_actor *a, long long item_id, json_t *values)
{
	const struct mj_entity *e = mj_entity_find("item");
	json_t *item = NULL;
	enum mj_item_status from, to;
	int rc;
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, e, item_id, &item)) ||
	    (rc = mj_item_status_parse(&from, json_string_value(json_object_get(item, "status")))) ||
	    (rc = mj_ledger_transition(from, MJ_LEDGER_EDIT, actor_roles(s, a, item), NULL, &to)) ||
	    (rc = mj_entity_write(s, a, e, item_id, values, 0, NULL)))
		goto cleanup;
cleanup:
	json_decref(item);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}

int mj_ledger_note(mj_store *s, const mj_actor *a, long long item_id, const char *kind, const char *text, int today)
{
	const struct mj_entity *e = mj_entity_find("item");
	json_t *item = NULL, *v = NULL;
	enum mj_item_status from, to;
	int rc;
	if (strcmp(kind, "progress") != 0 && strcmp(kind, "evidence") != 0)
		return mj_error_set(MJ_EINVAL, "记录类型应为 progress（进展）或 evidence（佐证材料）");
	if ((rc = mj_store_begin(s)))
		return rc;
	if ((rc = mj_entity_get(s, e, item_id, &item)) ||
	    (rc = mj_item_status_parse(&from, json_string_value(json_object_get(item, "status")))) ||
	    (rc = mj_ledger_transition(from, MJ_LEDGER_EDIT, actor_roles(s, a, item), NULL, &to)))
		goto cleanup;
	v = json_object();
	json_object_set_new(v, kind, json_string(text));
	if ((rc = mj_entity_write(s, a, e, item_id, v, MJ_W_INTERNAL | MJ_W_NOPERM, NULL)))
		goto cleanup;
	rc = add_note(s, a, item_id, kind, text, today);
cleanup:
	json_decref(item);
	json_decref(v);
	if (rc) {
		mj_store_rollback(s);
		return rc;
	}
	return mj_store_commit(s);
}
