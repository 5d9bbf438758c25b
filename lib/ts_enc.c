/*
 * ts_enc.c - base64, hex, percent-encoding, JSON escapes (see ts_enc.h).
 */
#include <string.h>

#include "ts_enc.h"
#include "banned.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hexdig[] = "0123456789abcdef";

void
ts_base64_encode(struct ts_buf *out, const void *data, size_t n)
{
	const unsigned char *p = data;
	unsigned long v;
	size_t i;

	ts_buf_grow(out, (n + 2) / 3 * 4);
	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		ts_buf_addch(out, b64[v >> 18 & 63]);
		ts_buf_addch(out, b64[v >> 12 & 63]);
		ts_buf_addch(out, b64[v >> 6 & 63]);
		ts_buf_addch(out, b64[v & 63]);
	}
	if (i < n) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		ts_buf_addch(out, b64[v >> 18 & 63]);
		ts_buf_addch(out, b64[v >> 12 & 63]);
		ts_buf_addch(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		ts_buf_addch(out, '=');
	}
}

static int
b64_value(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

int
ts_base64_decode(struct ts_buf *out, const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i, bits = 0;
	int d;

	while (n > 0 && s[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		if ((d = b64_value(s[i])) < 0)
			return -1;
		v = (v << 6 | (unsigned long)d) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			ts_buf_addch(out, (int)(v >> bits & 0xff));
		}
	}
	/* A lone last character carries less than a byte: not base64. */
	return n % 4 == 1 ? -1 : 0;
}

void
ts_hex_encode(struct ts_buf *out, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		ts_buf_addch(out, hexdig[p[i] >> 4]);
		ts_buf_addch(out, hexdig[p[i] & 15]);
	}
}

void
ts_percent_encode(struct ts_buf *out, const char *s, size_t n)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			ts_buf_addch(out, c);
			continue;
		}
		ts_buf_addch(out, '%');
		ts_buf_addch(out, "0123456789ABCDEF"[c >> 4]);
		ts_buf_addch(out, "0123456789ABCDEF"[c & 15]);
	}
}

void
ts_json_escape(struct ts_buf *out, const char *s, size_t n)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"': ts_buf_addstr(out, "\\\""); break;
		case '\\': ts_buf_addstr(out, "\\\\"); break;
		case '\n': ts_buf_addstr(out, "\\n"); break;
		case '\r': ts_buf_addstr(out, "\\r"); break;
		case '\t': ts_buf_addstr(out, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				ts_buf_addf(out, "\\u%04x", c);
			else
				ts_buf_addch(out, c);
		}
	}
}

size_t
ts_utf8_decode(const char *str, size_t n, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long v;
	size_t len, i;

	*cp = 0xfffd;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 1;
	if (n < len)
		return 1;
	v = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		v = v << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, past U+10FFFF. */
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 1;
	*cp = v;
	return len;
}
