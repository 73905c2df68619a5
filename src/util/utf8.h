/*
 * UTF-8 policy (the one place it is written down):
 *  - all text inside mingjing is UTF-8;
 *  - input from the API, forms and the command line is validated and rejected
 *    with MJ_EUTF8 when invalid (mj_utf8_check);
 *  - imported documents have bad bytes replaced with U+FFFD and the count
 *    reported as a warning (mj_utf8_sanitize);
 *  - overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
#ifndef MJ_UTF8_H
#define MJ_UTF8_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Decodes one code point at s (len bytes available). Returns the number of bytes
 * consumed (1..4) and sets *cp; on an invalid sequence returns 0 (and *cp = 0xFFFD). */
size_t mj_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length. */
size_t mj_utf8_encode(uint32_t cp, char *out);
/* 1 when s[0..len) is valid UTF-8 with no NUL byte, else 0. */
int mj_utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8 s. Invalid bytes count one each. */
size_t mj_utf8_count(const char *s, size_t len);
/* Appends s to out with invalid sequences replaced by U+FFFD and NULs dropped;
 * *replaced (may be NULL) receives the count. Returns 0 or MJ_ETOOBIG. */
int mj_utf8_sanitize(const char *s, size_t len, mj_buf *out, size_t *replaced);
/* Validates a user-supplied field: valid UTF-8, at most max_chars code points.
 * Sets an error naming `what` and returns MJ_EUTF8 / MJ_ETOOBIG. */
int mj_utf8_check(const char *what, const char *s, size_t max_chars);

/* Display width in a terminal: East Asian wide and full-width characters
 * count 2, others 1. */
size_t mj_utf8_width(const char *s, size_t len);

#endif
