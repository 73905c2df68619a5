/*
 * Inside the web layer: the server state, the per-request context that the
 * dispatcher (routes.c) fills before it calls a handler, and every handler.
 */
#ifndef MJ_WEB_API_H
#define MJ_WEB_API_H
#include <jansson.h>
#include <pthread.h>

#include "store/store.h"
#include "web/http.h"

/* Who may call a route. The dispatcher enforces it before the handler runs. */
enum mj_route_perm {
	MJ_RP_PUBLIC,      /* anyone */
	MJ_RP_ANON,        /* anyone holding a valid, open opinion-link token (param 0) */
	MJ_RP_LOGIN,       /* any logged-in person (staff included) */
	MJ_RP_USER,        /* logged in, not staff; records are scoped by the handler */
	MJ_RP_OVERSEE,     /* administrator or organizer */
	MJ_RP_TEAM_READ,   /* may read the team of the resource named by param 0 */
	MJ_RP_TEAM_MANAGE, /* administrator, organizer over, or secretary of that team */
};

struct mj_web_ctx;
typedef int (*mj_route_fn)(struct mj_web_ctx *x);

struct mj_route {
	const char *method;
	const char *pattern;        /* "*" matches one path segment, "**" the rest */
	enum mj_route_perm perm;
	const char *resource;       /* TEAM_*: "meeting", "item", "material" or "link" (param 0) */
	mj_route_fn fn;
	const char *summary;
};

extern const struct mj_route mj_routes[];

#define MJ_RATE_SLOTS 1024
struct mj_rate_slot {
	char key[96];
	int count;
	long long start;
};

/* Response cache kept with each pooled connection (used only by the thread
 * holding that connection, so no lock): an entry serves again only while the
 * connection's data version (mj_store_data_version: any commit by any
 * process, or a change on this connection) is the one it was built under.
 * Nothing is cached where the backend has no data version (PostgreSQL). */
#define MJ_WEB_CACHE_SLOTS 32
#define MJ_WEB_CACHE_KEY 96
/* one body at most (a roll-up of 3,000 teams is about 1.3 MB), and all the
 * bodies of one connection's cache at most (older entries make room) */
#define MJ_WEB_CACHE_MAX_BODY (4u << 20)
#define MJ_WEB_CACHE_MAX_TOTAL (8u << 20)
struct mj_web_cached {
	char key[MJ_WEB_CACHE_KEY];  /* "" when free */
	unsigned long long version[MJ_DATA_VERSION_N];
	char *body;
	size_t len;
};
struct mj_web_cache {
	struct mj_web_cached e[MJ_WEB_CACHE_SLOTS];
	int next;
	size_t bytes; /* sum of the bodies' lengths */
};

typedef struct mj_web {
	const char *db_path;
	int (*review_material)(mj_store *st, const char *db_path, long long material_id, char **body, size_t *len);
	mj_store **stores;          /* one connection per worker thread */
	struct mj_web_cache *caches; /* one per connection */
	int *busy;
	int nstores;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_mutex_t rate_mu;
	struct mj_rate_slot rate[MJ_RATE_SLOTS];
} mj_web;

typedef struct mj_web_ctx {
	mj_web *w;
	mj_http_req *req;
	mj_http_resp *resp;
	mj_store *st;
	int slot;                   /* st's index in the pool */
	int cache_ok;               /* version below is valid (cache_get ran) */
	unsigned long long cache_version[MJ_DATA_VERSION_N];
	const struct mj_route *route;
	const char *param[4];
	int nparam;
	int logged_in;
	mj_actor actor;
	long long session_id;
	char csrf[65];
	long long meeting_id;       /* ANON routes: the link's meeting */
	char closes_on[11];
	long long team_id;          /* TEAM_* routes: the resource's team */
	json_t *body;               /* parsed JSON body (object) or NULL */
} mj_web_ctx;

/* Handler results: 0 = the response is filled; < 0 = an mj_err, the
 * dispatcher writes the error JSON; MJ_WEB_DONE = an error already written. */
#define MJ_WEB_DONE 1

int mj_web_error(mj_web_ctx *x, int status, const char *code, const char *msg);
const char *mj_web_err_name(int code);
long long mj_web_param_id(mj_web_ctx *x, int i);
/* The JSON body as an object (400 when absent or malformed). */
int mj_web_body(mj_web_ctx *x, json_t **obj);

/* The response cache: 1 when key's entry is current and now fills the
 * response (200, JSON); else 0 and the handler builds the response, then
 * calls cache_put (which keeps a 200 under the version read by cache_get).
 * Call only after the route's permission check, and only for bodies that
 * depend on nothing but the database and the key. */
int mj_web_cache_get(mj_web_ctx *x, const char *key);
void mj_web_cache_put(mj_web_ctx *x, const char *key);
void mj_web_cache_free(struct mj_web_cache *c);

/* Rate limiting (auth.c): 1 when key is blocked; record a failure; clear. */
int mj_rate_blocked(mj_web *w, const char *key, int limit);
void mj_rate_fail(mj_web *w, const char *key);
void mj_rate_clear(mj_web *w, const char *key);

/* Embedded static files (generated from web/static/ at build time). */
struct mj_static_file {
	const char *path;    /* "index.html", "app.js", ... */
	const char *ctype;
	const unsigned char *data;
	size_t len;
};
extern const struct mj_static_file mj_static_files[];
const struct mj_static_file *mj_static_find(const char *path);

/* handlers */
int mj_api_login(mj_web_ctx *x);
int mj_api_logout(mj_web_ctx *x);
int mj_api_me(mj_web_ctx *x);
int mj_api_password(mj_web_ctx *x);
int mj_api_records_list(mj_web_ctx *x);
int mj_api_records_get(mj_web_ctx *x);
int mj_api_records_create(mj_web_ctx *x);
int mj_api_records_update(mj_web_ctx *x);
int mj_api_records_delete(mj_web_ctx *x);
int mj_api_meeting_status(mj_web_ctx *x);
int mj_api_meeting_ledger(mj_web_ctx *x);
int mj_api_rollup(mj_web_ctx *x);
int mj_api_overdue(mj_web_ctx *x);
int mj_api_person_history(mj_web_ctx *x);
int mj_api_item_get(mj_web_ctx *x);
int mj_api_item_action(mj_web_ctx *x);
int mj_api_item_note(mj_web_ctx *x);
int mj_api_links_create(mj_web_ctx *x);
int mj_api_links_list(mj_web_ctx *x);
int mj_api_link_revoke(mj_web_ctx *x);
int mj_api_anon_get(mj_web_ctx *x);
int mj_api_anon_post(mj_web_ctx *x);
int mj_api_material_upload(mj_web_ctx *x);
int mj_api_material_new_version(mj_web_ctx *x);
int mj_api_material_action(mj_web_ctx *x);
int mj_api_material_get(mj_web_ctx *x);
int mj_api_material_versions(mj_web_ctx *x);
int mj_api_material_diff(mj_web_ctx *x);
int mj_api_material_to_ledger(mj_web_ctx *x);
int mj_api_material_download(mj_web_ctx *x);
int mj_api_material_check(mj_web_ctx *x);
int mj_web_static_index(mj_web_ctx *x);
int mj_web_static_file(mj_web_ctx *x);
int mj_web_static_anon(mj_web_ctx *x);
int mj_api_routes(mj_web_ctx *x);
int mj_api_chart(mj_web_ctx *x);
int mj_api_my_reminders(mj_web_ctx *x);

#endif
