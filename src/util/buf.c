/*
 * The capped growable buffer. See buf.h for the contract.
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

void mj_buf_init(mj_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

static int grow(mj_buf *b, size_t extra)
{
	if (extra > (size_t)-1 / 2 - b->len)
		return mj_error_set(MJ_ETOOBIG, "缓冲区溢出");
	size_t need = b->len + extra + 1;
	if (b->max && need > b->max + 1)
		return mj_error_set(MJ_ETOOBIG, "内容超过 %zu 字节的上限", b->max);
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->max && cap > b->max + 1)
		cap = b->max + 1;
	b->ptr = mj_realloc(b->ptr, cap);
	b->cap = cap;
	return 0;
}

int mj_buf_put(mj_buf *b, const void *data, size_t len)
{
	int rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = 0;
	return 0;
}

int mj_buf_puts(mj_buf *b, const char *s) { return mj_buf_put(b, s, strlen(s)); }
int mj_buf_putc(mj_buf *b, char c) { return mj_buf_put(b, &c, 1); }

int mj_buf_vprintf(mj_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return mj_error_set(MJ_EINVAL, "格式化失败");
	int rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int mj_buf_printf(mj_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = mj_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *mj_buf_cstr(const mj_buf *b) { return b->ptr ? b->ptr : ""; }

void mj_buf_reset(mj_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = 0;
}

char *mj_buf_detach(mj_buf *b)
{
	char *p = b->ptr ? b->ptr : mj_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void mj_buf_free(mj_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

int mj_buf_put_html(mj_buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		int rc = mj_buf_put(b, s + start, i - start);
		if (!rc)
			rc = mj_buf_puts(b, rep);
		if (rc)
			return rc;
		start = i + 1;
	}
	return mj_buf_put(b, s + start, len - start);
}

int mj_buf_put_json(mj_buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char tmp[8];
		const char *rep = NULL;
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\r')
			rep = "\\r";
		else if (c == '\t')
			rep = "\\t";
		else if (c < 0x20) {
			snprintf(tmp, sizeof tmp, "\\u%04x", c);
			rep = tmp;
		} else
			continue;
		int rc = mj_buf_put(b, s + start, i - start);
		if (!rc)
			rc = mj_buf_puts(b, rep);
		if (rc)
			return rc;
		start = i + 1;
	}
	return mj_buf_put(b, s + start, len - start);
}
