/*
 * ts_sms.c - SMS length in GSM-7 septets or UCS-2 units (see ts_sms.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ts_enc.h"
#include "ts_mem.h"
#include "ts_sms.h"
#include "banned.h"

#define GSM_SINGLE 160
#define GSM_PART 153
#define UCS_SINGLE 70
#define UCS_PART 67

/* The GSM 03.38 default alphabet beyond printable ASCII, in Unicode. */
static const unsigned long gsm_basic[] = {
	0x00a3, 0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec, 0x00f2, 0x00c7,
	0x00d8, 0x00f8, 0x00c5, 0x00e5, 0x0394, 0x03a6, 0x0393, 0x039b,
	0x03a9, 0x03a0, 0x03a8, 0x03a3, 0x0398, 0x039e, 0x00c6, 0x00e6,
	0x00df, 0x00c9, 0x00a4, 0x00a1, 0x00c4, 0x00d6, 0x00d1, 0x00dc,
	0x00a7, 0x00bf, 0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0
};

/*
 * Septets of one character: 1 in the default alphabet, 2 in the extension
 * table (an escape, then the character), 0 when GSM-7 cannot carry it.
 */
static int
gsm_cost(unsigned long cp)
{
	size_t i;

	if (cp == '\n' || cp == '\r')
		return 1;
	if (cp == 0x0c || cp == '^' || cp == '{' || cp == '}' ||
	    cp == '\\' || cp == '[' || cp == '~' || cp == ']' || cp == '|' ||
	    cp == 0x20ac)
		return 2;
	/* Printable ASCII but '`' (not in the alphabet). */
	if (cp >= 0x20 && cp < 0x7f)
		return cp == '`' ? 0 : 1;
	for (i = 0; i < sizeof gsm_basic / sizeof gsm_basic[0]; i++)
		if (gsm_basic[i] == cp)
			return 1;
	return 0;
}

const char *
ts_sms_coding_name(enum ts_sms_coding c)
{
	return c == TS_SMS_GSM7 ? "gsm7" : "ucs2";
}

/* Parts for characters of the given costs, none split between parts. */
static int
pack(const unsigned char *cost, size_t nchars, size_t total, size_t single,
    size_t part)
{
	size_t i, fill = 0;
	int parts = 1;

	if (total <= single)
		return 1;
	for (i = 0; i < nchars; i++) {
		if (fill + cost[i] > part) {
			parts++;
			fill = 0;
		}
		fill += cost[i];
	}
	return parts;
}

/* Measures, keeping each character's cost in *costs (caller frees). */
static void
measure(const char *text, size_t n, struct ts_sms_size *sz,
    unsigned char **costs)
{
	unsigned char *g = ts_xmalloc(n + 1), *u = ts_xmalloc(n + 1);
	size_t i = 0, k, septets = 0, units = 0, nc = 0;
	unsigned long cp;
	int gsm = 1, c;

	while (i < n) {
		i += ts_utf8_decode(text + i, n - i, &cp);
		c = gsm_cost(cp);
		if (c == 0)
			gsm = 0;
		g[nc] = (unsigned char)c;
		u[nc] = cp > 0xffff ? 2 : 1;
		septets += (size_t)c;
		units += u[nc];
		nc++;
	}
	sz->chars = nc;
	sz->coding = gsm ? TS_SMS_GSM7 : TS_SMS_UCS2;
	sz->units = gsm ? septets : units;
	k = gsm ? GSM_SINGLE : UCS_SINGLE;
	sz->segments = pack(gsm ? g : u, nc, sz->units, k,
	    gsm ? GSM_PART : UCS_PART);
	free(gsm ? u : g);
	*costs = gsm ? g : u;
}

void
ts_sms_measure(const char *text, size_t n, struct ts_sms_size *sz)
{
	unsigned char *costs;

	measure(text, n, sz, &costs);
	free(costs);
}

/* Segments of the first `len` bytes of text followed by "...". */
static int
segments_with_dots(const char *text, size_t len, struct ts_buf *tmp)
{
	struct ts_sms_size sz;

	ts_buf_reset(tmp);
	ts_buf_add(tmp, text, len);
	ts_buf_addstr(tmp, "...");
	ts_sms_measure(tmp->buf, tmp->len, &sz);
	return sz.segments;
}

int
ts_sms_fit(const char *text, size_t n, int max, struct ts_buf *out)
{
	struct ts_buf tmp = TS_BUF_INIT;
	struct ts_sms_size sz;
	size_t *at, nat = 0, i = 0, lo, hi, mid, cut, k;
	unsigned long cp;

	ts_sms_measure(text, n, &sz);
	if (max < 1)
		max = 1;
	if (sz.segments <= max) {
		ts_buf_add(out, text, n);
		return 0;
	}
	/* Character boundaries; the longest prefix that fits, by bisection
	 * (a longer prefix never needs fewer parts). */
	at = ts_xmalloc((n + 1) * sizeof *at);
	while (i < n) {
		at[nat++] = i;
		i += ts_utf8_decode(text + i, n - i, &cp);
	}
	lo = 0;
	hi = nat;
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (segments_with_dots(text, at[mid], &tmp) <= max)
			lo = mid;
		else
			hi = mid - 1;
	}
	cut = at[lo];
	/* After a word, when one ends within the last 20 bytes. */
	for (k = cut; k > 0 && cut - k < 20; k--)
		if (text[k - 1] == ' ' || text[k - 1] == '\n') {
			cut = k - 1;
			break;
		}
	while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == '\n'))
		cut--;
	ts_buf_add(out, text, cut);
	ts_buf_addstr(out, "...");
	ts_buf_release(&tmp);
	free(at);
	return 1;
}

struct translit {
	unsigned long cp;
	const char *to;
};

/* Sorted by code point. */
static const struct translit translit[] = {
	{ 0x00a0, " " }, { 0x00ab, "\"" }, { 0x00bb, "\"" },
	{ 0x00c0, "A" }, { 0x00c1, "A" }, { 0x00c2, "A" }, { 0x00c3, "A" },
	{ 0x00c8, "E" }, { 0x00ca, "E" }, { 0x00cb, "E" }, { 0x00cc, "I" },
	{ 0x00cd, "I" }, { 0x00ce, "I" }, { 0x00cf, "I" }, { 0x00d2, "O" },
	{ 0x00d3, "O" }, { 0x00d4, "O" }, { 0x00d5, "O" }, { 0x00d9, "U" },
	{ 0x00da, "U" }, { 0x00db, "U" }, { 0x00e1, "a" }, { 0x00e2, "a" },
	{ 0x00e3, "a" }, { 0x00e7, "c" }, { 0x00ea, "e" }, { 0x00eb, "e" },
	{ 0x00ed, "i" }, { 0x00ee, "i" }, { 0x00ef, "i" }, { 0x00f3, "o" },
	{ 0x00f4, "o" }, { 0x00f5, "o" }, { 0x00fa, "u" }, { 0x00fb, "u" },
	{ 0x00fd, "y" }, { 0x00ff, "y" }, { 0x0152, "OE" }, { 0x0153, "oe" },
	{ 0x0178, "Y" }, { 0x2013, "-" }, { 0x2014, "-" }, { 0x2018, "'" },
	{ 0x2019, "'" }, { 0x201a, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" },
	{ 0x201e, "\"" }, { 0x2022, "-" }, { 0x2026, "..." }, { 0x202f, " " },
};

static int
translit_cmp(const void *key, const void *elem)
{
	unsigned long cp = *(const unsigned long *)key;
	const struct translit *t = elem;

	return cp < t->cp ? -1 : cp > t->cp;
}

void
ts_sms_transliterate(const char *text, size_t n, struct ts_buf *out)
{
	const struct translit *t;
	size_t i = 0, len;
	unsigned long cp;

	while (i < n) {
		len = ts_utf8_decode(text + i, n - i, &cp);
		t = bsearch(&cp, translit, sizeof translit / sizeof translit[0],
		    sizeof translit[0], translit_cmp);
		if (t)
			ts_buf_addstr(out, t->to);
		else
			ts_buf_add(out, text + i, len);
		i += len;
	}
}
