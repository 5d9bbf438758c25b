/*
 * test_mime.c - e-mail bytes: the Date header in any zone, the addresses
 * ts sends to, RFC 2047 encoded-words and folding, no header injection,
 * quoted-printable bodies with CRLF.
 */
#include <stdio.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_mime.h"
#include "ts_time.h"
#include "tap.h"

/* 1 when every line of s ends with CRLF and is at most max bytes. */
static int
lines_ok(const char *s, size_t max)
{
	const char *p = s, *e;

	while (*p) {
		if (!(e = strstr(p, "\r\n")))
			return 0;
		if ((size_t)(e - p) > max || memchr(p, '\n', (size_t)(e - p)))
			return 0;
		p = e + 2;
	}
	return 1;
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	const struct ts_tz *paris = ts_tz_load("Europe/Paris", &err);
	char date[TS_MIME_DATE_MAX];
	struct ts_buf b = TS_BUF_INIT;
	struct ts_mime m;

	ts_mime_date(1795420800, paris, date);
	is_str(date, "Mon, 23 Nov 2026 09:00:00 +0100", "Date in Paris");
	ts_mime_date(1782885600, paris, date);
	is_str(date, "Wed, 01 Jul 2026 08:00:00 +0200", "Date in summer");
	ok(ts_mime_addr_valid("dr.durand@example.org", 21), "an address");
	ok(!ts_mime_addr_valid("dr durand@example.org", 21), "a blank");
	ok(!ts_mime_addr_valid("a@b@example.org", 15), "two @");
	ok(!ts_mime_addr_valid("\"a\"@example.org", 15), "quoted local part");
	ok(!ts_mime_addr_valid("a@exa_mple.org", 14), "bad domain");

	ts_mime_header(&b, "Subject", "Plain ASCII");
	is_str(b.buf, "Subject: Plain ASCII\r\n", "ASCII header as is");
	ts_buf_reset(&b);
	ts_mime_header(&b, "Subject", "Résultats d’analyses du patient "
	    "Lefèvre, très urgents, à rappeler avant midi s’il vous plaît");
	ok(strstr(b.buf, "=?UTF-8?") != NULL, "non-ASCII: encoded-words");
	ok(lines_ok(b.buf, 78), "folded, CRLF, lines of 78 at most");
	ts_buf_reset(&b);
	ts_mime_header(&b, "Subject", "x\r\nBcc: victim@example.org");
	ok(strstr(b.buf, "\r\nBcc:") == NULL, "no header injection");
	ts_buf_reset(&b);
	ts_mime_qp(&b, "Ligne é\nligne = 2\n", strlen("Ligne é\nligne = 2\n"));
	is_str(b.buf, "Ligne =C3=A9\r\nligne =3D 2\r\n", "quoted-printable");

	memset(&m, 0, sizeof m);
	m.from_name = "Cabinet médical";
	m.from = "accueil@permanence.example";
	m.to = "dr.durand@example.org";
	m.reply_to = "lefevre@example.net";
	m.subject = "Message";
	m.message_id = "<ts.1.2.durand@permanence.example>";
	m.date = 1795420800;
	m.tz = paris;
	m.urgent = 1;
	m.client = "durand";
	m.body = "Bonjour";
	ts_buf_reset(&b);
	ts_mime_build(&m, &b);
	ok(strstr(b.buf, "\r\nMessage-ID: <ts.1.2.durand@permanence.example>"
	    "\r\n") != NULL, "build: Message-ID");
	ok(strstr(b.buf, "\r\nReply-To: lefevre@example.net\r\n") != NULL,
	    "build: Reply-To");
	ok(strstr(b.buf, "\r\nImportance: high\r\n") != NULL, "build: urgent");
	ok(strstr(b.buf, "\r\n\r\nBonjour") != NULL, "build: body after a "
	    "blank line");
	ok(lines_ok(b.buf, 998), "build: CRLF everywhere");
	ts_buf_release(&b);
	return done_testing();
}
