/*
 * ts_calendar.c - opening hours, public holidays and closures (see
 * ts_calendar.h).
 *
 * The state at an instant is read from the local wall time in the client's
 * zone.  "Until when" walks forward over the instants where the state can
 * change (each span's edges, each local midnight, each closure's ends),
 * converting wall times to instants one day at a time, so that DST days
 * (23 or 25 hours) need no special case: an edge in the spring gap lands
 * at the end of the gap, one in the autumn fold at its first reading.
 */
#include <string.h>

#include "ts_calendar.h"
#include "banned.h"

#define DAY 86400
#define HORIZON (400 * (int64_t)DAY)	/* "until" looks this far ahead */
#define LOOKAHEAD (35 * (int64_t)DAY)	/* an on-call turn, this far */

static const char *const state_names[] = {
	"open", "closed", "break", "holiday", "closure"
};

const char *
ts_open_name(enum ts_open s)
{
	return (unsigned)s <= TS_CLOSURE ? state_names[s] : "closed";
}

void
ts_easter(int year, int *mon, int *day)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4;
	int e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;

	*mon = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

int
ts_holiday(enum ts_holidays kind, int year, int mon, int day,
    const char **name)
{
	static const struct {
		int mon, day;
		const char *name;
	} fixed[] = {
		{ 1, 1, "Jour de l'an" }, { 5, 1, "Fête du travail" },
		{ 5, 8, "Victoire 1945" }, { 7, 14, "Fête nationale" },
		{ 8, 15, "Assomption" }, { 11, 1, "Toussaint" },
		{ 11, 11, "Armistice 1918" }, { 12, 25, "Noël" }
	};
	static const struct {
		int offset;		/* days after Easter Sunday */
		int alsace;		/* only in Alsace-Moselle */
		const char *name;
	} moving[] = {
		{ -2, 1, "Vendredi saint" }, { 1, 0, "Lundi de Pâques" },
		{ 39, 0, "Ascension" }, { 50, 0, "Lundi de Pentecôte" }
	};
	int em, ed;
	int64_t delta;
	size_t i;

	if (kind == TS_HOLIDAYS_NONE)
		return 0;
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (fixed[i].mon == mon && fixed[i].day == day) {
			*name = fixed[i].name;
			return 1;
		}
	}
	if (kind == TS_HOLIDAYS_FR_ALSACE && mon == 12 && day == 26) {
		*name = "Saint-Étienne";
		return 1;
	}
	ts_easter(year, &em, &ed);
	delta = ts_days_from_civil(year, mon, day) -
	    ts_days_from_civil(year, em, ed);
	for (i = 0; i < sizeof moving / sizeof moving[0]; i++) {
		if (moving[i].offset == delta &&
		    (!moving[i].alsace || kind == TS_HOLIDAYS_FR_ALSACE)) {
			*name = moving[i].name;
			return 1;
		}
	}
	return 0;
}

/* The closure in force at t, or NULL. */
static const struct ts_closure *
closure_at(const struct ts_client *cl, int64_t t)
{
	size_t i;

	for (i = 0; i < cl->nclosures; i++)
		if (cl->closures[i].from <= t && t < cl->closures[i].to)
			return &cl->closures[i];
	return NULL;
}

/* The state at t, without "until". */
static void
state_now(const struct ts_client *cl, const struct ts_tz *tz, int64_t t,
    struct ts_open_state *st)
{
	const struct ts_closure *c = closure_at(cl, t);
	int64_t wall = ts_tz_wall(tz, t), days = wall / DAY - (wall % DAY < 0);
	int y, m, d, wd, min;
	size_t i, n;
	const struct ts_span *sp;

	st->until = TS_TIME_NONE;
	st->label = "";
	if (c) {
		st->state = TS_CLOSURE;
		st->label = c->label ? c->label : "";
		return;
	}
	ts_civil_from_days(days, &y, &m, &d);
	if (ts_holiday(cl->holidays, y, m, d, &st->label)) {
		st->state = TS_HOLIDAY;
		return;
	}
	st->state = TS_OPEN;
	if (!cl->hours.set)
		return;
	wd = ts_weekday(days) - 1;
	min = (int)((wall - days * DAY) / 60);
	sp = cl->hours.day[wd];
	n = cl->hours.nday[wd];
	for (i = 0; i < n; i++)
		if (sp[i].from <= min && min < sp[i].to)
			return;
	if (n == 0 || min < sp[0].from || min >= sp[n - 1].to)
		st->state = TS_CLOSED;
	else
		st->state = TS_BREAK;
}

void
ts_calendar_state_now(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t, struct ts_open_state *st)
{
	state_now(cl, tz, t, st);
}

int
ts_calendar_is_open(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t)
{
	struct ts_open_state st;

	state_now(cl, tz, t, &st);
	return st.state == TS_OPEN;
}

/* The instant of a wall time: the first reading, or the end of a gap. */
static int64_t
instant_of(const struct ts_tz *tz, int64_t wall)
{
	int64_t t[2];

	ts_tz_from_wall(tz, wall, t);
	return t[0];
}

/* Keeps the earliest candidate after t. */
static void
consider(int64_t cand, int64_t t, int64_t *best)
{
	if (cand > t && (*best == TS_TIME_NONE || cand < *best))
		*best = cand;
}

/* The next instant after t where the state may change. */
static int64_t
next_edge(const struct ts_client *cl, const struct ts_tz *tz, int64_t t)
{
	int64_t wall = ts_tz_wall(tz, t), best = TS_TIME_NONE;
	int64_t days = wall / DAY - (wall % DAY < 0);
	int wd = ts_weekday(days) - 1;
	size_t i;

	consider(instant_of(tz, (days + 1) * DAY), t, &best);
	if (cl->hours.set) {
		for (i = 0; i < cl->hours.nday[wd]; i++) {
			const struct ts_span *sp = &cl->hours.day[wd][i];

			consider(instant_of(tz, days * DAY + sp->from * 60), t,
			    &best);
			consider(instant_of(tz, days * DAY + sp->to * 60), t,
			    &best);
		}
	}
	for (i = 0; i < cl->nclosures; i++) {
		consider(cl->closures[i].from, t, &best);
		consider(cl->closures[i].to, t, &best);
	}
	return best;
}

void
ts_calendar_state(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t t, struct ts_open_state *st)
{
	struct ts_open_state next;
	int64_t e = t;

	state_now(cl, tz, t, st);
	while ((e = next_edge(cl, tz, e)) != TS_TIME_NONE && e - t < HORIZON) {
		state_now(cl, tz, e, &next);
		if (next.state != st->state ||
		    strcmp(next.label, st->label) != 0) {
			st->until = e;
			return;
		}
	}
}

/* Adds [from, to) minus the client's closures to out. */
static size_t
add_open(const struct ts_client *cl, int64_t from, int64_t to,
    struct ts_interval *out, size_t n, size_t max)
{
	const struct ts_closure *c;
	size_t i;

	while (from < to && n < max) {
		int64_t cut = to;

		for (i = 0; i < cl->nclosures; i++) {
			c = &cl->closures[i];
			if (c->from <= from && from < c->to)
				break;
			if (c->from > from && c->from < cut)
				cut = c->from;
		}
		if (i < cl->nclosures) {	/* from is in a closure */
			from = cl->closures[i].to;
			continue;
		}
		out[n].from = from;
		out[n++].to = cut;
		from = cut;
	}
	return n;
}

size_t
ts_calendar_day_spans(const struct ts_client *cl, const struct ts_tz *tz,
    int64_t days, struct ts_interval *out, size_t max)
{
	const char *name;
	int y, m, d, wd;
	size_t i, n = 0;

	ts_civil_from_days(days, &y, &m, &d);
	if (ts_holiday(cl->holidays, y, m, d, &name))
		return 0;
	if (!cl->hours.set)
		return add_open(cl, instant_of(tz, days * DAY),
		    instant_of(tz, (days + 1) * DAY), out, 0, max);
	wd = ts_weekday(days) - 1;
	for (i = 0; i < cl->hours.nday[wd]; i++) {
		const struct ts_span *sp = &cl->hours.day[wd][i];

		n = add_open(cl, instant_of(tz, days * DAY + sp->from * 60),
		    instant_of(tz, days * DAY + sp->to * 60), out, n, max);
	}
	return n;
}

/* ---- the on-call rota ---- */

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The exception in force at t, or NULL. */
static const struct ts_rota_exception *
exception_at(const struct ts_rota *r, int64_t t)
{
	size_t i;

	for (i = 0; i < r->nexceptions; i++)
		if (r->exceptions[i].from <= t && t < r->exceptions[i].to)
			return &r->exceptions[i];
	return NULL;
}

/* The first exception starting after t, or NULL (they are sorted). */
static const struct ts_rota_exception *
exception_after(const struct ts_rota *r, int64_t t)
{
	size_t i;

	for (i = 0; i < r->nexceptions; i++)
		if (r->exceptions[i].from > t)
			return &r->exceptions[i];
	return NULL;
}

/*
 * The turn the weekly pattern gives at wall time `wall`: the shift holding
 * its minute of the week, the week of its occurrence counted from
 * r->start, and so the person whose turn it is.  Returns the person's
 * index; *start_wall is the wall time the turn began.
 */
static size_t
wall_turn(const struct ts_rota *r, const struct ts_tz *tz, int64_t wall,
    int64_t *start_wall, int64_t *since, int64_t *until)
{
	int64_t days = floor_div(wall, DAY), start_day, monday, week;
	int mow = (ts_weekday(days) - 1) * 1440 +
	    (int)((wall - days * DAY) / 60);
	int off = 0, len = TS_WEEK_MIN;
	size_t i;
	const struct ts_shift *sh = &r->shifts[0];

	for (i = 0; i < r->nshifts; i++) {
		sh = &r->shifts[i];
		off = (mow - sh->from + TS_WEEK_MIN) % TS_WEEK_MIN;
		len = (sh->to - sh->from + TS_WEEK_MIN) % TS_WEEK_MIN;
		if (len == 0)
			len = TS_WEEK_MIN;
		if (off < len)
			break;
	}
	/* Loaded rotas cover the week: the loop always breaks. */
	*start_wall = wall - (wall - days * DAY) % 60 - (int64_t)off * 60;
	start_day = floor_div(*start_wall, DAY);
	monday = start_day - (ts_weekday(start_day) - 1);
	week = floor_div(monday - r->start, 7);
	*since = instant_of(tz, *start_wall);
	*until = instant_of(tz, *start_wall + (int64_t)len * 60);
	return sh->people[(size_t)(((week % (int64_t)sh->npeople) +
	    (int64_t)sh->npeople) % (int64_t)sh->npeople)];
}

/*
 * The turn of the weekly pattern at instant t.  A handover whose wall
 * time the clocks jumped over happens when that time would have been
 * (instant_of): until then, on the morning clocks go forward, the wall
 * clock already shows the new turn's time but the old turn goes on.  One
 * in the hour lived twice happens at its first reading.
 */
static size_t
regular_turn(const struct ts_rota *r, const struct ts_tz *tz, int64_t t,
    int64_t *since, int64_t *until)
{
	int64_t start_wall;
	size_t p;
	int i;

	p = wall_turn(r, tz, ts_tz_wall(tz, t), &start_wall, since, until);
	if (*since > t)
		p = wall_turn(r, tz, start_wall - 60, &start_wall, since,
		    until);
	/* In the second reading of an hour lived twice, the handover at
	 * its first reading has happened: the next turn holds t. */
	for (i = 0; *until <= t && i < 4; i++)
		p = wall_turn(r, tz, ts_tz_wall(tz, *until), &start_wall,
		    since, until);
	if (*until <= t)	/* cannot happen with whole-minute shifts */
		*until = t + 60;
	return p;
}

/* One turn at t: an exception's, or the pattern's cut short by the
 * next exception. */
static size_t
turn_at(const struct ts_rota *r, const struct ts_tz *tz, int64_t t,
    int64_t *since, int64_t *until, const struct ts_rota_exception **ex)
{
	const struct ts_rota_exception *nx;
	size_t p;

	if ((*ex = exception_at(r, t))) {
		*since = (*ex)->from;
		*until = (*ex)->to;
		return (*ex)->person;
	}
	p = regular_turn(r, tz, t, since, until);
	if ((nx = exception_after(r, t)) && nx->from < *until)
		*until = nx->from;
	return p;
}

void
ts_calendar_oncall(const struct ts_rota *r, const struct ts_tz *tz,
    int64_t t, struct ts_oncall *oc)
{
	const struct ts_rota_exception *ex, *ex2;
	int64_t since, until, s2, u2;
	size_t p, p2;

	p = turn_at(r, tz, t, &since, &until, &ex);
	oc->person = &r->people[p];
	oc->since = since;
	oc->exception = ex != NULL;
	oc->label = ex && ex->label ? ex->label : "";
	/* Join the turns that follow while they are the same person's. */
	for (;;) {
		p2 = turn_at(r, tz, until, &s2, &u2, &ex2);
		if (p2 != p || u2 - t > LOOKAHEAD || u2 <= until)
			break;
		until = u2;
	}
	/* The same person for weeks on end: no handover in sight. */
	oc->until = p2 == p ? TS_TIME_NONE : until;
	oc->next = &r->people[p2];
	/* A turn that began with the same person goes back further. */
	while (!ex && t - since < LOOKAHEAD) {
		p2 = turn_at(r, tz, since - 1, &s2, &u2, &ex2);
		if (p2 != p || ex2 || s2 >= since)
			break;
		since = s2;
	}
	oc->since = since;
}
