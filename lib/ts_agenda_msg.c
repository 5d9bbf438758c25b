/*
 * ts_agenda_msg.c - messages about bookings: the client's templates filled
 * in with the date and time in words, and reminders sent once per booking
 * and start (see ts_agenda.h).
 *
 * The records are those ts-msg takes (`ts-agenda remind | ts-msg add -`):
 * ref is ts-msg's idempotency key, so a reminder that cron writes twice is
 * still sent once; the reminders table makes sure it is written once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_agenda.h"
#include "ts_buf.h"
#include "ts_mem.h"
#include "banned.h"

#define DAY 86400

const char *const ts_agenda_msg_cols[] = {
	"client", "kind", "ref", "notify", "name", "phone", "subject", "body",
	"booking_id", "uid", "start"
};
const size_t ts_agenda_msg_ncols =
    sizeof ts_agenda_msg_cols / sizeof ts_agenda_msg_cols[0];

static const char *const days_fr[] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	"dimanche"
};
static const char *const months_fr[] = {
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"
};
static const char *const days_en[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};
static const char *const months_en[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

void
ts_agenda_date_words(int64_t t, const struct ts_tz *tz, int english,
    char *buf, size_t n)
{
	struct ts_civil c;
	int64_t w = ts_tz_wall(tz, t), days = w / DAY - (w % DAY < 0);
	int wd = ts_weekday(days) - 1;

	ts_civil_from_wall(w, &c);
	if (english)
		snprintf(buf, n, "%s %d %s %d", days_en[wd], c.day,
		    months_en[c.mon - 1], c.year);
	else
		snprintf(buf, n, "%s %d%s %s %d", days_fr[wd], c.day,
		    c.day == 1 ? "er" : "", months_fr[c.mon - 1], c.year);
}

void
ts_agenda_clock(int64_t t, const struct ts_tz *tz, int english, char *buf,
    size_t n)
{
	struct ts_civil c;

	ts_civil_from_wall(ts_tz_wall(tz, t), &c);
	if (english)
		snprintf(buf, n, "%02d:%02d", c.hour, c.min);
	else
		snprintf(buf, n, "%dh%02d", c.hour, c.min);
}

/* The value of placeholder word for booking b. */
static void
placeholder(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    const char *word, size_t len, struct ts_buf *out)
{
	int en = strcmp(a->cfg->service.language, "en") == 0;
	const struct ts_agenda_type *t = NULL;
	char buf[128];
	size_t i;

	for (i = 0; i < a->ag->ntypes; i++)
		if (strcmp(a->ag->types[i].name, b->type) == 0)
			t = &a->ag->types[i];
#define IS(w)	(len == sizeof(w) - 1 && memcmp(word, w, len) == 0)
	buf[0] = '\0';
	if (IS("name"))
		snprintf(buf, sizeof buf, "%s", b->name);
	else if (IS("date"))
		ts_agenda_date_words(b->start, a->tz, en, buf, sizeof buf);
	else if (IS("time"))
		ts_agenda_clock(b->start, a->tz, en, buf, sizeof buf);
	else if (IS("end"))
		ts_agenda_clock(b->end, a->tz, en, buf, sizeof buf);
	else if (IS("type"))
		snprintf(buf, sizeof buf, "%s", t ? t->label : b->type);
	else if (IS("duration"))
		snprintf(buf, sizeof buf, "%lld min",
		    (long long)((b->end - b->start) / 60));
	else if (IS("client"))
		snprintf(buf, sizeof buf, "%s", a->cl->name);
	else if (IS("phone") && a->cl->nnumbers)
		ts_phone_display(a->cl->numbers[0], &a->cfg->service.country,
		    buf, sizeof buf);
	else if (IS("address") && a->ag->address)
		ts_buf_addstr(out, a->ag->address);
	else if (IS("cancel") && a->ag->cancel)
		ts_buf_addstr(out, a->ag->cancel);
#undef IS
	ts_buf_addstr(out, buf);
}

/* The template text with its placeholders filled (checked at load). */
static char *
render(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    const char *tpl)
{
	struct ts_buf out = TS_BUF_INIT;
	const char *open, *close;

	while ((open = strchr(tpl, '{')) && (close = strchr(open, '}'))) {
		ts_buf_add(&out, tpl, (size_t)(open - tpl));
		placeholder(a, b, open + 1, (size_t)(close - open - 1), &out);
		tpl = close + 1;
	}
	ts_buf_addstr(&out, tpl);
	/* A template ending in "{cancel}" with no cancel text, say. */
	while (out.len && (out.buf[out.len - 1] == ' ' ||
	    out.buf[out.len - 1] == '\n'))
		out.buf[--out.len] = '\0';
	return ts_buf_detach(&out, NULL);
}

void
ts_agenda_message(const struct ts_agenda_ctx *a, const struct ts_booking *b,
    const char *kind, struct ts_agenda_msg *m)
{
	const struct ts_agenda_template *tpl = &a->ag->reminder;

	if (strcmp(kind, "confirmation") == 0)
		tpl = &a->ag->confirmation;
	else if (strcmp(kind, "cancellation") == 0)
		tpl = &a->ag->cancellation;
	memset(m, 0, sizeof *m);
	snprintf(m->client, sizeof m->client, "%s", b->client);
	snprintf(m->caller, sizeof m->caller, "%s", b->phone);
	snprintf(m->caller_name, sizeof m->caller_name, "%s", b->name);
	m->subject = render(a, b, tpl->subject);
	m->body = render(a, b, tpl->body);
	snprintf(m->notify, sizeof m->notify, "sms:%s%s%s", b->phone,
	    b->email[0] ? ",email:" : "", b->email);
	m->kind = kind;
	/* A reminder is for a start; a notice for a version of the booking. */
	if (strcmp(kind, "reminder") == 0)
		snprintf(m->ref, sizeof m->ref, "reminder:%s:%lld", b->uid,
		    (long long)b->start);
	else
		snprintf(m->ref, sizeof m->ref, "%s:%s:%lld", kind, b->uid,
		    (long long)b->sequence);
	m->booking_id = b->id;
	snprintf(m->uid, sizeof m->uid, "%s", b->uid);
	m->start = b->start;
}

void
ts_agenda_msg_release(struct ts_agenda_msg *m)
{
	free(m->subject);
	free(m->body);
	m->subject = m->body = NULL;
}

/* ---- reminders ---- */

struct remind {
	struct ts_agenda_ctx a;
	int dry_run;
	int (*fn)(const struct ts_agenda_msg *m, void *ctx);
	void *ctx;
	struct ts_error *err;
	int failed;
};

static int
remind_one(const struct ts_booking *b, void *p)
{
	struct remind *r = p;
	struct ts_agenda_msg m;
	int rc;

	if (b->status != TS_BOOKING_CONFIRMED || b->start < r->a.now)
		return 0;
	rc = r->dry_run ? !ts_store_reminder_sent(r->a.store, b->id,
	    "reminder", b->start, r->err) : ts_store_reminder_mark(r->a.store,
	    b->id, "reminder", b->start, r->a.now, r->err);
	if (rc < 0)
		return -1;
	if (rc == 0)		/* already reminded at this start */
		return 0;
	ts_agenda_message(&r->a, b, "reminder", &m);
	rc = r->fn(&m, r->ctx);
	ts_agenda_msg_release(&m);
	if (rc != 0) {
		r->failed = 1;
		return rc;
	}
	return 0;
}

static int
remind_client(struct remind *r, const struct ts_config *cfg,
    struct ts_store *store, const char *id, int64_t now, int64_t within)
{
	if (ts_agenda_open(&r->a, cfg, id, store, now, r->err) != 0)
		return -1;
	return ts_store_bookings_each(store, id, now, now + within,
	    remind_one, r, r->err);
}

int
ts_agenda_remind(const struct ts_config *cfg, struct ts_store *store,
    const char *client, int64_t now, int64_t within, int dry_run,
    int (*fn)(const struct ts_agenda_msg *m, void *ctx), void *ctx,
    struct ts_error *err)
{
	struct remind r;
	size_t i;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.dry_run = dry_run;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	if (ts_store_begin(store, err) != 0)
		return -1;
	if (client)
		rc = remind_client(&r, cfg, store, client, now, within);
	for (i = 0; !client && rc == 0 && i < cfg->nclients; i++)
		if (cfg->clients[i].agenda)
			rc = remind_client(&r, cfg, store, cfg->clients[i].id,
			    now, within);
	if (rc != 0 || dry_run || ts_store_commit(store, err) != 0) {
		ts_store_rollback(store);
		if (rc != 0 && r.failed && !err->code)
			ts_error_set(err, TS_EXIT_FAIL, "write error: "
			    "reminders not recorded");
		return rc != 0 || !dry_run ? -1 : 0;
	}
	return 0;
}
