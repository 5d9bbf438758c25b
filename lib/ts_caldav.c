/*
 * ts_caldav.c - CalDAV requests (see ts_caldav.h).
 *
 * Replies are read from the multistatus: each <response> has an <href>,
 * and either a <status> of its own (404 for a deleted member in
 * sync-collection) or <propstat>s whose 200 one holds the properties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_caldav.h"
#include "ts_mem.h"
#include "ts_xml.h"
#include "banned.h"

static const char xml_type[] = "Content-Type: application/xml; charset=utf-8";

static const char body_sync[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<D:sync-collection xmlns:D=\"DAV:\">"
	"<D:sync-token>%s</D:sync-token><D:sync-level>1</D:sync-level>"
	"<D:prop><D:getetag/></D:prop></D:sync-collection>\n";

static const char body_ctag[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<D:propfind xmlns:D=\"DAV:\""
	" xmlns:CS=\"http://calendarserver.org/ns/\">"
	"<D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>\n";

static const char body_members[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/>"
	"<D:resourcetype/></D:prop></D:propfind>\n";

void
ts_caldav_list_release(struct ts_caldav_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->it[i].href);
		free(l->it[i].data);
	}
	free(l->it);
	memset(l, 0, sizeof *l);
}

const char *
ts_caldav_path(const struct ts_caldav *dv)
{
	const char *p = strstr(dv->url, "://");

	p = p ? p + 3 : dv->url;
	p += strcspn(p, "/");
	return *p ? p : "/";
}

/* The absolute URL of href (a path, or already a URL). */
static char *
url_of(const struct ts_caldav *dv, const char *href)
{
	char origin[256];

	if (strstr(href, "://"))
		return ts_xstrdup(href);
	ts_http_origin(dv->url, origin, sizeof origin);
	return ts_xasprintf("%s%s", origin, href);
}

static int
request(struct ts_caldav *dv, const char *method, const char *href,
    const char *const *headers, const char *body, struct ts_http_resp *r,
    struct ts_error *err)
{
	char *url = url_of(dv, href ? href : dv->url);
	int rc;

	dv->requests++;
	if (strcmp(method, "PUT") == 0 || strcmp(method, "DELETE") == 0)
		dv->writes++;
	rc = ts_http_request_with(&dv->opts, method, url, &dv->auth, headers,
	    body, body ? strlen(body) : 0, 0, r, err);
	free(url);
	return rc;
}

/* "HTTP/1.1 404 Not Found" -> 404. */
static long
status_code(const char *s)
{
	const char *sp = strchr(s, ' ');

	return sp ? strtol(sp + 1, NULL, 10) : 0;
}

/* The properties of a <response> with a 200 propstat, or NULL. */
static const struct ts_xml *
ok_prop(const struct ts_xml *resp)
{
	size_t i;

	for (i = 0; i < resp->nkid; i++) {
		const struct ts_xml *ps = resp->kid[i];

		if (strcmp(ps->name, "propstat") == 0 &&
		    status_code(ts_xml_text(ps, "status")) / 100 == 2)
			return ts_xml_child(ps, "prop");
	}
	return NULL;
}

static void
add_item(struct ts_caldav_list *l, const struct ts_xml *resp)
{
	const struct ts_xml *prop = ok_prop(resp), *data;
	struct ts_caldav_item *it;
	const char *href = ts_xml_text(resp, "href");

	if (!*href)
		return;
	TS_GROW(l->it, l->n + 1, l->cap);
	it = &l->it[l->n++];
	memset(it, 0, sizeof *it);
	it->href = ts_xstrdup(href);
	it->gone = status_code(ts_xml_text(resp, "status")) == 404 ||
	    (!prop && status_code(ts_xml_text(resp, "status")) / 100 != 2);
	if (!prop)
		return;
	snprintf(it->etag, sizeof it->etag, "%s", ts_xml_text(prop,
	    "getetag"));
	data = ts_xml_child(prop, "calendar-data");
	if (data && data->text)
		it->data = ts_xstrdup(data->text);
}

/* Reads a 207 multistatus into l; skips the collection itself. */
static int
read_multistatus(struct ts_caldav *dv, const struct ts_http_resp *r,
    struct ts_caldav_list *l, int members, struct ts_error *err)
{
	struct ts_xml *root = ts_xml_parse(r->body.buf, r->body.len, err);
	const char *path = ts_caldav_path(dv);
	size_t i;

	if (!root)
		return -1;
	for (i = 0; i < root->nkid; i++) {
		const struct ts_xml *resp = root->kid[i];

		if (strcmp(resp->name, "response") != 0)
			continue;
		if (members && (strcmp(ts_xml_text(resp, "href"), path) == 0 ||
		    ts_xml_find(resp, "collection")))
			continue;
		add_item(l, resp);
	}
	snprintf(l->token, sizeof l->token, "%s", ts_xml_text(root,
	    "sync-token"));
	ts_xml_free(root);
	return 0;
}

/* Is this refusal of sync-collection about the token (RFC 6578 3.2)? */
static int
token_refused(const struct ts_http_resp *r)
{
	return (r->status == 403 || r->status == 409 || r->status == 400) &&
	    strstr(r->body.buf, "valid-sync-token") != NULL;
}

int
ts_caldav_sync(struct ts_caldav *dv, const char *token,
    struct ts_caldav_list *l, struct ts_error *err)
{
	static const char *const hdr[] = { xml_type, "Depth: 1", NULL };
	struct ts_http_resp r;
	struct ts_buf esc = TS_BUF_INIT;
	char *body;
	int rc;

	for (; *token; token++) {
		if (*token == '<' || *token == '&')
			ts_buf_addstr(&esc, *token == '<' ? "&lt;" : "&amp;");
		else
			ts_buf_addch(&esc, *token);
	}
	body = ts_xasprintf(body_sync, esc.buf);
	ts_buf_release(&esc);
	rc = request(dv, "REPORT", NULL, hdr, body, &r, err);
	free(body);
	if (rc != 0)
		return -1;
	if (r.status == 207) {
		rc = read_multistatus(dv, &r, l, 1, err) == 0 ?
		    TS_CALDAV_SYNC_OK : -1;
		/* RFC 6578 3.2: the reply carries the new token.  A server
		 * without sync-collection (Calypso) may answer any REPORT
		 * with a plain listing: that is no sync. */
		if (rc == TS_CALDAV_SYNC_OK && !l->token[0]) {
			ts_caldav_list_release(l);
			rc = TS_CALDAV_SYNC_UNSUPPORTED;
		}
	} else if (token_refused(&r))
		rc = TS_CALDAV_SYNC_REFUSED;
	else if (r.status == 403 || r.status == 405 || r.status == 501 ||
	    r.status == 400 || r.status == 415)
		rc = TS_CALDAV_SYNC_UNSUPPORTED;
	else
		rc = ts_http_status_error("caldav sync", dv->url, r.status,
		    err);
	ts_http_resp_release(&r);
	return rc;
}

int
ts_caldav_ctag(struct ts_caldav *dv, char *ctag, size_t n,
    struct ts_error *err)
{
	static const char *const hdr[] = { xml_type, "Depth: 0", NULL };
	struct ts_caldav_list l;
	struct ts_http_resp r;
	struct ts_xml *root;
	const struct ts_xml *c;
	int rc = -1;

	memset(&l, 0, sizeof l);
	if (request(dv, "PROPFIND", NULL, hdr, body_ctag, &r, err) != 0)
		return -1;
	if (r.status != 207) {
		ts_http_status_error("caldav", dv->url, r.status, err);
	} else if ((root = ts_xml_parse(r.body.buf, r.body.len, err))) {
		c = ts_xml_find(root, "getctag");
		snprintf(ctag, n, "%s", c && c->text ? c->text : "");
		ts_xml_free(root);
		rc = 0;
	}
	ts_http_resp_release(&r);
	return rc;
}

int
ts_caldav_members(struct ts_caldav *dv, struct ts_caldav_list *l,
    struct ts_error *err)
{
	static const char *const hdr[] = { xml_type, "Depth: 1", NULL };
	struct ts_http_resp r;
	int rc;

	if (request(dv, "PROPFIND", NULL, hdr, body_members, &r, err) != 0)
		return -1;
	rc = r.status == 207 ? read_multistatus(dv, &r, l, 1, err) :
	    ts_http_status_error("caldav", dv->url, r.status, err);
	ts_http_resp_release(&r);
	return rc;
}

int
ts_caldav_multiget(struct ts_caldav *dv, const char *const *hrefs, size_t n,
    struct ts_caldav_list *l, struct ts_error *err)
{
	static const char *const hdr[] = { xml_type, "Depth: 1", NULL };
	struct ts_buf body = TS_BUF_INIT;
	struct ts_http_resp r;
	size_t i;
	int rc;

	ts_buf_addstr(&body, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<C:calendar-multiget xmlns:D=\"DAV:\" "
	    "xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
	    "<D:prop><D:getetag/><C:calendar-data/></D:prop>");
	for (i = 0; i < n; i++) {
		const char *h;

		ts_buf_addstr(&body, "<D:href>");
		for (h = hrefs[i]; *h; h++)
			if (*h == '&')
				ts_buf_addstr(&body, "&amp;");
			else if (*h == '<')
				ts_buf_addstr(&body, "&lt;");
			else
				ts_buf_addch(&body, *h);
		ts_buf_addstr(&body, "</D:href>");
	}
	ts_buf_addstr(&body, "</C:calendar-multiget>\n");
	rc = request(dv, "REPORT", NULL, hdr, body.buf, &r, err);
	ts_buf_release(&body);
	if (rc != 0)
		return -1;
	rc = r.status == 207 ? read_multistatus(dv, &r, l, 0, err) :
	    ts_http_status_error("caldav", dv->url, r.status, err);
	ts_http_resp_release(&r);
	return rc;
}

long
ts_caldav_put(struct ts_caldav *dv, const char *href, const char *text,
    const char *etag, char new_etag[128], struct ts_error *err)
{
	const char *hdr[] = { "Content-Type: text/calendar; charset=utf-8",
	    NULL, NULL };
	struct ts_http_resp r;
	char cond[192];
	long status;

	if (etag)
		snprintf(cond, sizeof cond, "If-Match: %s", etag);
	else
		snprintf(cond, sizeof cond, "If-None-Match: *");
	hdr[1] = cond;
	if (request(dv, "PUT", href, hdr, text, &r, err) != 0)
		return -1;
	status = r.status;
	snprintf(new_etag, 128, "%s", status / 100 == 2 ? r.etag : "");
	ts_http_resp_release(&r);
	return status;
}

long
ts_caldav_get(struct ts_caldav *dv, const char *href, char **text,
    char etag[128], struct ts_error *err)
{
	struct ts_http_resp r;
	long status;

	*text = NULL;
	etag[0] = '\0';
	if (request(dv, "GET", href, NULL, NULL, &r, err) != 0)
		return -1;
	status = r.status;
	if (status == 200) {
		snprintf(etag, 128, "%s", r.etag);
		*text = ts_buf_detach(&r.body, NULL);
	}
	ts_http_resp_release(&r);
	return status;
}
