/*
 * Slow clients for bench/loadtest.sh: opens N connections to 127.0.0.1:PORT
 * and sends on each a valid HTTP request one byte per second, for SECONDS
 * seconds (the request is longer than that, so none ever completes). A
 * connection the server closes is counted and opened again.
 *
 * Usage: loadtest_trickle PORT N SECONDS
 * Prints one line: "TRICKLE conns=N seconds=S bytes=B closed_by_server=C
 * connect_failed=F open_at_end=O".
 *
 * Loopback only: the address is fixed to 127.0.0.1.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXCONN 4096

static const char request[] =
	"GET /api/v1/routes HTTP/1.1\r\n"
	"Host: 127.0.0.1\r\n"
	"User-Agent: mingjing-loadtest-trickle\r\n"
	"X-Slow-Client: this header is sent one byte a second and is long enough that the "
	"request never completes within the load test, however long it runs\r\n"
	"\r\n";

struct conn {
	int fd;
	size_t sent;
};

static int open_conn(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* 1 when the peer has closed (or reset) the connection. */
static int closed(int fd)
{
	char b[256];
	ssize_t n = recv(fd, b, sizeof b, MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: loadtest_trickle PORT N SECONDS\n");
		return 2;
	}
	int port = atoi(argv[1]), n = atoi(argv[2]), seconds = atoi(argv[3]);
	if (port <= 0 || port > 65535 || n <= 0 || n > MAXCONN || seconds <= 0 || seconds > 3600) {
		fprintf(stderr, "loadtest_trickle: PORT 1-65535, N 1-%d, SECONDS 1-3600\n", MAXCONN);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	static struct conn c[MAXCONN];
	long long bytes = 0, closed_by_server = 0, connect_failed = 0;
	for (int i = 0; i < n; i++) {
		c[i].fd = open_conn(port);
		c[i].sent = 0;
		if (c[i].fd < 0)
			connect_failed++;
	}
	const size_t len = sizeof request - 1;
	for (int s = 0; s < seconds; s++) {
		for (int i = 0; i < n; i++) {
			if (c[i].fd >= 0 && closed(c[i].fd)) {
				close(c[i].fd);
				c[i].fd = -1;
				closed_by_server++;
			}
			if (c[i].fd < 0) {
				c[i].fd = open_conn(port);
				c[i].sent = 0;
				if (c[i].fd < 0) {
					connect_failed++;
					continue;
				}
			}
			if (c[i].sent >= len - 1)
				continue; /* never send the final byte: the request stays open */
			if (send(c[i].fd, request + c[i].sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
				c[i].sent++;
				bytes++;
			}
		}
		struct timespec ts = {1, 0};
		nanosleep(&ts, NULL);
	}
	int open_at_end = 0;
	for (int i = 0; i < n; i++)
		if (c[i].fd >= 0) {
			if (!closed(c[i].fd))
				open_at_end++;
			close(c[i].fd);
		}
	printf("TRICKLE conns=%d seconds=%d bytes=%lld closed_by_server=%lld connect_failed=%lld open_at_end=%d\n",
	       n, seconds, bytes, closed_by_server, connect_failed, open_at_end);
	return 0;
}
