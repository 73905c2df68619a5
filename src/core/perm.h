/*
 * Who may do what: one policy table (perm.c) per entity and action, decided
 * from facts about the actor's relation to the record's team. The store
 * computes the facts; this file only decides. Pure.
 */
#ifndef MJ_PERM_H
#define MJ_PERM_H
#include "core/model.h"

enum mj_perm_fact {
	MJ_PF_ADMIN = 1,      /* system administrator */
	MJ_PF_OPERATOR = 2,   /* the local command-line operator (no --as) */
	MJ_PF_ORGANIZER = 4,  /* organizer of the org that oversees the record */
	MJ_PF_SECRETARY = 8,  /* secretary of the record's team */
	MJ_PF_HEAD = 16,      /* head of the record's team */
	MJ_PF_MEMBER = 32,    /* member of the record's team */
	MJ_PF_SELF = 64,      /* the record is the actor's own (material, talk, item) */
};

enum mj_perm_action { MJ_ACT_READ, MJ_ACT_CREATE, MJ_ACT_UPDATE, MJ_ACT_DELETE };

/* 0 when allowed, else MJ_EPERM with a Chinese message naming what was refused. */
int mj_perm_check(const struct mj_entity *e, enum mj_perm_action act, unsigned facts);

#endif
