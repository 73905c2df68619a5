/* Generic record commands and the printing helpers other commands share. */
#ifndef MJ_CMD_ENTITY_H
#define MJ_CMD_ENTITY_H
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/model.h"

int mj_cmd_entity(mj_cli *cli, const char *entity, int argc, char **argv);
int mj_cli_fields(const struct mj_entity *e, int argc, char **argv, json_t **out, int *rest_argc,
		  char **rest);
void mj_cli_print_value(FILE *out, const struct mj_field *f, json_t *v, int max_chars);
void mj_cli_print_row(FILE *out, const struct mj_entity *e, json_t *row);
void mj_cli_print_json(FILE *out, json_t *v);
void mj_cli_strip_secret(const struct mj_entity *e, json_t *row);
void mj_cli_entity_help(FILE *out, const char *entity);

#endif
