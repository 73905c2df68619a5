/*
 * mj_buf: a growable byte buffer with a hard size cap.
 *
 * The content is always NUL-terminated and valid up to len, even after a failed
 * append: an append that would pass `max` changes nothing and returns
 * MJ_ETOOBIG. A zero-initialised mj_buf is empty, uncapped (max 0 = no cap) and
 * ready to use. mj_buf_free releases it; mj_buf_detach hands the memory to the
 * caller (who frees it with free()).
 */
#ifndef MJ_BUF_H
#define MJ_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max; /* 0: no cap */
} mj_buf;

#define MJ_BUF_INIT {0}

void mj_buf_init(mj_buf *b, size_t max);
int mj_buf_put(mj_buf *b, const void *data, size_t len);
int mj_buf_puts(mj_buf *b, const char *s);
int mj_buf_putc(mj_buf *b, char c);
int mj_buf_printf(mj_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int mj_buf_vprintf(mj_buf *b, const char *fmt, va_list ap);
/* Returns the content ("" when empty); never NULL. */
const char *mj_buf_cstr(const mj_buf *b);
void mj_buf_reset(mj_buf *b);
char *mj_buf_detach(mj_buf *b);
void mj_buf_free(mj_buf *b);

/* Escapers: append s (len bytes) escaped for HTML text/attributes, or as the
 * contents of a JSON string (without quotes). */
int mj_buf_put_html(mj_buf *b, const char *s, size_t len);
int mj_buf_put_json(mj_buf *b, const char *s, size_t len);

#endif
