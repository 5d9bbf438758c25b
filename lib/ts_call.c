/*
 * ts_call.c - the canonical call record (see ts_call.h).
 */
#include <stdint.h>
#include <string.h>

#include "ts_call.h"
#include "ts_time.h"
#include "banned.h"

static const char *const status_names[TS_ST_COUNT] = {
	"answered", "voicemail", "abandoned", "timeout", "missed", "busy",
	"failed"
};

const char *const ts_call_columns[] = {
	"call_id", "client", "did", "caller", "caller_name", "start", "answer",
	"end", "wait_s", "talk_s", "status", "agent", "queue"
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

void
ts_call_derive(struct ts_call *c)
{
	int64_t w = 0, t = 0;
	int answered = c->answer != TS_TIME_NONE &&
	    (c->status == TS_ST_ANSWERED || c->status == TS_ST_VOICEMAIL);

	if (c->start != TS_TIME_NONE) {
		if (answered)
			w = c->answer - c->start;
		else if (c->end != TS_TIME_NONE)
			w = c->end - c->start;
	}
	if (answered && c->end != TS_TIME_NONE)
		t = c->end - c->answer;
	if (w < 0)
		w = 0;
	if (t < 0)
		t = 0;
	c->wait_s = w > INT32_MAX ? INT32_MAX : (int32_t)w;
	c->talk_s = t > INT32_MAX ? INT32_MAX : (int32_t)t;
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
	if (b->end != TS_TIME_NONE &&
	    (a->end == TS_TIME_NONE || b->end > a->end))
		a->end = b->end;
	if (b->line > 0 && (a->line == 0 || b->line < a->line))
		a->line = b->line;
	a->legs = old.legs + b->legs;
	ts_call_derive(a);
	return old.start != a->start ||
	    old.answer != a->answer || old.end != a->end ||
	    old.status != a->status || strcmp(old.caller, a->caller) ||
	    strcmp(old.caller_name, a->caller_name) ||
	    strcmp(old.did, a->did) || strcmp(old.client, a->client) ||
	    strcmp(old.agent, a->agent) || strcmp(old.queue, a->queue);
}
