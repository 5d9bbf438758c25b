/*
 * ts_call.c - the canonical call record (see ts_call.h).
 */
#include <stdint.h>
#include <string.h>

#include "ts_call.h"
#include "ts_rec.h"
#include "ts_time.h"
#include "banned.h"

static const char *const status_names[TS_ST_COUNT] = {
	"answered", "voicemail", "abandoned", "timeout", "missed", "busy",
	"failed"
};

const char *const ts_call_columns[] = {
	"call_id", "client", "did", "caller", "caller_name", "start", "answer",
	"end", "wait_s", "talk_s", "status", "agent", "queue", "queued"
};
const size_t ts_call_ncolumns =
    sizeof ts_call_columns / sizeof ts_call_columns[0];

const char *
ts_status_name(enum ts_status s)
{
	return (unsigned)s < TS_ST_COUNT ? status_names[s] : "missed";
}

int
ts_status_parse(const char *s, size_t n, enum ts_status *out)
{
	int i;

	for (i = 0; i < TS_ST_COUNT; i++) {
		if (strlen(status_names[i]) == n &&
		    memcmp(status_names[i], s, n) == 0) {
			*out = (enum ts_status)i;
			return 0;
		}
	}
	return -1;
}

void
ts_call_init(struct ts_call *c)
{
	memset(c, 0, sizeof *c);
	c->start = TS_TIME_NONE;
	c->answer = TS_TIME_NONE;
	c->end = TS_TIME_NONE;
	c->queued = TS_TIME_NONE;
	c->status = TS_ST_MISSED;
}

size_t
ts_copy_text(char *dst, size_t size, const char *s, size_t n)
{
	if (size == 0)
		return 0;
	if (n >= size) {
		n = size - 1;
		/* Back up over UTF-8 continuation bytes of a cut character. */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

static int
is_answered(const struct ts_call *c)
{
	return c->answer != TS_TIME_NONE &&
	    (c->status == TS_ST_ANSWERED || c->status == TS_ST_VOICEMAIL);
}

/* Seconds from..to, 0 when either is unknown or to comes first. */
static int32_t
seconds(int64_t from, int64_t to)
{
	int64_t d;

	if (from == TS_TIME_NONE || to == TS_TIME_NONE || to <= from)
		return 0;
	d = to - from;
	return d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

int32_t
ts_call_wait(const struct ts_call *c, int queue_clock)
{
	int64_t from = queue_clock && c->queued != TS_TIME_NONE ? c->queued :
	    c->start;

	return seconds(from, is_answered(c) ? c->answer : c->end);
}

void
ts_call_derive(struct ts_call *c)
{
	c->wait_s = ts_call_wait(c, 0);
	c->talk_s = is_answered(c) ? seconds(c->answer, c->end) : 0;
}

/* An instant, or an empty field for none. */
static void
write_time(struct ts_writer *w, int64_t t, const struct ts_tz *tz)
{
	char buf[TS_ISO_MAX];

	if (t == TS_TIME_NONE) {
		ts_writer_null(w);
		return;
	}
	ts_time_iso(t, tz, buf);
	ts_writer_str(w, buf);
}

void
ts_call_write(struct ts_writer *w, const struct ts_call *c,
    const struct ts_tz *tz)
{
	ts_writer_str(w, c->call_id);
	ts_writer_str(w, c->client);
	ts_writer_str(w, c->did);
	ts_writer_str(w, c->caller);
	ts_writer_str(w, c->caller_name);
	write_time(w, c->start, tz);
	write_time(w, c->answer, tz);
	write_time(w, c->end, tz);
	ts_writer_int(w, c->wait_s);
	ts_writer_int(w, c->talk_s);
	ts_writer_str(w, ts_status_name(c->status));
	ts_writer_str(w, c->agent);
	ts_writer_str(w, c->queue);
	write_time(w, c->queued, tz);
}

/* Rank of an outcome when legs disagree: higher wins. */
static int
status_rank(enum ts_status s)
{
	static const int rank[TS_ST_COUNT] = {
		[TS_ST_ANSWERED] = 7, [TS_ST_VOICEMAIL] = 6,
		[TS_ST_ABANDONED] = 5, [TS_ST_TIMEOUT] = 4, [TS_ST_MISSED] = 3,
		[TS_ST_BUSY] = 2, [TS_ST_FAILED] = 1
	};
	return (unsigned)s < TS_ST_COUNT ? rank[s] : 0;
}

/* Compares "no time" as later than any time. */
static int
cmp_time(int64_t a, int64_t b)
{
	if (a == b)
		return 0;
	if (a == TS_TIME_NONE)
		return 1;
	if (b == TS_TIME_NONE)
		return -1;
	return a < b ? -1 : 1;
}

/* Does b's outcome (status, answer, agent) beat a's? */
static int
outcome_beats(const struct ts_call *b, const struct ts_call *a)
{
	int c;

	if (status_rank(b->status) != status_rank(a->status))
		return status_rank(b->status) > status_rank(a->status);
	if ((c = cmp_time(b->answer, a->answer)) != 0)
		return c < 0;
	return strcmp(b->agent, a->agent) < 0;
}

/*
 * Picks one text field from the leg that comes first by (empty last,
 * earliest start, smallest text).
 */
static int
pick_text(char *a, size_t size, int64_t astart, const char *b, int64_t bstart)
{
	int c;

	if (!*b)
		return 0;
	if (*a) {
		if ((c = cmp_time(astart, bstart)) < 0)
			return 0;
		if (c == 0 && strcmp(a, b) <= 0)
			return 0;
	}
	if (strcmp(a, b) == 0)
		return 0;
	ts_copy_text(a, size, b, strlen(b));
	return 1;
}

int
ts_call_merge(struct ts_call *a, const struct ts_call *b)
{
	struct ts_call old = *a;
	int64_t astart = a->start, bstart = b->start;

	pick_text(a->caller, sizeof a->caller, astart, b->caller, bstart);
	pick_text(a->caller_name, sizeof a->caller_name, astart,
	    b->caller_name, bstart);
	pick_text(a->did, sizeof a->did, astart, b->did, bstart);
	pick_text(a->client, sizeof a->client, astart, b->client, bstart);
	pick_text(a->queue, sizeof a->queue, astart, b->queue, bstart);
	if (outcome_beats(b, a)) {
		a->status = b->status;
		a->answer = b->answer;
		memcpy(a->agent, b->agent, sizeof a->agent);
	}
	if (cmp_time(b->start, a->start) < 0)
		a->start = b->start;
	if (cmp_time(b->queued, a->queued) < 0)
		a->queued = b->queued;
	if (b->end != TS_TIME_NONE &&
	    (a->end == TS_TIME_NONE || b->end > a->end))
		a->end = b->end;
	if (b->line > 0 && (a->line == 0 || b->line < a->line))
		a->line = b->line;
	a->legs = old.legs + b->legs;
	ts_call_derive(a);
	return old.start != a->start || old.queued != a->queued ||
	    old.answer != a->answer || old.end != a->end ||
	    old.status != a->status || strcmp(old.caller, a->caller) ||
	    strcmp(old.caller_name, a->caller_name) ||
	    strcmp(old.did, a->did) || strcmp(old.client, a->client) ||
	    strcmp(old.agent, a->agent) || strcmp(old.queue, a->queue);
}
