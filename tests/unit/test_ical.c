/*
 * test_ical.c - the iCalendar reader and writer (ts_ical.c,
 * ts_ical_read.c): zone names as calendars write them; recurrences
 * expanded in wall time across both 2026 changes of offset, with EXDATE
 * (as DATE-TIME and DATE), RDATE, RECURRENCE-ID overrides and UNTIL;
 * all-day, transparent, cancelled and floating events; errors with their
 * line; and a written calendar that libical parses back unchanged, with
 * lines folded at 75 octets between UTF-8 characters.
 *
 * Run from the top of the tree (it reads tests/data/agenda/config.yaml).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "ts_agenda.h"
#include "ts_buf.h"
#include "ts_ical.h"
#include "ts_time.h"
#include "tap.h"
#include "banned.h"

static const struct ts_tz *paris;

/* What a read gave: "start/end" lines in Paris time, and the errors. */
struct got {
	struct ts_buf busy;
	struct ts_buf bad;
};

static int
on_busy(const char *uid, int64_t from, int64_t to, void *ctx)
{
	struct got *g = ctx;
	char a[TS_ISO_MAX], b[TS_ISO_MAX];

	(void)uid;
	ts_time_iso(from, paris, a);
	ts_time_iso(to, paris, b);
	ts_buf_addf(&g->busy, "%s/%s\n", a, b);
	return 0;
}

static void
on_bad(const struct ts_error *e, void *ctx)
{
	struct got *g = ctx;

	ts_buf_addf(&g->bad, "%ld: %s\n", e->line, e->msg);
}

static int64_t
at(const char *s)
{
	struct ts_error err = TS_ERROR_INIT;
	int64_t t = 0;

	ts_time_parse(s, strlen(s), paris, TS_FOLD_EARLIER, &t, &err);
	return t;
}

/* Reads the VEVENT lines ev (LF-separated) wrapped in a VCALENDAR, over
 * [from, to) in Paris; the busy intervals land in g. */
static int
read_events(const char *ev, const char *from, const char *to,
    struct got *g, struct ts_ical_stats *st)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_ical_read r;
	struct ts_buf text = TS_BUF_INIT;
	int rc;

	ts_buf_release(&g->busy);
	ts_buf_release(&g->bad);
	ts_buf_addstr(&g->busy, "");
	ts_buf_addstr(&g->bad, "");
	ts_buf_addf(&text, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n"
	    "%sEND:VCALENDAR\n", ev);
	memset(&r, 0, sizeof r);
	r.source = "test.ics";
	r.floating = paris;
	r.from = at(from);
	r.to = at(to);
	r.busy = on_busy;
	r.bad = on_bad;
	r.ctx = g;
	rc = ts_ical_read(text.buf, &r, &err);
	if (st)
		*st = r.st;
	ts_buf_release(&text);
	return rc;
}

static void
zones(void)
{
	const struct ts_tz *z;

	z = ts_ical_zone("Europe/Paris");
	ok(z && strcmp(ts_tz_name(z), "Europe/Paris") == 0, "an Olson name");
	z = ts_ical_zone("/freeassociation.sourceforge.net/Europe/Paris");
	ok(z && strcmp(ts_tz_name(z), "Europe/Paris") == 0,
	    "an Olson name with libical's prefix");
	z = ts_ical_zone("Romance Standard Time");
	ok(z && strcmp(ts_tz_name(z), "Europe/Paris") == 0,
	    "Outlook's Windows name");
	ok(ts_ical_zone("Mars/Olympus_Mons") == NULL, "an unknown name");
}

static void
recurrences(void)
{
	struct got g = { TS_BUF_INIT, TS_BUF_INIT };

	/* Daily at 09:00 across the spring change: 09:00 every day. */
	read_events("BEGIN:VEVENT\nUID:a\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;TZID=Europe/Paris:20260327T090000\n"
	    "DTEND;TZID=Europe/Paris:20260327T093000\n"
	    "RRULE:FREQ=DAILY;COUNT=4\nEND:VEVENT\n",
	    "2026-03-01", "2026-04-30", &g, NULL);
	is_str(g.busy.buf,
	    "2026-03-27T09:00:00+01:00/2026-03-27T09:30:00+01:00\n"
	    "2026-03-28T09:00:00+01:00/2026-03-28T09:30:00+01:00\n"
	    "2026-03-29T09:00:00+02:00/2026-03-29T09:30:00+02:00\n"
	    "2026-03-30T09:00:00+02:00/2026-03-30T09:30:00+02:00\n",
	    "a daily rule keeps its wall time across the spring change");

	/* Daily at 02:30: the 29 March instance is in the gap (read with
	 * the offset before it, RFC 5545 3.3.5); the rule does not drift. */
	read_events("BEGIN:VEVENT\nUID:b\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;TZID=Europe/Paris:20260328T023000\n"
	    "DURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n",
	    "2026-03-01", "2026-04-30", &g, NULL);
	is_str(g.busy.buf,
	    "2026-03-28T02:30:00+01:00/2026-03-28T03:00:00+01:00\n"
	    "2026-03-29T03:30:00+02:00/2026-03-29T04:00:00+02:00\n"
	    "2026-03-30T02:30:00+02:00/2026-03-30T03:00:00+02:00\n",
	    "02:30 in the gap, and back to 02:30 the day after (no drift)");

	/* Weekly at 02:30 across the autumn change: the fold is read as the
	 * first 02:30. */
	read_events("BEGIN:VEVENT\nUID:c\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;TZID=Europe/Paris:20261018T023000\n"
	    "DTEND;TZID=Europe/Paris:20261018T030000\n"
	    "RRULE:FREQ=WEEKLY;UNTIL=20261101T013000Z\nEND:VEVENT\n",
	    "2026-10-01", "2026-11-30", &g, NULL);
	is_str(g.busy.buf,
	    "2026-10-18T02:30:00+02:00/2026-10-18T03:00:00+02:00\n"
	    "2026-10-25T02:30:00+02:00/2026-10-25T02:00:00+01:00\n"
	    "2026-11-01T02:30:00+01:00/2026-11-01T03:00:00+01:00\n",
	    "the autumn fold is the first 02:30, lasting its exact 30 "
	    "minutes (RFC 5545 3.8.5.3); UNTIL in UTC included");

	/* EXDATE (DATE-TIME and DATE), RDATE, an override and a cancelled
	 * instance. */
	read_events("BEGIN:VEVENT\nUID:d\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;TZID=Europe/Paris:20261102T100000\n"
	    "DTEND;TZID=Europe/Paris:20261102T110000\n"
	    "RRULE:FREQ=DAILY;COUNT=6\n"
	    "EXDATE;TZID=Europe/Paris:20261103T100000\n"
	    "EXDATE;VALUE=DATE:20261104\n"
	    "RDATE;TZID=Europe/Paris:20261110T150000\n"
	    "END:VEVENT\n"
	    "BEGIN:VEVENT\nUID:d\nDTSTAMP:20260101T000000Z\n"
	    "RECURRENCE-ID;TZID=Europe/Paris:20261105T100000\n"
	    "DTSTART;TZID=Europe/Paris:20261105T160000\n"
	    "DTEND;TZID=Europe/Paris:20261105T163000\nEND:VEVENT\n"
	    "BEGIN:VEVENT\nUID:d\nDTSTAMP:20260101T000000Z\n"
	    "RECURRENCE-ID;TZID=Europe/Paris:20261106T100000\n"
	    "DTSTART;TZID=Europe/Paris:20261106T100000\n"
	    "DTEND;TZID=Europe/Paris:20261106T110000\n"
	    "STATUS:CANCELLED\nEND:VEVENT\n",
	    "2026-11-01", "2026-11-30", &g, NULL);
	/* Masters first, then the overrides. */
	is_str(g.busy.buf,
	    "2026-11-02T10:00:00+01:00/2026-11-02T11:00:00+01:00\n"
	    "2026-11-07T10:00:00+01:00/2026-11-07T11:00:00+01:00\n"
	    "2026-11-10T15:00:00+01:00/2026-11-10T16:00:00+01:00\n"
	    "2026-11-05T16:00:00+01:00/2026-11-05T16:30:00+01:00\n",
	    "EXDATE, EXDATE as a DATE, RDATE, a moved and a cancelled "
	    "instance");
	ts_buf_release(&g.busy);
	ts_buf_release(&g.bad);
}

static void
kinds(void)
{
	struct got g = { TS_BUF_INIT, TS_BUF_INIT };
	struct ts_ical_stats st;

	read_events("BEGIN:VEVENT\nUID:e\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;VALUE=DATE:20261124\nDTEND;VALUE=DATE:20261126\n"
	    "END:VEVENT\n"
	    "BEGIN:VEVENT\nUID:f\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART:20261127T100000\nDTEND:20261127T110000\nEND:VEVENT\n"
	    "BEGIN:VEVENT\nUID:g\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART:20261128T100000Z\nDTEND:20261128T110000Z\n"
	    "TRANSP:TRANSPARENT\nEND:VEVENT\n"
	    "BEGIN:VEVENT\nUID:h\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART:20261128T100000Z\nDURATION:PT45M\nEND:VEVENT\n",
	    "2026-11-01", "2026-11-30", &g, &st);
	is_str(g.busy.buf,
	    "2026-11-24T00:00:00+01:00/2026-11-26T00:00:00+01:00\n"
	    "2026-11-27T10:00:00+01:00/2026-11-27T11:00:00+01:00\n"
	    "2026-11-28T11:00:00+01:00/2026-11-28T11:45:00+01:00\n",
	    "all-day in local days, floating in the client's zone, UTC, "
	    "DURATION; transparent left out");
	is_int(st.events, 4, "four events read");
	is_int(st.skipped, 1, "one skipped (transparent)");

	ok(read_events("BEGIN:VEVENT\nUID:i\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART;TZID=Nowhere/Town:20261124T100000\n"
	    "DTEND;TZID=Nowhere/Town:20261124T110000\nEND:VEVENT\n"
	    "BEGIN:VEVENT\nUID:j\nDTSTAMP:20260101T000000Z\n"
	    "DTSTART:garbage\nEND:VEVENT\n",
	    "2026-11-01", "2026-11-30", &g, &st) == 0,
	    "bad events do not fail the read");
	is_int(st.rejected, 2, "both are rejected");
	ok(strncmp(g.bad.buf, "4: unknown time zone 'Nowhere/Town'", 35) == 0,
	    "an unknown TZID, with the line of its BEGIN:VEVENT");
	if (!ok(strstr(g.bad.buf, "\n10: unreadable DTSTART") != NULL,
	    "a bad DTSTART, with its line"))
		printf("# %s", g.bad.buf);

	ok(read_events("", "2026-11-01", "2026-11-30", &g, &st) == 0 &&
	    st.events == 0, "an empty calendar");
	ts_buf_release(&g.busy);
	ts_buf_release(&g.bad);
}

/* The longest line of text, in octets, and whether a fold splits a UTF-8
 * character (a continuation line starting with a continuation byte). */
static void
lines_of(const char *text, size_t *longest, int *split)
{
	const char *p = text, *e;

	*longest = 0;
	*split = 0;
	for (; (e = strstr(p, "\r\n")) != NULL; p = e + 2) {
		if ((size_t)(e - p) > *longest)
			*longest = (size_t)(e - p);
		if (p[0] == ' ' && ((unsigned char)p[1] & 0xC0) == 0x80)
			*split = 1;
	}
}

static void
writer(const struct ts_config *cfg)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_agenda_ctx a;
	struct ts_booking b[2];
	icalcomponent *root, *ev;
	icalproperty *p;
	char *text, *again, uid[128];
	size_t longest;
	long seq;
	int split;

	if (ts_agenda_open(&a, cfg, "cabinet-durand", NULL, at("2026-11-23 "
	    "09:00"), &err) != 0) {
		ok(0, "open the agenda");
		return;
	}
	memset(b, 0, sizeof b);
	snprintf(b[0].uid, sizeof b[0].uid, "one@ts-agenda");
	snprintf(b[0].client, sizeof b[0].client, "cabinet-durand");
	snprintf(b[0].type, sizeof b[0].type, "consultation");
	snprintf(b[0].name, sizeof b[0].name, "Hélène Dupont-Lefèvre, née "
	    "Éléonore; \\ « très » longue\nligne é é é é é é é é é é é é");
	snprintf(b[0].phone, sizeof b[0].phone, "+33612345678");
	b[0].start = at("2026-03-30 09:20");
	b[0].end = b[0].start + 1200;
	b[0].sequence = 3;
	b[1] = b[0];
	snprintf(b[1].uid, sizeof b[1].uid, "two@ts-agenda");
	b[1].status = TS_BOOKING_CANCELLED;
	b[1].start = at("2026-10-26 14:40");
	b[1].end = b[1].start + 2400;

	text = ts_ical_write(&a, b, 2, &err);
	ok(text != NULL, "write two bookings");
	if (!text)
		return;
	lines_of(text, &longest, &split);
	ok(longest <= 75, "no line longer than 75 octets");
	ok(!split, "no fold inside a UTF-8 character");
	ok(strstr(text, "DTSTART;TZID=Europe/Paris:20260330T092000\r\n") !=
	    NULL, "TZID is the bare Olson name");
	ok(strstr(text, "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n") != NULL,
	    "with its VTIMEZONE");
	ok(strstr(text, "\\, née") != NULL && strstr(text, "\\;") != NULL,
	    "commas and semicolons escaped");
	is_int(ts_ical_uid(text, uid, sizeof uid, &seq), 0,
	    "the first UID read back");
	is_str(uid, "one@ts-agenda", "its UID");
	is_int(seq, 3, "its SEQUENCE");

	root = icalparser_parse_string(text);
	ok(root && icalcomponent_count_errors(root) == 0,
	    "libical parses it without errors");
	ev = root ? icalcomponent_get_first_component(root,
	    ICAL_VEVENT_COMPONENT) : NULL;
	ok(ev && strstr(icalcomponent_get_summary(ev), b[0].name) != NULL,
	    "the name comes back unchanged, unescaped");
	p = ev ? icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY) :
	    NULL;
	ok(p && strcmp(icalproperty_get_parameter_as_string(p, "TZID"),
	    "Europe/Paris") == 0, "DTSTART keeps TZID=Europe/Paris");
	ev = ev ? icalcomponent_get_next_component(root,
	    ICAL_VEVENT_COMPONENT) : NULL;
	ok(ev && icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED,
	    "the cancelled booking is STATUS:CANCELLED");
	again = root ? icalcomponent_as_ical_string_r(root) : NULL;
	is_str(again, text, "libical writes back the same text");
	free(again);
	if (root)
		icalcomponent_free(root);
	free(text);
}

int
main(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg;

	paris = ts_tz_load("Europe/Paris", &err);
	cfg = ts_config_load("tests/data/agenda/config.yaml", &err);
	if (!paris || !cfg) {
		printf("# %s:%ld: %s\n", err.source, err.line, err.msg);
		return 1;
	}
	zones();
	recurrences();
	kinds();
	writer(cfg);
	ts_config_free(cfg);
	ts_ical_cleanup();
	return done_testing();
}
