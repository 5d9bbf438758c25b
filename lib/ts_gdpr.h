/*
 * ts_gdpr.h - the data classes that ts-export and ts-purge reach, as one
 * table-driven registry, and a data subject's identifiers.
 *
 * Every kind of personal data the store holds is one entry of
 * ts_gdpr_classes[] (ts_gdpr.c): its name, its fields (column name, type,
 * description in French for the bundle's data.json), which fields
 * identify a person (an E.164 number, an e-mail address, a name), its
 * retention (the struct ts_retention field that overrides it and the
 * documented default), its place in subject and client bundles, a format
 * besides CSV and JSON (vCard for contacts, iCalendar for bookings), and
 * its SQL: a struct ts_store_class (ts_store_gdpr.h) kept beside the code
 * of the table's owner.  ts-export and ts-purge loop over the registry and
 * never name a table.
 *
 * Today: calls and contacts (the foundation's tables), bookings and busy
 * time (ts-agenda's), deliveries and messages (ts-msg's), escalations
 * (ts-route's) and the audit.  Adding a class is one entry here, in the
 * order classes are exported and deleted (children before parents), plus
 * its struct ts_store_class with the statements of enum ts_store_op:
 * rows of a client, rows by number, by address or by name, deletes by
 * the same keys, expired rows (honouring legal_holds), the client's rows,
 * and the latest change; a class with a full-text index sets `optimize`,
 * which ts-purge runs after deleting (FTS keeps deleted tokens
 * otherwise).  Nothing else changes.  Rows found by a name (a caller's
 * name, a name in a message's subject or body) are candidates only; for
 * art. 19, copies already outside the store (bookings pushed by CalDAV,
 * deliveries sent, per channel) are reported before they are erased.
 */
#ifndef TS_GDPR_H
#define TS_GDPR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ts_buf.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_store_gdpr.h"

enum ts_field_kind {
	TS_FIELD_TEXT,
	TS_FIELD_INT,
	TS_FIELD_TIME,		/* instant: ISO 8601 in the client's zone */
	TS_FIELD_PHONE,		/* identifies: E.164 (several: spaces) */
	TS_FIELD_EMAIL,		/* identifies: an e-mail address */
	TS_FIELD_NAME		/* identifies: a person's name */
};

struct ts_gdpr_field {
	const char *name;	/* column name in CSV and JSON */
	enum ts_field_kind kind;
	const char *desc;	/* for people, in French */
};

/* How a subject is looked up in a class (bits). */
#define TS_BY_PHONE	0x1u
#define TS_BY_EMAIL	0x2u
#define TS_BY_NAME	0x4u

/* Where a class goes (bits). */
#define TS_DC_SUBJECT	0x1u	/* in a subject's bundle and erasure */
#define TS_DC_CLIENT	0x2u	/* in a client's bundle and purge */
#define TS_DC_NOCLIENT	0x4u	/* has rows without a client (calls) */

struct ts_gdpr_class {
	const char *name;		/* "calls": files, audit, output */
	const char *label;		/* "appels reçus", for the README */
	const char *desc;		/* one sentence, for data.json */
	const struct ts_gdpr_field *fields;
	size_t nfields;
	const struct ts_store_class *sql;
	unsigned by;			/* TS_BY_* */
	unsigned flags;			/* TS_DC_* */
	size_t retention;		/* offsetof(struct ts_retention, x) */
	const char *retention_default;	/* "1y" */
	const char *retention_from;	/* "à compter de l'appel" */
	/* A third format (vCard, iCalendar) of the client's bundle. */
	const char *extra_file;		/* "contacts.vcf", or NULL */
	/* Either a row at a time (vCard)... */
	void (*extra_row)(struct ts_buf *out, const struct ts_gdpr_class *c,
	    const struct ts_store_row *r);
	/*
	 * ...or the whole file at once (iCalendar, whose VCALENDAR wraps
	 * the events): the rows of client cl with the given ids (ids NULL:
	 * all of them), also in subject bundles.  Writes nothing and
	 * returns 0 when the class has no such file for this client.
	 */
	int (*extra_all)(FILE *out, const struct ts_config *cfg,
	    const struct ts_client *cl, struct ts_store *s,
	    const int64_t *ids, size_t nids, int64_t now,
	    struct ts_error *err);
};

extern const struct ts_gdpr_class ts_gdpr_classes[];
extern const size_t ts_gdpr_nclasses;

/*
 * The bookings as iCalendar, through ts-agenda's own writer (ts_ical.c):
 * the extra_all of the bookings class (ts_gdpr_agenda.c).
 */
int ts_gdpr_bookings_ics(FILE *out, const struct ts_config *cfg,
    const struct ts_client *cl, struct ts_store *s, const int64_t *ids,
    size_t nids, int64_t now, struct ts_error *err);

/* The class with this name, or NULL. */
const struct ts_gdpr_class *ts_gdpr_class(const char *name);

/* The client's retention of class c (its own, else the default). */
void ts_gdpr_retention(const struct ts_gdpr_class *c,
    const struct ts_client *cl, struct ts_duration *d);

/*
 * Writes value v of field f for people: an instant in ISO 8601 in zone z,
 * an integer in decimal, text as it is.  Returns 0 when v is null.
 */
int ts_gdpr_value(const struct ts_gdpr_field *f, const struct ts_store_val *v,
    const struct ts_tz *z, struct ts_buf *out);

/* ---- a data subject ---- */

struct ts_subject {
	struct ts_strlist phones;	/* E.164 */
	struct ts_strlist emails;	/* lowercase */
	struct ts_strlist names;	/* as given */
};

/*
 * Adds an identifier given by the operator: kind 'p' a number in any
 * usual form (normalised with country c), 'e' an e-mail address
 * (lowercased), 'n' a name.  Fails (TS_EXIT_USAGE) on a number that is not
 * one or an address without '@'; the message does not repeat it.
 */
int ts_subject_add(struct ts_subject *s, int kind, const char *text,
    const struct ts_phone_country *c, struct ts_error *err);
void ts_subject_free(struct ts_subject *s);

/*
 * The identifiers as typed on a command line (--phone, --email, --name),
 * kept until the configuration says which country a number is in.  The
 * texts are not copied (argv outlives them); free v.
 */
struct ts_subject_args {
	struct ts_subject_arg {
		int kind;		/* 'p', 'e', 'n' as ts_subject_add */
		const char *text;
	} *v;
	size_t n;
};

void ts_subject_args_add(struct ts_subject_args *a, int kind,
    const char *text);
/* ts_subject_add for each of a, in order; stops at the first error. */
int ts_subject_add_args(struct ts_subject *s, const struct ts_subject_args *a,
    const struct ts_phone_country *c, struct ts_error *err);

/*
 * Checks a request reference typed by the operator (a ticket number): 1
 * to 64 letters, digits and "-_./:#", and not something that looks like a
 * phone number (8 digits or more) or an e-mail address, since it goes
 * into the audit.
 */
int ts_gdpr_check_ref(const char *ref, struct ts_error *err);

#endif
