/*
 * ts_mime.h - an e-mail message as the bytes SMTP carries (RFC 5322 with
 * the MIME headers of RFC 2045-2047).
 *
 * ts-msg builds each e-mail when it sends it, from the stored message, the
 * delivery and the configuration (ts_outbox_render.c): every attempt sends
 * the same Message-ID and Date, and the same bytes unless the client's
 * templates changed in between.  Text is
 * UTF-8: headers that are not plain ASCII become RFC 2047 encoded-words
 * (never splitting a character), the body is quoted-printable with CRLF
 * line ends, which every server and client takes.  Header values are
 * cleaned of line breaks and control characters first, so that nothing a
 * caller said can add a header.
 */
#ifndef TS_MIME_H
#define TS_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "ts_buf.h"
#include "ts_time.h"

#define TS_MIME_DATE_MAX 40

/*
 * "Mon, 23 Nov 2026 09:00:00 +0100": instant t in zone tz, with English
 * names whatever the locale (RFC 5322 section 3.3).  Returns the length.
 */
size_t ts_mime_date(int64_t t, const struct ts_tz *tz,
    char buf[TS_MIME_DATE_MAX]);

/*
 * 1 when the n bytes at addr are an address ts sends to: a dot-atom local
 * part, '@', and a domain of letters, digits and hyphens in dot-separated
 * labels; ASCII only, at most 254 bytes.  Quoted local parts and address
 * literals are refused: a secretary never types them, and refusing them
 * keeps headers and the SMTP envelope simple.
 */
int ts_mime_addr_valid(const char *addr, size_t n);

/* Appends "Name: value" and CRLF, the value encoded and folded. */
void ts_mime_header(struct ts_buf *out, const char *name, const char *value);
/* Appends "Name: display <addr>" and CRLF (just the address if display is
 * empty), the display name quoted or encoded as needed. */
void ts_mime_address(struct ts_buf *out, const char *name,
    const char *display, const char *addr);
/* Appends the quoted-printable form of text, line ends made CRLF. */
void ts_mime_qp(struct ts_buf *out, const char *text, size_t n);

/* What an e-mail of ts-msg says. */
struct ts_mime {
	const char *from_name;	/* the client's name as sender; may be "" */
	const char *from;	/* address */
	const char *to;		/* one address */
	const char *reply_to;	/* the caller's address, or NULL */
	const char *subject;
	const char *message_id;	/* "<...@...>" */
	int64_t date;
	const struct ts_tz *tz;	/* zone of the Date header */
	int urgent;		/* adds Importance: high and X-Priority: 1 */
	const char *client;	/* X-TS-Client, for filters; may be NULL */
	const char *body;	/* UTF-8 text */
};

/* Appends the whole message, headers and body, to out. */
void ts_mime_build(const struct ts_mime *m, struct ts_buf *out);

#endif
