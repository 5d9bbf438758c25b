/*
 * ts_export.h - what ts-export builds: a data subject's access bundle
 * (GDPR art. 15 and 20), a client's whole data at contract end
 * (réversibilité, art. 28(3)(g)), and a draft of the processor's record of
 * processing (art. 30(2)).
 *
 * Bundles are made of the registry's data classes (ts_gdpr.h): for a
 * subject, <class>.csv for each class it appears in and data.json with
 * everything and the meaning of every field; for a client, <class>.csv,
 * <class>.jsonl and the class's third format (contacts.vcf ...).  Both add
 * README.txt (in French: the art. 15 information from the client's
 * `privacy` settings, retention per class, rights, the CNIL) and
 * manifest.json (each file's SHA-256, size and record count).  CSV files
 * are for spreadsheets: cells that a spreadsheet would run as a formula
 * are neutralised (TS_WRITER_NEUTRALIZE); JSON keeps values verbatim.
 * File names never hold the person's name or number.
 */
#ifndef TS_EXPORT_H
#define TS_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "ts_bundle.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_gdpr.h"
#include "ts_store.h"

struct ts_export {
	struct ts_store *store;
	const struct ts_config *cfg;
	const struct ts_client *client;
	int64_t now;
	int64_t request_date;		/* a subject's request, or NONE */
	const char *ref;		/* request reference, or NULL */
	/* Subject exports: */
	const struct ts_subject *subject;
	const struct ts_strlist *confirm; /* "calls:12", or "all" */
	/* Called for each row found by name only and not confirmed. */
	int (*candidate)(void *ctx, const struct ts_gdpr_class *c,
	    const struct ts_store_row *r);
	void *ctx;
	/* Out: records exported per class (ts_gdpr_classes order), and
	 * the number of candidates left out. */
	long *counts;
	long candidates;
};

/* Fills b with a subject's bundle (not yet sealed). */
int ts_export_subject(struct ts_export *x, struct ts_bundle *b,
    struct ts_error *err);

/* Fills b with a client's whole data (not yet sealed). */
int ts_export_client(struct ts_export *x, struct ts_bundle *b,
    struct ts_error *err);

/*
 * The manifest's head for ts_bundle_seal: format, kind ("subject" or
 * "client"), client, dates, and the description of every class and field.
 * The caller frees it.
 */
char *ts_export_manifest_head(const struct ts_export *x, const char *kind);

/*
 * Once the bundle b is sealed: the audit rows (one per class, no personal
 * data) and, for a client export, the export's date and manifest digest,
 * in one transaction, inside which b is put in place (ts_bundle_commit):
 * a store too busy or failing to take the rows leaves no bundle, and a
 * bundle that cannot be put in place no rows.
 */
int ts_export_record(struct ts_export *x, const char *kind,
    const char *sha256, struct ts_bundle *b, struct ts_error *err);

/* The draft record of processing (French text) for every client. */
int ts_export_register(const struct ts_config *cfg, int64_t now, FILE *out);

/* A duration for people, in French: "1 an", "6 mois", "30 jours". */
void ts_export_duration_fr(const struct ts_duration *d, char *buf, size_t n);

#endif
