/*
 * `mingjing user passwd LOGIN|NAME|ID [--password X]`: sets a person's web
 * password (argon2id). Without --password, reads one line from stdin, so the
 * password need not appear in the process list.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "store/store.h"
#include "store/web_store.h"
#include "util/err.h"

const char mj_user_usage[] =
	"用法: mingjing user passwd 登录名|姓名|编号 [--password 密码]\n"
	"  设置网页登录密码（8 到 128 个字符，以 argon2id 摘要保存）。\n"
	"  不带 --password 时从标准输入读取一行作为密码。\n";

int mj_cmd_user(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *pw = mj_opt(&argc, argv, "--password", &rc);
	char line[1024];
	mj_actor a;
	struct mj_store *st;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc != 2 || strcmp(argv[0], "passwd") != 0)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing user passwd 登录名 [--password 密码]");
	if (!pw) {
		if (!fgets(line, sizeof line, stdin))
			return mj_error_set(MJ_EUSAGE, "请从标准输入提供密码，或使用 --password");
		line[strcspn(line, "\r\n")] = 0;
		pw = line;
	}
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_store_actor(st, cli->as, &a)) ||
	    (rc = mj_web_password_set(st, &a, argv[1], pw)))
		return rc;
	fprintf(cli->out, cli->json ? "{\"ok\":true}\n" : "已设置 %s 的密码\n", argv[1]);
	return 0;
}
