/*
 * ts_caldav.h - the few CalDAV requests a sync needs (RFC 4791, RFC 6578,
 * RFC 4918), over ts_http.
 *
 * Writes are conditional, always: a new resource is PUT with
 * "If-None-Match: *" and a change with "If-Match: <etag>", so that the
 * server refuses (412) instead of losing what someone else wrote.  Reads:
 * sync-collection with a token (incremental), PROPFIND for the ctag and
 * the etags where sync-collection is missing, calendar-multiget for the
 * data.  Hrefs are paths as the server writes them ("/alice/cal/x.ics").
 */
#ifndef TS_CALDAV_H
#define TS_CALDAV_H

#include <stddef.h>

#include "ts_err.h"
#include "ts_http.h"

struct ts_caldav {
	const char *url;		/* the collection, ending in '/' */
	struct ts_http_auth auth;
	struct ts_http_opts opts;	/* CA file; zero: the defaults */
	long requests;			/* requests sent (for tests, -v) */
	long writes;			/* of which PUT and DELETE */
};

struct ts_caldav_item {
	char *href;		/* path on the server */
	char etag[128];		/* "" when not given */
	int gone;		/* 404 in the reply: deleted */
	char *data;		/* calendar-data, when asked for; or NULL */
};

struct ts_caldav_list {
	struct ts_caldav_item *it;
	size_t n, cap;
	char token[512];	/* the new sync token, when there is one */
};

void ts_caldav_list_release(struct ts_caldav_list *l);

enum ts_caldav_sync {
	TS_CALDAV_SYNC_OK,		/* l holds the changes */
	TS_CALDAV_SYNC_REFUSED,		/* the token is no longer valid */
	TS_CALDAV_SYNC_UNSUPPORTED	/* no sync-collection: use the ctag */
};

/*
 * REPORT sync-collection from token ("" for everything).  Returns an enum
 * ts_caldav_sync, or -1 with err set.
 */
int ts_caldav_sync(struct ts_caldav *dv, const char *token,
    struct ts_caldav_list *l, struct ts_error *err);

/* PROPFIND Depth 0: the collection's ctag (may be ""). */
int ts_caldav_ctag(struct ts_caldav *dv, char *ctag, size_t n,
    struct ts_error *err);

/* PROPFIND Depth 1: every member's href and etag. */
int ts_caldav_members(struct ts_caldav *dv, struct ts_caldav_list *l,
    struct ts_error *err);

/* REPORT calendar-multiget of n hrefs: their etag and calendar-data. */
int ts_caldav_multiget(struct ts_caldav *dv, const char *const *hrefs,
    size_t n, struct ts_caldav_list *l, struct ts_error *err);

/*
 * PUT text at href: with If-Match: etag, or If-None-Match: * when etag is
 * NULL.  Returns the HTTP status (2xx, 412, ...) with the new etag in
 * new_etag ("" when the server sent none), or -1 with err set (network).
 */
long ts_caldav_put(struct ts_caldav *dv, const char *href, const char *text,
    const char *etag, char new_etag[128], struct ts_error *err);

/* GET href: the status, its text (caller frees) and etag. */
long ts_caldav_get(struct ts_caldav *dv, const char *href, char **text,
    char etag[128], struct ts_error *err);

/* The path of the collection (url without scheme and host). */
const char *ts_caldav_path(const struct ts_caldav *dv);

#endif
