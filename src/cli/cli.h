/*
 * The command line: one table of commands (commands.c), each a function
 * taking the parsed global options and its own arguments.
 *
 * Global options (anywhere on the line): --db FILE, --json, --as PERSON, --help.
 * A command returns 0 or a negative mj_err code; main prints the message set
 * with mj_error_set() as one line "错误：..." on stderr and exits with
 * mj_exit_code(code).
 */
#ifndef MJ_CLI_H
#define MJ_CLI_H
#include <stdio.h>

struct mj_store;

typedef struct mj_cli {
	const char *db_path;   /* --db, $MINGJING_DB, or ./mingjing.db */
	const char *as;        /* --as PERSON (name or id), NULL: the local operator */
	int json;              /* --json */
	struct mj_store *store; /* opened lazily by mj_cli_store() */
	FILE *out;
} mj_cli;

typedef int (*mj_cmd_fn)(mj_cli *cli, int argc, char **argv);

struct mj_command {
	const char *name;
	mj_cmd_fn fn;
	const char *summary; /* one line, Chinese */
	const char *usage;   /* full help text shown by --help */
};

extern const struct mj_command mj_commands[];

/* Opens (once) the database named by --db; returns 0 or an error. */
int mj_cli_store(mj_cli *cli, struct mj_store **out);

/*
 * Option extraction. Each call removes what it finds from argv (updating *argc).
 *   mj_opt:   "--name VALUE" or "--name=VALUE"; NULL when absent; sets an error
 *             and returns NULL with *err = MJ_EUSAGE when the value is missing.
 *   mj_flag:  "--name" present -> 1.
 *   mj_args_done: fails with MJ_EUSAGE when an unknown "--option" remains.
 */
const char *mj_opt(int *argc, char **argv, const char *name, int *err);
int mj_flag(int *argc, char **argv, const char *name);
int mj_args_done(int argc, char **argv);
/* Help: if argv holds --help or -h, prints usage and returns 1. */
int mj_want_help(int argc, char **argv, const char *usage);

#endif
