/*
 * `mingjing serve`: opens one database connection per worker thread (a small
 * pool; SQLite in WAL mode lets readers run side by side), starts the HTTP
 * layer with the dispatcher of routes.c, and waits for SIGINT or SIGTERM.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <libxml/parser.h>

#include "store/store.h"
#include "store/web_store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/mem.h"
#include "web/api.h"
#include "web/web.h"

void mj_web_handle(void *ctx, mj_http_req *r, mj_http_resp *resp);

/* The roll-up lines of the latest year computed at start, on a connection
 * of its own, so that no user request pays them (docs/scale.md); not with
 * MINGJING_ROLLUP_FRESH=1 (nothing is kept) nor MINGJING_ROLLUP_WARM=0. */
static void *warm_lines(void *arg)
{
	const char *db_path = arg;
	mj_store *st = NULL;
	if (mj_store_open(&st, db_path) == 0)
		mj_web_rollup_warm(st, mj_today());
	mj_error_clear();
	mj_store_close(st);
	return NULL;
}

static int warm_wanted(void)
{
	const char *fresh = getenv("MINGJING_ROLLUP_FRESH"), *warm = getenv("MINGJING_ROLLUP_WARM");
	return !(fresh && strcmp(fresh, "1") == 0) && !(warm && strcmp(warm, "0") == 0);
}

int mj_web_serve(const struct mj_web_config *cfg)
{
	mj_web *w = mj_calloc(1, sizeof *w);
	mj_http_server *srv = NULL;
	sigset_t set;
	int rc = 0, sig = 0;
	int threads = cfg->threads > 0 ? cfg->threads : 4;

#ifdef __GLIBC__
	/* A province roll-up builds a 1.3 MB answer from tens of thousands of
	 * small JSON values and frees them all: with glibc's defaults each such
	 * request grew the heap again, trimmed it afterwards and took the large
	 * buffers from fresh mmaps, so page faults and sysmalloc were a third of
	 * its CPU (perf, docs/scale.md). A long-running server keeps them. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	w->db_path = cfg->db_path;
	w->review_material = cfg->review_material;
	w->nstores = threads;
	w->stores = mj_calloc((size_t)threads, sizeof *w->stores);
	w->busy = mj_calloc((size_t)threads, sizeof *w->busy);
	w->caches = mj_calloc((size_t)threads, sizeof *w->caches);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	pthread_mutex_init(&w->rate_mu, NULL);
	for (int i = 0; i < threads; i++)
		if ((rc = mj_store_open(&w->stores[i], cfg->db_path)))
			goto cleanup;

	/* the worker threads inherit this mask: only the main thread takes signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the docx reader uses libxml2 in worker threads: initialise it once here */
	xmlInitParser();
	if ((rc = mj_http_start(&srv, cfg->host, cfg->port, threads, mj_web_handle, w, cfg->log)))
		goto cleanup;
	fprintf(cfg->out, "mingjing serve: http://%s:%d/\n", cfg->host, mj_http_port(srv));
	fflush(cfg->out);
	pthread_t warm;
	int warming = warm_wanted() && pthread_create(&warm, NULL, warm_lines, (void *)cfg->db_path) == 0;
	sigwait(&set, &sig);
	fprintf(cfg->out, "mingjing serve: 收到信号，正在停止\n");
	fflush(cfg->out);
	if (warming)
		pthread_join(warm, NULL);
cleanup:
	mj_http_stop(srv);
	for (int i = 0; i < w->nstores; i++) {
		mj_store_close(w->stores[i]);
		mj_web_cache_free(&w->caches[i]);
	}
	free(w->stores);
	free(w->caches);
	free(w->busy);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->rate_mu);
	free(w);
	return rc;
}
