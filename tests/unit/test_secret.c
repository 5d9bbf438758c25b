/*
 * test_secret.c - secrets are read from a private file or the
 * environment, and never quoted in an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ts_config.h"
#include "tap.h"

int
main(void)
{
	char path[] = "/tmp/ts-secret-XXXXXX";
	struct ts_secret s = { NULL, NULL };
	struct ts_error err = TS_ERROR_INIT;
	char *v;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, "s3cret!\nnext line\n", 18) != 18)
		return 1;
	close(fd);
	s.file = path;
	chmod(path, 0600);
	v = ts_secret_read(&s, &err);
	is_str(v, "s3cret!", "the first line of a 0600 file");
	ts_secret_free(v);
	chmod(path, 0640);
	v = ts_secret_read(&s, &err);
	ok(v == NULL && err.code == TS_EXIT_USAGE, "a group-readable file is refused");
	ok(strstr(err.msg, "chmod 600") && !strstr(err.msg, "s3cret"),
	    "the message says what to do, not the secret");
	unlink(path);
	s.file = NULL;
	s.env = (char[]){ "TS_TEST_SECRET" };
	setenv("TS_TEST_SECRET", "tok-123", 1);
	v = ts_secret_read(&s, &err);
	is_str(v, "tok-123", "from the environment");
	ts_secret_free(v);
	unsetenv("TS_TEST_SECRET");
	ts_error_clear(&err);
	ok(ts_secret_read(&s, &err) == NULL && strstr(err.msg, "TS_TEST_SECRET"),
	    "an unset variable is named");
	s.env = NULL;
	v = ts_secret_read(&s, &err);
	is_str(v, "", "no secret is empty");
	ts_secret_free(v);
	return done_testing();
}
