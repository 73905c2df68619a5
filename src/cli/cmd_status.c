/* Placeholder until the rules land. */
#include "cli/commands.h"
#include "util/err.h"
int mj_cmd_status(mj_cli *cli, int argc, char **argv) { return mj_error_set(MJ_EUSAGE, "尚未实现"); }
int mj_cmd_ledger(mj_cli *cli, int argc, char **argv) { return mj_error_set(MJ_EUSAGE, "尚未实现"); }
