/*
 * ts_route_sheet.h - a client's consignes for a person: the call sheet
 * (fiche consignes) a secretary keeps beside the phone, and the schedule
 * of open, closed, holiday and on-call periods, to check a configuration
 * before a holiday season.
 */
#ifndef TS_ROUTE_SHEET_H
#define TS_ROUTE_SHEET_H

#include <stdint.h>
#include <stdio.h>

#include "ts_buf.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_rec.h"

struct ts_route_sheet {
	const struct ts_config *cfg;
	const struct ts_client *cl;
	FILE *out;		/* the caller's */
	int64_t at;		/* sheet: "now"; calendar: "today" */
	int html;		/* sheet: HTML instead of text */
	enum ts_fmt fmt;	/* calendar: the record format */
	int64_t from, to;	/* calendar: the instants shown */
};

/*
 * Sets the calendar's range from a date (NULL: the day of sh->at) and a
 * number of days (NULL: 7; at most 366), in the client's zone.  Errors
 * are usage errors (TS_EXIT_USAGE).
 */
int ts_route_calendar_range(struct ts_route_sheet *sh, const char *from,
    const char *days, struct ts_error *err);

/*
 * Writes the schedule as records: from, to, state, label, oncall (each
 * rota's person on call, "rota: name", joined with "; "); a new record
 * each time the office's state or someone on call changes.
 */
int ts_route_calendar(struct ts_route_sheet *sh, struct ts_error *err);

/*
 * Writes the call sheet at sh->at: the greeting, whether the office is
 * open and until when, who is on call, the hours, the coming holidays and
 * closures, the rules in plain words with their notes, the client's
 * instructions.
 */
int ts_route_sheet(struct ts_route_sheet *sh, struct ts_error *err);

/* The conditions of rule r in words, into b ("the office is closed,
 * the reason is urgent"; "always" for none). */
void ts_route_rule_words(const struct ts_rule *r, struct ts_buf *b);

#endif
