/*
 * replay.c - a main for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named (a directory: on each
 * file in it), so that the normal build (gcc, and SANITIZE=1) replays the
 * inputs a campaign found and the regression inputs in tests/data/fuzz/.
 * An input that breaks a promise aborts, as under libFuzzer.
 *
 *	build/tests/fuzz/fuzz_cdr_auto [-v] FILE|DIR ...
 */
#include "fuzz.h"	/* first: it sets _GNU_SOURCE */

#include <dirent.h>
#include <sys/stat.h>

#include "ts_buf.h"
#include "banned.h"

static int verbose;

static int
run_file(const char *path)
{
	struct ts_buf b = TS_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ts_buf_add(&b, chunk, n);
	fclose(f);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, b.len);
	/* A copy of exactly the input's size, as libFuzzer gives it. */
	{
		uint8_t *data = malloc(b.len ? b.len : 1);

		if (!data)
			fuzz_die("malloc");
		memcpy(data, b.buf ? b.buf : "", b.len);
		LLVMFuzzerTestOneInput(data, b.len);
		free(data);
	}
	ts_buf_release(&b);
	return 0;
}

static int
run_path(const char *path)
{
	struct dirent **names;
	struct stat sb;
	char sub[4096];
	int i, n, rc = 0;

	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return run_file(path);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof sub, "%s/%s", path,
			    names[i]->d_name);
			rc |= run_file(sub);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else
			rc |= run_path(argv[i]);
	}
	return rc;
}
