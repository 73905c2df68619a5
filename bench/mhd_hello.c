/*
 * The baseline for bench_web.sh: a bare libmicrohttpd server with the same
 * threading as `mingjing serve` (internal polling + thread pool) answering
 * every request with a fixed string. Usage: mhd_hello PORT THREADS
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	static const char body[] = "{\"hello\":\"world\"}";
	(void)cls; (void)url; (void)method; (void)version; (void)upload; (void)upload_size;
	if (!*con_cls) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
								 MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8081;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
	sigset_t set;
	int sig;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
						(unsigned short)port, NULL, NULL, on_request, NULL,
						MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_hello: cannot listen on %d\n", port);
		return 1;
	}
	printf("mhd_hello: http://127.0.0.1:%d/\n", port);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
