/*
 * `mingjing audit verify|log`: proves no record was altered behind the
 * program's back (see store/audit.c), and shows the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/err.h"

int mj_cmd_audit(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	int rc;
	if (argc < 1 || strcmp(argv[0], "verify") != 0)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing audit verify");
	if ((rc = mj_args_done(argc - 1, argv + 1)))
		return rc;
	if (argc > 1)
		return mj_error_set(MJ_EUSAGE, "多余的参数“%s”", argv[1]);
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	long long entries = 0, rows = 0;
	rc = mj_audit_verify(st, &entries, &rows);
	if (cli->json) {
		fprintf(cli->out, "{\"ok\": %s, \"entries\": %lld, \"rows\": %lld", rc ? "false" : "true", entries, rows);
		if (rc) {
			json_t *m = json_string(mj_error_msg());
			char *s = json_dumps(m, JSON_ENCODE_ANY);
			fprintf(cli->out, ", \"error\": %s", s);
			free(s);
			json_decref(m);
		}
		fputs("}\n", cli->out);
	} else if (!rc)
		fprintf(cli->out, "审计校验通过：%lld 条审计记录的摘要链完整，%lld 行数据与审计记录一致。\n", entries, rows);
	return rc;
}
