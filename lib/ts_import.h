/*
 * ts_import.h - loading calls and contacts into the store.
 *
 * One run is one transaction: every file of the run is stored, or none is
 * (a crash, a full disk, a store busy past its timeout, --strict meeting a
 * bad record, --dry-run).  Bad records are skipped and reported through a
 * callback, with their line and bytes, and the run goes on.  Calls are
 * unique on (source, call id) and merged into what is stored, so importing
 * a file twice, or an overlapping rotation of it, adds nothing twice.
 */
#ifndef TS_IMPORT_H
#define TS_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ts_cdr.h"
#include "ts_config.h"
#include "ts_err.h"
#include "ts_store.h"

struct ts_import_stats {
	long rows;		/* records read */
	long items;		/* calls or contacts made from them */
	long added;
	long updated;
	long same;		/* already there, unchanged */
	long rejected;		/* bad records skipped */
	long ignored;		/* rows that are not calls (queue_log noise) */
	long open;		/* queue_log calls never finished */
};

struct ts_import {
	struct ts_store *store;
	const struct ts_config *cfg;
	int64_t now;
	int strict;		/* the first bad record stops the run */
	int dry_run;		/* roll back at the end */
	/* Told of each bad record; may be NULL. */
	void (*bad)(void *ctx, const struct ts_error *err, const char *raw,
	    size_t len);
	/* Told every few thousand records (for progress); may be NULL. */
	void (*progress)(void *ctx, long rows);
	void *ctx;
	struct ts_import_stats st;
};

/*
 * Imports calls from files ("-" is standard input; none means standard
 * input), or from an Asterisk cdr_sqlite3 database when sqlite_path is
 * set.  Returns 0 (bad records may have been skipped: see st.rejected), or
 * -1 with err set when the run failed and nothing was stored.
 */
int ts_import_calls(struct ts_import *im, const struct ts_cdr_opts *opts,
    char *const *files, size_t nfiles, const char *sqlite_path,
    const char *table, struct ts_error *err);

/*
 * Imports contacts of client (which must exist in the configuration) from
 * CSV or vCard files, as ts_import_calls does.
 */
int ts_import_contacts(struct ts_import *im, const char *client,
    const char *map, char *const *files, size_t nfiles,
    struct ts_error *err);

#endif
