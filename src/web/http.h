/*
 * The HTTP layer: the one file (http.c) that talks to GNU libmicrohttpd.
 *
 * A request arrives as an mj_http_req (method, decoded path, headers, query,
 * a body with a hard cap, the client address, and memory freed with the
 * request). The handler fills an mj_http_resp (status, content type, body or
 * static bytes, extra headers). http.c adds the security headers to every
 * response and writes one access-log line unless the handler set nolog.
 */
#ifndef MJ_WEB_HTTP_H
#define MJ_WEB_HTTP_H
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/mem.h"

#define MJ_HTTP_MAX_BODY (1u << 20)      /* JSON bodies: 1 MB */
#define MJ_HTTP_MAX_UPLOAD (20u << 20)   /* file uploads: 20 MB */
#define MJ_HTTP_MAX_HEADERS 8

struct MHD_Connection;

#define MJ_HTTP_SCRATCH 2048

typedef struct mj_http_req {
	mj_arena arena;              /* request-scoped allocations past the scratch */
	size_t scratch_used;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;            /* percent-decoded by libmicrohttpd */
	mj_buf body;                 /* capped at body.max */
	int too_big;                 /* the body passed its cap (read and dropped) */
	char ip[64];                 /* client address: for rate limiting only, never stored */
	/* small request allocations first (no 64 KB arena block per request);
	 * last, so that it alone is left unzeroed at creation */
	_Alignas(16) unsigned char scratch[MJ_HTTP_SCRATCH];
} mj_http_req;

typedef struct mj_http_resp {
	int status;
	const char *ctype;
	mj_buf body;                 /* owned, freed by http.c */
	const void *data;            /* or static bytes (embedded files) */
	size_t len;
	const char *hname[MJ_HTTP_MAX_HEADERS];
	const char *hval[MJ_HTTP_MAX_HEADERS]; /* request memory (mj_http_alloc) */
	int nh;
	int nolog;                   /* no access-log line (anonymous routes) */
	int cacheable;               /* static files: may be cached (no-cache); else no-store */
} mj_http_resp;

/* Request-scoped memory (zeroed, 16-byte aligned), freed with the request. */
void *mj_http_alloc(mj_http_req *r, size_t n);
char *mj_http_strndup(mj_http_req *r, const char *s, size_t n);

/* Request accessors; NULL when absent. Strings live as long as the request. */
const char *mj_http_header(mj_http_req *r, const char *name);
const char *mj_http_query(mj_http_req *r, const char *name);
const char *mj_http_cookie(mj_http_req *r, const char *name);
/* Every query argument into obj (name -> string). Returns 0, or MJ_EUTF8 when
 * a name or value is not valid UTF-8. */
int mj_http_query_all(mj_http_req *r, json_t *obj);

/* Response helpers. mj_http_json steals the reference to v. */
void mj_http_json(mj_http_resp *w, int status, json_t *v);
void mj_http_add_header(mj_http_req *r, mj_http_resp *w, const char *name, const char *value);

typedef void (*mj_http_handler)(void *ctx, mj_http_req *r, mj_http_resp *w);

typedef struct mj_http_server mj_http_server;

/* Starts listening on host:port (port 0: any free port) with a pool of
 * `threads` worker threads; each request is passed to handler(ctx, ...).
 * log: where access-log lines go (NULL: none). */
int mj_http_start(mj_http_server **out, const char *host, int port, int threads,
		  mj_http_handler handler, void *ctx, FILE *log);
/* The port actually bound. */
int mj_http_port(mj_http_server *s);
void mj_http_stop(mj_http_server *s);

#endif
