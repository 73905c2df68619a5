/* Capped reading of zip members. See zipread.h. */
#include "util/zipread.h"

#include <stdlib.h>

#include "util/err.h"
#include "util/mem.h"

int mj_zip_open_mem(zip_t **out, const char *data, size_t len, const char *kind)
{
	zip_error_t ze;
	*out = NULL;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		int rc = mj_error_set(MJ_EFORMAT, "%s 文件已损坏或不是有效的 %s 文件（无法作为 zip 解压）：%s", kind, kind,
				      zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	*out = z;
	return 0;
}

int mj_zip_read_part(zip_t *z, const char *name, size_t max, const char *kind, char **out, size_t *len)
{
	zip_stat_t sb;
	*out = NULL;
	*len = 0;
	zip_stat_init(&sb);
	if (zip_stat(z, name, 0, &sb) < 0)
		return MJ_ENOTFOUND;
	if ((sb.valid & ZIP_STAT_ENCRYPTION_METHOD) && sb.encryption_method != ZIP_EM_NONE)
		return mj_error_set(MJ_EFORMAT, "%s 文件已加密，请先在 Office 中取消密码保护后再导入", kind);
	if ((sb.valid & ZIP_STAT_SIZE) && sb.size > max)
		return mj_error_set(MJ_ETOOBIG, "%s 文件中的 %s 解压后有 %llu 字节，超过 %zu 字节的上限（可能是压缩炸弹）", kind,
				    name, (unsigned long long)sb.size, max);
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return mj_error_set(MJ_EFORMAT, "无法打开 %s 文件中的 %s（文件损坏或已加密）：%s", kind, name, zip_strerror(z));
	size_t cap = max < 65536 ? max : 65536, n = 0;
	char *buf = mj_malloc(cap + 1);
	int rc = 0;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				/* one byte more means past the cap: the declared size lied */
				char extra;
				if (zip_fread(f, &extra, 1) > 0)
					rc = mj_error_set(MJ_ETOOBIG, "%s 文件中的 %s 解压后超过 %zu 字节的上限（可能是压缩炸弹），已拒绝",
							  kind, name, max);
				break;
			}
			cap = cap > max / 2 ? max : cap * 2;
			buf = mj_realloc(buf, cap + 1);
		}
		zip_int64_t got = zip_fread(f, buf + n, cap - n);
		if (got < 0) {
			rc = mj_error_set(MJ_EFORMAT, "%s 文件中的 %s 无法解压（文件已损坏）：%s", kind, name, zip_file_strerror(f));
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	zip_fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}
