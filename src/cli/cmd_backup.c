/*
 * `mingjing backup OUT` and `mingjing restore FROM`: an online, consistent
 * copy of the whole database (safe while `mingjing serve` is writing), and
 * its restoration. Restore verifies the backup's audit chain first and
 * refuses a backup that does not verify.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/err.h"

static void progress(void *ctx, int done, int total)
{
	if (!isatty(2) || total <= 0)
		return;
	int width = 30, filled = (int)((long long)done * width / total);
	fputs("\r备份中 [", stderr);
	for (int i = 0; i < width; i++)
		fputs(i < filled ? "#" : " ", stderr);
	fprintf(stderr, "] %d%%", (int)((long long)done * 100 / total));
	if (done >= total)
		fputc('\n', stderr);
}

int mj_cmd_backup(mj_cli *cli, int argc, char **argv)
{
	mj_store *st;
	int rc;
	if ((rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing backup 备份文件");
	if (access(argv[0], F_OK) == 0)
		return mj_error_set(MJ_EEXISTS, "备份文件 %s 已存在，请换一个文件名", argv[0]);
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_store_backup(st, argv[0], progress, NULL))) {
		unlink(argv[0]);
		return rc;
	}
	if (!cli->json)
		fprintf(cli->out, "已备份到 %s\n", argv[0]);
	return 0;
}

int mj_cmd_restore(mj_cli *cli, int argc, char **argv)
{
	mj_store *st, *src = NULL;
	int rc;
	int force = mj_flag(&argc, argv, "--force");
	if ((rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing restore 备份文件 [--force]");
	if (access(argv[0], R_OK) != 0)
		return mj_error_set(MJ_EIO, "无法读取备份文件 %s", argv[0]);
	long long entries, rows, existing = 0;
	if ((rc = mj_store_open(&src, argv[0])))
		return rc;
	rc = mj_audit_verify(src, &entries, &rows);
	mj_store_close(src);
	if (rc)
		return mj_error_set(MJ_EAUDIT, "备份文件未通过审计校验，拒绝恢复：%s", mj_error_msg());
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	if ((rc = mj_audit_count(st, &existing)))
		return rc;
	if (existing && !force)
		return mj_error_set(MJ_EEXISTS, "目标数据库 %s 已有数据（%lld 条审计记录）；确认覆盖请加 --force", cli->db_path, existing);
	if ((rc = mj_store_restore(st, argv[0])))
		return rc;
	if (!cli->json)
		fprintf(cli->out, "已从 %s 恢复：%lld 条审计记录，%lld 行数据，审计校验通过。\n", argv[0], entries, rows);
	return 0;
}
