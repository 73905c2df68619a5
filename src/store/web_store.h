/*
 * What the web application needs from the store beyond the generic records:
 * passwords (argon2id), sessions (only a BLAKE2b hash of the token is kept),
 * read scoping (which teams an actor may see), anonymous opinion links (token
 * kept as a hash only) and the organizer's roll-up.
 *
 * Sessions and links are not domain data: they are not audited. Everything a
 * person writes through the web still goes through mj_entity_write.
 */
#ifndef MJ_WEB_STORE_H
#define MJ_WEB_STORE_H
#include <jansson.h>

#include "store/store.h"

#define MJ_PASSWORD_MIN 8
#define MJ_PASSWORD_MAX 128
#define MJ_SESSION_SECONDS (8 * 3600)

/* Sets the password of the person named by login, name or id (validated:
 * 8..128 characters, UTF-8). Written through mj_entity_write (audited). */
int mj_web_password_set(mj_store *s, const mj_actor *a, const char *who, const char *password);
/* Checks login + password. 0 and *person_id on success; MJ_EAUTH otherwise
 * (same message whether the login or the password is wrong). */
int mj_web_password_check(mj_store *s, const char *login, const char *password, long long *person_id);

/* Creates a session for person_id: token_hex (65 bytes) gets the cookie value,
 * csrf_hex (65 bytes) the CSRF token. */
int mj_web_session_create(mj_store *s, long long person_id, char token_hex[65], char csrf_hex[65]);
/* Finds the live session of a cookie token: fills actor, csrf (65 bytes) and
 * *session_id. MJ_EAUTH when absent or expired. */
int mj_web_session_find(mj_store *s, const char *token, mj_actor *a, char csrf[65], long long *session_id);
int mj_web_session_delete(mj_store *s, long long session_id);
/* Deletes every session of person_id except keep_id (after a password change). */
int mj_web_session_delete_others(mj_store *s, long long person_id, long long keep_id);

/* Read scope. The readable teams of actor a as an SQL list or subquery for
 * "team_id IN ...", built only from the actor's integer ids (malloc'd; NULL
 * means every team: administrators). */
int mj_web_readable_teams(mj_store *s, const mj_actor *a, char **list);
/* 1 when a may read the records of team_id. */
int mj_web_can_read_team(mj_store *s, const mj_actor *a, long long team_id);
/* Scoped list of entity e: filters (field -> string), limit/offset. *rows:
 * array of rows (secret fields removed), *total: matches before paging. */
int mj_web_list(mj_store *s, const mj_actor *a, const struct mj_entity *e, json_t *filters,
		long long limit, long long offset, json_t **rows, long long *total);
/* One row if a may read it: MJ_ENOTFOUND when absent, MJ_EPERM when not readable. */
int mj_web_get(mj_store *s, const mj_actor *a, const struct mj_entity *e, long long id, json_t **row);
/* 1 when org_id lies within what a administers: anything for an administrator,
 * the subtree of an organizer's org; 0 otherwise. */
int mj_web_org_in_scope(mj_store *s, const mj_actor *a, long long org_id);
/* Removes secret fields from a row. */
void mj_web_strip_secret(const struct mj_entity *e, json_t *row);
/* Team of a meeting / item / material / opinion link (MJ_ENOTFOUND when absent). */
int mj_web_team_of(mj_store *s, const char *kind, long long id, long long *team_id);
/* Warning lead time (days) of a meeting's notice (3 when it has none). */
int mj_web_warn_days(mj_store *s, long long meeting_id, int *days);
/* The notes of a ledger item, oldest first. */
int mj_web_item_notes(mj_store *s, long long item_id, json_t **out);
/* A member's history: {person, items (owned), talks, attendance}. One's own
 * whole; another's only within the teams a may read, and MJ_EPERM unless the
 * person belongs to one of them (member, head or secretary). */
int mj_web_history(mj_store *s, const mj_actor *a, long long person_id, json_t **out);
/* The overdue list: open items (todo, doing, done) whose deadline is before
 * today, of the teams a may read (and, org_id > 0, whose superior org lies in
 * org_id's subtree), by deadline then id: {today, org_id, limit, offset, more, items}. */
int mj_web_overdue(mj_store *s, const mj_actor *a, long long org_id, int today, long long limit, long long offset,
		   json_t **out);
/* The teams of actor a for /me: [{id,name,kind,my_role}]. */
int mj_web_my_teams(mj_store *s, const mj_actor *a, json_t **out);

/* Anonymous opinion links. create: token_hex (65 bytes) gets the token, shown once. */
int mj_web_link_create(mj_store *s, const mj_actor *a, long long meeting_id, const char *closes_on,
		       long long *id, char token_hex[65]);
int mj_web_link_list(mj_store *s, long long meeting_id, json_t **out);
int mj_web_link_revoke(mj_store *s, long long link_id);
/* Finds the open link of a token: *meeting_id, closes_on (11 bytes). MJ_ENOTFOUND
 * when unknown, revoked or closed (as of today). */
int mj_web_link_open(mj_store *s, const char *token, int today, long long *meeting_id, char closes_on[11]);
/* What the anonymous form shows for a meeting. */
int mj_web_anon_form(mj_store *s, long long meeting_id, json_t **out);
/* Stores an anonymous opinion: no submitter, received_on = today's date,
 * channel as given (default online), audit actor "匿名" at the date only. */
int mj_web_anon_submit(mj_store *s, long long meeting_id, json_t *values, int today, long long *id);

/* Roll-up of the teams readable by a for year (0: latest): one line per team,
 * the teams that have not reported first. */
int mj_web_rollup(mj_store *s, const mj_actor *a, int year, int today, json_t **out);
/* Computes and keeps the roll-up lines of every meeting of the latest year
 * that are not kept yet (a server starting: so that no request pays them);
 * roll-ups asked meanwhile wait for it. */
int mj_web_rollup_warm(mj_store *s, int today);
/* The number of teams (what a roll-up of every team is made of). */
int mj_web_team_count(mj_store *s, long long *n);

#endif
