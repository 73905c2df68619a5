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
 * MINGJING_ROLLUP_FRESH=1 (nothing is kept) nor MINGJING_ROLLUP_WARM=0.
 * Then every connection of the pool answers one roll-up (as an operator:
 * every team), taken in turn as a request takes it (routes.c), so a
 * request's first roll-up does not find a cold connection (PostgreSQL
 * loads a new backend's catalog caches, SQLite fills a connection's page
 * cache). */
static void *warm_lines(void *arg)
{
	mj_web *w = arg;
	mj_store *st = NULL;
	mj_actor op = {0};
	snprintf(op.role, sizeof op.role, "operator");
	int today = mj_today();
	if (mj_store_open(&st, w->db_path) == 0)
		mj_web_rollup_warm(st, today);
	mj_error_clear();
	mj_store_close(st);
	for (int i = 0; i < w->nstores; i++) {
		pthread_mutex_lock(&w->mu);
		while (w->busy[i]) {
			pthread_cond_signal(&w->cv); /* the wake-up was maybe for a request */
			pthread_cond_wait(&w->cv, &w->mu);
		}
		w->busy[i] = 1;
		pthread_mutex_unlock(&w->mu);
		json_t *out = NULL;
		mj_web_rollup(w->stores[i], &op, 0, today, &out);
		json_decref(out);
		mj_error_clear();
		pthread_mutex_lock(&w->mu);
		w->busy[i] = 0;
		pthread_cond_signal(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

static int warm_wanted(void)
{
	const char *fresh = getenv("MINGJING_ROLLUP_FRESH"), *warm = getenv("MINGJING_ROLLUP_WARM");
	return !(fresh && strcmp(fresh, "1") == 0) && !(warm && strcmp(warm, "0") == 0);
}

#ifdef __GLIBC__
/* The first roll-up a worker thread answers faulted in the memory of its
 * malloc arena (glibc gives each thread its own; fresh pages cost 4-5 ms per
 * MB on the bench VM): 137 ms on a new server against 54 ms later
 * (docs/scale.md). One arena for all threads removed that but cost 40% of
 * the throughput under load (bench/loadtest.sh). So before the HTTP threads
 * start, as many short threads touch ARENA_PER_TEAM bytes per team each (at
 * most ARENA_WARM: a province roll-up's own need) and end: glibc keeps an
 * ended thread's arena, with its memory (M_TRIM_THRESHOLD above), for the
 * next new thread. Only a speed-up: nothing depends on it. */
#define ARENA_WARM ((size_t)48 << 20)
#define ARENA_PER_TEAM ((size_t)16 << 10)
#define ARENA_BLOCK ((size_t)16 << 10)

static void *arena_warm(void *arg)
{
	size_t n = *(const size_t *)arg / ARENA_BLOCK;
	char **v = malloc(n * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((v[i] = malloc(ARENA_BLOCK)))
			memset(v[i], 0, ARENA_BLOCK);
	for (size_t i = n; i-- > 0;)
		free(v[i]);
	free(v);
	return NULL;
}

static void arenas_warm(mj_store *st, int threads)
{
	pthread_t t[64];
	int n = 0;
	long long teams = 0;
	if (mj_web_team_count(st, &teams)) {
		mj_error_clear();
		return;
	}
	size_t bytes = teams > 0 && (size_t)teams < ARENA_WARM / ARENA_PER_TEAM ? (size_t)teams * ARENA_PER_TEAM : ARENA_WARM;
	if (teams <= 0 || bytes < ARENA_WARM / 48)
		return; /* a small database: its roll-up needs little */
	while (n < threads && n < 64 && pthread_create(&t[n], NULL, arena_warm, &bytes) == 0)
		n++;
	while (n > 0)
		pthread_join(t[--n], NULL);
}
#endif

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
#ifdef __GLIBC__
	if (warm_wanted())
		arenas_warm(w->stores[0], threads);
#endif
	if ((rc = mj_http_start(&srv, cfg->host, cfg->port, threads, mj_web_handle, w, cfg->log)))
		goto cleanup;
	fprintf(cfg->out, "mingjing serve: http://%s:%d/\n", cfg->host, mj_http_port(srv));
	fflush(cfg->out);
	pthread_t warm;
	int warming = warm_wanted() && pthread_create(&warm, NULL, warm_lines, w) == 0;
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
