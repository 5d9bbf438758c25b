/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share: the input as a
 * file descriptor, a FILE or a C string, and one configuration loaded once.
 *
 * Each tests/fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput and is built by
 * `make fuzz` with clang, ASan and UBSan (see tests/fuzz/README).  The
 * library is called exactly as the tools call it: a target never reaches
 * into a module's internals.  Everything a run allocates is freed before it
 * returns, so that LeakSanitizer reports a leak as a finding.
 */
#ifndef TS_FUZZ_H
#define TS_FUZZ_H

#define _GNU_SOURCE	/* memfd_create; so include fuzz.h first */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ts_config.h"
#include "ts_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run: a harness that cannot set up is a bug in the harness. */
static void __attribute__((noreturn, unused))
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz harness: %s\n", what);
	abort();
}

/* An anonymous file holding data, at offset 0; the caller closes it. */
static __attribute__((unused)) int
fuzz_memfd(const void *data, size_t size)
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	const char *p = data;
	ssize_t n;

	if (fd < 0)
		fuzz_die("memfd_create");
	while (size > 0) {
		if ((n = write(fd, p, size)) <= 0)
			fuzz_die("write to memfd");
		p += n;
		size -= (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fuzz_die("lseek on memfd");
	return fd;
}

/* data as a C string (NUL-terminated copy); the caller frees it. */
static __attribute__((unused)) char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		fuzz_die("malloc");
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * A stream over data.  fmemopen refuses a size of 0 on some C libraries:
 * an empty input is then read from /dev/null.
 */
static __attribute__((unused)) FILE *
fuzz_fmemopen(const uint8_t *data, size_t size)
{
	FILE *f = size ? fmemopen((void *)(uintptr_t)data, size, "r") :
	    fopen("/dev/null", "r");

	if (!f)
		fuzz_die("fmemopen");
	return f;
}

/*
 * The configuration the CDR and contact targets run with: the clients of
 * tests/data/import/config.yaml (numbers, account codes, queues), so that
 * client resolution is exercised too.  Loaded once, from a memfd, through
 * ts_config_load; never freed (LeakSanitizer sees it as reachable).
 */
static const char fuzz_config_yaml[] =
	"service:\n"
	"  name: Permanence Fuzz\n"
	"  timezone: Europe/Paris\n"
	"  country: FR\n"
	"clients:\n"
	"  cabinet-a:\n"
	"    name: Cabinet A\n"
	"    numbers: [\"01 44 00 00 01\"]\n"
	"    accountcodes: [acct-a]\n"
	"  cabinet-b:\n"
	"    name: Cabinet B\n"
	"    numbers: [\"01 44 00 00 02\"]\n"
	"    queues: [q-b]\n"
	"    timezone: America/Martinique\n";

static __attribute__((unused)) const struct ts_config *
fuzz_config(void)
{
	static struct ts_config *cfg;
	struct ts_error err = TS_ERROR_INIT;
	char path[64];
	int fd;

	if (cfg)
		return cfg;
	fd = fuzz_memfd(fuzz_config_yaml, sizeof fuzz_config_yaml - 1);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	cfg = ts_config_load(path, &err);
	close(fd);
	if (!cfg) {
		fprintf(stderr, "fuzz harness: %s\n", err.msg);
		abort();
	}
	return cfg;
}

/*
 * A store for the targets that check that every record a reader accepts
 * can be stored: one store failure aborts a whole import (it is one
 * transaction), so a record that makes SQLite refuse it would block every
 * later import of the file.  The store lives in a private temporary
 * directory, removed at exit; each input runs in a transaction that is
 * rolled back, so the store stays empty.
 */
static char fuzz_store_dir[] = "/tmp/ts-fuzz-XXXXXX";
static struct ts_store *fuzz_store_handle;

static void
fuzz_store_remove(void)
{
	char path[64];

	ts_store_close(fuzz_store_handle);
	fuzz_store_handle = NULL;
	snprintf(path, sizeof path, "%s/ts.db", fuzz_store_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/ts.db-wal", fuzz_store_dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/ts.db-shm", fuzz_store_dir);
	unlink(path);
	rmdir(fuzz_store_dir);
}

static __attribute__((unused)) struct ts_store *
fuzz_store(void)
{
	struct ts_error err = TS_ERROR_INIT;
	char path[64];

	if (fuzz_store_handle)
		return fuzz_store_handle;
	if (!mkdtemp(fuzz_store_dir))
		fuzz_die("mkdtemp");
	snprintf(path, sizeof path, "%s/ts.db", fuzz_store_dir);
	fuzz_store_handle = ts_store_open(path, 0, &err);
	if (!fuzz_store_handle) {
		fprintf(stderr, "fuzz harness: %s\n", err.msg);
		abort();
	}
	atexit(fuzz_store_remove);
	return fuzz_store_handle;
}

/* Aborts with the store's message: a record accepted but not storable. */
static __attribute__((unused)) void
fuzz_store_failed(const struct ts_error *err)
{
	fprintf(stderr, "fuzz: the store refused a record the reader "
	    "accepted: %s\n", err->msg);
	abort();
}

#endif
