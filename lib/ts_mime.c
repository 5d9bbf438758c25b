/*
 * ts_mime.c - building e-mail messages (see ts_mime.h).
 */
#include <stdio.h>
#include <string.h>

#include "ts_enc.h"
#include "ts_mime.h"
#include "banned.h"

/* RFC 2047: encoded-words of at most 75 characters, lines with them of
 * at most 76. */
#define LINE_MAX_ENC 76
#define LINE_MAX_TEXT 78
#define ENC_OPEN "=?UTF-8?B?"
#define ENC_CLOSE "?="

size_t
ts_mime_date(int64_t t, const struct ts_tz *tz, char buf[TS_MIME_DATE_MAX])
{
	static const char *const wday[] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	int off = ts_tz_offset(tz, t), aoff = off < 0 ? -off : off;
	int64_t wall = t + off;
	struct ts_civil c;
	int n;

	ts_civil_from_wall(wall, &c);
	n = snprintf(buf, TS_MIME_DATE_MAX, "%s, %02d %s %04d %02d:%02d:%02d "
	    "%c%02d%02d", wday[ts_weekday(ts_days_from_civil(c.year, c.mon,
	    c.day)) - 1], c.day, mon[c.mon - 1], c.year, c.hour, c.min, c.sec,
	    off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
	return n < 0 ? 0 : (size_t)n;
}

static int
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int
domain_valid(const char *d, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || d[0] == '.' || d[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (d[i] == '.') {
			if (label == 0 || d[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!((d[i] >= 'a' && d[i] <= 'z') ||
		    (d[i] >= 'A' && d[i] <= 'Z') ||
		    (d[i] >= '0' && d[i] <= '9') || d[i] == '-'))
			return 0;
		if (label == 0 && d[i] == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return d[n - 1] != '-';
}

int
ts_mime_addr_valid(const char *addr, size_t n)
{
	const char *at = memchr(addr, '@', n);
	size_t i, local;

	if (!at || n > 254)
		return 0;
	local = (size_t)(at - addr);
	if (local == 0 || local > 64 || addr[0] == '.' ||
	    addr[local - 1] == '.')
		return 0;
	for (i = 0; i < local; i++) {
		if (addr[i] == '.' && addr[i + 1] == '.')
			return 0;
		if (addr[i] != '.' && !atext((unsigned char)addr[i]))
			return 0;
	}
	return domain_valid(at + 1, n - local - 1);
}

/* The value with line breaks, tabs and control characters as spaces. */
static void
clean(struct ts_buf *b, const char *s)
{
	for (; *s; s++)
		ts_buf_addch(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' :
		    *s);
}

static int
plain_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] > 0x7e)
			return 0;
	/* Text that looks like an encoded-word would be decoded. */
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '=' && s[i + 1] == '?')
			return 0;
	return 1;
}

/* Appends words of ASCII text, folding before a word past the limit. */
static void
fold_text(struct ts_buf *out, size_t col, const char *s, size_t n)
{
	size_t i = 0, w;

	while (i < n) {
		w = 0;
		while (i + w < n && s[i + w] != ' ')
			w++;
		if (col + w > LINE_MAX_TEXT && col > 1 && i > 0) {
			/* The space before the word starts the new line. */
			out->len--;
			ts_buf_addstr(out, "\r\n ");
			col = 1;
		}
		ts_buf_add(out, s + i, w);
		col += w;
		i += w;
		if (i < n) {
			ts_buf_addch(out, ' ');
			col++;
			i++;
		}
	}
}

/* Appends the text as encoded-words, whole characters in each. */
static void
fold_encoded(struct ts_buf *out, size_t col, const char *s, size_t n)
{
	size_t i = 0, take, room, len;
	unsigned long cp;

	while (i < n) {
		if (col + strlen(ENC_OPEN) + strlen(ENC_CLOSE) + 4 >
		    LINE_MAX_ENC) {
			ts_buf_addstr(out, "\r\n ");
			col = 1;
		}
		room = (LINE_MAX_ENC - col - strlen(ENC_OPEN) -
		    strlen(ENC_CLOSE)) / 4 * 3;
		take = 0;
		while (i + take < n) {
			len = ts_utf8_decode(s + i + take, n - i - take, &cp);
			if (take + len > room)
				break;
			take += len;
		}
		ts_buf_addstr(out, ENC_OPEN);
		ts_base64_encode(out, s + i, take);
		ts_buf_addstr(out, ENC_CLOSE);
		col += strlen(ENC_OPEN) + (take + 2) / 3 * 4 + strlen(ENC_CLOSE);
		i += take;
		if (i < n) {
			ts_buf_addstr(out, "\r\n ");
			col = 1;
		}
	}
}

void
ts_mime_header(struct ts_buf *out, const char *name, const char *value)
{
	struct ts_buf v = TS_BUF_INIT;
	size_t col = strlen(name) + 2;

	clean(&v, value);
	ts_buf_addf(out, "%s: ", name);
	if (plain_ascii(v.buf, v.len))
		fold_text(out, col, v.buf, v.len);
	else
		fold_encoded(out, col, v.buf, v.len);
	ts_buf_addstr(out, "\r\n");
	ts_buf_release(&v);
}

/* RFC 5322 specials: a display name with one of them is quoted. */
static int
needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("()<>[]:;@\\,.\"", s[i]))
			return 1;
	return 0;
}

void
ts_mime_address(struct ts_buf *out, const char *name, const char *display,
    const char *addr)
{
	struct ts_buf v = TS_BUF_INIT;
	size_t i;

	clean(&v, display ? display : "");
	ts_buf_addf(out, "%s: ", name);
	if (v.len == 0) {
		ts_buf_addstr(out, addr);
	} else if (!plain_ascii(v.buf, v.len)) {
		fold_encoded(out, strlen(name) + 2, v.buf, v.len);
		ts_buf_addf(out, " <%s>", addr);
	} else if (needs_quotes(v.buf, v.len)) {
		ts_buf_addch(out, '"');
		for (i = 0; i < v.len; i++) {
			if (v.buf[i] == '"' || v.buf[i] == '\\')
				ts_buf_addch(out, '\\');
			ts_buf_addch(out, v.buf[i]);
		}
		ts_buf_addf(out, "\" <%s>", addr);
	} else {
		ts_buf_addf(out, "%s <%s>", v.buf, addr);
	}
	ts_buf_addstr(out, "\r\n");
	ts_buf_release(&v);
}

/* Appends one encoded byte, breaking the line softly when needed. */
static void
qp_put(struct ts_buf *out, size_t *col, const char *text, size_t len)
{
	if (*col + len > LINE_MAX_ENC - 1) {
		ts_buf_addstr(out, "=\r\n");
		*col = 0;
	}
	ts_buf_add(out, text, len);
	*col += len;
}

void
ts_mime_qp(struct ts_buf *out, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, col = 0;
	char enc[4];
	int eol;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r' || s[i] == '\n') {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			ts_buf_addstr(out, "\r\n");
			col = 0;
			continue;
		}
		eol = i + 1 == n || s[i + 1] == '\r' || s[i + 1] == '\n';
		/* "From " at the start of a line upsets mbox readers. */
		if ((s[i] >= 33 && s[i] <= 126 && s[i] != '=' &&
		    !(col == 0 && s[i] == 'F' && n - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0)) ||
		    ((s[i] == ' ' || s[i] == '\t') && !eol)) {
			enc[0] = (char)s[i];
			qp_put(out, &col, enc, 1);
			continue;
		}
		snprintf(enc, sizeof enc, "=%02X", s[i]);
		qp_put(out, &col, enc, 3);
	}
	if (n == 0 || (s[n - 1] != '\n' && s[n - 1] != '\r'))
		ts_buf_addstr(out, "\r\n");
}

void
ts_mime_build(const struct ts_mime *m, struct ts_buf *out)
{
	char date[TS_MIME_DATE_MAX];

	ts_mime_date(m->date, m->tz, date);
	ts_buf_addf(out, "Date: %s\r\n", date);
	ts_mime_address(out, "From", m->from_name, m->from);
	ts_buf_addf(out, "To: %s\r\n", m->to);
	if (m->reply_to && *m->reply_to)
		ts_buf_addf(out, "Reply-To: %s\r\n", m->reply_to);
	ts_mime_header(out, "Subject", m->subject);
	ts_buf_addf(out, "Message-ID: %s\r\n", m->message_id);
	ts_buf_addstr(out, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: All\r\n");
	if (m->urgent)
		ts_buf_addstr(out, "Importance: high\r\nX-Priority: 1\r\n");
	if (m->client && *m->client)
		ts_buf_addf(out, "X-TS-Client: %s\r\n", m->client);
	ts_buf_addstr(out, "\r\n");
	ts_mime_qp(out, m->body, strlen(m->body));
}
