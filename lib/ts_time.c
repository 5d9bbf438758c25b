/*
 * ts_time.c - instants, civil times, IANA zones, ISO 8601, durations,
 * periods and the clock (see ts_time.h).
 *
 * A zone is kept as a sorted table of the instants where its UTC offset
 * changes.  The POSIX TZ rule at the end of a TZif file is expanded into
 * that table up to TZ_HORIZON, so that the usual lookup is one binary search
 * whatever the tzdata build ("fat" files list transitions to 2037, "slim"
 * ones stop when the rule takes over); past the horizon the rule is
 * evaluated directly.  Transitions that do not change the offset (a new
 * abbreviation, an isdst flag) are dropped: only offsets matter here.
 *
 * Every question about a zone is answered from tz_seg(): the offset in force
 * at an instant and the next instant it may change.  Walking those segments
 * over the few hours of instants that can show a given wall time finds all
 * its readings, gaps and folds included, without special cases.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ts_mem.h"
#include "ts_time.h"
#include "banned.h"

#define DAY 86400
/* Rules are tabulated up to 2100-01-01T00:00:00Z ... */
#define TZ_HORIZON INT64_C(4102444800)
/* ... and, for a zone given by a rule only, from 1800-01-01T00:00:00Z. */
#define TZ_EARLY INT64_C(-5364662400)
/* About 300000 years: rules are evaluated as at this bound beyond it. */
#define TZ_FAR INT64_C(10000000000000)
/* Wall times this far from zero are out of any zone's range. */
#define WALL_FAR (INT64_MAX / 4)
#define TZ_MAXFILE (1 << 20)
/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what a text may name. */
#define TEXT_MIN INT64_C(-62167219200)
#define TEXT_MAX INT64_C(253402300799)

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Two digits of v, 0..99, at p.  Tools print millions of times: no stdio. */
static char *
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

/*
 * Copies text given by a user into buf for an error message: at most 64
 * bytes, control characters shown as '?', so that a message stays one line.
 */
static const char *
quote(char *buf, size_t sz, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 4 < sz && i < 64; i++)
		buf[k++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i];
	if (i < n && k + 4 < sz) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

/* ---- civil calendar (after Howard Hinnant's chrono-compatible algorithms) */

int64_t
ts_days_from_civil(int year, int mon, int day)
{
	int64_t y = (int64_t)year - (mon <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;			/* 0..399 */
	int64_t mp = mon > 2 ? (int64_t)mon - 3 : (int64_t)mon + 9;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;	/* March-based */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
ts_civil_from_days(int64_t days, int *year, int *mon, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;			/* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;		/* 0 = March */
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*year = (int)(yoe + era * 400 + (m <= 2));
	*mon = m;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int
ts_weekday(int64_t days)
{
	int64_t r = days % 7;		/* day 0, 1970-01-01, was a Thursday */

	if (r < 0)
		r += 7;
	return (int)((r + 3) % 7) + 1;
}

int
ts_month_days(int year, int mon)
{
	static const int len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (mon < 1 || mon > 12)
		return 0;
	if (mon == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return len[mon - 1];
}

int
ts_civil_valid(const struct ts_civil *c)
{
	return c->mon >= 1 && c->mon <= 12 && c->day >= 1 &&
	    c->day <= ts_month_days(c->year, c->mon) &&
	    c->hour >= 0 && c->hour <= 23 && c->min >= 0 && c->min <= 59 &&
	    c->sec >= 0 && c->sec <= 59;
}

int64_t
ts_civil_to_wall(const struct ts_civil *c)
{
	return ts_days_from_civil(c->year, c->mon, c->day) * DAY +
	    (int64_t)c->hour * 3600 + (int64_t)c->min * 60 + c->sec;
}

void
ts_civil_from_wall(int64_t wall, struct ts_civil *c)
{
	int64_t days = floor_div(wall, DAY);
	int sod = (int)(wall % DAY);	/* not wall - days * DAY: overflows */

	sod += sod < 0 ? DAY : 0;
	ts_civil_from_days(days, &c->year, &c->mon, &c->day);
	c->hour = sod / 3600;
	c->min = sod / 60 % 60;
	c->sec = sod % 60;
}

void
ts_iso_week(int64_t days, int *iso_year, int *week)
{
	/* A week belongs to the year that holds its Thursday. */
	int64_t thu = days - ts_weekday(days) + 4;
	int mon, day;

	ts_civil_from_days(thu, iso_year, &mon, &day);
	*week = (int)((thu - ts_days_from_civil(*iso_year, 1, 1)) / 7) + 1;
}

/* Day number of the Monday of ISO week 1 of iso_year. */
static int64_t
iso_week1(int iso_year)
{
	int64_t jan4 = ts_days_from_civil(iso_year, 1, 4);

	return jan4 - ts_weekday(jan4) + 1;
}

/* Day number of the first of a month; mon may be 0 or 13. */
static int64_t
month_start(int year, int mon)
{
	if (mon < 1) {
		year--;
		mon += 12;
	} else if (mon > 12) {
		year++;
		mon -= 12;
	}
	return ts_days_from_civil(year, mon, 1);
}

/* ---- zones: structures and POSIX TZ rules ---- */

/* A date in a POSIX TZ rule: "Jn", "n" or "Mm.w.d", then "/time". */
struct tz_date {
	char kind;		/* 'J' (1..365, no Feb 29), 'n' (0..365), 'M' */
	int mon;		/* Mm.w.d: 1..12 */
	int week;		/* 1..5, 5 being the last such weekday */
	int wday;		/* 0 = Sunday .. 6 */
	int day;		/* Jn and n */
	int32_t time;		/* local seconds after midnight; -167h..167h */
};

struct tz_rule {
	int32_t std_off;	/* seconds east of Greenwich */
	int32_t dst_off;
	int has_dst;		/* 0: std_off all year */
	struct tz_date start;	/* daylight time starts (in standard time) */
	struct tz_date end;	/* and ends (in daylight time) */
};

struct ts_tz {
	const char *name;
	int64_t *trans;		/* instants where the offset changes, rising */
	int32_t *off;		/* the offset from trans[i] on */
	size_t n;
	size_t cap;
	int32_t off0;		/* the offset before trans[0] */
	int32_t minoff;		/* bounds of every offset the zone uses, */
	int32_t maxoff;		/* so of wall - instant */
	int has_rule;
	struct tz_rule rule;	/* when has_rule, governs outside the table: */
	int64_t tab_lo;		/* instants before tab_lo */
	int64_t tab_hi;		/* and from tab_hi on */
	struct ts_tz *next;	/* the list of loaded zones */
};

static struct ts_tz tz_utc = {
	.name = "UTC",
	.tab_lo = INT64_MIN,
	.tab_hi = INT64_MAX
};

/* Every zone loaded, for the life of the process (never freed). */
static struct ts_tz *tz_cache;

static const struct ts_tz *
zone(const struct ts_tz *z)
{
	return z ? z : &tz_utc;
}

/* An unsigned number of at most 3 digits in [lo, hi]. */
static const char *
tzp_num(const char *p, int lo, int hi, int *v)
{
	int n = 0, nd = 0;

	while (is_digit(*p) && nd < 3) {
		n = n * 10 + (*p++ - '0');
		nd++;
	}
	if (nd == 0 || is_digit(*p) || n < lo || n > hi)
		return NULL;
	*v = n;
	return p;
}

/* "[+-]hh[:mm[:ss]]", hours up to maxh, into signed seconds. */
static const char *
tzp_hms(const char *p, int maxh, int32_t *sec)
{
	int neg = 0, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((p = tzp_num(p, 0, maxh, &h)) == NULL)
		return NULL;
	if (*p == ':' && (p = tzp_num(p + 1, 0, 59, &m)) != NULL &&
	    *p == ':')
		p = tzp_num(p + 1, 0, 59, &s);
	if (p == NULL)
		return NULL;
	*sec = (h * 3600 + m * 60 + s) * (neg ? -1 : 1);
	return p;
}

/* A zone abbreviation: 3 or more letters, or <...> as in "<-03>3". */
static const char *
tzp_name(const char *p)
{
	const char *q;

	if (*p == '<') {
		for (q = ++p; is_digit(*q) || is_alpha(*q) || *q == '+' ||
		    *q == '-'; q++)
			;
		return *q == '>' && q - p >= 3 ? q + 1 : NULL;
	}
	for (q = p; is_alpha(*q); q++)
		;
	return q - p >= 3 ? q : NULL;
}

static const char *
tzp_date(const char *p, struct tz_date *d)
{
	memset(d, 0, sizeof *d);
	d->kind = *p == 'M' || *p == 'J' ? *p++ : 'n';
	if (d->kind == 'M') {
		if ((p = tzp_num(p, 1, 12, &d->mon)) == NULL || *p++ != '.' ||
		    (p = tzp_num(p, 1, 5, &d->week)) == NULL || *p++ != '.' ||
		    (p = tzp_num(p, 0, 6, &d->wday)) == NULL)
			return NULL;
	} else if ((p = tzp_num(p, d->kind == 'J', 365, &d->day)) == NULL)
		return NULL;
	d->time = 7200;
	/* TZif version 3 allows -167..167 hours, e.g. "M3.5.0/-2". */
	if (*p == '/')
		p = tzp_hms(p + 1, 167, &d->time);
	return p;
}

/*
 * Parses a POSIX TZ rule: std offset [dst [offset] [,start[/time],end[/time]]].
 * Without a date rule (POSIX leaves it to the implementation) daylight time
 * follows the US rule, as glibc does.
 */
static int
tz_rule_parse(const char *s, struct tz_rule *r)
{
	const char *p = s;
	int32_t v;

	memset(r, 0, sizeof *r);
	if ((p = tzp_name(p)) == NULL || (p = tzp_hms(p, 24, &v)) == NULL)
		return -1;
	r->std_off = -v;	/* POSIX counts west of Greenwich */
	if (*p == '\0')
		return 0;
	if ((p = tzp_name(p)) == NULL)
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = tzp_hms(p, 24, &v)) == NULL)
			return -1;
		r->dst_off = -v;
	}
	if (*p == '\0')
		p = ",M3.2.0,M11.1.0";
	if (*p++ != ',' || (p = tzp_date(p, &r->start)) == NULL ||
	    *p++ != ',' || (p = tzp_date(p, &r->end)) == NULL)
		return -1;
	return *p == '\0' ? 0 : -1;
}

/* Day number of a rule date in a year. */
static int64_t
rule_day(const struct tz_date *d, int year)
{
	int64_t first;
	int day, mdays;

	if (d->kind == 'J')
		return ts_days_from_civil(year, 1, 1) + d->day - 1 +
		    (d->day >= 60 && ts_month_days(year, 2) == 29);
	if (d->kind == 'n')
		return ts_days_from_civil(year, 1, 1) + d->day;
	first = ts_days_from_civil(year, d->mon, 1);
	day = (d->wday - ts_weekday(first) % 7 + 7) % 7 + 7 * (d->week - 1);
	mdays = ts_month_days(year, d->mon);
	while (day >= mdays)
		day -= 7;
	return first + day;
}

struct tz_ev {
	int64_t at;
	int32_t off;		/* the offset from `at` on */
	int order;		/* at one instant an end sorts before a start */
};

/*
 * The offset a rule gives at t, and the next instant (> t) where it may
 * change.  The events of five years around t are sorted, so that rules
 * whose times spill into the next or previous year (v3: "J365/25", the
 * southern hemisphere's DST across New Year) need no special case.
 */
static void
rule_seg(const struct tz_rule *r, int64_t t, int32_t *off, int64_t *next)
{
	struct tz_ev ev[10], e;
	int64_t tt = t < -TZ_FAR ? -TZ_FAR : t > TZ_FAR ? TZ_FAR : t;
	int year, mon, day, y, i, j, n = 0;

	*off = r->std_off;
	*next = t < -TZ_FAR ? -TZ_FAR : INT64_MAX;
	if (!r->has_dst)
		return;
	ts_civil_from_days(floor_div(tt, DAY), &year, &mon, &day);
	for (y = year - 2; y <= year + 2; y++) {
		ev[n++] = (struct tz_ev){ rule_day(&r->start, y) * DAY +
		    r->start.time - r->std_off, r->dst_off, 1 };
		ev[n++] = (struct tz_ev){ rule_day(&r->end, y) * DAY +
		    r->end.time - r->dst_off, r->std_off, 0 };
	}
	for (i = 1; i < n; i++) {
		e = ev[i];
		for (j = i; j > 0 && (ev[j - 1].at > e.at ||
		    (ev[j - 1].at == e.at && ev[j - 1].order > e.order)); j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
	}
	for (i = 0; i < n && ev[i].at <= tt; i++)
		*off = ev[i].off;
	if (i < n && t == tt)
		*next = ev[i].at;
}

/*
 * The offset in force at t and, in *next, the next instant (> t) where it
 * may change (INT64_MAX when never).  A "change" to the same offset may be
 * reported where the table hands over to the rule; callers do not mind.
 */
static int32_t
tz_seg(const struct ts_tz *z, int64_t t, int64_t *next)
{
	size_t lo = 0, hi = z->n, mid;
	int32_t off;

	if (z->has_rule && (t < z->tab_lo || t >= z->tab_hi)) {
		rule_seg(&z->rule, t, &off, next);
		if (t < z->tab_lo && *next > z->tab_lo)
			*next = z->tab_lo;
		return off;
	}
	while (lo < hi) {		/* the first transition after t */
		mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	*next = lo < z->n ? z->trans[lo] : z->tab_hi;
	return lo ? z->off[lo - 1] : z->off0;
}

/* Appends a transition, keeping only those that change the offset. */
static void
tab_push(struct ts_tz *z, int64_t at, int32_t off)
{
	int32_t cur = z->n ? z->off[z->n - 1] : z->off0;

	if (z->n && z->trans[z->n - 1] == at) {
		z->off[z->n - 1] = off;
		if ((z->n > 1 ? z->off[z->n - 2] : z->off0) == off)
			z->n--;
		return;
	}
	if (off == cur)
		return;
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 64;
		z->trans = ts_xreallocarray(z->trans, z->cap, sizeof *z->trans);
		z->off = ts_xreallocarray(z->off, z->cap, sizeof *z->off);
	}
	z->trans[z->n] = at;
	z->off[z->n++] = off;
}

/*
 * Completes a zone once its table holds the file's transitions (the last at
 * `last` when has_trans): the rule governs from `last` on, and is written
 * into the table up to the horizon.  A zone with a rule and no transitions
 * is the rule at all times; it is tabulated from TZ_EARLY.
 */
static void
tz_finish(struct ts_tz *z, int has_trans, int64_t last)
{
	int64_t t, next;
	int32_t off;
	size_t i;

	z->tab_lo = INT64_MIN;
	z->tab_hi = INT64_MAX;
	if (z->has_rule) {
		t = has_trans ? last : TZ_EARLY;
		if (!has_trans) {
			z->tab_lo = TZ_EARLY;
			rule_seg(&z->rule, t, &z->off0, &next);
		}
		z->tab_hi = t > TZ_HORIZON ? t : TZ_HORIZON;
		for (;;) {
			rule_seg(&z->rule, t, &off, &next);
			tab_push(z, t, off);
			if (next >= z->tab_hi)
				break;
			t = next;
		}
	}
	z->minoff = z->maxoff = z->off0;
	for (i = 0; i < z->n; i++) {
		z->minoff = z->off[i] < z->minoff ? z->off[i] : z->minoff;
		z->maxoff = z->off[i] > z->maxoff ? z->off[i] : z->maxoff;
	}
	if (z->has_rule) {
		off = z->rule.has_dst ? z->rule.dst_off : z->rule.std_off;
		z->minoff = z->rule.std_off < z->minoff ? z->rule.std_off :
		    z->minoff;
		z->maxoff = z->rule.std_off > z->maxoff ? z->rule.std_off :
		    z->maxoff;
		z->minoff = off < z->minoff ? off : z->minoff;
		z->maxoff = off > z->maxoff ? off : z->maxoff;
	}
}

/* ---- zones: TZif files (RFC 8536) ---- */

struct tzif_hdr {
	int version;		/* 0, or '2', '3', '4'... */
	uint32_t isut, isstd, leap, time, type, chars;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be32s(const unsigned char *p)
{
	uint32_t u = be32(p);

	return u < 0x80000000u ? (int64_t)u : (int64_t)u - INT64_C(4294967296);
}

static int64_t
be64s(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);

	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

static int
tzif_hdr(const unsigned char *p, size_t len, struct tzif_hdr *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = p[4];
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	if (h->type == 0 || h->type > 256 || h->time > 100000 ||
	    h->leap > 100000 || h->chars > 100000 ||
	    (h->isut != 0 && h->isut != h->type) ||
	    (h->isstd != 0 && h->isstd != h->type))
		return -1;
	return 0;
}

/* Bytes of the data block after a header; tsz is 4 (v1) or 8. */
static size_t
tzif_size(const struct tzif_hdr *h, size_t tsz)
{
	return (size_t)h->time * (tsz + 1) + (size_t)h->type * 6 + h->chars +
	    (size_t)h->leap * (tsz + 4) + h->isstd + h->isut;
}

/*
 * Reads a data block into z's table.  Files with leap seconds ("right/")
 * are refused: their transition times are not POSIX seconds.
 */
static int
tzif_data(struct ts_tz *z, const unsigned char *p, const struct tzif_hdr *h,
    size_t tsz, int64_t *last)
{
	const unsigned char *idx = p + (size_t)h->time * tsz;
	const unsigned char *types = idx + h->time;
	int32_t toff[256];
	int64_t at, prev = 0;
	uint32_t i;

	if (h->leap)
		return -1;
	for (i = 0; i < h->type; i++) {
		at = be32s(types + 6 * i);
		if (at < -89999 || at > 93599 || types[6 * i + 4] > 1 ||
		    types[6 * i + 5] >= h->chars)
			return -1;
		toff[i] = (int32_t)at;
	}
	z->off0 = toff[0];
	for (i = 0; i < h->time; i++) {
		at = tsz == 8 ? be64s(p + 8 * i) : be32s(p + 4 * i);
		if ((i > 0 && at <= prev) || idx[i] >= h->type)
			return -1;
		tab_push(z, at, toff[idx[i]]);
		prev = at;
	}
	*last = prev;
	return 0;
}

/* The footer of a v2+ file: "\nTZ rule\n", the rule possibly empty. */
static int
tzif_footer(struct ts_tz *z, const unsigned char *p, size_t len)
{
	char rule[256];
	const unsigned char *nl;

	if (len < 2 || p[0] != '\n' ||
	    (nl = memchr(p + 1, '\n', len - 1)) == NULL ||
	    (size_t)(nl - p - 1) >= sizeof rule)
		return -1;
	memcpy(rule, p + 1, (size_t)(nl - p - 1));
	rule[nl - p - 1] = '\0';
	if (rule[0] == '\0')
		return 0;
	if (tz_rule_parse(rule, &z->rule) == -1)
		return -1;
	z->has_rule = 1;
	return 0;
}

/* Parses a TZif file of any version; v2+ use the 64-bit block. */
static int
tzif_parse(struct ts_tz *z, const unsigned char *p, size_t len)
{
	struct tzif_hdr h;
	size_t tsz = 4, sz;
	int64_t last = 0;

	if (tzif_hdr(p, len, &h) == -1)
		return -1;
	sz = 44 + tzif_size(&h, 4);
	if (h.version >= '2') {
		if (sz > len || tzif_hdr(p + sz, len - sz, &h) == -1)
			return -1;
		p += sz;
		len -= sz;
		tsz = 8;
		sz = 44 + tzif_size(&h, 8);
	}
	if (sz > len || tzif_data(z, p + 44, &h, tsz, &last) == -1 ||
	    (tsz == 8 && tzif_footer(z, p + sz, len - sz) == -1))
		return -1;
	tz_finish(z, h.time > 0, last);
	return 0;
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	ssize_t k;
	size_t n = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > TZ_MAXFILE) {
		close(fd);
		return NULL;
	}
	buf = ts_xmalloc((size_t)st.st_size + 1);
	while (n <= (size_t)st.st_size &&
	    (k = read(fd, buf + n, (size_t)st.st_size + 1 - n)) != 0) {
		if (k < 0) {
			free(buf);
			close(fd);
			return NULL;
		}
		n += (size_t)k;
	}
	close(fd);
	*len = n;
	return buf;
}

/*
 * An IANA name: relative, no empty component, none starting with '.' (so
 * no "." or ".."), letters, digits and "-+_." only.
 */
static int
tz_name_ok(const char *name)
{
	const char *p, *comp = name;

	if (strlen(name) > 255)
		return 0;
	for (p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == comp || *comp == '.')
				return 0;
			if (*p == '\0')
				return 1;
			comp = p + 1;
		} else if (!is_alpha(*p) && !is_digit(*p) && *p != '-' &&
		    *p != '+' && *p != '_' && *p != '.')
			return 0;
	}
}

static struct ts_tz *
tz_cached(const char *name)
{
	struct ts_tz *z;

	for (z = tz_cache; z; z = z->next)
		if (strcmp(z->name, name) == 0)
			return z;
	return NULL;
}

static struct ts_tz *
tz_add(struct ts_tz *z, const char *name)
{
	z->name = ts_xstrdup(name);
	z->next = tz_cache;
	tz_cache = z;
	return z;
}

static void
tz_drop(struct ts_tz *z)
{
	free(z->trans);
	free(z->off);
	free(z);
}

static struct ts_tz *
tz_read(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[PATH_MAX];
	unsigned char *data;
	struct ts_tz *z;
	size_t len;
	int n;

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path ||
	    (data = read_file(path, &len)) == NULL)
		return NULL;
	z = ts_xcalloc(1, sizeof *z);
	if (tzif_parse(z, data, len) == -1) {
		tz_drop(z);
		z = NULL;
	}
	free(data);
	return z;
}

const struct ts_tz *
ts_tz_load(const char *name, struct ts_error *err)
{
	struct ts_tz *z;
	char q[80];

	if (name == NULL)
		name = "";
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		return &tz_utc;
	if ((z = tz_cached(name)) != NULL)
		return z;
	if (!tz_name_ok(name) || (z = tz_read(name)) == NULL) {
		ts_error_set(err, TS_EXIT_USAGE, "unknown time zone '%s'",
		    quote(q, sizeof q, name, strlen(name)));
		return NULL;
	}
	return tz_add(z, name);
}

const struct ts_tz *
ts_tz_utc(void)
{
	return &tz_utc;
}

const char *
ts_tz_name(const struct ts_tz *z)
{
	return zone(z)->name;
}

/* A zone made of a POSIX TZ rule alone, named by the rule. */
static const struct ts_tz *
tz_from_rule(const char *s)
{
	struct ts_tz *z;

	if ((z = tz_cached(s)) != NULL)
		return z;
	z = ts_xcalloc(1, sizeof *z);
	if (tz_rule_parse(s, &z->rule) == -1) {
		tz_drop(z);
		return NULL;
	}
	z->has_rule = 1;
	tz_finish(z, 0, 0);
	return tz_add(z, s);
}

const struct ts_tz *
ts_tz_rule(const char *rule)
{
	return tz_from_rule(rule);
}

/*
 * The zone named by a path into a zoneinfo directory, or by the symbolic
 * link at path (/etc/localtime -> /usr/share/zoneinfo/Europe/Paris).
 */
static const struct ts_tz *
tz_from_path(const char *path)
{
	char link[PATH_MAX];
	const char *p;
	ssize_t k;

	if ((p = strstr(path, "zoneinfo/")) == NULL) {
		if ((k = readlink(path, link, sizeof link - 1)) <= 0)
			return NULL;
		link[k] = '\0';
		if ((p = strstr(link, "zoneinfo/")) == NULL)
			return NULL;
	}
	p += strlen("zoneinfo/");
	if (strncmp(p, "posix/", 6) == 0)
		p += 6;
	return ts_tz_load(p, NULL);
}

/* Debian's /etc/timezone: the zone's name on one line. */
static const struct ts_tz *
tz_from_etc_timezone(void)
{
	char line[256];
	size_t n;
	FILE *f;

	if ((f = fopen("/etc/timezone", "r")) == NULL)
		return NULL;
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, " \t\r\n");
	line[n] = '\0';
	return n ? ts_tz_load(line, NULL) : NULL;
}

/*
 * $TZ may name a zone, be a path (":/usr/share/zoneinfo/Europe/Paris") or a
 * POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3"), which becomes a zone named by
 * the rule; what cannot be read is UTC, as glibc does.
 */
const struct ts_tz *
ts_tz_default(void)
{
	const char *tz = getenv("TZ");
	const struct ts_tz *z;

	if (tz != NULL) {
		tz += *tz == ':';
		if (*tz == '\0')
			return &tz_utc;
		if (*tz == '/')
			z = tz_from_path(tz);
		else if ((z = ts_tz_load(tz, NULL)) == NULL)
			z = tz_from_rule(tz);
		return z ? z : &tz_utc;
	}
	if ((z = tz_from_path("/etc/localtime")) != NULL ||
	    (z = tz_from_etc_timezone()) != NULL)
		return z;
	return &tz_utc;
}

/* ---- offsets and wall times ---- */

int
ts_tz_offset(const struct ts_tz *z, int64_t t)
{
	int64_t next;

	return tz_seg(zone(z), t, &next);
}

int64_t
ts_tz_wall(const struct ts_tz *z, int64_t t)
{
	int off = ts_tz_offset(z, t);

	if ((off > 0 && t > INT64_MAX - off) ||
	    (off < 0 && t < INT64_MIN - off))
		return t;		/* no such date anyway */
	return t + off;
}

/*
 * The instants that show wall time w, as ts_tz_from_wall; for a gap, *jump
 * is the instant the clocks jumped (the first instant after the gap).
 * Only instants in [w - maxoff, w - minoff] can show w: the segments of
 * constant offset over that range are walked, each offering w - offset.
 */
static int
tz_resolve(const struct ts_tz *z, int64_t w, int64_t t[2], int64_t *jump)
{
	int64_t s, next, cand, hi;
	int32_t off, prev;
	int n = 0;

	*jump = TS_TIME_NONE;
	if (w < -WALL_FAR || w > WALL_FAR) {
		t[0] = w;
		return 1;
	}
	hi = w - z->minoff;
	s = w - z->maxoff;
	off = tz_seg(z, s, &next);
	for (;;) {
		cand = w - off;
		if (cand >= s && cand < next)
			t[n < 2 ? n++ : 1] = cand;
		if (next > hi)
			break;
		prev = off;
		s = next;
		off = tz_seg(z, s, &next);
		if (n == 0 && *jump == TS_TIME_NONE && w - prev >= s &&
		    w - off < s) {
			t[0] = w - prev;
			*jump = s;
		}
	}
	return n;
}

int
ts_tz_from_wall(const struct ts_tz *z, int64_t wall, int64_t t[2])
{
	int64_t jump;

	return tz_resolve(zone(z), wall, t, &jump);
}

void
ts_tzconv_init(struct ts_tzconv *c, const struct ts_tz *z)
{
	memset(c, 0, sizeof *c);
	c->tz = zone(z);
}

/*
 * A wall hour is cached only when no transition falls among the instants
 * that could show any time in it: then every wall time of the hour has
 * exactly one instant, at the same offset.  Hours near a transition (at
 * most a day or so a year) always take the full computation, whatever
 * minute the transition happens at.
 */
static int
tzconv_miss(struct ts_tzconv *c, int64_t wall, int64_t h, size_t s,
    int64_t t[2])
{
	const struct ts_tz *z = zone(c->tz);
	int64_t hs = h * 3600, next;
	int32_t off;

	if (wall < -WALL_FAR || wall > WALL_FAR)
		return ts_tz_from_wall(z, wall, t);
	off = tz_seg(z, hs - z->maxoff, &next);
	if (next < hs + 3600 - z->minoff)
		return ts_tz_from_wall(z, wall, t);
	c->tz = z;
	c->hour[s] = h;
	c->off[s] = off;
	c->valid[s] = 1;
	t[0] = wall - off;
	return 1;
}

int
ts_tzconv_from_wall(struct ts_tzconv *c, int64_t wall, int64_t t[2])
{
	int64_t h = wall / 3600 - (wall % 3600 < 0);
	size_t s = (size_t)((uint64_t)h % TS_TZCONV_SLOTS);

	if (c->hour[s] == h && c->valid[s]) {
		t[0] = wall - c->off[s];
		return 1;
	}
	return tzconv_miss(c, wall, h, s, t);
}

/* ---- parsing ---- */

/* k digits at s[*i], within n bytes. */
static int
digits(const char *s, size_t n, size_t *i, int k, int *v)
{
	int x = 0, j;

	if (*i + (size_t)k > n)
		return -1;
	for (j = 0; j < k; j++) {
		if (!is_digit(s[*i + j]))
			return -1;
		x = x * 10 + (s[*i + j] - '0');
	}
	*i += (size_t)k;
	*v = x;
	return 0;
}

static int
expect(const char *s, size_t n, size_t *i, int c)
{
	if (*i >= n || s[*i] != c)
		return -1;
	(*i)++;
	return 0;
}

int
ts_wall_parse19(const char *s, size_t n, int64_t *wall)
{
	struct ts_civil c;
	const unsigned char *u = (const unsigned char *)s;
	int i;

	if (n != 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':')
		return -1;
	for (i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (unsigned)(u[i] - '0') > 9)
			return -1;
	c.year = (u[0] - '0') * 1000 + (u[1] - '0') * 100 +
	    (u[2] - '0') * 10 + (u[3] - '0');
	c.mon = (u[5] - '0') * 10 + (u[6] - '0');
	c.day = (u[8] - '0') * 10 + (u[9] - '0');
	c.hour = (u[11] - '0') * 10 + (u[12] - '0');
	c.min = (u[14] - '0') * 10 + (u[15] - '0');
	c.sec = (u[17] - '0') * 10 + (u[18] - '0');
	if (!ts_civil_valid(&c))
		return -1;
	*wall = ts_civil_to_wall(&c);
	return 0;
}

/* The parts of an ISO 8601 text (ts_time_parse's forms but "@"). */
struct iso {
	struct ts_civil c;
	int has_time;
	int has_off;
	int32_t off;		/* seconds east, when has_off */
};

/* "Z", "+HH", "+HHMM" or "+HH:MM" at s[*i]. */
static int
parse_offset(const char *s, size_t n, size_t *i, int32_t *off)
{
	int h, m = 0, neg;

	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		*off = 0;
		return 0;
	}
	if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
		return -1;
	neg = s[(*i)++] == '-';
	if (digits(s, n, i, 2, &h) == -1 || h > 23)
		return -1;
	if (*i < n && s[*i] == ':' && ++*i >= n)
		return -1;		/* "+01:" */
	if (*i < n && (digits(s, n, i, 2, &m) == -1 || m > 59))
		return -1;
	*off = (h * 3600 + m * 60) * (neg ? -1 : 1);
	return 0;
}

/* Returns 0, -1 for a syntax error, -2 for a date or time that is not. */
static int
parse_iso(const char *s, size_t n, struct iso *p)
{
	size_t i = 0;

	memset(p, 0, sizeof *p);
	if (digits(s, n, &i, 4, &p->c.year) == -1 ||
	    expect(s, n, &i, '-') == -1 ||
	    digits(s, n, &i, 2, &p->c.mon) == -1 ||
	    expect(s, n, &i, '-') == -1 ||
	    digits(s, n, &i, 2, &p->c.day) == -1)
		return -1;
	if (i < n) {
		if (s[i] != 'T' && s[i] != ' ')
			return -1;
		i++;
		p->has_time = 1;
		if (digits(s, n, &i, 2, &p->c.hour) == -1 ||
		    expect(s, n, &i, ':') == -1 ||
		    digits(s, n, &i, 2, &p->c.min) == -1)
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, 2, &p->c.sec) == -1)
				return -1;
			if (i < n && s[i] == '.') {
				/* A fraction: at least one digit, dropped. */
				if (++i >= n || !is_digit(s[i]))
					return -1;
				while (i < n && is_digit(s[i]))
					i++;
			}
		}
		if (i < n) {
			if (parse_offset(s, n, &i, &p->off) == -1 || i != n)
				return -1;
			p->has_off = 1;
		}
	}
	return ts_civil_valid(&p->c) ? 0 : -2;
}

/* "@1795000000", or with at == 0 a bare count: seconds since the epoch. */
static int
parse_epoch(const char *s, size_t n, int at, int64_t *t)
{
	size_t i = 0;
	int64_t v = 0;
	int neg;

	if (at && (n == 0 || s[i++] != '@'))
		return -1;
	neg = i < n && s[i] == '-';
	i += (size_t)neg;
	if (i >= n)
		return -1;
	for (; i < n; i++) {
		if (!is_digit(s[i]) || v > (TEXT_MAX + 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	v = neg ? -v : v;
	if (v < TEXT_MIN || v > TEXT_MAX)
		return -1;
	*t = v;
	return 0;
}

/* "+01:00" for an offset; seconds, if any, are cut (LMT before 1900). */
static void
fmt_offset(char buf[7], int32_t off)
{
	int32_t a = off < 0 ? -off : off;

	buf[0] = off < 0 ? '-' : '+';
	put2(buf + 1, (int)(a / 3600 % 100));
	buf[3] = ':';
	put2(buf + 4, (int)(a / 60 % 60));
	buf[6] = '\0';
}

/*
 * The first instant of local day `days` in z: its midnight, the earlier
 * one if midnight happens twice, the end of the gap if the clocks jumped
 * over it (as America/Havana's do).
 */
static int64_t
day_start(const struct ts_tz *z, int64_t days)
{
	int64_t t[2], jump;

	if (days > WALL_FAR / DAY || days < -WALL_FAR / DAY)
		return days > 0 ? INT64_MAX : INT64_MIN;
	if (tz_resolve(z, days * DAY, t, &jump) == 0)
		return jump;
	return t[0];
}

/* A wall time in z to an instant, with the gap and fold errors. */
static int
resolve_wall(const char *s, size_t n, const struct ts_tz *z, int64_t w,
    enum ts_fold fold, int64_t *t, struct ts_error *err)
{
	int64_t tt[2], jump;
	char q[80], o1[8], o2[8];

	switch (tz_resolve(z, w, tt, &jump)) {
	case 0:
		return ts_error_set(err, TS_EXIT_FAIL, "no such local time "
		    "'%s' in %s (clocks go forward)", quote(q, sizeof q, s, n),
		    z->name);
	case 2:
		if (fold != TS_FOLD_REJECT) {
			*t = fold == TS_FOLD_LATER ? tt[1] : tt[0];
			return 0;
		}
		fmt_offset(o1, (int32_t)(w - tt[0]));
		fmt_offset(o2, (int32_t)(w - tt[1]));
		return ts_error_set(err, TS_EXIT_FAIL, "ambiguous local time "
		    "'%s' in %s; give an offset (%s or %s)",
		    quote(q, sizeof q, s, n), z->name, o1, o2);
	}
	*t = tt[0];
	return 0;
}

static int
parse_time(const char *s, size_t n, const struct ts_tz *z,
    enum ts_fold fold, int64_t *t, struct ts_error *err)
{
	struct iso p;
	char q[80];
	int64_t w;
	int rc;

	z = zone(z);
	if (n > 0 && s[0] == '@') {
		if (parse_epoch(s, n, 1, t) == -1)
			return ts_error_set(err, TS_EXIT_FAIL, "invalid time "
			    "'%s': seconds since the epoch out of range or "
			    "not a number", quote(q, sizeof q, s, n));
		return 0;
	}
	if ((rc = parse_iso(s, n, &p)) != 0)
		return ts_error_set(err, TS_EXIT_FAIL, rc == -2 ?
		    "invalid time '%s': no such date or time of day" :
		    "invalid time '%s': expected YYYY-MM-DD[THH:MM[:SS]]"
		    "[+HH:MM]", quote(q, sizeof q, s, n));
	w = ts_civil_to_wall(&p.c);
	if (p.has_off)
		*t = w - p.off;
	else if (!p.has_time)
		*t = day_start(z, floor_div(w, DAY));
	else
		return resolve_wall(s, n, z, w, fold, t, err);
	return 0;
}

int
ts_time_parse(const char *s, size_t n, const struct ts_tz *z,
    enum ts_fold fold, int64_t *t, struct ts_error *err)
{
	char q[80];

	if (parse_time(s, n, z, fold, t, err) < 0)
		return -1;
	/*
	 * A day inside the years ts_time_iso writes with four digits, so
	 * that whatever is read can be written back and read again in any
	 * zone ("9999-12-31T23:00-14:00" is in the year 10000 in Paris).
	 */
	if (*t < TEXT_MIN + DAY || *t > TEXT_MAX - DAY)
		return ts_error_set(err, TS_EXIT_FAIL, "invalid time '%s': "
		    "out of range (years 0000 to 9999)",
		    quote(q, sizeof q, s, n));
	return 0;
}

/* ---- the clock ---- */

int
ts_now(int64_t *now, struct ts_error *err)
{
	const char *s = getenv("TS_NOW");
	struct iso p;
	char q[80];
	size_t n;

	if (s == NULL || *s == '\0') {
		*now = (int64_t)time(NULL);
		return 0;
	}
	n = strlen(s);
	if (parse_epoch(s, n, s[0] == '@', now) == 0)
		return 0;
	if (parse_iso(s, n, &p) == 0 && p.has_off) {
		*now = ts_civil_to_wall(&p.c) - p.off;
		return 0;
	}
	return ts_error_set(err, TS_EXIT_USAGE, "invalid TS_NOW '%s': give "
	    "an ISO 8601 time with an offset or 'Z', or seconds since the "
	    "epoch", quote(q, sizeof q, s, n));
}

/* ---- formatting ---- */

/*
 * The first len bytes of "YYYY-MM-DD?HH:MM:SS" (sep for '?'): 10, 16 or
 * 19.  Years outside 0000..9999 are rare enough for snprintf.
 */
static size_t
fmt_wall(char buf[TS_ISO_MAX], int64_t wall, char sep, size_t len)
{
	struct ts_civil c;
	char *p = buf;
	int k;

	ts_civil_from_wall(wall, &c);
	if (c.year < 0 || c.year > 9999) {
		k = snprintf(buf, TS_ISO_MAX, "%04d-%02d-%02d%c%02d:%02d:%02d",
		    c.year, c.mon, c.day, sep, c.hour, c.min, c.sec);
		len = k < 19 ? 0 : (size_t)k - (19 - len);
		len = len < TS_ISO_MAX - 7 ? len : TS_ISO_MAX - 7;
		buf[len] = '\0';
		return len;
	}
	p = put2(put2(p, c.year / 100), c.year % 100);
	*p++ = '-';
	p = put2(p, c.mon);
	*p++ = '-';
	p = put2(p, c.day);
	*p++ = sep;
	p = put2(p, c.hour);
	*p++ = ':';
	p = put2(p, c.min);
	*p++ = ':';
	put2(p, c.sec);
	buf[len] = '\0';
	return len;
}

/*
 * ISO 8601 and RFC 3339 offsets have minutes only: an offset with seconds
 * (local mean time, before about 1900) is cut to the minute and the wall
 * time shown is that of the printed offset, so the text names t exactly.
 */
size_t
ts_time_iso(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX])
{
	int32_t off = ts_tz_offset(z, t) / 60 * 60;
	size_t len;

	if (t < -WALL_FAR || t > WALL_FAR)
		off = 0;
	len = fmt_wall(buf, t + off, 'T', 19);
	fmt_offset(buf + len, off);
	return len + 6;
}

size_t
ts_time_date(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX])
{
	return fmt_wall(buf, ts_tz_wall(z, t), ' ', 10);
}

size_t
ts_time_local(int64_t t, const struct ts_tz *z, char buf[TS_ISO_MAX])
{
	return fmt_wall(buf, ts_tz_wall(z, t), ' ', 16);
}

/* ---- durations ---- */

#define DUR_MAX_S INT64_C(315569520000)	/* 10000 years of 365.2425 days */
#define DUR_MAX_MO 120000		/* 10000 years */

static const struct {
	const char *name;
	int64_t sec;
	int32_t months;
} dur_units[] = {
	{ "w", 604800, 0 }, { "d", 86400, 0 }, { "h", 3600, 0 },
	{ "m", 60, 0 }, { "s", 1, 0 }, { "y", 0, 12 }, { "mo", 0, 1 }
};
#define NUNITS (sizeof dur_units / sizeof dur_units[0])

/* Adds v of unit k to d; -1 past the limits. */
static int
dur_add(struct ts_duration *d, int64_t v, size_t k)
{
	if (dur_units[k].months) {
		if (v > (DUR_MAX_MO - d->months) / dur_units[k].months)
			return -1;
		d->months += (int32_t)v * dur_units[k].months;
	} else {
		if (v > (DUR_MAX_S - d->seconds) / dur_units[k].sec)
			return -1;
		d->seconds += v * dur_units[k].sec;
	}
	return 0;
}

static int
dur_unit(const char *u, size_t n)
{
	size_t k;

	for (k = 0; k < NUNITS; k++)
		if (strlen(dur_units[k].name) == n &&
		    memcmp(dur_units[k].name, u, n) == 0)
			return (int)k;
	return -1;
}

int
ts_duration_parse(const char *s, struct ts_duration *d, struct ts_error *err)
{
	const char *p = s, *u;
	char q[80];
	int64_t v;
	int k;

	d->seconds = 0;
	d->months = 0;
	if (s == NULL || *s == '\0')
		return ts_error_set(err, TS_EXIT_USAGE, "empty duration");
	quote(q, sizeof q, s, strlen(s));
	while (*p) {
		if (!is_digit(*p))
			return ts_error_set(err, TS_EXIT_USAGE, *p == '-' ?
			    "negative duration '%s'" : "invalid duration '%s': "
			    "expected a number", q);
		for (v = 0; is_digit(*p); p++) {
			if (v > DUR_MAX_S)
				return ts_error_set(err, TS_EXIT_USAGE,
				    "duration '%s' is too long", q);
			v = v * 10 + (*p - '0');
		}
		for (u = p; is_alpha(*p); p++)
			;
		if (p == u && *p == '\0' &&
		    strspn(s, "0123456789") == (size_t)(p - s))
			k = dur_unit("s", 1);	/* a bare number: seconds */
		else if (p == u)
			return ts_error_set(err, TS_EXIT_USAGE, "invalid "
			    "duration '%s': a number without a unit", q);
		else if ((k = dur_unit(u, (size_t)(p - u))) == -1)
			return ts_error_set(err, TS_EXIT_USAGE, "invalid "
			    "duration '%s': unknown unit '%.*s' (use s, m, h, "
			    "d, w, mo or y)", q, (int)(p - u < 8 ? p - u : 8),
			    u);
		if (dur_add(d, v, (size_t)k) == -1)
			return ts_error_set(err, TS_EXIT_USAGE,
			    "duration '%s' is too long", q);
	}
	return 0;
}

int
ts_duration_seconds(const char *s, int64_t *seconds, struct ts_error *err)
{
	struct ts_duration d;
	char q[80];

	if (ts_duration_parse(s, &d, err) == -1)
		return -1;
	if (d.months != 0)
		return ts_error_set(err, TS_EXIT_USAGE, "duration '%s' counts "
		    "months or years, which have no fixed length; use days",
		    quote(q, sizeof q, s, strlen(s)));
	*seconds = d.seconds;
	return 0;
}

static int64_t
sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

/*
 * Adds months on the wall calendar of z, keeping the time of day and
 * clamping the day to the month's end.  A wall time that happens twice is
 * read as the earlier; one in a gap as the time the clocks show after
 * it, pushed forward by the gap's length (02:30 -> 03:30 in Paris).
 */
static int64_t
add_months(int64_t t, int64_t months, const struct ts_tz *z)
{
	int64_t w, days, m, tt[2], jump;
	int year, mon, day, ny, nm;

	if (months == 0 || t < -TZ_FAR || t > TZ_FAR)
		return t;
	w = ts_tz_wall(z, t);
	days = floor_div(w, DAY);
	ts_civil_from_days(days, &year, &mon, &day);
	m = (int64_t)year * 12 + (mon - 1) + months;
	ny = (int)floor_div(m, 12);
	nm = (int)(m - (int64_t)ny * 12) + 1;
	if (day > ts_month_days(ny, nm))
		day = ts_month_days(ny, nm);
	w += (ts_days_from_civil(ny, nm, day) - days) * DAY;
	tz_resolve(z, w, tt, &jump);
	return tt[0];
}

int64_t
ts_duration_shift(int64_t t, const struct ts_duration *d, int sign,
    const struct ts_tz *z)
{
	z = zone(z);
	if (t == INT64_MIN || t == INT64_MAX)
		return t;		/* an open end stays open */
	if (sign >= 0)
		return sat_add(add_months(t, d->months, z), d->seconds);
	return add_months(sat_add(t, -d->seconds), -(int64_t)d->months, z);
}

static int
ndigits(int64_t v)
{
	int n = 1;

	for (; v >= 10; v /= 10)
		n++;
	return n;
}

/*
 * Splits sec (> 0) into the units of mask, largest first (bit i for
 * dur_units[i], w..s), writing the text to out unless it is NULL.  Returns
 * the text's length, or 0 when the smallest unit leaves a remainder.
 */
static size_t
dur_split(int64_t sec, int mask, char *out, size_t sz, int *parts,
    int *lead)
{
	size_t len = 0, i;
	int64_t q;

	*parts = 0;
	*lead = -1;
	for (i = 0; i < 5; i++) {
		if (!(mask & 1 << i) || (q = sec / dur_units[i].sec) == 0)
			continue;
		sec -= q * dur_units[i].sec;
		*lead = *lead < 0 ? (int)i : *lead;
		(*parts)++;
		if (out != NULL && len < sz)
			snprintf(out + len, sz - len, "%lld%s", (long long)q,
			    dur_units[i].name);
		len += (size_t)ndigits(q) + 1;
	}
	return sec == 0 ? len : 0;
}

/*
 * The seconds part as the shortest text: each subset of the units is
 * tried.  On a tie the fewer parts win ("3661s", not "1h61s"), then the
 * larger units.
 */
static void
dur_format_seconds(int64_t sec, char *best, size_t sz)
{
	size_t len, bestlen = SIZE_MAX;
	int mask, parts, lead, bestmask = 16, bestparts = 99, bestlead = 99;

	for (mask = 1; mask < 32; mask++) {
		if ((len = dur_split(sec, mask, NULL, 0, &parts, &lead)) == 0)
			continue;
		if (len < bestlen || (len == bestlen && (parts < bestparts ||
		    (parts == bestparts && lead < bestlead)))) {
			bestlen = len;
			bestparts = parts;
			bestlead = lead;
			bestmask = mask;
		}
	}
	dur_split(sec, bestmask, best, sz, &parts, &lead);
}

size_t
ts_duration_format(const struct ts_duration *d, char *buf, size_t n)
{
	char mo[32] = "", sec[96] = "";
	int k;

	if (d->months != 0 && d->months % 12 == 0)
		snprintf(mo, sizeof mo, "%dy", (int)(d->months / 12));
	else if (d->months != 0)
		snprintf(mo, sizeof mo, "%dmo", (int)d->months);
	if (d->seconds > 0)
		dur_format_seconds(d->seconds, sec, sizeof sec);
	else if (d->seconds < 0 || d->months == 0)
		snprintf(sec, sizeof sec, "%llds", (long long)d->seconds);
	k = snprintf(buf, n, "%s%s", mo, sec);
	return k < 0 ? 0 : (size_t)k;
}

/* ---- periods ---- */

static const char *const period_words[] = {
	"today", "yesterday", "this-week", "last-week", "this-month",
	"last-month", "this-year", "last-year"
};
#define NWORDS (sizeof period_words / sizeof period_words[0])

/* One side of a period: instants, and its normalised label. */
struct pside {
	int64_t from;
	int64_t to;
	char label[64];
};

static int
same_nocase(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(s[i]) != word[i])
			return 0;
	return word[n] == '\0';
}

/* A named period as day numbers [*a, *b); -1 when s names none. */
static int
word_period(const char *s, size_t n, int64_t today, int64_t *a, int64_t *b)
{
	int64_t monday = today - ts_weekday(today) + 1;
	int y, m, d;
	size_t k;

	for (k = 0; k < NWORDS && !same_nocase(s, n, period_words[k]); k++)
		;
	ts_civil_from_days(today, &y, &m, &d);
	switch (k) {		/* the words go in pairs: this, last */
	case 0:
	case 1:
		*a = today - (int64_t)k;
		*b = *a + 1;
		break;
	case 2:
	case 3:
		*a = monday - 7 * (int64_t)(k - 2);
		*b = *a + 7;
		break;
	case 4:
	case 5:
		*a = month_start(y, m - (int)(k - 4));
		*b = month_start(y, m - (int)(k - 4) + 1);
		break;
	case 6:
	case 7:
		*a = month_start(y - (int)(k - 6), 1);
		*b = month_start(y - (int)(k - 6) + 1, 1);
		break;
	default:
		return -1;
	}
	return (int)k;
}

/*
 * "2026", "2026-11", "2026-11-22", "2026-W47" as day numbers [*a, *b).
 * Returns 0, -1 when s has none of these shapes, -2 when it names a month,
 * day or week that does not exist.
 */
static int
date_period(const char *s, size_t n, int64_t *a, int64_t *b, char *label,
    size_t lsz)
{
	size_t i = 0;
	int y, m, d, wy, last;

	if (digits(s, n, &i, 4, &y) == -1)
		return -1;
	if (i == n) {
		*a = month_start(y, 1);
		*b = month_start(y + 1, 1);
		snprintf(label, lsz, "%04d", y);
		return 0;
	}
	if (expect(s, n, &i, '-') == -1)
		return -1;
	if (i < n && lower(s[i]) == 'w') {
		i++;
		if (digits(s, n, &i, 2, &m) == -1 || i != n)
			return -1;
		ts_iso_week(ts_days_from_civil(y, 12, 28), &wy, &last);
		if (m < 1 || m > last)
			return -2;
		*a = iso_week1(y) + 7 * (int64_t)(m - 1);
		*b = *a + 7;
		snprintf(label, lsz, "%04d-W%02d", y, m);
		return 0;
	}
	if (digits(s, n, &i, 2, &m) == -1)
		return -1;
	if (i == n) {
		if (m < 1 || m > 12)
			return -2;
		*a = month_start(y, m);
		*b = month_start(y, m + 1);
		snprintf(label, lsz, "%04d-%02d", y, m);
		return 0;
	}
	if (expect(s, n, &i, '-') == -1 || digits(s, n, &i, 2, &d) == -1 ||
	    i != n)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > ts_month_days(y, m))
		return -2;
	*a = ts_days_from_civil(y, m, d);
	*b = *a + 1;
	snprintf(label, lsz, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* "last-7d": [now - 7d, now); the label keeps the duration as given. */
static int
last_period(const char *s, int64_t now, const struct ts_tz *z,
    struct pside *p, char *why, size_t wsz)
{
	struct ts_error e = TS_ERROR_INIT;
	struct ts_duration d;
	char dl[32];		/* "10000y" plus "521774w6d23h59m59s" at most */
	size_t len = strlen(s);

	if (ts_duration_parse(s, &d, &e) == -1) {
		snprintf(why, wsz, "%s", e.msg);
		return -1;
	}
	p->from = ts_duration_shift(now, &d, -1, z);
	p->to = now;
	if (len + 6 > sizeof p->label) {	/* leading zeros, say */
		len = ts_duration_format(&d, dl, sizeof dl);
		s = dl;
	}
	memcpy(p->label, "last-", 5);
	memcpy(p->label + 5, s, len + 1);
	return 0;
}

/*
 * One side of a period (or a whole period without ".."); in a range
 * (in_range) a time accepted by ts_time_parse is a side too, from and to
 * being that instant.  On error, why says what is wrong.
 */
static int
period_side(const char *s, size_t n, int64_t now, const struct ts_tz *z,
    int in_range, struct pside *p, char *why, size_t wsz)
{
	struct ts_error e = TS_ERROR_INIT;
	int64_t today = floor_div(ts_tz_wall(z, now), DAY), a, b;
	char buf[128], q[80];
	int k;

	quote(q, sizeof q, s, n);
	if (n >= sizeof buf)
		n = sizeof buf - 1;	/* too long for any form: fails below */
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((k = word_period(buf, n, today, &a, &b)) >= 0)
		snprintf(p->label, sizeof p->label, "%s", period_words[k]);
	else if ((k = date_period(buf, n, &a, &b, p->label,
	    sizeof p->label)) == -2) {
		snprintf(why, wsz, "no such date or week '%s'", q);
		return -1;
	} else if (k == -1 && n > 5 && same_nocase(buf, 5, "last-"))
		return last_period(buf + 5, now, z, p, why, wsz);
	else if (k == -1 && in_range && (is_digit(buf[0]) || buf[0] == '@')) {
		if (ts_time_parse(buf, n, z, TS_FOLD_REJECT, &p->from,
		    &e) == -1) {
			snprintf(why, wsz, "%s", e.msg);
			return -1;
		}
		p->to = p->from;
		ts_time_iso(p->from, z, p->label);
		return 0;
	} else if (k == -1) {
		snprintf(why, wsz, in_range ? "'%s' is neither a period nor "
		    "a time" : "expected today, yesterday, this-week, "
		    "last-week, this-month, last-month, this-year, last-year, "
		    "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, last-DURATION or "
		    "A..B", q);
		return -1;
	}
	p->from = day_start(z, a);
	p->to = day_start(z, b);
	return 0;
}

int
ts_period_parse(const char *s, int64_t now, const struct ts_tz *z,
    struct ts_period *p, struct ts_error *err)
{
	struct pside a = { INT64_MIN, INT64_MAX, "" };
	struct pside b = { INT64_MIN, INT64_MAX, "" };
	const char *dots = strstr(s, "..");
	size_t n = strlen(s), na;
	char q[80], why[sizeof err->msg];
	int rc = 0;

	z = zone(z);
	quote(q, sizeof q, s, n);
	if (dots == NULL) {
		rc = period_side(s, n, now, z, 0, &a, why, sizeof why);
		b = a;
	} else {
		na = (size_t)(dots - s);
		if (n == 2) {
			snprintf(why, sizeof why, "give a start, an end or "
			    "both");
			rc = -1;
		}
		if (rc == 0 && na > 0)
			rc = period_side(s, na, now, z, 1, &a, why,
			    sizeof why);
		if (rc == 0 && n > na + 2)
			rc = period_side(dots + 2, n - na - 2, now, z, 1, &b,
			    why, sizeof why);
	}
	if (rc == -1)
		return ts_error_set(err, TS_EXIT_USAGE, "invalid period '%s': "
		    "%s", q, why);
	p->from = a.from;
	p->to = b.to;
	if (dots == NULL)
		snprintf(p->label, sizeof p->label, "%s", a.label);
	else
		snprintf(p->label, sizeof p->label, "%s..%s", a.label,
		    b.label);
	if (p->to <= p->from)
		return ts_error_set(err, TS_EXIT_USAGE, "invalid period '%s': "
		    "%s", q, p->to < p->from ? "it ends before it starts" :
		    "it is empty");
	return 0;
}
