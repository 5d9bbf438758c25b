/*
 * ts_http.c - one HTTP request with libcurl (see ts_http.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "ts_err.h"
#include "ts_http.h"
#include "ts_mem.h"
#include "banned.h"

#define MAX_BODY (32L << 20)

static int curl_ready;

struct sink {
	struct ts_http_resp *r;
	int too_big;
};

static size_t
on_body(char *data, size_t size, size_t nmemb, void *p)
{
	struct sink *s = p;
	size_t n = size * nmemb;

	if (s->r->body.len + n > (size_t)MAX_BODY) {
		s->too_big = 1;
		return 0;
	}
	ts_buf_add(&s->r->body, data, n);
	return n;
}

/* Keeps the ETag header of the last response (after redirects). */
static size_t
on_header(char *data, size_t size, size_t nmemb, void *p)
{
	struct sink *s = p;
	size_t n = size * nmemb, len;

	if (n > 5 && strncasecmp(data, "HTTP/", 5) == 0) {
		s->r->etag[0] = '\0';
		s->r->retry_after = 0;
	}
	/* Seconds only: an HTTP date is rare and would need a parser. */
	if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0)
		s->r->retry_after = strtol(data + 12, NULL, 10);
	if (n > 5 && strncasecmp(data, "ETag:", 5) == 0) {
		data += 5;
		len = n - 5;
		while (len && (*data == ' ' || *data == '\t')) {
			data++;
			len--;
		}
		while (len && (data[len - 1] == '\r' || data[len - 1] == '\n' ||
		    data[len - 1] == ' '))
			len--;
		if (len < sizeof s->r->etag) {
			memcpy(s->r->etag, data, len);
			s->r->etag[len] = '\0';
		}
	}
	return n;
}

void
ts_http_origin(const char *url, char *buf, size_t n)
{
	const char *p = strstr(url, "://"), *end;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	snprintf(buf, n, "%.*s", (int)(end - url), url);
}

static void
setup(CURL *c, const char *method, const char *url,
    const struct ts_http_auth *auth, unsigned flags, struct sink *s,
    char *errbuf)
{
	char ua[80];

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	/* The tool that asks ("ts-msg/0.1.0"); libcurl copies it. */
	snprintf(ua, sizeof ua, "%s/%s", ts_getprogname(), TS_VERSION);
	curl_easy_setopt(c, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (flags & TS_HTTP_FOLLOW) {
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	}
	if (auth && auth->bearer && *auth->bearer) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, auth->bearer);
	} else if (auth && auth->user) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, auth->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, auth->password ?
		    auth->password : "");
	}
}

int
ts_http_request(const char *method, const char *url,
    const struct ts_http_auth *auth, const char *const *headers,
    const char *body, size_t len, unsigned flags, struct ts_http_resp *r,
    struct ts_error *err)
{
	return ts_http_request_with(NULL, method, url, auth, headers, body,
	    len, flags, r, err);
}

/* What ts_http_opts changes from setup's defaults. */
static void
apply_opts(CURL *c, const struct ts_http_opts *o)
{
	if (!o)
		return;
	if (o->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	if (o->timeout > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	if (o->connect_timeout > 0)
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
}

int
ts_http_request_with(const struct ts_http_opts *opts, const char *method,
    const char *url, const struct ts_http_auth *auth,
    const char *const *headers, const char *body, size_t len, unsigned flags,
    struct ts_http_resp *r, struct ts_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", origin[256];
	struct curl_slist *hl = NULL;
	struct sink s = { r, 0 };
	CURLcode rc;
	CURL *c;

	memset(r, 0, sizeof *r);
	ts_buf_init(&r->body);
	if (!curl_ready++)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!(c = curl_easy_init()))
		return ts_error_set(err, TS_EXIT_FAIL, "http: cannot start "
		    "libcurl");
	setup(c, method, url, auth, flags, &s, errbuf);
	apply_opts(c, opts);
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	/* An empty Expect: curl would wait a second for "100 Continue". */
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	if (rc == CURLE_OK)
		return 0;
	ts_http_origin(url, origin, sizeof origin);
	ts_http_resp_release(r);
	if (s.too_big)
		return ts_error_set(err, TS_EXIT_FAIL, "http: the reply of "
		    "'%s' is larger than 32 MiB", origin);
	return ts_error_set(err, rc == CURLE_UNSUPPORTED_PROTOCOL ||
	    rc == CURLE_URL_MALFORMAT ? TS_EXIT_USAGE : TS_EXIT_TEMPFAIL,
	    "http: '%s': %s%s", origin, *errbuf ? errbuf :
	    curl_easy_strerror(rc), rc == CURLE_PEER_FAILED_VERIFICATION ?
	    " (a private certificate authority goes in 'ca_file')" : "");
}

void
ts_http_resp_release(struct ts_http_resp *r)
{
	ts_buf_release(&r->body);
}

int
ts_http_status_error(const char *what, const char *url, long status,
    struct ts_error *err)
{
	char origin[256];
	int code = TS_EXIT_FAIL;

	ts_http_origin(url, origin, sizeof origin);
	if (status >= 500 || status == 429 || status == 408)
		code = TS_EXIT_TEMPFAIL;
	else if (status == 401 || status == 403)
		code = TS_EXIT_USAGE;
	return ts_error_set(err, code, "%s: '%s' replied %ld%s", what, origin,
	    status, status == 401 ? " (check the user name and the "
	    "password or token)" : "");
}

void
ts_http_cleanup(void)
{
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = 0;
}
