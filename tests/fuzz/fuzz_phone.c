/*
 * fuzz_phone.c - libFuzzer target: telephone numbers to E.164, with a few
 * default countries (France and its overseas departments, Belgium, the
 * United States).  An E.164 result is "+" and at most 15 digits, is
 * normalised to itself, and can be displayed.
 */
#include "fuzz.h"
#include "ts_phone.h"
#include "banned.h"

static void
check_e164(const char *e, const struct ts_phone_country *c)
{
	char again[TS_PHONE_MAX], shown[64];
	size_t i, n = strlen(e);

	if (e[0] != '+' || n < 2 || n > 16)
		fuzz_die("an E.164 number of the wrong shape");
	for (i = 1; i < n; i++)
		if (e[i] < '0' || e[i] > '9')
			fuzz_die("an E.164 number with a non-digit");
	if (ts_phone_normalize(e, n, c, again) != TS_PHONE_E164 ||
	    strcmp(again, e) != 0)
		fuzz_die("an E.164 number does not normalise to itself");
	(void)ts_phone_display(e, c, shown, sizeof shown);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const iso[] = { "FR", "MQ", "BE", "US" };
	struct ts_phone_country c;
	char out[TS_PHONE_MAX];
	char *s;

	if (size == 0)
		return 0;
	if (ts_phone_country(iso[data[0] % 4], &c) < 0)
		fuzz_die("unknown country");
	s = fuzz_str(data + 1, size - 1);
	/* The raw bytes, NUL included, as a CDR field gives them. */
	switch (ts_phone_normalize((const char *)data + 1, size - 1, &c,
	    out)) {
	case TS_PHONE_E164:
		check_e164(out, &c);
		break;
	case TS_PHONE_EXTENSION:
		if (strlen(out) >= TS_PHONE_MAX)
			fuzz_die("an extension too long");
		break;
	default:
		if (out[0] != '\0')
			fuzz_die("no number, but text in out");
	}
	(void)ts_phone_country(s, &c);
	free(s);
	return 0;
}
