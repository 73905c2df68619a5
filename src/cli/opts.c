/*
 * Small option extraction helpers shared by every command.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/err.h"

static void drop(int *argc, char **argv, int i, int n)
{
	for (int j = i; j + n <= *argc; j++)
		argv[j] = argv[j + n];
	*argc -= n;
}

const char *mj_opt(int *argc, char **argv, const char *name, int *err)
{
	size_t nl = strlen(name);
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], name, nl) != 0)
			continue;
		if (argv[i][nl] == '=') {
			const char *v = argv[i] + nl + 1;
			drop(argc, argv, i, 1);
			return v;
		}
		if (argv[i][nl] == 0) {
			if (i + 1 >= *argc) {
				if (err)
					*err = mj_error_set(MJ_EUSAGE, "选项 %s 需要一个值", name);
				drop(argc, argv, i, 1);
				return NULL;
			}
			const char *v = argv[i + 1];
			drop(argc, argv, i, 2);
			return v;
		}
	}
	return NULL;
}

int mj_flag(int *argc, char **argv, const char *name)
{
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], name) == 0) {
			drop(argc, argv, i, 1);
			return 1;
		}
	}
	return 0;
}

int mj_args_done(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--", 2) == 0)
			return mj_error_set(MJ_EUSAGE, "未知选项 %s（用 --help 查看用法）", argv[i]);
	}
	return 0;
}

int mj_want_help(int argc, char **argv, const char *usage)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 1;
		}
	}
	return 0;
}
