/*
 * Error codes and the per-thread error message.
 *
 * Functions that can fail return int: 0 on success or one of the negative codes
 * below, passed up unchanged. The function that finds the problem sets a
 * human-readable message (Chinese, for users) with mj_error_set(); callers that
 * only propagate do not touch it. The enum is append-only: codes are stable.
 */
#ifndef MJ_ERR_H
#define MJ_ERR_H

enum mj_err {
	MJ_OK = 0,
	MJ_EINVAL = -1,     /* invalid argument or field value */
	MJ_ENOTFOUND = -2,  /* unknown id or name */
	MJ_ETOOBIG = -3,    /* input over its size limit */
	MJ_EUTF8 = -4,      /* invalid UTF-8 */
	MJ_EPERM = -5,      /* actor's role does not allow it */
	MJ_ESTATE = -6,     /* the record's state does not allow it */
	MJ_EIO = -7,        /* file or system error */
	MJ_EDB = -8,        /* database error */
	MJ_ECONFLICT = -9,  /* stale update, duplicate, constraint */
	MJ_EFORMAT = -10,   /* malformed file or document */
	MJ_EEXISTS = -11,   /* already exists */
	MJ_EAUDIT = -12,    /* audit chain or row verification failed */
	MJ_EUSAGE = -13,    /* command-line usage */
	MJ_EAUTH = -14,     /* not logged in / bad credentials */
	MJ_EBUSY = -15,     /* database busy (lock timeout, serialization): retry later */
	MJ_ERR_LAST = -15
};

/* Short fixed name of a code ("invalid argument" style, Chinese). Never NULL. */
const char *mj_strerror(int code);

/* Sets the current thread's message (printf format). Returns code, so
 * `return mj_error_set(MJ_EINVAL, "...")` works. */
int mj_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message last set on this thread, or mj_strerror(code) if none. */
const char *mj_error_msg(void);
int mj_error_code(void);
void mj_error_clear(void);

/* Maps a code to a process exit status (0 ok, 1 general, 2 usage, ...). */
int mj_exit_code(int code);
/* Maps a code to an HTTP status. */
int mj_http_status(int code);

#endif
