/*
 * ts_http.h - one HTTP request with libcurl, for fetching published
 * calendars and speaking CalDAV.
 *
 * A request either gets a reply (any status: the caller decides what it
 * means, ts_http_status_error helps) or fails to (DNS, connection, TLS,
 * timeout: TS_EXIT_TEMPFAIL).  Messages name the server as scheme://host
 * only: a calendar's address may carry a secret token in its path.
 */
#ifndef TS_HTTP_H
#define TS_HTTP_H

#include <stddef.h>

#include "ts_buf.h"
#include "ts_err.h"

struct ts_http_auth {
	const char *user;	/* basic authentication, with password */
	const char *password;
	const char *bearer;	/* or a bearer token (OAuth) */
};

struct ts_http_resp {
	long status;		/* 200, 207, 412, ... */
	struct ts_buf body;
	char etag[128];		/* the ETag header, as sent (quotes kept) */
	long retry_after;	/* Retry-After in seconds (429, 503); 0 none */
};

#define TS_HTTP_FOLLOW	0x1u	/* follow redirects (GET of a calendar) */

/*
 * Sends method to url with the extra headers (NULL-terminated "Name:
 * value" strings, may be NULL) and body (len bytes, may be NULL).  The
 * reply body is kept up to 32 MiB.  Returns 0 with *r filled (release it
 * with ts_http_resp_release), or -1 with err set.
 */
int ts_http_request(const char *method, const char *url,
    const struct ts_http_auth *auth, const char *const *headers,
    const char *body, size_t len, unsigned flags, struct ts_http_resp *r,
    struct ts_error *err);
void ts_http_resp_release(struct ts_http_resp *r);

/* Per-request settings of ts_http_request_with (0 or NULL: the default). */
struct ts_http_opts {
	const char *ca_file;	/* CA certificates instead of the system's */
	long timeout;		/* seconds for the whole request (120) */
	long connect_timeout;	/* seconds to connect (15) */
};

/* ts_http_request with opts (may be NULL). */
int ts_http_request_with(const struct ts_http_opts *opts, const char *method,
    const char *url, const struct ts_http_auth *auth,
    const char *const *headers, const char *body, size_t len, unsigned flags,
    struct ts_http_resp *r, struct ts_error *err);

/*
 * Sets err for an unexpected status of a request about `what`: 5xx and
 * 429 are TS_EXIT_TEMPFAIL, 401 and 403 TS_EXIT_USAGE (the credentials),
 * others TS_EXIT_FAIL.  Returns -1.
 */
int ts_http_status_error(const char *what, const char *url, long status,
    struct ts_error *err);

/* "https://host:port" of url (no user, path or query), into buf. */
void ts_http_origin(const char *url, char *buf, size_t n);

/* Frees libcurl's global state at exit. */
void ts_http_cleanup(void);

#endif
