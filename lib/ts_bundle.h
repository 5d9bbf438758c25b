/*
 * ts_bundle.h - a set of files handed to a client (an export bundle):
 * built in memory, described by manifest.json (each file's SHA-256, size
 * and record count), then written either as a new directory or as one
 * ustar archive.
 *
 * Nothing touches the disk before the bundle is complete, so a failure
 * leaves no half-written export (and no temporary copy of personal data
 * in the file system's free blocks).  A directory is written under a
 * temporary name beside the target, each file 0600 and fsync'ed, then
 * renamed into place; an archive likewise.  The archive is written here
 * rather than by tar(1): that would need the files on disk first, and
 * the format (ustar: 512-byte headers, octal fields) is 60 lines.
 */
#ifndef TS_BUNDLE_H
#define TS_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ts_buf.h"
#include "ts_err.h"

struct ts_bundle;

struct ts_bundle *ts_bundle_new(void);
void ts_bundle_free(struct ts_bundle *b);

/*
 * A new file of the bundle, by name (no '/'), as a stream to write to;
 * the bundle owns it.  what is a short description for the manifest.
 */
FILE *ts_bundle_file(struct ts_bundle *b, const char *name, const char *what);

/* Sets the record count the manifest gives for file name. */
void ts_bundle_count(struct ts_bundle *b, const char *name, long n);

/*
 * Closes every stream and adds manifest.json: head (JSON members without
 * braces, "\"kind\": \"client\"," for instance, may be "") followed by
 * the list of files.  Fills sha256 (hex) with the manifest's own digest.
 */
int ts_bundle_seal(struct ts_bundle *b, const char *head, char sha256[65],
    struct ts_error *err);

/* Writes the sealed bundle as directory path, which must not exist. */
int ts_bundle_write_dir(struct ts_bundle *b, const char *path,
    struct ts_error *err);

/*
 * Writes the sealed bundle as a ustar archive at path (which must not
 * exist), the files under directory top/ inside it, dated mtime.
 */
int ts_bundle_write_tar(struct ts_bundle *b, const char *path,
    const char *top, int64_t mtime, struct ts_error *err);

#endif
