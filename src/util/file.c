/*
 * Capped whole-file reads and atomic writes.
 */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/mem.h"

int mj_file_read(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	*out = NULL;
	*len = 0;
	if (!f)
		return mj_error_set(MJ_EIO, "无法打开文件 %s：%s", path, strerror(errno));
	size_t cap = 65536, n = 0;
	char *p = mj_malloc(cap + 1);
	int rc = 0;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				rc = mj_error_set(MJ_ETOOBIG, "文件 %s 超过 %zu 字节的上限", path, max);
				break;
			}
			cap *= 2;
			p = mj_realloc(p, cap + 1);
		}
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				rc = mj_error_set(MJ_EIO, "读取文件 %s 失败", path);
			break;
		}
		if (n > max) {
			rc = mj_error_set(MJ_ETOOBIG, "文件 %s 超过 %zu 字节的上限", path, max);
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (rc) {
		free(p);
		return rc;
	}
	p[n] = 0;
	*out = p;
	*len = n;
	return 0;
}

int mj_file_write(const char *path, const void *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return mj_error_set(MJ_EIO, "写入标准输出失败");
		return 0;
	}
	size_t plen = strlen(path);
	char *tmp = mj_malloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		int rc = mj_error_set(MJ_EIO, "无法写入文件 %s：%s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fflush(f) == 0) && ok;
	ok = (fsync(fileno(f)) == 0) && ok;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		int rc = mj_error_set(MJ_EIO, "写入文件 %s 失败：%s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return rc;
	}
	free(tmp);
	return 0;
}
