/*
 * Whole-file reading with a size cap, and atomic whole-file writing.
 */
#ifndef MJ_FILE_H
#define MJ_FILE_H
#include <stddef.h>

/* Reads path ("-" for stdin) into *out (malloc'd, NUL-terminated; caller frees).
 * Fails with MJ_ETOOBIG past max bytes, MJ_EIO when unreadable. */
int mj_file_read(const char *path, size_t max, char **out, size_t *len);
/* Writes data to path through a temporary file and rename (nothing half-written).
 * path "-" writes to stdout. */
int mj_file_write(const char *path, const void *data, size_t len);

#endif
