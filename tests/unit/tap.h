/*
 * tap.h - the smallest TAP producer for the C unit tests.
 *
 *	int main(void) {
 *		ok(1 + 1 == 2, "addition");
 *		is_str(s, "x", "formats x");
 *		return done_testing();
 *	}
 *
 * Each check prints "ok N - name" or "not ok N - name" with a diagnostic;
 * done_testing() prints the plan and returns the exit status for main.
 */
#ifndef TS_TAP_H
#define TS_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int __attribute__((unused))
tap_ok(int cond, const char *file, int line, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), __FILE__, __LINE__, (name))

#define is_str(got, want, name) do { \
	const char *tap_g_ = (got), *tap_w_ = (want); \
	int tap_c_ = (tap_g_ && tap_w_) ? strcmp(tap_g_, tap_w_) == 0 \
	    : tap_g_ == tap_w_; \
	if (!tap_ok(tap_c_, __FILE__, __LINE__, (name))) \
		printf("#   got:  '%s'\n#   want: '%s'\n", \
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
} while (0)

#define is_int(got, want, name) do { \
	long long tap_g_ = (long long)(got), tap_w_ = (long long)(want); \
	if (!tap_ok(tap_g_ == tap_w_, __FILE__, __LINE__, (name))) \
		printf("#   got:  %lld\n#   want: %lld\n", tap_g_, tap_w_); \
} while (0)

#define is_dbl(got, want, eps, name) do { \
	double tap_g_ = (got), tap_w_ = (want); \
	double tap_d_ = tap_g_ > tap_w_ ? tap_g_ - tap_w_ : tap_w_ - tap_g_; \
	if (!tap_ok(tap_d_ <= (eps), __FILE__, __LINE__, (name))) \
		printf("#   got:  %.9g\n#   want: %.9g\n", tap_g_, tap_w_); \
} while (0)

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
