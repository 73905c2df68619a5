/*
 * Reading members of a zip archive held in memory (.docx, .xlsx), with a cap
 * on what inflates. The cap counts the bytes actually produced, not the size
 * the archive declares, so a zip bomb stops at the cap whatever it claims.
 */
#ifndef MJ_ZIPREAD_H
#define MJ_ZIPREAD_H
#include <stddef.h>
#include <zip.h>

/* Opens data[0..len) read-only. The caller keeps data alive and closes the
 * archive with zip_discard. MJ_EFORMAT ("<kind> 文件…") when it is no zip. */
int mj_zip_open_mem(zip_t **out, const char *data, size_t len, const char *kind);

/* Inflates member `name` into *out (malloc'd, NUL-terminated, *len bytes).
 * MJ_ENOTFOUND (no message) when absent; MJ_EFORMAT when encrypted or
 * corrupt; MJ_ETOOBIG past max bytes. kind ("docx", "xlsx") names the file
 * in messages. */
int mj_zip_read_part(zip_t *z, const char *name, size_t max, const char *kind, char **out, size_t *len);

#endif
