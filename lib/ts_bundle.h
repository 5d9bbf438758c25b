/*
 * ts_bundle.h - a set of files handed to a client (an export bundle),
 * described by manifest.json (each file's SHA-256, size and record
 * count), written as a new directory or as one ustar archive.
 *
 * The files are written as they are made into a staging directory beside
 * the target (TARGET.partial-PID, mode 0700, each file 0600, opened with
 * O_EXCL | O_NOFOLLOW), then fsync'ed; ts_bundle_commit renames the
 * directory into place, or streams the files into the archive (itself
 * written under a temporary name, fsync'ed and renamed) and removes the
 * staging files.  Until then the target does not exist, so a failure
 * never leaves a partial export under its name; ts_bundle_free removes
 * what a failed or abandoned bundle staged.  Memory stays small whatever
 * the client's size.  The archive is written here rather than by tar(1):
 * the format (ustar: 512-byte headers, octal fields) is 60 lines, and
 * owners and modes stay exactly 0600 whatever tar's defaults.
 */
#ifndef TS_BUNDLE_H
#define TS_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ts_err.h"

struct ts_bundle;

/*
 * A bundle that will become target: a directory, or with tar set a ustar
 * archive whose files are under directory top/ (1 to 60 bytes, no '/').
 * Fails when target exists or the staging directory cannot be made.
 */
struct ts_bundle *ts_bundle_new(const char *target, int tar, const char *top,
    struct ts_error *err);
/* Removes whatever was staged and not committed, and frees b. */
void ts_bundle_free(struct ts_bundle *b);

/*
 * A new file of the bundle, by name (no '/'), as a stream to write to;
 * the bundle owns it.  what is a short description for the manifest.
 * Never NULL: when the file cannot be created the stream discards what
 * is written and ts_bundle_seal reports the error.
 */
FILE *ts_bundle_file(struct ts_bundle *b, const char *name, const char *what);

/* Sets the record count the manifest gives for file name. */
void ts_bundle_count(struct ts_bundle *b, const char *name, long n);

/*
 * Closes every stream (write errors are reported here) and adds
 * manifest.json: head (JSON members without braces, each followed by a
 * comma, may be "") then the list of files.  Fills sha256 (hex) with the
 * manifest's own digest.
 */
int ts_bundle_seal(struct ts_bundle *b, const char *head, char sha256[65],
    struct ts_error *err);

/* Puts the sealed bundle in place, dated mtime (archives). */
int ts_bundle_commit(struct ts_bundle *b, int64_t mtime,
    struct ts_error *err);

/*
 * Takes a bundle put in place back out (what was to record it failed):
 * the directory or archive is removed, so that no export exists that the
 * audit does not know of.
 */
void ts_bundle_withdraw(struct ts_bundle *b);

#endif
