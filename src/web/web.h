/*
 * The web application: `mingjing serve`. The command line calls only this.
 */
#ifndef MJ_WEB_H
#define MJ_WEB_H
#include <stdio.h>

struct mj_store;

struct mj_web_config {
	const char *db_path;
	const char *host;   /* IPv4 address to listen on */
	int port;           /* 0: any free port */
	int threads;        /* worker threads (and database connections) */
	FILE *out;          /* where "listening on" is printed */
	FILE *log;          /* access log (never anonymous routes); NULL: none */
	/* The review of a stored material as JSON (GET /api/v1/materials/ID/check),
	 * given by the command line (the review lives there); NULL: 404. */
	int (*review_material)(struct mj_store *st, const char *db_path, long long material_id, char **body,
			       size_t *len);
};

/* Opens the database, listens, prints "mingjing serve: http://HOST:PORT/"
 * and serves until SIGINT or SIGTERM. Returns 0 or an error. */
int mj_web_serve(const struct mj_web_config *cfg);

#endif
