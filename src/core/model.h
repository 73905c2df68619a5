/*
 * The data model: one table describing every concept of the cycle (domain.md),
 * its fields, their types, limits and allowed values. The store builds its
 * generic create/list/show/update from it, the command line builds its options
 * from it, and validation of user input lives here, so that every entry point
 * (CLI, web, import) applies the same limits and messages.
 *
 * Pure data plus pure functions: no SQL, no I/O.
 */
#ifndef MJ_MODEL_H
#define MJ_MODEL_H
#include <stddef.h>

enum mj_ftype {
	MJ_F_TEXT,   /* UTF-8 text, max = code points */
	MJ_F_INT,    /* integer, max = upper bound (0: none) */
	MJ_F_DATE,   /* YYYY-MM-DD, stored as text */
	MJ_F_BOOL,   /* 0/1 */
	MJ_F_REF,    /* id of a row of entity `ref` */
	MJ_F_ENUM,   /* one of `values` (code), stored as the code */
	MJ_F_BLOB,   /* bytes; never shown, audited by hash */
};

enum {
	MJ_FF_REQ = 1,      /* required when creating */
	MJ_FF_RO = 2,       /* set at creation only (or by a dedicated action) */
	MJ_FF_INTERNAL = 4, /* set by the program only, never by generic input */
	MJ_FF_SECRET = 8,   /* never shown in lists or exports (password hashes) */
};

struct mj_enum_value {
	const char *code;  /* stored and used by scripts */
	const char *label; /* shown to people */
};

struct mj_field {
	const char *name;  /* column name and CLI option (--name, _ as -) */
	const char *label; /* Chinese label */
	enum mj_ftype type;
	int max;           /* text: max code points; int: max value */
	unsigned flags;
	const char *ref;   /* MJ_F_REF: target entity name */
	const struct mj_enum_value *values; /* MJ_F_ENUM: NULL-terminated */
};

/* How a row finds the team it belongs to, for permissions. */
enum mj_scope {
	MJ_SCOPE_GLOBAL,   /* org tree, people: admins and organizers */
	MJ_SCOPE_NOTICE,   /* notices and areas: the issuing org's organizers */
	MJ_SCOPE_TEAM,     /* row has team_id */
	MJ_SCOPE_MEETING,  /* row has meeting_id */
	MJ_SCOPE_PARENT,   /* row belongs to the row named by its first REF field */
};

struct mj_entity {
	const char *name;  /* entity name = table name = CLI command */
	const char *label; /* Chinese name */
	const struct mj_field *fields; /* NULL-name terminated; "id" is implicit */
	enum mj_scope scope;
	const char *display; /* field used as a row's display name */
};

extern const struct mj_entity mj_entities[]; /* terminated by name NULL */

const struct mj_entity *mj_entity_find(const char *name);
const struct mj_field *mj_entity_field(const struct mj_entity *e, const char *name);
/* Label of an enum code ("todo" -> "待整改"); the code itself when unknown. */
const char *mj_enum_label(const struct mj_field *f, const char *code);
/* Accepts a code or a label; returns the code, or NULL when not allowed. */
const char *mj_enum_code(const struct mj_field *f, const char *value);

/*
 * Validates a user-supplied value for field f (text form, as typed) and writes
 * its canonical stored form to *canon (a static string, an enum code, or value
 * itself). Returns 0 or MJ_EINVAL / MJ_EUTF8 / MJ_ETOOBIG with a message that
 * names the entity and field in Chinese.
 */
int mj_field_validate(const struct mj_entity *e, const struct mj_field *f,
		      const char *value, const char **canon);

/* Per-field limits for free text, in code points. */
#define MJ_LEN_NAME 60
#define MJ_LEN_TITLE 200
#define MJ_LEN_TEXT 5000
#define MJ_LEN_LONG 20000

#endif
