/* Placeholder: the demo generator is being written on its own branch. */
#include "cli/commands.h"
#include "util/err.h"
int mj_cmd_demo(mj_cli *cli, int argc, char **argv) { return mj_error_set(MJ_EUSAGE, "演示数据尚未实现"); }
