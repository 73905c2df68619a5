/*
 * `mingjing export --meeting ID [-o FILE]` and `mingjing import FILE`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"

#define MAX_IMPORT_BYTES (256u << 20)

int mj_cmd_export(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *mid = mj_opt(&argc, argv, "--meeting", &rc);
	const char *out = mj_opt(&argc, argv, "-o", &rc);
	mj_store *st;
	json_t *doc = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (!mid || argc)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing export --meeting 编号 [-o 文件]");
	char *end;
	long long id = strtoll(mid, &end, 10);
	if (*end || id <= 0)
		return mj_error_set(MJ_EINVAL, "会议编号“%.40s”无效", mid);
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_export_meeting(st, id, &doc)))
		return rc;
	char *s = json_dumps(doc, JSON_INDENT(1));
	json_decref(doc);
	size_t len = strlen(s);
	s[len] = 0;
	char *withnl = realloc(s, len + 2);
	withnl[len] = '\n';
	rc = mj_file_write(out ? out : "-", withnl, len + 1);
	free(withnl);
	if (!rc && out)
		fprintf(stderr, "已导出会议 %lld 到 %s\n", id, out);
	return rc;
}

int mj_cmd_import(mj_cli *cli, int argc, char **argv)
{
	int rc;
	mj_store *st;
	mj_actor actor;
	char *data = NULL;
	size_t len;
	json_error_t jerr;
	if ((rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing import 文件");
	if ((rc = mj_file_read(argv[0], MAX_IMPORT_BYTES, &data, &len)))
		return rc;
	json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	free(data);
	if (!doc)
		return mj_error_set(MJ_EFORMAT, "导入文件不是有效的 JSON（第 %d 行第 %d 列：%s），未做任何修改",
				    jerr.line, jerr.column, jerr.text);
	long long ins = 0, skip = 0;
	if (!(rc = mj_cli_store(cli, &st)) && !(rc = mj_store_actor(st, cli->as, &actor)))
		rc = mj_import(st, &actor, doc, &ins, &skip);
	json_decref(doc);
	if (rc)
		return rc;
	if (cli->json)
		fprintf(cli->out, "{\"inserted\": %lld, \"skipped\": %lld}\n", ins, skip);
	else
		fprintf(cli->out, "导入完成：新增 %lld 条记录，跳过已存在且相同的 %lld 条。\n", ins, skip);
	return 0;
}
