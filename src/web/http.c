/*
 * The only file that includes microhttpd.h: turns libmicrohttpd's callbacks
 * into one call of the handler per complete request (see http.h).
 *
 * Threads: libmicrohttpd's internal thread pool (MHD_OPTION_THREAD_POOL_SIZE);
 * the handler runs on a pool thread and must be thread-safe. A request's
 * memory (scratch and arena, body) is released in the completion callback,
 * whatever happened.
 */
#include "web/http.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util/err.h"
#include "util/utf8.h"

struct mj_http_server {
	struct MHD_Daemon *d;
	mj_http_handler handler;
	void *ctx;
	FILE *log;
	int port;
};

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
			  " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

void *mj_http_alloc(mj_http_req *r, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	if (need >= n && need <= MJ_HTTP_SCRATCH - r->scratch_used) {
		void *p = r->scratch + r->scratch_used;
		r->scratch_used += need;
		memset(p, 0, n);
		return p;
	}
	return mj_arena_alloc(&r->arena, n);
}

char *mj_http_strndup(mj_http_req *r, const char *s, size_t n)
{
	char *p = mj_http_alloc(r, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

const char *mj_http_header(mj_http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *mj_http_query(mj_http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *mj_http_cookie(mj_http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct query_ctx {
	json_t *obj;
	int bad;
};

static enum MHD_Result query_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_ctx *q = cls;
	(void)kind;
	if (!value)
		value = "";
	if (!mj_utf8_valid(key, strlen(key)) || !mj_utf8_valid(value, strlen(value))) {
		q->bad = 1;
		return MHD_NO;
	}
	json_object_set_new(q->obj, key, json_string(value));
	return MHD_YES;
}

int mj_http_query_all(mj_http_req *r, json_t *obj)
{
	struct query_ctx q = {obj, 0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_cb, &q);
	return q.bad ? mj_error_set(MJ_EUTF8, "查询参数不是有效的 UTF-8 文本") : 0;
}

/* Compact JSON straight into the response buffer, keys in insertion order as
 * jansson's own dump (json_dumps allocates its own buffer, checks every code
 * point again and copies once more: a fifth of a ledger page's time). Strings
 * in a json_t are valid UTF-8 already (jansson checks on creation); quotes,
 * backslashes and control bytes are escaped by mj_buf_put_json. */
static void dump(mj_buf *b, json_t *v, int depth)
{
	char num[32];
	size_t i;
	const char *k;
	json_t *e;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (depth > 64)
			goto fallback;
		mj_buf_putc(b, '{');
		i = 0;
		json_object_foreach(v, k, e) {
			if (i++)
				mj_buf_putc(b, ',');
			mj_buf_putc(b, '"');
			mj_buf_put_json(b, k, strlen(k));
			mj_buf_put(b, "\":", 2);
			dump(b, e, depth + 1);
		}
		mj_buf_putc(b, '}');
		return;
	case JSON_ARRAY:
		if (depth > 64)
			goto fallback;
		mj_buf_putc(b, '[');
		json_array_foreach(v, i, e) {
			if (i)
				mj_buf_putc(b, ',');
			dump(b, e, depth + 1);
		}
		mj_buf_putc(b, ']');
		return;
	case JSON_STRING:
		mj_buf_putc(b, '"');
		mj_buf_put_json(b, json_string_value(v), json_string_length(v));
		mj_buf_putc(b, '"');
		return;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		mj_buf_puts(b, num);
		return;
	case JSON_TRUE:
		mj_buf_put(b, "true", 4);
		return;
	case JSON_FALSE:
		mj_buf_put(b, "false", 5);
		return;
	case JSON_NULL:
		mj_buf_put(b, "null", 4);
		return;
	default:
		break;
	}
fallback: { /* reals (jansson's exact number format) and very deep values */
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	mj_buf_puts(b, s ? s : "null");
	free(s);
}
}

void mj_http_json(mj_http_resp *w, int status, json_t *v)
{
	w->status = status;
	w->ctype = "application/json; charset=utf-8";
	mj_buf_reset(&w->body);
	w->data = NULL;
	if (v)
		dump(&w->body, v, 0);
	json_decref(v);
}

void mj_http_add_header(mj_http_req *r, mj_http_resp *w, const char *name, const char *value)
{
	if (w->nh >= MJ_HTTP_MAX_HEADERS)
		return;
	w->hname[w->nh] = name;
	w->hval[w->nh] = mj_http_strndup(r, value, strlen(value));
	w->nh++;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Percent-decoding of the path and query (in place), as libmicrohttpd's own,
 * except that %00 is left as is: a NUL must never cut a path short. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls; (void)c;
	char *out = s;
	const char *in = s;
	while (*in) {
		int hi, lo;
		if (in[0] == '%' && (hi = hexval(in[1])) >= 0 && (lo = hexval(in[2])) >= 0 && (hi | lo)) {
			*out++ = (char)(hi * 16 + lo);
			in += 3;
		} else
			*out++ = *in++;
	}
	*out = 0;
	return (size_t)(out - s);
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static void req_free(mj_http_req *r)
{
	if (!r)
		return;
	mj_buf_free(&r->body);
	mj_arena_free(&r->arena);
	free(r);
}

static enum MHD_Result respond(mj_http_server *s, mj_http_req *r)
{
	mj_http_resp w;
	memset(&w, 0, sizeof w);
	w.status = 500;
	w.ctype = "application/json; charset=utf-8";
	s->handler(s->ctx, r, &w);
	struct MHD_Response *resp;
	if (w.data)
		resp = MHD_create_response_from_buffer(w.len, (void *)w.data, MHD_RESPMEM_PERSISTENT);
	else {
		size_t len = w.body.len;
		char *body = mj_buf_detach(&w.body);
		resp = MHD_create_response_from_buffer(len, body ? body : (void *)"",
						       body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		if (!resp)
			free(body);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, w.ctype);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, w.cacheable ? "no-cache" : "no-store");
	for (int i = 0; i < w.nh; i++)
		MHD_add_response_header(resp, w.hname[i], w.hval[i]);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)w.status, resp);
	MHD_destroy_response(resp);
	if (s->log && !w.nolog) {
		char at[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* control bytes in a decoded path must not forge log lines */
		fprintf(s->log, "%s %s ", at, r->method);
		for (const char *c = r->path; *c; c++)
			fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, s->log);
		fprintf(s->log, " %d\n", w.status);
		fflush(s->log);
	}
	mj_buf_free(&w.body);
	return ret;
}

/* Routes whose body is a raw file (20 MB cap) rather than JSON (1 MB):
 * POST /api/v1/meetings/<id>/materials/upload, POST /api/v1/materials/<id>/versions. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_upload(const char *method, const char *url)
{
	if (strcmp(method, "POST") != 0)
		return 0;
	return (strncmp(url, "/api/v1/meetings/", 17) == 0 && ends_with(url, "/materials/upload")) ||
	       (strncmp(url, "/api/v1/materials/", 18) == 0 && ends_with(url, "/versions"));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	mj_http_server *s = cls;
	mj_http_req *r = *con_cls;
	(void)version;
	if (!r) {
		r = mj_malloc(sizeof *r); /* the scratch needs no zeroing: mj_http_alloc zeroes */
		memset(r, 0, offsetof(mj_http_req, scratch));
		mj_arena_init(&r->arena);
		r->conn = c;
		r->method = mj_http_strndup(r, method, strlen(method));
		r->path = mj_http_strndup(r, url, strlen(url));
		mj_buf_init(&r->body, is_upload(method, url) ? MJ_HTTP_MAX_UPLOAD : MJ_HTTP_MAX_BODY);
		client_ip(c, r->ip, sizeof r->ip);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->too_big && mj_buf_put(&r->body, upload, *upload_size))
			r->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	return respond(s, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)c; (void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}

int mj_http_start(mj_http_server **out, const char *host, int port, int threads,
		  mj_http_handler handler, void *ctx, FILE *log)
{
	struct sockaddr_in sa;
	*out = NULL;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return mj_error_set(MJ_EINVAL, "监听地址“%.60s”无效（应为 IPv4 地址，如 127.0.0.1）", host);
	if (threads < 1 || threads > 256)
		return mj_error_set(MJ_EINVAL, "线程数应在 1 到 256 之间");
	mj_http_server *s = mj_calloc(1, sizeof *s);
	s->handler = handler;
	s->ctx = ctx;
	s->log = log;
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
				on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
				MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
				MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return mj_error_set(MJ_EIO, "无法在 %s:%d 上监听（端口被占用或无权限）", host, port);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : port;
	*out = s;
	return 0;
}

int mj_http_port(mj_http_server *s) { return s->port; }

void mj_http_stop(mj_http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
