/*
 * `mingjing migrate --from FILE.db --to postgresql://...`: moves a whole
 * database to another (normally from the SQLite file to PostgreSQL when a
 * deployment outgrows one machine). The target must be empty; it gets every
 * row with its id and the audit log entry for entry (store/copy.c), then is
 * verified with `audit verify`, and the counts are printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/err.h"

const char mj_migrate_usage[] =
	"用法: mingjing migrate --from 源数据库 --to 目标数据库\n"
	"  把整个数据库复制到另一个（通常从 SQLite 文件迁到 PostgreSQL：--to postgresql://用户@主机/库名）。\n"
	"  目标必须为空；全部记录连同编号、审计日志逐条原样复制（摘要链不变），在一个事务中完成，\n"
	"  完成后对目标执行审计校验并列出各表行数。\n";

int mj_cmd_migrate(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *from = mj_opt(&argc, argv, "--from", &rc);
	const char *to = mj_opt(&argc, argv, "--to", &rc);
	mj_store *src = NULL, *dst = NULL;
	json_t *counts = NULL;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (!from || !to || argc)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing migrate --from 源数据库 --to 目标数据库");
	if (strcmp(from, to) == 0)
		return mj_error_set(MJ_EUSAGE, "源数据库与目标数据库相同");
	if (!mj_store_is_pg(from) && access(from, R_OK) != 0)
		return mj_error_set(MJ_ENOTFOUND, "源数据库 %s 不存在或不可读", from);
	if ((rc = mj_store_open(&src, from)) || (rc = mj_store_open(&dst, to)))
		goto cleanup;
	if ((rc = mj_store_copy(dst, src, &counts)))
		goto cleanup;
	long long entries = 0, rows = 0;
	int vrc = mj_audit_verify(dst, &entries, &rows);
	if (cli->json) {
		json_t *out = json_object();
		json_object_set(out, "copied", counts);
		json_object_set_new(out, "audit_ok", json_boolean(!vrc));
		json_object_set_new(out, "entries", json_integer(entries));
		json_object_set_new(out, "rows", json_integer(rows));
		if (vrc)
			json_object_set_new(out, "error", json_string(mj_error_msg()));
		char *s = json_dumps(out, JSON_INDENT(2));
		fprintf(cli->out, "%s\n", s);
		free(s);
		json_decref(out);
	} else {
		fprintf(cli->out, "已迁移（%s → %s）：\n", mj_store_backend(src), mj_store_backend(dst));
		const char *key;
		json_t *v;
		json_object_foreach(counts, key, v) {
			const struct mj_entity *e = mj_entity_find(key);
			fprintf(cli->out, "  %-18s %8lld 行  %s\n", key, (long long)json_integer_value(v), e ? e->label : "审计日志");
		}
		if (!vrc)
			fprintf(cli->out, "目标审计校验通过：%lld 条审计记录的摘要链完整，%lld 行数据与审计记录一致。\n", entries, rows);
	}
	if (vrc) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", mj_error_msg());
		rc = mj_error_set(vrc, "数据已复制，但目标的审计校验未通过（源数据库可能已被改动）：%s", msg);
	}
cleanup:
	json_decref(counts);
	mj_store_close(dst);
	mj_store_close(src);
	return rc;
}
