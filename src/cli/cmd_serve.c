/*
 * `mingjing serve [--listen HOST:PORT] [--threads N] [--quiet]`: the web
 * application (src/web). Access log lines go to stderr (never for anonymous
 * routes); --quiet turns them off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_review.h"
#include "cli/commands.h"
#include "util/err.h"
#include "web/web.h"

const char mj_serve_usage[] =
	"用法: mingjing serve [--listen 地址:端口] [--threads N] [--quiet]\n"
	"  启动网页应用（默认 127.0.0.1:8080，4 个工作线程）。端口 0 表示任选空闲端口。\n"
	"  访问日志写到标准错误（匿名征求意见相关的请求一律不记）；--quiet 关闭访问日志。\n"
	"  Ctrl-C（SIGINT）或 SIGTERM 停止。\n";

int mj_cmd_serve(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *listen = mj_opt(&argc, argv, "--listen", &rc);
	const char *threads = mj_opt(&argc, argv, "--threads", &rc);
	int quiet = mj_flag(&argc, argv, "--quiet");
	char host[64] = "127.0.0.1";
	long port = 8080, nthreads = 4;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc > 0)
		return mj_error_set(MJ_EUSAGE, "多余的参数“%s”", argv[0]);
	if (listen) {
		const char *colon = strrchr(listen, ':');
		char *end = NULL;
		if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
			return mj_error_set(MJ_EUSAGE, "--listen 应为 地址:端口，如 127.0.0.1:8080");
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = 0;
		port = strtol(colon + 1, &end, 10);
		if (!colon[1] || *end || port < 0 || port > 65535)
			return mj_error_set(MJ_EUSAGE, "端口应为 0 到 65535 之间的整数");
	}
	if (threads) {
		char *end = NULL;
		nthreads = strtol(threads, &end, 10);
		if (!*threads || *end || nthreads < 1 || nthreads > 256)
			return mj_error_set(MJ_EUSAGE, "--threads 应为 1 到 256 之间的整数");
	}
	struct mj_web_config cfg = {cli->db_path, host, (int)port, (int)nthreads, cli->out, quiet ? NULL : stderr,
				    mj_review_material_json};
	return mj_web_serve(&cfg);
}
