/*
 * Error codes, their names, and the thread-local message set where an error is found.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char err_msg[1024];
static _Thread_local int err_code;

const char *mj_strerror(int code)
{
	switch (code) {
	case MJ_OK: return "成功";
	case MJ_EINVAL: return "参数无效";
	case MJ_ENOTFOUND: return "记录不存在";
	case MJ_ETOOBIG: return "输入超出长度限制";
	case MJ_EUTF8: return "文本不是有效的 UTF-8 编码";
	case MJ_EPERM: return "无权执行此操作";
	case MJ_ESTATE: return "当前状态不允许此操作";
	case MJ_EIO: return "文件或系统错误";
	case MJ_EDB: return "数据库错误";
	case MJ_ECONFLICT: return "数据冲突";
	case MJ_EFORMAT: return "文件格式错误";
	case MJ_EEXISTS: return "记录已存在";
	case MJ_EAUDIT: return "审计校验失败";
	case MJ_EUSAGE: return "命令用法错误";
	case MJ_EAUTH: return "未登录或凭据无效";
	case MJ_EBUSY: return "数据库正忙";
	default: return "未知错误";
	}
}

int mj_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof err_msg, fmt, ap);
	va_end(ap);
	err_code = code;
	return code;
}

const char *mj_error_msg(void)
{
	if (err_msg[0])
		return err_msg;
	return mj_strerror(err_code);
}

int mj_error_code(void) { return err_code; }

void mj_error_clear(void)
{
	err_msg[0] = 0;
	err_code = 0;
}

int mj_exit_code(int code)
{
	switch (code) {
	case MJ_OK: return 0;
	case MJ_EUSAGE: return 2;
	case MJ_ENOTFOUND: return 3;
	case MJ_EPERM: case MJ_EAUTH: return 4;
	case MJ_ESTATE: case MJ_ECONFLICT: case MJ_EEXISTS: case MJ_EBUSY: return 5;
	case MJ_EAUDIT: return 6;
	default: return 1;
	}
}

int mj_http_status(int code)
{
	switch (code) {
	case MJ_OK: return 200;
	case MJ_EINVAL: case MJ_EUTF8: case MJ_EFORMAT: case MJ_EUSAGE: return 400;
	case MJ_EAUTH: return 401;
	case MJ_EPERM: return 403;
	case MJ_ENOTFOUND: return 404;
	case MJ_ECONFLICT: case MJ_EEXISTS: case MJ_ESTATE: return 409;
	case MJ_ETOOBIG: return 413;
	case MJ_EBUSY: return 503;
	default: return 500;
	}
}
