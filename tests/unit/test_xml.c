/*
 * test_xml.c - the small XML reader of WebDAV replies (ts_xml.c): the
 * multistatus of Radicale (default namespace), of Nextcloud/sabre ("d:"
 * and "cal:" prefixes) and of Google ("D:", "C:" and "caldav:" mixed),
 * entities, CDATA, comments and declarations, and what it refuses.
 */
#include <stdio.h>
#include <string.h>

#include "ts_xml.h"
#include "tap.h"
#include "banned.h"

static struct ts_xml *
parse(const char *s)
{
	struct ts_error err = TS_ERROR_INIT;

	return ts_xml_parse(s, strlen(s), &err);
}

static void
radicale(void)
{
	struct ts_xml *x = parse("<?xml version='1.0' encoding='utf-8'?>\n"
	    "<multistatus xmlns=\"DAV:\"><response><href>/durand/agenda/a.ics"
	    "</href><propstat><prop><getetag>\"e1\"</getetag></prop><status>"
	    "HTTP/1.1 200 OK</status></propstat></response><response><href>"
	    "/durand/agenda/b.ics</href><status>HTTP/1.1 404 Not Found"
	    "</status></response><sync-token>http://radicale.org/ns/sync/"
	    "abc</sync-token></multistatus>");
	const struct ts_xml *r;

	ok(x != NULL, "Radicale's multistatus");
	if (!x)
		return;
	is_str(x->name, "multistatus", "the root by its local name");
	is_int(x->nkid, 3, "two responses and a token");
	r = x->kid[0];
	is_str(ts_xml_text(r, "href"), "/durand/agenda/a.ics", "an href");
	is_str(ts_xml_find(r, "getetag")->text, "\"e1\"", "its etag, quoted");
	is_str(ts_xml_text(x->kid[1], "status"), "HTTP/1.1 404 Not Found",
	    "a deleted member's status");
	is_str(ts_xml_text(x, "sync-token"), "http://radicale.org/ns/sync/abc",
	    "the new token");
	ts_xml_free(x);
}

static void
prefixed(void)
{
	struct ts_xml *x = parse("<?xml version=\"1.0\"?>\r\n"
	    "<!-- sabre/dav -->\r\n"
	    "<d:multistatus xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\""
	    " xmlns:cal=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs="
	    "\"http://calendarserver.org/ns/\">\r\n"
	    " <d:response>\r\n"
	    "  <d:href>/remote.php/dav/calendars/dr/cab/x%40y.ics</d:href>\r\n"
	    "  <d:propstat>\r\n"
	    "   <d:prop>\r\n"
	    "    <d:getetag>&quot;9f3&quot;</d:getetag>\r\n"
	    "    <cal:calendar-data><![CDATA[BEGIN:VCALENDAR\r\n"
	    "SUMMARY:Dupont & fils <x>\r\nEND:VCALENDAR\r\n]]></cal:calendar-data>"
	    "\r\n   </d:prop>\r\n"
	    "   <d:status>HTTP/1.1 200 OK</d:status>\r\n"
	    "  </d:propstat>\r\n"
	    " </d:response>\r\n"
	    " <d:response><D:href xmlns:D=\"DAV:\">/x/caf&#233;&#x2014;.ics"
	    "</D:href><C:calendar-data xmlns:C=\"urn:ietf:params:xml:ns:"
	    "caldav\">A &amp; B &lt;c&gt; &apos;d&apos;</C:calendar-data>"
	    "<cs:getctag/></d:response>\r\n"
	    "</d:multistatus>\r\n");
	const struct ts_xml *r, *c;

	ok(x != NULL, "a sabre multistatus with prefixes, a comment, CRLF");
	if (!x)
		return;
	is_str(x->name, "multistatus", "prefixes dropped");
	r = ts_xml_child(x, "response");
	is_str(ts_xml_text(r, "href"),
	    "/remote.php/dav/calendars/dr/cab/x%40y.ics",
	    "the href, trimmed");
	is_str(ts_xml_find(r, "getetag")->text, "\"9f3\"", "&quot; decoded");
	c = ts_xml_find(r, "calendar-data");
	ok(c && c->text && strstr(c->text, "SUMMARY:Dupont & fils <x>\r\n"),
	    "CDATA kept as it is, CRLF included");
	r = x->kid[1];
	is_str(ts_xml_text(r, "href"), "/x/caf\xc3\xa9\xe2\x80\x94.ics",
	    "numeric character references to UTF-8");
	is_str(ts_xml_find(r, "calendar-data")->text, "A & B <c> 'd'",
	    "the five named entities");
	ok(ts_xml_find(r, "getctag") != NULL, "an empty element");
	is_str(ts_xml_text(r, "nothing"), "", "a missing child is \"\"");
	ts_xml_free(x);
}

static void
refused(void)
{
	char deep[4096];
	size_t i, n = 0;
	struct ts_xml *x;

	ok(parse("") == NULL, "empty input");
	ok(parse("hello") == NULL, "text that is not XML");
	ok(parse("<a><b></a>") == NULL, "a mismatched end tag");
	ok(parse("<a><b>") == NULL, "unclosed elements");
	ok(parse("<a>&bogus;</a>") == NULL, "an unknown entity");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(deep + n, sizeof deep - n, "<a>");
	ok(parse(deep) == NULL, "nesting past the bound");
	x = parse("<html><body>502 Bad Gateway</body></html>");
	ok(x && !ts_xml_find(x, "response"), "an HTML error page has no "
	    "response");
	ts_xml_free(x);
}

int
main(void)
{
	radicale();
	prefixed();
	refused();
	return done_testing();
}
