/*
 * ts_gdpr_agenda.c - a client's or a person's appointments as an
 * iCalendar file for ts-export (bookings.ics), written by ts-agenda's own
 * iCalendar writer so that both tools give the same events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_agenda.h"
#include "ts_gdpr.h"
#include "ts_ical.h"
#include "ts_mem.h"
#include "banned.h"

struct picked {
	const int64_t *ids;
	size_t nids;
	struct ts_booking *b;
	size_t n;
};

static int
pick(const struct ts_booking *b, void *ctx)
{
	struct picked *p = ctx;
	size_t i;

	for (i = 0; p->ids && i < p->nids && p->ids[i] != b->id; i++)
		;
	if (p->ids && i == p->nids)
		return 0;
	p->b = ts_xreallocarray(p->b, p->n + 1, sizeof *p->b);
	p->b[p->n++] = *b;
	return 0;
}

int
ts_gdpr_bookings_ics(FILE *out, const struct ts_config *cfg,
    const struct ts_client *cl, struct ts_store *s, const int64_t *ids,
    size_t nids, int64_t now, struct ts_error *err)
{
	struct ts_agenda_ctx a;
	struct picked p = { ids, nids, NULL, 0 };
	char *text;
	int rc = 0;

	if (!cl->agenda)	/* no agenda, no bookings */
		return 0;
	memset(&a, 0, sizeof a);
	a.cfg = cfg;
	a.cl = cl;
	a.ag = cl->agenda;
	a.tz = ts_config_tz(cfg, cl);
	a.store = s;
	a.now = now;
	if (ts_store_bookings_each(s, cl->id, INT64_MIN, INT64_MAX, pick, &p,
	    err) != 0)
		rc = -1;
	else if (!(text = ts_ical_write(&a, p.b, p.n, err)))
		rc = -1;
	else {
		fputs(text, out);
		explicit_bzero(text, strlen(text));
		free(text);
	}
	if (p.b)
		explicit_bzero(p.b, p.n * sizeof *p.b);
	free(p.b);
	return rc;
}
