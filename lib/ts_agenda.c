/*
 * ts_agenda.c - free slots and bookings (see ts_agenda.h).
 *
 * Slots are stepped in instants from the start of each open span, so that
 * a day when the clocks change needs no special case: the span's edges
 * are already instants (ts_calendar_day_spans), and a slot's local time is
 * whatever the zone says it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "ts_agenda.h"
#include "ts_buf.h"
#include "ts_mem.h"
#include "banned.h"

#define DAY 86400
#define MAX_SPANS 16
#define NEAREST_BEFORE (7 * DAY)	/* how far nearest() looks back */
#define NEAREST_AFTER (21 * DAY)	/* and ahead */

int
ts_agenda_open(struct ts_agenda_ctx *a, const struct ts_config *cfg,
    const char *id, struct ts_store *store, int64_t now,
    struct ts_error *err)
{
	const struct ts_client *cl = ts_config_client(cfg, id);

	memset(a, 0, sizeof *a);
	if (!cl)
		return ts_error_set(err, TS_EXIT_USAGE, "unknown client '%s'",
		    id);
	if (!cl->agenda)
		return ts_error_set(err, TS_EXIT_USAGE, "client '%s' has no "
		    "'agenda' in the configuration", id);
	a->cfg = cfg;
	a->cl = cl;
	a->ag = cl->agenda;
	a->tz = ts_config_tz(cfg, cl);
	a->hours = *cl;
	if (a->ag->hours.set)
		a->hours.hours = a->ag->hours;
	a->store = store;
	a->now = now;
	return 0;
}

const struct ts_agenda_type *
ts_agenda_type(const struct ts_agenda_ctx *a, const char *name,
    struct ts_error *err)
{
	struct ts_buf names = TS_BUF_INIT;
	size_t i;

	if (!name)
		return &a->ag->types[0];
	for (i = 0; i < a->ag->ntypes; i++)
		if (strcmp(a->ag->types[i].name, name) == 0)
			return &a->ag->types[i];
	for (i = 0; i < a->ag->ntypes; i++)
		ts_buf_addf(&names, "%s'%s'", i ? ", " : "",
		    a->ag->types[i].name);
	ts_error_set(err, TS_EXIT_USAGE, "unknown appointment type '%s' "
	    "(client '%s' has %s)", name, a->cl->id, names.buf);
	ts_buf_release(&names);
	return NULL;
}

int
ts_agenda_parse_time(const struct ts_agenda_ctx *a, const char *s,
    int64_t *t, struct ts_error *err)
{
	if (ts_time_parse(s, strlen(s), a->tz, TS_FOLD_REJECT, t, err) == 0)
		return 0;
	err->code = TS_EXIT_USAGE;
	return -1;
}

/* ---- slots ---- */

/* What is taken around the slots being searched: sorted intervals. */
struct taken {
	struct ts_interval *iv;
	size_t n, cap;
};

static int
take_one(int64_t from, int64_t to, int kind, void *ctx)
{
	struct taken *tk = ctx;

	(void)kind;
	TS_GROW(tk->iv, tk->n + 1, tk->cap);
	tk->iv[tk->n].from = from;
	tk->iv[tk->n++].to = to;
	return 0;
}

/* Is [s, e) clear of everything taken?  The list is sorted by start and
 * holds a few days at most. */
static int
clear_of(const struct taken *tk, int64_t s, int64_t e)
{
	size_t k;

	for (k = 0; k < tk->n && tk->iv[k].from < e; k++)
		if (tk->iv[k].to > s)
			return 0;
	return 1;
}

/* The local day (days since the epoch) of instant t in tz. */
static int64_t
local_day(const struct ts_tz *tz, int64_t t)
{
	int64_t w = ts_tz_wall(tz, t);

	return w / DAY - (w % DAY < 0);
}

/* The slots of one span; returns fn's non-zero answer, or 0. */
static int
span_slots(const struct ts_agenda_ctx *a, const struct ts_interval *sp,
    int64_t dur, int64_t lo, int64_t hi, const struct taken *tk,
    int (*fn)(const struct ts_slot *s, void *ctx), void *ctx)
{
	int64_t step = a->ag->grid ? a->ag->grid : dur, s;
	struct ts_slot sl;
	int rc;

	for (s = sp->from; s + dur <= sp->to && s < hi; s += step) {
		if (s < lo || !clear_of(tk, s, s + dur))
			continue;
		sl.start = s;
		sl.end = s + dur;
		if ((rc = fn(&sl, ctx)) != 0)
			return rc;
	}
	return 0;
}

int
ts_agenda_slots(struct ts_agenda_ctx *a, const struct ts_agenda_type *t,
    int64_t from, int64_t to, int (*fn)(const struct ts_slot *s, void *ctx),
    void *ctx, struct ts_error *err)
{
	struct ts_interval sp[MAX_SPANS];
	struct taken tk = { NULL, 0, 0 };
	int64_t lo, hi, day, last;
	size_t k, n;
	int rc = 0;

	lo = from > a->now + a->ag->notice ? from : a->now + a->ag->notice;
	hi = to < a->now + a->ag->horizon ? to : a->now + a->ag->horizon;
	if (lo >= hi)
		return 0;
	if (ts_store_agenda_taken(a->store, a->cl->id, lo - DAY, hi + DAY +
	    t->duration, a->ag->buffer, take_one, &tk, err) != 0) {
		free(tk.iv);
		return -1;
	}
	last = local_day(a->tz, hi);
	for (day = local_day(a->tz, lo); day <= last && rc == 0; day++) {
		n = ts_calendar_day_spans(&a->hours, a->tz, day, sp,
		    MAX_SPANS);
		for (k = 0; k < n && rc == 0; k++)
			rc = span_slots(a, &sp[k], t->duration, lo, hi, &tk,
			    fn, ctx);
	}
	free(tk.iv);
	return rc;
}

struct near {
	struct ts_slot *out;
	size_t n, max;
	int64_t at;
};

static int64_t
distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* Keeps the max slots nearest to at; slots come in order of start. */
static int
keep_near(const struct ts_slot *s, void *ctx)
{
	struct near *nr = ctx;

	if (nr->n < nr->max) {
		nr->out[nr->n++] = *s;
		return 0;
	}
	/* Full: the first kept is the farthest behind; later ones only get
	 * farther once past `at`. */
	if (distance(s->start, nr->at) >= distance(nr->out[0].start, nr->at))
		return s->start > nr->at;
	memmove(nr->out, nr->out + 1, (nr->max - 1) * sizeof *nr->out);
	nr->out[nr->max - 1] = *s;
	return 0;
}

int
ts_agenda_nearest(struct ts_agenda_ctx *a, const struct ts_agenda_type *t,
    int64_t at, struct ts_slot *out, size_t n, struct ts_error *err)
{
	struct near nr = { out, 0, n, at };

	if (n == 0)
		return 0;
	if (ts_agenda_slots(a, t, at - NEAREST_BEFORE, at + NEAREST_AFTER,
	    keep_near, &nr, err) < 0)
		return -1;
	return (int)nr.n;
}

/* ---- bookings ---- */

/* A new UID: 128 random bits, as hex, at a domain of our own. */
static void
new_uid(char *buf, size_t n)
{
	unsigned char r[16];
	char hex[33];
	size_t i;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		/* No entropy source: the address of r and the clock still
		 * differ between processes; the UNIQUE index guards. */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		memcpy(r, &ts, sizeof ts < sizeof r ? sizeof ts : sizeof r);
	}
	for (i = 0; i < sizeof r; i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	snprintf(buf, n, "%.8s-%.4s-%.4s-%.4s-%.12s@ts-agenda", hex, hex + 8,
	    hex + 12, hex + 16, hex + 20);
}

/* Is [s, e) within one span of the agenda's hours on its day? */
static int
within_hours(const struct ts_agenda_ctx *a, int64_t s, int64_t e)
{
	struct ts_interval sp[MAX_SPANS];
	size_t i, n;

	n = ts_calendar_day_spans(&a->hours, a->tz, local_day(a->tz, s), sp,
	    MAX_SPANS);
	for (i = 0; i < n; i++)
		if (sp[i].from <= s && e <= sp[i].to)
			return 1;
	return 0;
}

/* The agenda's rules for a new time: hours, notice, horizon. */
static int
allowed(const struct ts_agenda_ctx *a, int64_t s, int64_t e,
    struct ts_error *err)
{
	char buf[TS_ISO_MAX];

	ts_time_local(s, a->tz, buf);
	if (s < a->now + a->ag->notice)
		return ts_error_set(err, TS_EXIT_NO, "'%s' is too soon: "
		    "appointments need %lld minutes' notice", buf,
		    (long long)(a->ag->notice / 60));
	if (s >= a->now + a->ag->horizon)
		return ts_error_set(err, TS_EXIT_NO, "'%s' is too far ahead: "
		    "appointments are taken %lld days ahead at most", buf,
		    (long long)(a->ag->horizon / DAY));
	if (!within_hours(a, s, e))
		return ts_error_set(err, TS_EXIT_NO, "'%s' is outside the "
		    "hours for appointments", buf);
	return 0;
}

/* Checks and writes b in one transaction; add or update. */
static int
store_checked(struct ts_agenda_ctx *a, struct ts_booking *b, int add,
    struct ts_error *err)
{
	char buf[TS_ISO_MAX];
	int free_;

	if (ts_store_begin(a->store, err) != 0)
		return -1;
	free_ = ts_store_agenda_is_free(a->store, a->cl->id, b->start, b->end,
	    a->ag->buffer, add ? 0 : b->id, b->href[0] ? b->href : NULL, err);
	if (free_ == 0) {
		ts_time_local(b->start, a->tz, buf);
		ts_error_set(err, TS_EXIT_NO, "the slot '%s' is taken", buf);
	}
	if (free_ != 1 || (add ? ts_store_booking_add(a->store, b, a->now,
	    err) : ts_store_booking_update(a->store, b, a->now, err)) != 0 ||
	    (!a->dry_run && ts_store_commit(a->store, err) != 0)) {
		ts_store_rollback(a->store);
		return -1;
	}
	if (a->dry_run)
		ts_store_rollback(a->store);
	return 0;
}

static int
fill_request(const struct ts_agenda_ctx *a, const struct ts_agenda_req *r,
    struct ts_booking *b, struct ts_error *err)
{
	char e164[TS_PHONE_MAX];

	if (!r->name || !*r->name)
		return ts_error_set(err, TS_EXIT_USAGE, "a booking needs "
		    "the caller's name (--name)");
	if (!r->phone || ts_phone_normalize(r->phone, strlen(r->phone),
	    &a->cfg->service.country, e164) != TS_PHONE_E164)
		return ts_error_set(err, TS_EXIT_USAGE, "a booking needs the "
		    "caller's telephone number (--phone): none or not a "
		    "number");
	if (r->email && *r->email && (!strchr(r->email, '@') ||
	    strpbrk(r->email, " ,;<>\r\n")))
		return ts_error_set(err, TS_EXIT_USAGE, "the e-mail address "
		    "given with --email is not valid");
	ts_copy_text(b->phone, sizeof b->phone, e164, strlen(e164));
	ts_copy_text(b->name, sizeof b->name, r->name, strlen(r->name));
	if (r->email)
		ts_copy_text(b->email, sizeof b->email, r->email,
		    strlen(r->email));
	if (r->note)
		ts_copy_text(b->note, sizeof b->note, r->note,
		    strlen(r->note));
	return 0;
}

int
ts_agenda_book(struct ts_agenda_ctx *a, const struct ts_agenda_req *r,
    struct ts_booking *b, struct ts_error *err)
{
	const struct ts_agenda_type *t = ts_agenda_type(a, r->type, err);

	if (!t)
		return -1;
	memset(b, 0, sizeof *b);
	if (fill_request(a, r, b, err) != 0)
		return -1;
	snprintf(b->client, sizeof b->client, "%s", a->cl->id);
	snprintf(b->type, sizeof b->type, "%s", t->name);
	new_uid(b->uid, sizeof b->uid);
	b->status = TS_BOOKING_CONFIRMED;
	b->start = r->start;
	b->end = r->start + t->duration;
	b->pushed_seq = -1;
	if (!r->force && allowed(a, b->start, b->end, err) != 0)
		return -1;
	return store_checked(a, b, 1, err);
}

int
ts_agenda_find(struct ts_agenda_ctx *a, const char *ref,
    struct ts_booking *b, struct ts_error *err)
{
	char *end;
	long long id = strtoll(ref, &end, 10);
	int found;

	if (*ref && *end == '\0' && id > 0)
		found = ts_store_booking_get(a->store, id, NULL, b, err);
	else
		found = ts_store_booking_get(a->store, 0, ref, b, err);
	if (found < 0)
		return -1;
	if (!found || strcmp(b->client, a->cl->id) != 0)
		return ts_error_set(err, TS_EXIT_NO, "no booking '%s' for "
		    "client '%s'", ref, a->cl->id);
	return 0;
}

/* A change the secretary made settles a conflict: she has seen it. */
static void
settle_conflict(struct ts_booking *b)
{
	if (!b->conflict[0])
		return;
	if (b->remote_etag[0])
		snprintf(b->etag, sizeof b->etag, "%s", b->remote_etag);
	b->remote_etag[0] = '\0';
	b->conflict[0] = '\0';
}

int
ts_agenda_move(struct ts_agenda_ctx *a, struct ts_booking *b, int64_t start,
    const char *type, int force, struct ts_error *err)
{
	const struct ts_agenda_type *t = ts_agenda_type(a, type ? type :
	    b->type, err);

	if (!t)
		return -1;
	if (b->status == TS_BOOKING_CANCELLED)
		return ts_error_set(err, TS_EXIT_NO, "booking %lld is "
		    "cancelled: book again instead", (long long)b->id);
	snprintf(b->type, sizeof b->type, "%s", t->name);
	b->start = start;
	b->end = start + t->duration;
	if (!force && allowed(a, b->start, b->end, err) != 0)
		return -1;
	b->sequence++;
	settle_conflict(b);
	return store_checked(a, b, 0, err);
}

int
ts_agenda_cancel(struct ts_agenda_ctx *a, struct ts_booking *b,
    struct ts_error *err)
{
	if (b->status == TS_BOOKING_CANCELLED)
		return ts_error_set(err, TS_EXIT_NO, "booking %lld is already "
		    "cancelled", (long long)b->id);
	b->status = TS_BOOKING_CANCELLED;
	b->sequence++;
	settle_conflict(b);
	if (ts_store_begin(a->store, err) != 0)
		return -1;
	if (ts_store_booking_update(a->store, b, a->now, err) != 0 ||
	    (!a->dry_run && ts_store_commit(a->store, err) != 0)) {
		ts_store_rollback(a->store);
		return -1;
	}
	if (a->dry_run)
		ts_store_rollback(a->store);
	return 0;
}
