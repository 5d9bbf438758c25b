/*
 * ts_import.c - loading calls and contacts into the store (see
 * ts_import.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ts_contacts.h"
#include "ts_import.h"
#include "banned.h"

#define PROGRESS_EVERY 65536

static void
count_put(struct ts_import *im, enum ts_store_put put)
{
	im->st.items++;
	if (put == TS_PUT_ADDED)
		im->st.added++;
	else if (put == TS_PUT_UPDATED)
		im->st.updated++;
	else
		im->st.same++;
}

/* A bad record: stops the run under --strict, else is reported. */
static int
bad_record(struct ts_import *im, const struct ts_error *rec_err,
    const char *raw, size_t len, struct ts_error *err)
{
	im->st.rejected++;
	if (im->strict) {
		*err = *rec_err;
		return -1;
	}
	if (im->bad)
		im->bad(im->ctx, rec_err, raw, len);
	return 0;
}

static void
progress(struct ts_import *im, long rows)
{
	if (im->progress && rows % PROGRESS_EVERY == 0)
		im->progress(im->ctx, rows);
}

/* Stores every call the reader hands out until it says TS_CDR_END. */
static int
drain_calls(struct ts_import *im, struct ts_cdr *cdr, struct ts_error *err)
{
	const struct ts_call *c;
	struct ts_error rec = TS_ERROR_INIT;
	enum ts_store_put put;
	const char *raw;
	size_t len;
	int rc;

	for (;;) {
		ts_error_clear(&rec);
		rc = ts_cdr_next(cdr, &c, &rec);
		if (rc == TS_CDR_END)
			return 0;
		if (rc == TS_CDR_FATAL) {
			*err = rec;
			return -1;
		}
		if (rc == TS_CDR_BAD) {
			raw = ts_cdr_reject(cdr, &len);
			if (bad_record(im, &rec, raw, len, err) < 0)
				return -1;
			continue;
		}
		if (ts_store_call_put(im->store, c, im->now, &put, err) < 0)
			return -1;
		count_put(im, put);
		progress(im, im->st.items);
	}
}

static int
open_input(const char *path, int *fd, struct ts_error *err)
{
	if (strcmp(path, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return ts_error_set(err, TS_EXIT_FAIL, "cannot open '%s': %s",
		    path, strerror(errno));
	return 0;
}

static int
read_call_inputs(struct ts_import *im, struct ts_cdr *cdr, char *const *files,
    size_t nfiles, const char *sqlite_path, const char *table,
    struct ts_error *err)
{
	static char dash[] = "-";
	char *const std_in[] = { dash };
	size_t i;
	int fd, rc;

	if (sqlite_path) {
		if (ts_cdr_open_sqlite(cdr, sqlite_path, table, err) < 0 ||
		    drain_calls(im, cdr, err) < 0)
			return -1;
		nfiles = 0;
		files = NULL;
	} else if (nfiles == 0) {
		files = std_in;
		nfiles = 1;
	}
	for (i = 0; files && i < nfiles; i++) {
		if (open_input(files[i], &fd, err) < 0)
			return -1;
		rc = ts_cdr_open_fd(cdr, fd, strcmp(files[i], "-") == 0 ?
		    "<stdin>" : files[i], err);
		if (rc == 0)
			rc = drain_calls(im, cdr, err);
		if (fd != STDIN_FILENO)
			close(fd);
		if (rc < 0)
			return -1;
	}
	ts_cdr_finish(cdr);
	return drain_calls(im, cdr, err);
}

/* Commits, or rolls back for a dry run; any failure rolls back. */
static int
end_run(struct ts_import *im, int rc, struct ts_error *err)
{
	if (rc < 0 || im->dry_run) {
		ts_store_rollback(im->store);
		return rc;
	}
	return ts_store_commit(im->store, err);
}

int
ts_import_calls(struct ts_import *im, const struct ts_cdr_opts *opts,
    char *const *files, size_t nfiles, const char *sqlite_path,
    const char *table, struct ts_error *err)
{
	struct ts_cdr *cdr;
	const struct ts_cdr_stats *cs;
	int rc;

	if (ts_store_begin_bulk(im->store, err) < 0)
		return -1;
	cdr = ts_cdr_new(opts);
	rc = read_call_inputs(im, cdr, files, nfiles, sqlite_path, table, err);
	cs = ts_cdr_stats(cdr);
	im->st.rows = cs->rows;
	im->st.ignored = cs->ignored;
	im->st.open = cs->open;
	ts_cdr_free(cdr);
	return end_run(im, rc, err);
}

static int
read_contacts(struct ts_import *im, const char *client, const char *map,
    FILE *in, const char *name, struct ts_error *err)
{
	struct ts_contact_reader *r;
	struct ts_contact c;
	struct ts_error rec = TS_ERROR_INIT;
	enum ts_store_put put;
	const char *raw;
	size_t len;
	int rc;

	r = ts_contact_reader_new(in, name, client,
	    &im->cfg->service.country, map, err);
	if (!r)
		return -1;
	for (;;) {
		ts_error_clear(&rec);
		rc = ts_contact_next(r, &c, &rec);
		if (rc == 0)
			break;
		im->st.rows++;
		if (rc == -2) {
			*err = rec;
			break;
		}
		if (rc == -1) {
			raw = ts_contact_reject(r, &len);
			if (bad_record(im, &rec, raw, len, err) < 0) {
				rc = -2;
				break;
			}
			continue;
		}
		if (ts_store_contact_put(im->store, &c, im->now, &put, err)) {
			rc = -2;
			break;
		}
		count_put(im, put);
		progress(im, im->st.rows);
	}
	ts_contact_reader_free(r);
	return rc == -2 ? -1 : 0;
}

int
ts_import_contacts(struct ts_import *im, const char *client,
    const char *map, char *const *files, size_t nfiles,
    struct ts_error *err)
{
	static char dash[] = "-";
	char *const std_in[] = { dash };
	size_t i;
	int rc = 0;
	FILE *in;

	if (!ts_config_client(im->cfg, client))
		return ts_error_set(err, TS_EXIT_USAGE, "no client '%s' in "
		    "the configuration", client);
	if (nfiles == 0) {
		files = std_in;
		nfiles = 1;
	}
	if (ts_store_begin(im->store, err) < 0)
		return -1;
	for (i = 0; i < nfiles && rc == 0; i++) {
		int is_stdin = strcmp(files[i], "-") == 0;

		in = is_stdin ? stdin : fopen(files[i], "r");
		if (!in) {
			rc = ts_error_set(err, TS_EXIT_FAIL, "cannot open "
			    "'%s': %s", files[i], strerror(errno));
			break;
		}
		rc = read_contacts(im, client, map, in, is_stdin ? "<stdin>" :
		    files[i], err);
		if (!is_stdin)
			fclose(in);
	}
	return end_run(im, rc, err);
}
