/* Every command function, for the table in commands.c. */
#ifndef MJ_COMMANDS_H
#define MJ_COMMANDS_H
#include <jansson.h>
#include "cli/cli.h"

int mj_cmd_audit(mj_cli *cli, int argc, char **argv);
int mj_cmd_status(mj_cli *cli, int argc, char **argv);
int mj_cmd_demo(mj_cli *cli, int argc, char **argv);
int mj_cmd_export(mj_cli *cli, int argc, char **argv);
int mj_cmd_import(mj_cli *cli, int argc, char **argv);
int mj_cmd_ledger(mj_cli *cli, int argc, char **argv);
int mj_cmd_backup(mj_cli *cli, int argc, char **argv);
int mj_cmd_restore(mj_cli *cli, int argc, char **argv);
extern const char mj_ledger_usage[];
int mj_cmd_migrate(mj_cli *cli, int argc, char **argv);
extern const char mj_migrate_usage[];
struct mj_store;
struct mj_actor;
int mj_ledger_cmd_export(mj_cli *cli, struct mj_store *st, int argc, char **argv);
int mj_ledger_cmd_import(mj_cli *cli, struct mj_store *st, const struct mj_actor *actor, int argc, char **argv);
int mj_cmd_remind(mj_cli *cli, int argc, char **argv);
int mj_cmd_serve(mj_cli *cli, int argc, char **argv);
extern const char mj_serve_usage[];
int mj_cmd_user(mj_cli *cli, int argc, char **argv);
extern const char mj_user_usage[];
int mj_cmd_report(mj_cli *cli, int argc, char **argv);
extern const char mj_report_usage[];

#endif
