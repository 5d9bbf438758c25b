/*
 * test_sms.c - SMS sizes (GSM-7 and its extension table, UCS-2 and
 * surrogate pairs, segments), cutting to a number of segments,
 * transliteration of French.
 */
#include <stdio.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_sms.h"
#include "tap.h"

static void
size_is(const char *text, const char *coding, size_t units, int segments,
    const char *name)
{
	struct ts_sms_size sz;

	ts_sms_measure(text, strlen(text), &sz);
	is_str(ts_sms_coding_name(sz.coding), coding, name);
	is_int((long)sz.units, (long)units, name);
	is_int(sz.segments, segments, name);
}

static char *
repeat(char *buf, size_t n, char c)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	char buf[1024];
	struct ts_buf b = TS_BUF_INIT;
	struct ts_sms_size sz;

	size_is("", "gsm7", 0, 1, "empty: one segment");
	size_is("RDV déplacé à 14h", "gsm7", 17, 1, "é è à are GSM-7");
	size_is("120 € {x}", "gsm7", 12, 1, "€ { } count twice");
	size_is("Reçu", "ucs2", 4, 1, "ç is not GSM-7");
	size_is("ok 😀", "ucs2", 5, 1, "an emoji is two UTF-16 units");
	size_is(repeat(buf, 160, 'a'), "gsm7", 160, 1, "160 septets: one");
	size_is(repeat(buf, 161, 'a'), "gsm7", 161, 2, "161: two of 153");
	size_is(repeat(buf, 306, 'a'), "gsm7", 306, 2, "306: two");
	size_is(repeat(buf, 307, 'a'), "gsm7", 307, 3, "307: three");

	repeat(buf, 400, 'a');
	memcpy(buf + 100, " mot ", 5);
	ok(ts_sms_fit(buf, strlen(buf), 2, &b) == 1, "fit: a long text is cut");
	ts_sms_measure(b.buf, b.len, &sz);
	ok(sz.segments <= 2, "fit: in two segments");
	ok(b.len > 3 && strcmp(b.buf + b.len - 3, "...") == 0,
	    "fit: ends with ...");
	ts_buf_reset(&b);
	ok(ts_sms_fit("court", 5, 1, &b) == 0 && strcmp(b.buf, "court") == 0,
	    "fit: a short text is kept");
	ts_buf_reset(&b);
	ts_sms_transliterate("Reçu, à bientôt « Noël » – œuvre…", strlen(
	    "Reçu, à bientôt « Noël » – œuvre…"), &b);
	ts_sms_measure(b.buf, b.len, &sz);
	is_str(ts_sms_coding_name(sz.coding), "gsm7",
	    "transliterated French is GSM-7");
	ok(strstr(b.buf, "Recu") && strstr(b.buf, "bientot") &&
	    strstr(b.buf, "oeuvre") && strstr(b.buf, "..."),
	    "transliterate: c, o, oe, ...");
	printf("# %s\n", b.buf);
	ts_buf_release(&b);
	return done_testing();
}
