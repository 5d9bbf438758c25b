/*
 * ts_route_sheet.c - the call sheet and the schedule (see
 * ts_route_sheet.h).
 *
 * The sheet is a few sections of lines; each line is built in a buffer
 * and written either as text or as HTML (escaped), so that both say the
 * same thing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_calendar.h"
#include "ts_route.h"
#include "ts_route_sheet.h"
#include "banned.h"

#define DAY 86400
#define MAX_DAYS 366

static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* ---- the schedule ---- */

int
ts_route_calendar_range(struct ts_route_sheet *sh, const char *from,
    const char *days, struct ts_error *err)
{
	const struct ts_tz *tz = ts_config_tz(sh->cfg, sh->cl);
	struct ts_error inner = TS_ERROR_INIT;
	char date[TS_ISO_MAX];
	long n = 7;
	char *end;
	int64_t t[2];

	if (days) {
		n = strtol(days, &end, 10);
		if (*end || n < 1 || n > MAX_DAYS)
			return ts_error_set(err, TS_EXIT_USAGE, "--days: not a "
			    "number of days from 1 to %d: '%s'", MAX_DAYS,
			    days);
	}
	if (!from) {
		ts_time_date(sh->at, tz, date);
		from = date;
	}
	if (strlen(from) != 10 || ts_time_parse(from, 10, tz,
	    TS_FOLD_EARLIER, &sh->from, &inner) < 0)
		return ts_error_set(err, TS_EXIT_USAGE, "--from: not a date "
		    "(YYYY-MM-DD): '%s'", from);
	/* The end is a midnight too, whatever the DST changes between. */
	ts_tz_from_wall(tz, ts_tz_wall(tz, sh->from) + n * DAY, t);
	sh->to = t[0];
	return 0;
}

static const char *const calendar_columns[] = {
	"from", "to", "state", "label", "oncall"
};

/* The earliest of a and b, where TS_TIME_NONE means never. */
static int64_t
sooner(int64_t a, int64_t b)
{
	if (a == TS_TIME_NONE)
		return b;
	return b == TS_TIME_NONE || a < b ? a : b;
}

/* The end of the exception in force at t: its label ends there even when
 * the same person goes on. */
static int64_t
exception_end(const struct ts_rota *r, int64_t t)
{
	size_t i;

	for (i = 0; i < r->nexceptions; i++)
		if (r->exceptions[i].from <= t && t < r->exceptions[i].to)
			return r->exceptions[i].to;
	return TS_TIME_NONE;
}

/* Who is on call at t, into b; returns when that changes first. */
static int64_t
oncall_at(const struct ts_route_sheet *sh, const struct ts_tz *tz,
    int64_t t, struct ts_buf *b)
{
	struct ts_oncall oc;
	int64_t next = TS_TIME_NONE;
	size_t i;

	ts_buf_reset(b);
	for (i = 0; i < sh->cl->nrotas; i++) {
		ts_calendar_oncall(&sh->cl->rotas[i], tz, t, &oc);
		ts_buf_addf(b, "%s%s: %s", i ? "; " : "",
		    sh->cl->rotas[i].name, oc.person->name);
		if (*oc.label)
			ts_buf_addf(b, " (%s)", oc.label);
		next = sooner(next, oc.until);
		next = sooner(next, exception_end(&sh->cl->rotas[i], t));
	}
	return next;
}

int
ts_route_calendar(struct ts_route_sheet *sh, struct ts_error *err)
{
	const struct ts_tz *tz = ts_config_tz(sh->cfg, sh->cl);
	struct ts_writer *w = ts_writer_new(sh->out, sh->fmt, 0);
	struct ts_open_state st;
	struct ts_buf oc = TS_BUF_INIT;
	char a[TS_ISO_MAX], b[TS_ISO_MAX];
	int64_t t = sh->from, next;
	int rc = 0;

	ts_writer_columns(w, calendar_columns, 5);
	while (t < sh->to && rc == 0) {
		ts_calendar_state(sh->cl, tz, t, &st);
		next = sooner(st.until, oncall_at(sh, tz, t, &oc));
		next = sooner(next, sh->to);
		if (next > sh->to)
			next = sh->to;
		ts_time_iso(t, tz, a);
		ts_time_iso(next, tz, b);
		ts_writer_str(w, a);
		ts_writer_str(w, b);
		ts_writer_str(w, ts_open_name(st.state));
		ts_writer_str(w, st.label);
		ts_writer_str(w, oc.buf);
		rc = ts_writer_end(w);
		t = next;
	}
	if (rc == 0)
		rc = ts_writer_finish(w);
	ts_writer_free(w);
	ts_buf_release(&oc);
	return rc < 0 ? ts_error_set(err, TS_EXIT_FAIL, "write error: "
	    "<stdout>") : 0;
}

/* ---- rules in words ---- */

static void
list(struct ts_buf *b, const char *what, char *const *v, size_t n)
{
	size_t i;

	if (!n)
		return;
	ts_buf_addf(b, "%s%s ", b->len ? ", " : "", what);
	for (i = 0; i < n; i++)
		ts_buf_addf(b, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
		    v[i]);
}

static void
states(struct ts_buf *b, unsigned s)
{
	static const char *const w[] = {
		"open", "closed after hours", "on a break", "on a holiday",
		"closed (closure)"
	};
	const char *v[5];
	size_t i, n = 0;

	if (s == TS_STATE_CLOSED) {
		ts_buf_addstr(b, "the office is closed");
		return;
	}
	for (i = 0; i < 5; i++)
		if (s & (1u << i))
			v[n++] = w[i];
	list(b, "the office is", (char *const *)v, n);
}

static void
rule_when(const struct ts_rule *r, struct ts_buf *b)
{
	const char *v[7];
	char *spans;
	size_t i, n;
	struct ts_buf t = TS_BUF_INIT;

	if (r->states)
		states(b, r->states);
	for (i = n = 0; i < 7; i++)
		if (r->weekdays & (1u << i))
			v[n++] = day_names[i];
	list(b, "on", (char *const *)v, n);
	for (i = 0; i < r->ntimes; i++)
		ts_buf_addf(&t, "%s%02d:%02d-%02d:%02d", i ? ", " : "",
		    r->times[i].from / 60, r->times[i].from % 60,
		    r->times[i].to / 60, r->times[i].to % 60);
	spans = t.buf;
	list(b, "between", &spans, r->ntimes ? 1 : 0);
	ts_buf_release(&t);
	n = 0;
	if (r->callers & TS_CALLER_KNOWN)
		v[n++] = "a contact";
	if (r->callers & TS_CALLER_UNKNOWN)
		v[n++] = "unknown";
	if (r->callers & TS_CALLER_WITHHELD)
		v[n++] = "withheld";
	list(b, "the caller is", (char *const *)v, n);
	list(b, "the caller is tagged", r->tags, r->ntags);
	list(b, "the number starts with", r->prefixes, r->nprefixes);
	list(b, "the caller dialled", r->dialled, r->ndialled);
	list(b, "the reason is", r->reasons, r->nreasons);
}

void
ts_route_rule_words(const struct ts_rule *r, struct ts_buf *b)
{
	struct ts_buf w = TS_BUF_INIT;

	rule_when(r, &w);
	ts_buf_addstr(b, w.len ? w.buf : "always");
	ts_buf_release(&w);
}

/* ---- the sheet ---- */

static void
put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static void
heading(const struct ts_route_sheet *sh, const char *title, int first)
{
	if (sh->html) {
		if (!first)
			fputs("</ul>\n", sh->out);
		fputs("<h2>", sh->out);
		put_escaped(sh->out, title);
		fputs("</h2>\n<ul>\n", sh->out);
	} else {
		fprintf(sh->out, "\n%s\n", title);
	}
}

static void
line(const struct ts_route_sheet *sh, const struct ts_buf *b)
{
	if (sh->html) {
		fputs("<li>", sh->out);
		put_escaped(sh->out, b->buf);
		fputs("</li>\n", sh->out);
	} else {
		fprintf(sh->out, "  %s\n", b->buf);
	}
}

static void
top(const struct ts_route_sheet *sh, const struct ts_tz *tz,
    struct ts_buf *b)
{
	const struct ts_client *cl = sh->cl;
	struct ts_open_state st;
	struct ts_buf g = TS_BUF_INIT;
	char t[TS_ISO_MAX];

	ts_buf_reset(b);
	ts_buf_addf(b, "%s (%s)", cl->name, cl->id);
	if (sh->html) {
		fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		    "<title>", sh->out);
		put_escaped(sh->out, b->buf);
		fputs("</title></head>\n<body>\n<h1>", sh->out);
		put_escaped(sh->out, b->buf);
		fputs("</h1>\n", sh->out);
	} else {
		fprintf(sh->out, "%s\n", b->buf);
	}
	heading(sh, "Now", 1);
	ts_calendar_state(cl, tz, sh->at, &st);
	ts_time_local(sh->at, tz, t);
	ts_buf_reset(b);
	ts_buf_addf(b, "%s: %s", t, st.state == TS_OPEN ? "open" :
	    st.state == TS_CLOSED ? "closed (after hours)" :
	    st.state == TS_BREAK ? "closed (break)" : "closed");
	if (*st.label)
		ts_buf_addf(b, " - %s", st.label);
	if (st.until != TS_TIME_NONE) {
		ts_time_local(st.until, tz, t);
		ts_buf_addf(b, ", until %s", t);
	}
	line(sh, b);
	ts_buf_reset(b);
	ts_buf_addstr(b, "Greeting: ");
	ts_route_greeting(cl, NULL, TS_ACTION_ANSWER, sh->cfg, &g);
	ts_buf_addstr(b, g.buf);
	ts_buf_release(&g);
	line(sh, b);
}

static void
oncall(const struct ts_route_sheet *sh, const struct ts_tz *tz,
    struct ts_buf *b)
{
	struct ts_oncall oc;
	char t[TS_ISO_MAX];
	size_t i;

	if (!sh->cl->nrotas)
		return;
	heading(sh, "On call", 0);
	for (i = 0; i < sh->cl->nrotas; i++) {
		const struct ts_rota *r = &sh->cl->rotas[i];

		ts_calendar_oncall(r, tz, sh->at, &oc);
		ts_buf_reset(b);
		ts_buf_addf(b, "%s: %s, %s", r->name, oc.person->name,
		    oc.person->number);
		if (*oc.label)
			ts_buf_addf(b, " (%s)", oc.label);
		if (oc.until != TS_TIME_NONE) {
			ts_time_local(oc.until, tz, t);
			ts_buf_addf(b, ", until %s, then %s", t,
			    oc.next->name);
		}
		line(sh, b);
	}
}

static void
hours(const struct ts_route_sheet *sh, struct ts_buf *b)
{
	const struct ts_hours *h = &sh->cl->hours;
	size_t d, i;

	heading(sh, "Hours", 0);
	for (d = 0; d < 7; d++) {
		ts_buf_reset(b);
		ts_buf_addf(b, "%s ", day_names[d]);
		if (!h->set)
			ts_buf_addstr(b, "always open");
		else if (!h->nday[d])
			ts_buf_addstr(b, "closed");
		for (i = 0; h->set && i < h->nday[d]; i++)
			ts_buf_addf(b, "%s%02d:%02d-%02d:%02d", i ? ", " : "",
			    h->day[d][i].from / 60, h->day[d][i].from % 60,
			    h->day[d][i].to / 60, h->day[d][i].to % 60);
		line(sh, b);
		if (!h->set)
			break;
	}
}

/* Holidays and closures of the next 60 days. */
static void
coming(const struct ts_route_sheet *sh, const struct ts_tz *tz,
    struct ts_buf *b)
{
	struct ts_open_state st;
	char a[TS_ISO_MAX], z[TS_ISO_MAX];
	int64_t t = sh->at, end = sh->at + 60 * DAY;
	int n = 0;

	heading(sh, "Holidays and closures in the next 60 days", 0);
	while (t < end) {
		ts_calendar_state(sh->cl, tz, t, &st);
		if (st.state == TS_HOLIDAY || st.state == TS_CLOSURE) {
			ts_time_local(t, tz, a);
			ts_time_local(st.until, tz, z);
			ts_buf_reset(b);
			ts_buf_addf(b, "%s to %s: %s", a, z, st.label);
			line(sh, b);
			n++;
		}
		if (st.until == TS_TIME_NONE)
			break;
		t = st.until;
	}
	if (!n) {
		ts_buf_reset(b);
		ts_buf_addstr(b, "none");
		line(sh, b);
	}
}

static void
rules(const struct ts_route_sheet *sh, struct ts_buf *b)
{
	const struct ts_rule *r;
	size_t i;

	heading(sh, "Rules (the first that applies decides)", 0);
	for (i = 0; i < sh->cl->nrules; i++) {
		r = &sh->cl->rules[i];
		ts_buf_reset(b);
		ts_buf_addf(b, "%zu. %s: when ", i + 1, r->name);
		ts_route_rule_words(r, b);
		ts_buf_addf(b, ": %s", ts_route_action_name(r->action));
		if (*r->target)
			ts_buf_addf(b, " to %s", r->target);
		if (*r->notify)
			ts_buf_addf(b, ", notify %s", r->notify);
		if (r->note)
			ts_buf_addf(b, ". %s", r->note);
		line(sh, b);
	}
	ts_buf_reset(b);
	ts_buf_addstr(b, "Otherwise: answer when the office is open, take "
	    "a message when it is closed");
	line(sh, b);
}

/* The client's text, one item a line. */
static void
instructions(const struct ts_route_sheet *sh, const char *text,
    struct ts_buf *b)
{
	const char *nl;

	heading(sh, "Instructions", 0);
	while (*text) {
		nl = strchr(text, '\n');
		ts_buf_reset(b);
		ts_buf_add(b, text, nl ? (size_t)(nl - text) : strlen(text));
		if (b->len)
			line(sh, b);
		if (!nl)
			break;
		text = nl + 1;
	}
}

int
ts_route_sheet(struct ts_route_sheet *sh, struct ts_error *err)
{
	const struct ts_tz *tz = ts_config_tz(sh->cfg, sh->cl);
	struct ts_buf b = TS_BUF_INIT;

	top(sh, tz, &b);
	oncall(sh, tz, &b);
	hours(sh, &b);
	coming(sh, tz, &b);
	rules(sh, &b);
	if (sh->cl->instructions)
		instructions(sh, sh->cl->instructions, &b);
	if (sh->html)
		fputs("</ul>\n</body></html>\n", sh->out);
	ts_buf_release(&b);
	if (fflush(sh->out) == EOF || ferror(sh->out))
		return ts_error_set(err, TS_EXIT_FAIL, "write error: "
		    "<stdout>");
	return 0;
}
