/*
 * ts_agenda_rec.c - the records ts-agenda writes: bookings, free slots,
 * busy blocks and messages (man/ts-records.5), through ts_writer so that
 * every -o format comes for free.
 */
#include <string.h>

#include "ts_agenda.h"
#include "ts_rec.h"
#include "banned.h"

static const char *const booking_cols[] = {
	"booking_id", "uid", "client", "type", "status", "start", "end",
	"name", "phone", "email", "note", "sequence", "href", "conflict"
};
static const char *const slot_cols[] = {
	"client", "type", "start", "end", "day", "time"
};
static const char *const busy_cols[] = {
	"client", "source", "ref", "start", "end"
};

#define N(a)	(sizeof a / sizeof a[0])

void
ts_agenda_booking_columns(struct ts_writer *w)
{
	ts_writer_columns(w, booking_cols, N(booking_cols));
}

void
ts_agenda_slot_columns(struct ts_writer *w)
{
	ts_writer_columns(w, slot_cols, N(slot_cols));
}

void
ts_agenda_busy_columns(struct ts_writer *w)
{
	ts_writer_columns(w, busy_cols, N(busy_cols));
}

void
ts_agenda_msg_columns(struct ts_writer *w)
{
	ts_writer_columns(w, ts_agenda_msg_cols, ts_agenda_msg_ncols);
}

static void
put_time(struct ts_writer *w, int64_t t, const struct ts_tz *tz)
{
	char buf[TS_ISO_MAX];

	ts_time_iso(t, tz, buf);
	ts_writer_str(w, buf);
}

int
ts_agenda_write_booking(struct ts_writer *w, const struct ts_booking *b,
    const struct ts_tz *tz)
{
	ts_writer_int(w, b->id);
	ts_writer_str(w, b->uid);
	ts_writer_str(w, b->client);
	ts_writer_str(w, b->type);
	ts_writer_str(w, ts_booking_status_name(b->status));
	put_time(w, b->start, tz);
	put_time(w, b->end, tz);
	ts_writer_str(w, b->name);
	ts_writer_str(w, b->phone);
	ts_writer_str(w, b->email);
	ts_writer_str(w, b->note);
	ts_writer_int(w, b->sequence);
	ts_writer_str(w, b->href);
	ts_writer_str(w, b->conflict);
	return ts_writer_end(w);
}

int
ts_agenda_write_slot(struct ts_writer *w, const struct ts_agenda_ctx *a,
    const struct ts_agenda_type *t, const struct ts_slot *s)
{
	int en = strcmp(a->cfg->service.language, "en") == 0;
	char buf[64];

	ts_writer_str(w, a->cl->id);
	ts_writer_str(w, t->name);
	put_time(w, s->start, a->tz);
	put_time(w, s->end, a->tz);
	ts_agenda_date_words(s->start, a->tz, en, buf, sizeof buf);
	ts_writer_str(w, buf);
	ts_agenda_clock(s->start, a->tz, en, buf, sizeof buf);
	ts_writer_str(w, buf);
	return ts_writer_end(w);
}

int
ts_agenda_write_busy(struct ts_writer *w, const char *client,
    const char *source, const char *ref, int64_t from, int64_t to,
    const struct ts_tz *tz)
{
	ts_writer_str(w, client);
	ts_writer_str(w, source);
	ts_writer_str(w, ref);
	put_time(w, from, tz);
	put_time(w, to, tz);
	return ts_writer_end(w);
}

int
ts_agenda_write_msg(struct ts_writer *w, const struct ts_agenda_msg *m,
    const struct ts_tz *tz)
{
	ts_writer_str(w, m->client);
	ts_writer_str(w, m->kind);
	ts_writer_str(w, m->ref);
	ts_writer_str(w, m->notify);
	ts_writer_str(w, m->caller_name);
	ts_writer_str(w, m->caller);
	ts_writer_str(w, m->subject);
	ts_writer_str(w, m->body);
	ts_writer_int(w, m->booking_id);
	ts_writer_str(w, m->uid);
	put_time(w, m->start, tz);
	return ts_writer_end(w);
}
