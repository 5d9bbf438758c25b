/*
 * ts_ical_read.c - a client's calendar as busy time (see ts_ical.h).
 *
 * libical parses the text; the rest is done here, because libical 3.0
 * gets it wrong: times are taken from the properties as written (wall
 * time and TZID) and turned into instants by ts_time, reading a time in a
 * gap with the offset before the gap and one in a fold as the earlier, as
 * RFC 5545 3.3.5 says; RRULEs are iterated by libical in floating time
 * (no zone, so no drift at a change of offset), then EXDATE, RDATE and
 * RECURRENCE-ID overrides are applied by us (libical's
 * icalrecur_iterator ignores EXDATE, and foreach_recurrence ignores
 * overrides, libical #314).
 *
 * libical does not say where a component was in the text: events are
 * matched with the lines of "BEGIN:VEVENT" in order, so that a message
 * can name the line an event starts on.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "ts_ical.h"
#include "ts_mem.h"
#include "banned.h"

#define DAY 86400

/* A time as the event wrote it. */
struct when {
	int64_t wall;		/* wall seconds (midnight for a date) */
	int is_date;
	const struct ts_tz *tz;	/* UTC, its TZID's zone, or floating's */
};

/* One VEVENT and what is known of it. */
struct event {
	icalcomponent *ev;
	const char *uid;	/* "" when none */
	long line;
	int override;		/* has a RECURRENCE-ID */
	int64_t rid;		/* its instant (midnight for a date) */
	int rid_date;
};

struct reader {
	struct ts_ical_read *r;
	struct ts_error *err;
	struct event *evs;
	size_t n, cap;
	long *lines;		/* line of each BEGIN:VEVENT */
	size_t nlines;
};

/* ---- times ---- */

/* The instant of a wall time: RFC 5545 3.3.5 for gaps and folds. */
static int64_t
instant(const struct ts_tz *tz, int64_t wall)
{
	int64_t t[2];

	ts_tz_from_wall(tz, wall, t);
	return t[0];
}

static int64_t
wall_of(struct icaltimetype t)
{
	struct ts_civil c = { t.year, t.month, t.day, 0, 0, 0 };

	if (!t.is_date) {
		c.hour = t.hour;
		c.min = t.minute;
		c.sec = t.second;
	}
	return ts_civil_to_wall(&c);
}

static int
bad(struct reader *rd, long line, const char *fmt, const char *arg)
{
	struct ts_error e = TS_ERROR_INIT;

	ts_error_at(&e, TS_EXIT_FAIL, rd->r->source, line, 0, fmt, arg);
	rd->r->st.rejected++;
	if (rd->r->bad)
		rd->r->bad(&e, rd->r->ctx);
	return -1;
}

/* ---- a VTIMEZONE's own rules ---- */

/*
 * A TZID that names no zone we know ("Customized Time Zone", which
 * Outlook writes for a zone it has no name for) is read from its
 * VTIMEZONE when that says what Outlook and Exchange always say: the
 * latest STANDARD and DAYLIGHT, each with a yearly rule by month and
 * weekday ("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"), which is a POSIX TZ rule
 * ("STD-1DST-2,M3.5.0/2,M10.5.0/3").  Anything else is refused.
 */
struct observance {
	int found;
	struct icaltimetype start;	/* its DTSTART, local */
	int off;			/* TZOFFSETTO, seconds east */
	int has_rule;
	int mon, week, wday;		/* POSIX Mm.w.d */
};

/* Reads c into o if it starts later than what o holds; -1: unusable. */
static int
observance(icalcomponent *c, struct observance *o)
{
	icalproperty *p = icalcomponent_get_first_property(c,
	    ICAL_DTSTART_PROPERTY);
	icalproperty *to = icalcomponent_get_first_property(c,
	    ICAL_TZOFFSETTO_PROPERTY);
	icalproperty *rp = icalcomponent_get_first_property(c,
	    ICAL_RRULE_PROPERTY);
	struct icalrecurrencetype rr;
	struct icaltimetype st;
	int pos;

	if (!p || !to)
		return -1;
	st = icalproperty_get_dtstart(p);
	if (o->found && icaltime_compare(st, o->start) <= 0)
		return 0;
	memset(o, 0, sizeof *o);
	o->found = 1;
	o->start = st;
	o->off = icalproperty_get_tzoffsetto(to);
	if (!rp)
		return 0;
	rr = icalproperty_get_rrule(rp);
	pos = icalrecurrencetype_day_position(rr.by_day[0]);
	if (rr.freq != ICAL_YEARLY_RECURRENCE || rr.by_month[0] < 1 ||
	    rr.by_month[0] > 12 ||
	    rr.by_month[1] != ICAL_RECURRENCE_ARRAY_MAX ||
	    rr.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX ||
	    rr.by_day[1] != ICAL_RECURRENCE_ARRAY_MAX ||
	    pos < -1 || pos > 4 || pos == 0)
		return -1;
	o->has_rule = 1;
	o->mon = rr.by_month[0];
	o->week = pos < 0 ? 5 : pos;
	o->wday = (int)icalrecurrencetype_day_day_of_week(rr.by_day[0]) - 1;
	return 0;
}

/* " -1" / "-5:30": the POSIX offset (west positive) of off. */
static void
posix_off(char *buf, size_t n, int off)
{
	int a = off < 0 ? -off : off;

	snprintf(buf, n, "%s%d", off > 0 ? "-" : "", a / 3600);
	if (a % 3600)
		snprintf(buf + strlen(buf), n - strlen(buf), ":%02d",
		    a % 3600 / 60);
}

/* "Mm.w.d/h:mm:ss" of o. */
static void
posix_date(char *buf, size_t n, const struct observance *o)
{
	snprintf(buf, n, "M%d.%d.%d/%d:%02d:%02d", o->mon, o->week, o->wday,
	    o->start.hour, o->start.minute, o->start.second);
}

/* The zone the VTIMEZONE of tzid in cal describes, or NULL. */
static const struct ts_tz *
vtimezone_zone(icalcomponent *cal, const char *tzid)
{
	struct observance std = { 0 }, dst = { 0 };
	char rule[160], so[16], dof[16], sd[32], dd[32];
	icalcomponent *vtz, *c;
	icalproperty *p;

	if (!cal)
		return NULL;
	for (vtz = icalcomponent_get_first_component(cal,
	    ICAL_VTIMEZONE_COMPONENT); vtz; vtz =
	    icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT))
		if ((p = icalcomponent_get_first_property(vtz,
		    ICAL_TZID_PROPERTY)) && strcmp(icalproperty_get_tzid(p),
		    tzid) == 0)
			break;
	if (!vtz)
		return NULL;
	for (c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	    c; c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
		if ((icalcomponent_isa(c) == ICAL_XSTANDARD_COMPONENT &&
		    observance(c, &std) != 0) ||
		    (icalcomponent_isa(c) == ICAL_XDAYLIGHT_COMPONENT &&
		    observance(c, &dst) != 0))
			return NULL;
	if (!std.found)
		return NULL;
	posix_off(so, sizeof so, std.off);
	if (!dst.found) {
		snprintf(rule, sizeof rule, "STD%s", so);
		return ts_tz_rule(rule);
	}
	if (!std.has_rule || !dst.has_rule)
		return NULL;
	posix_off(dof, sizeof dof, dst.off);
	posix_date(dd, sizeof dd, &dst);
	posix_date(sd, sizeof sd, &std);
	snprintf(rule, sizeof rule, "STD%sDST%s,%s,%s", so, dof, dd, sd);
	return ts_tz_rule(rule);
}

/* The zone of property p (its TZID), UTC for Z, else floating's. */
static int
zone_of(struct reader *rd, const struct event *e, icalproperty *p,
    struct icaltimetype t, const struct ts_tz **tz)
{
	icalparameter *par = icalproperty_get_first_parameter(p,
	    ICAL_TZID_PARAMETER);
	const char *tzid = par ? icalparameter_get_tzid(par) : NULL;

	if (icaltime_is_utc(t)) {
		*tz = ts_tz_utc();
		return 0;
	}
	if (!tzid || t.is_date) {
		*tz = rd->r->floating;
		return 0;
	}
	if ((*tz = ts_ical_zone(tzid)) == NULL &&
	    (*tz = vtimezone_zone(icalcomponent_get_parent(e->ev),
	    tzid)) == NULL)
		return bad(rd, e->line, "unknown time zone '%.80s': use an "
		    "IANA name such as 'Europe/Paris'", tzid);
	return 0;
}

static int
when_of(struct reader *rd, const struct event *e, icalproperty *p,
    struct icaltimetype t, struct when *w)
{
	w->wall = wall_of(t);
	w->is_date = t.is_date;
	return zone_of(rd, e, p, t, &w->tz);
}

/* ---- one event ---- */

/* An error libical left in the event about a property we need. */
static int
check_errors(struct reader *rd, const struct event *e)
{
	static const char *const needed[] = {
		"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
		"RECURRENCE-ID", NULL
	};
	icalproperty *p;
	const char *msg;
	size_t i;

	for (p = icalcomponent_get_first_property(e->ev,
	    ICAL_XLICERROR_PROPERTY); p; p = icalcomponent_get_next_property(
	    e->ev, ICAL_XLICERROR_PROPERTY)) {
		msg = icalproperty_get_xlicerror(p);
		for (i = 0; msg && needed[i]; i++)
			if (strstr(msg, needed[i]))
				return bad(rd, e->line, "unreadable %s in the "
				    "event", needed[i]);
	}
	return 0;
}

/* Skip events that take no time: transparent or cancelled. */
static int
is_free_time(icalcomponent *ev)
{
	icalproperty *p;

	p = icalcomponent_get_first_property(ev, ICAL_TRANSP_PROPERTY);
	if (p && icalproperty_get_transp(p) == ICAL_TRANSP_TRANSPARENT)
		return 1;
	p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	return p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

/* The event's length: seconds, or whole days for an all-day event. */
static int
length_of(struct reader *rd, const struct event *e, const struct when *ws,
    int64_t *secs, int64_t *days)
{
	icalproperty *p;
	struct when we;
	struct icaldurationtype d;

	*secs = 0;
	*days = ws->is_date ? 1 : 0;
	if ((p = icalcomponent_get_first_property(e->ev,
	    ICAL_DTEND_PROPERTY)) != NULL) {
		if (when_of(rd, e, p, icalproperty_get_dtend(p), &we) != 0)
			return -1;
		if (ws->is_date) {
			*days = (we.wall - ws->wall) / DAY;
			return 0;
		}
		*days = 0;
		*secs = instant(we.tz, we.wall) - instant(ws->tz, ws->wall);
		return 0;
	}
	if ((p = icalcomponent_get_first_property(e->ev,
	    ICAL_DURATION_PROPERTY)) != NULL) {
		d = icalproperty_get_duration(p);
		if (ws->is_date) {
			*days = (int64_t)d.days + 7 * (int64_t)d.weeks;
			return 0;
		}
		*days = 0;
		*secs = icaldurationtype_as_int(d);
	}
	return 0;
}

/* Hands one instance [start, end) to the caller, if in the window. */
static int
emit(struct reader *rd, const struct event *e, int64_t s, int64_t end)
{
	if (end <= s || end <= rd->r->from || s >= rd->r->to)
		return 0;
	rd->r->st.blocks++;
	if (rd->r->busy(e->uid, s, end, rd->r->ctx) != 0)
		return ts_error_set(rd->err, TS_EXIT_FAIL, "storing busy time "
		    "failed");
	return 0;
}

/* An instance at wall time w of the event: its interval. */
static void
span_of(const struct when *ws, int64_t w, int64_t secs, int64_t days,
    int64_t *s, int64_t *end)
{
	*s = instant(ws->tz, w);
	*end = ws->is_date ? instant(ws->tz, w + days * DAY) : *s + secs;
}

/* ---- recurrences ---- */

/* Is the instance at instant s (wall w) overridden or excluded? */
static int
replaced(const struct reader *rd, const struct event *e, int64_t s,
    int64_t w)
{
	size_t i;

	for (i = 0; i < rd->n; i++) {
		const struct event *o = &rd->evs[i];

		if (!o->override || strcmp(o->uid, e->uid) != 0)
			continue;
		if (o->rid_date ? o->rid == w - w % DAY : o->rid == s)
			return 1;
	}
	return 0;
}

static int
excluded(struct reader *rd, const struct event *e, int64_t s, int64_t w)
{
	icalproperty *p;
	struct icaltimetype t;
	struct when x;

	for (p = icalcomponent_get_first_property(e->ev, ICAL_EXDATE_PROPERTY);
	    p; p = icalcomponent_get_next_property(e->ev,
	    ICAL_EXDATE_PROPERTY)) {
		t = icalproperty_get_exdate(p);
		if (when_of(rd, e, p, t, &x) != 0)
			return -1;
		/* A DATE excludes the instance of that local day. */
		if (x.is_date ? x.wall == w - (w % DAY + DAY) % DAY :
		    instant(x.tz, x.wall) == s)
			return 1;
	}
	return 0;
}

/* UNTIL as a floating wall time in the event's zone (it is UTC). */
static void
float_until(struct icalrecurrencetype *rule, const struct when *ws)
{
	struct ts_civil c;

	if (icaltime_is_null_time(rule->until) || rule->until.is_date ||
	    !icaltime_is_utc(rule->until))
		return;
	ts_civil_from_wall(ts_tz_wall(ws->tz, (int64_t)icaltime_as_timet(
	    rule->until)), &c);
	rule->until.year = c.year;
	rule->until.month = c.mon;
	rule->until.day = c.day;
	rule->until.hour = c.hour;
	rule->until.minute = c.min;
	rule->until.second = c.sec;
	rule->until.zone = NULL;
}

static int
one_instance(struct reader *rd, const struct event *e, const struct when *ws,
    int64_t w, int64_t secs, int64_t days)
{
	int64_t s, end;
	int x = 0;

	span_of(ws, w, secs, days, &s, &end);
	/* An override stands for itself; a master's instance may have been
	 * moved (an override took it) or excluded. */
	if (!e->override && (replaced(rd, e, s, w) ||
	    (x = excluded(rd, e, s, w)) != 0))
		return 0;
	return emit(rd, e, s, end);
}

/* Instances of the RRULE, iterated in floating time. */
static int
expand_rrule(struct reader *rd, const struct event *e, icalproperty *p,
    const struct when *ws, struct icaltimetype dtstart, int64_t secs,
    int64_t days)
{
	struct icalrecurrencetype rule = icalproperty_get_rrule(p);
	icalrecur_iterator *it;
	struct icaltimetype t;
	/* Wall times differ from instants by less than a day. */
	int64_t w, stop = rd->r->to > INT64_MAX - 2 * DAY ? INT64_MAX :
	    rd->r->to + 2 * DAY;
	int64_t before = rd->r->from - 2 * DAY;
	long k = 0, steps = 0;
	int rc = 0;

	float_until(&rule, ws);
	dtstart.zone = NULL;
	/* A rule libical cannot iterate rejects its event, not the file. */
	if (!(it = icalrecur_iterator_new(rule, dtstart))) {
		(void)bad(rd, e->line, "unreadable %s in the event", "RRULE");
		return 0;
	}
	while (rc == 0 && !icaltime_is_null_time(t =
	    icalrecur_iterator_next(it))) {
		if ((w = wall_of(t)) > stop)
			break;
		/* Bounded twice: instances in the window, and steps of a
		 * rule that started long before it (a daily rule of 2015). */
		if (++steps > TS_ICAL_MAX_STEPS ||
		    (w >= before && ++k > TS_ICAL_MAX_INSTANCES)) {
			rd->r->st.capped++;
			break;
		}
		if (w >= before)
			rc = one_instance(rd, e, ws, w, secs, days);
	}
	icalrecur_iterator_free(it);
	return rc;
}

/* The event's RDATE properties.  They are gathered first because
 * libical has one property iterator per component, and excluded()
 * walks the EXDATEs of the same component. */
static icalproperty **
rdate_props(icalcomponent *ev, size_t *n)
{
	icalproperty *p, **v = NULL;
	size_t cap = 0;

	*n = 0;
	for (p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY);
	    p; p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
		if (*n == cap)
			v = ts_xreallocarray(v, cap = cap ? 2 * cap : 8,
			    sizeof *v);
		v[(*n)++] = p;
	}
	return v;
}

static int
expand_rdates(struct reader *rd, const struct event *e,
    const struct when *ws, int64_t secs, int64_t days)
{
	struct icaldatetimeperiodtype dp;
	icalproperty **v;
	struct when x;
	int64_t s, end;
	size_t i, n;
	int rc = 0;

	(void)ws;
	v = rdate_props(e->ev, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		dp = icalproperty_get_rdate(v[i]);
		if (!icaltime_is_null_time(dp.period.start)) {
			if (when_of(rd, e, v[i], dp.period.start, &x) != 0)
				break;
			s = instant(x.tz, x.wall);
			end = icaltime_is_null_time(dp.period.end) ?
			    s + icaldurationtype_as_int(dp.period.duration) :
			    instant(x.tz, wall_of(dp.period.end));
			rc = emit(rd, e, s, end);
			continue;
		}
		if (when_of(rd, e, v[i], dp.time, &x) != 0)
			break;
		rc = one_instance(rd, e, &x, x.wall, secs, days);
	}
	free(v);
	return rc ? -1 : 0;
}

/* Busy time of one event: 0, or -1 when fn failed (err set). */
static int
read_event(struct reader *rd, struct event *e)
{
	icalproperty *p;
	struct icaltimetype dtstart;
	struct when ws;
	int64_t secs, days;

	rd->r->st.events++;
	if (check_errors(rd, e) != 0)
		return 0;
	if (is_free_time(e->ev)) {
		rd->r->st.skipped++;
		return 0;
	}
	p = icalcomponent_get_first_property(e->ev, ICAL_DTSTART_PROPERTY);
	if (!p) {
		bad(rd, e->line, "an event without %s", "DTSTART");
		return 0;
	}
	dtstart = icalproperty_get_dtstart(p);
	if (when_of(rd, e, p, dtstart, &ws) != 0 ||
	    length_of(rd, e, &ws, &secs, &days) != 0)
		return 0;
	p = icalcomponent_get_first_property(e->ev, ICAL_RRULE_PROPERTY);
	if (!p || e->override)
		return one_instance(rd, e, &ws, ws.wall, secs, days) ||
		    (e->override ? 0 : expand_rdates(rd, e, &ws, secs, days));
	if (expand_rrule(rd, e, p, &ws, dtstart, secs, days) != 0)
		return -1;
	return expand_rdates(rd, e, &ws, secs, days);
}

/* ---- the calendar ---- */

/* The lines where VEVENTs begin, in order. */
static void
find_lines(struct reader *rd, const char *text)
{
	size_t cap = 0;
	long line = 1;
	const char *p = text;

	for (;;) {
		if (strncasecmp(p, "BEGIN:VEVENT", 12) == 0) {
			TS_GROW(rd->lines, rd->nlines + 1, cap);
			rd->lines[rd->nlines++] = line;
		}
		if (!(p = strchr(p, '\n')))
			break;
		p++;
		line++;
	}
}

static void
add_event(struct reader *rd, icalcomponent *ev)
{
	struct event *e;
	icalproperty *p;
	struct icaltimetype t;
	struct when w;

	TS_GROW(rd->evs, rd->n + 1, rd->cap);
	e = &rd->evs[rd->n];
	memset(e, 0, sizeof *e);
	e->ev = ev;
	e->uid = icalcomponent_get_uid(ev) ? icalcomponent_get_uid(ev) : "";
	e->line = rd->n < rd->nlines ? rd->lines[rd->n] : 0;
	rd->n++;
	p = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
	if (!p || !*e->uid)
		return;
	t = icalproperty_get_recurrenceid(p);
	if (when_of(rd, e, p, t, &w) != 0)
		return;
	e->override = 1;
	e->rid_date = w.is_date;
	e->rid = w.is_date ? w.wall : instant(w.tz, w.wall);
}

static void
collect(struct reader *rd, icalcomponent *cal)
{
	icalcomponent *ev;

	for (ev = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT); ev; ev = icalcomponent_get_next_component(
	    cal, ICAL_VEVENT_COMPONENT))
		add_event(rd, ev);
}

int
ts_ical_read(const char *text, struct ts_ical_read *r, struct ts_error *err)
{
	struct reader rd;
	icalcomponent *root, *cal;
	size_t i;
	int rc = 0;

	ts_ical_note_use();
	memset(&rd, 0, sizeof rd);
	rd.r = r;
	rd.err = err;
	root = icalparser_parse_string(text);
	if (!root || (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT &&
	    icalcomponent_isa(root) != ICAL_XROOT_COMPONENT)) {
		if (root)
			icalcomponent_free(root);
		return ts_error_at(err, TS_EXIT_FAIL, r->source, 1, 0,
		    "not an iCalendar file (no BEGIN:VCALENDAR)");
	}
	find_lines(&rd, text);
	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		collect(&rd, root);
	for (cal = icalcomponent_get_first_component(root,
	    ICAL_VCALENDAR_COMPONENT); cal; cal =
	    icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
		collect(&rd, cal);
	for (i = 0; i < rd.n && rc == 0; i++)
		rc = read_event(&rd, &rd.evs[i]);
	free(rd.evs);
	free(rd.lines);
	icalcomponent_free(root);
	return rc;
}
