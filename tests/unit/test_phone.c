/*
 * test_phone.c - telephone numbers: one French number written every way,
 * foreign numbers read from France and from abroad, the French overseas
 * codes, withheld callers, extensions, invalid input, and the display
 * forms.
 */
#include <string.h>

#include "ts_phone.h"
#include "tap.h"

static const char *const kinds[] = { "e164", "extension", "withheld",
    "invalid" };

/* Checks kind and result of normalising in with the country iso. */
static void
check(const char *iso, const char *in, enum ts_phone_kind want_kind,
    const char *want)
{
	struct ts_phone_country c;
	char out[TS_PHONE_MAX], name[160];
	enum ts_phone_kind k;

	if (ts_phone_country(iso, &c) < 0) {
		ok(0, iso);
		return;
	}
	memset(out, 'X', sizeof out);
	k = ts_phone_normalize(in, strlen(in), &c, out);
	snprintf(name, sizeof name, "%s: '%s' is %s %s", iso, in,
	    kinds[want_kind], want);
	if (k != want_kind) {
		ok(0, name);
		printf("#   got kind %s\n", kinds[k]);
		return;
	}
	is_str(out, want, name);
}

static void
e164(const char *iso, const char *in, const char *want)
{
	check(iso, in, TS_PHONE_E164, want);
}

static void
invalid(const char *iso, const char *in)
{
	check(iso, in, TS_PHONE_INVALID, "");
}

static void
test_countries(void)
{
	struct ts_phone_country c;
	static const char *const required[] = { "FR", "BE", "CH", "LU", "MC",
	    "DE", "ES", "IT", "PT", "NL", "GB", "IE", "US", "CA", "GP", "MQ",
	    "GF", "RE", "YT", "PM", "BL", "MF" };
	size_t i, found = 0;

	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		found += ts_phone_country(required[i], &c) == 0;
	is_int(found, sizeof required / sizeof required[0],
	    "every required country is known");
	ok(ts_phone_country("fr", &c) == 0 && strcmp(c.cc, "33") == 0 &&
	    strcmp(c.trunk, "0") == 0 && strcmp(c.idd, "00") == 0 &&
	    c.nsn_min == 9 && c.nsn_max == 9, "France, in lowercase");
	ok(ts_phone_country("Us", &c) == 0 && strcmp(c.idd, "011") == 0 &&
	    strcmp(c.cc, "1") == 0, "NANP international prefix");
	ok(ts_phone_country("MQ", &c) == 0 && strcmp(c.cc, "596") == 0,
	    "Martinique");
	ok(ts_phone_country("XX", &c) == -1, "unknown country");
	ok(ts_phone_country("FRA", &c) == -1, "three letters refused");
	ok(ts_phone_country("", &c) == -1, "empty code refused");
}

static void
test_french(void)
{
	static const char *const ways[] = {
		"01 44 00 00 01", "0144000001", "01.44.00.00.01",
		"01-44-00-00-01", "01/44/00/00/01", "(01) 44 00 00 01",
		"+33 1 44 00 00 01", "+33 (0)1 44 00 00 01", "+33(0)144000001",
		"0033 1 44 00 00 01", "0033 (0)1 44 00 00 01", "33144000001",
		"+33144000001", "144000001", " 01 44 00 00 01\t",
		"01\xc2\xa0" "44\xe2\x80\xaf" "00 00 01",
	};
	size_t i;

	for (i = 0; i < sizeof ways / sizeof ways[0]; i++)
		e164("FR", ways[i], "+33144000001");
	e164("FR", "06 12 34 56 78", "+33612345678");
	e164("FR", "0033612345678", "+33612345678");
	e164("FR", "33612345678", "+33612345678");
	e164("FR", "+33 6 12 34 56 78", "+33612345678");
	e164("FR", "+33 06 12 34 56 78", "+33612345678");
	e164("FR", "0033 01 44 00 00 01", "+33144000001");
	e164("FR", "+44 020 7946 0000", "+442079460000");
	e164("FR", "+39 06 1234 5678", "+390612345678");
}

static void
test_foreign(void)
{
	e164("FR", "+32 2 123 45 67", "+3221234567");
	e164("FR", "0032 470 12 34 56", "+32470123456");
	e164("FR", "+41 79 123 45 67", "+41791234567");
	e164("FR", "+41 (0)79 123 45 67", "+41791234567");
	e164("FR", "+44 20 7946 0000", "+442079460000");
	e164("FR", "0044 (0)20 7946 0000", "+442079460000");
	e164("FR", "+1 (212) 555-0100", "+12125550100");
	e164("FR", "001 212 555 0100", "+12125550100");
	e164("FR", "+352 12 34", "+3521234");
	e164("FR", "+86 138 1234 5678", "+8613812345678");
	e164("FR", "00 86 1381234567890", "+861381234567890");
	e164("US", "(212) 555-0100", "+12125550100");
	e164("US", "1-212-555-0100", "+12125550100");
	e164("US", "011 33 1 44 00 00 01", "+33144000001");
	e164("CA", "+1 514 555 0199", "+15145550199");
	e164("BE", "02 123 45 67", "+3221234567");
	e164("BE", "0470 12 34 56", "+32470123456");
	e164("CH", "079 123 45 67", "+41791234567");
	e164("GB", "020 7946 0000", "+442079460000");
	e164("ES", "912 345 678", "+34912345678");
	e164("IT", "06 1234 5678", "+390612345678");
	e164("DE", "030 1234567", "+49301234567");
}

static void
test_overseas(void)
{
	e164("FR", "0696 12 34 56", "+596696123456");
	e164("FR", "0596 12 34 56", "+596596123456");
	e164("FR", "0697 12 34 56", "+596697123456");
	e164("FR", "0590 12 34 56", "+590590123456");
	e164("FR", "0690 12 34 56", "+590690123456");
	e164("FR", "0691 12 34 56", "+590691123456");
	e164("FR", "0594 12 34 56", "+594594123456");
	e164("FR", "0694 12 34 56", "+594694123456");
	e164("FR", "0262 12 34 56", "+262262123456");
	e164("FR", "0263 12 34 56", "+262263123456");
	e164("FR", "0692 12 34 56", "+262692123456");
	e164("FR", "0693 12 34 56", "+262693123456");
	e164("FR", "0269 61 23 45", "+262269612345");
	e164("FR", "0639 12 34 56", "+262639123456");
	e164("FR", "05 08 41 12 34", "+508411234");
	e164("FR", "+596 696 12 34 56", "+596696123456");
	e164("FR", "00596696123456", "+596696123456");
	e164("FR", "+33 6 96 12 34 56", "+596696123456");
	e164("FR", "+33 5 08 41 12 34", "+508411234");
	e164("FR", "+508 41 12 34", "+508411234");
	e164("MQ", "0696 12 34 56", "+596696123456");
	e164("MQ", "01 44 00 00 01", "+33144000001");
	e164("RE", "0590 12 34 56", "+590590123456");
	e164("GP", "590690123456", "+590690123456");
}

static void
test_withheld(void)
{
	static const char *const words[] = {
		"", "   ", "anonymous", "Anonymous", "ANONYMOUS", "restricted",
		"Restricted", "unknown", "Unknown", "private", "PRIVATE",
		"withheld", "unavailable", "masqu\xc3\xa9", "Masqu\xc3\xa9",
		"MASQU\xc3\x89", "masque", "-", " - ",
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		check("FR", words[i], TS_PHONE_WITHHELD, "");
}

static void
test_extensions(void)
{
	check("FR", "201", TS_PHONE_EXTENSION, "201");
	check("FR", "*1001", TS_PHONE_EXTENSION, "*1001");
	check("FR", "#31", TS_PHONE_EXTENSION, "#31");
	check("FR", "s", TS_PHONE_EXTENSION, "s");
	check("FR", "fax", TS_PHONE_EXTENSION, "fax");
	check("FR", " 123456 ", TS_PHONE_EXTENSION, "123456");
	check("FR", "0612", TS_PHONE_EXTENSION, "0612");
	check("FR", "112", TS_PHONE_EXTENSION, "112");
}

static void
test_invalid(void)
{
	invalid("FR", "1234567890123456789012345678901234567890");
	invalid("FR", "+1234567890123456");
	invalid("FR", "0612345678901234567");
	invalid("FR", "1234567");
	invalid("FR", "01 44 00");
	invalid("FR", "06 12 34 56 7");
	invalid("FR", "06 12 34 56 78 9");
	invalid("FR", "+33 1 44");
	invalid("FR", "+33 1 44 00 00 01 02");
	invalid("FR", "01 44 AB 00 01");
	invalid("FR", "+33 1 44 00 00 01 ext 5");
	invalid("FR", "12+34");
	invalid("FR", "++33144000001");
	invalid("FR", "+0144000001");
	invalid("FR", "Jean Dupont");
	invalid("FR", "SIP/201");
	invalid("FR", "*12345678");
	invalid("FR", "...");
	invalid("FR", "441234567890");
	invalid("FR", "01 44 00 00 01\xff");
	/*
	 * Found by fuzzing: a trunk 0 followed by another 0 gave an E.164
	 * number that lost one more 0 each time it was normalised again.
	 */
	invalid("FR", "+33 0 0 44 00 00 01");
	invalid("FR", "+43 0 0.00.01");
	e164("FR", "+33 0 1 44 00 00 01", "+33144000001");
}

static void
display(const char *iso, const char *e164, const char *want)
{
	struct ts_phone_country c;
	char out[64], name[160];
	size_t n;

	ts_phone_country(iso, &c);
	n = ts_phone_display(e164, &c, out, sizeof out);
	snprintf(name, sizeof name, "%s: %s shown as %s", iso, e164, want);
	is_str(out, want, name);
	if (n != strlen(want))
		ok(0, "display returns the length");
}

static void
test_display(void)
{
	char small[8];
	struct ts_phone_country fr;

	display("FR", "+33144000001", "01 44 00 00 01");
	display("FR", "+33612345678", "06 12 34 56 78");
	display("FR", "+596696123456", "06 96 12 34 56");
	display("FR", "+262639123456", "06 39 12 34 56");
	display("FR", "+508411234", "05 08 41 12 34");
	display("MQ", "+33144000001", "01 44 00 00 01");
	display("FR", "+442079460000", "+44 207 946 0000");
	display("FR", "+12125550100", "+1 212 555 0100");
	display("FR", "+3221234567", "+32 212 345 67");
	display("FR", "+8613812345678", "+86 138 123 456 78");
	display("FR", "201", "201");
	display("FR", "", "");
	display("FR", "+33abc", "+33abc");
	display("BE", "+33144000001", "+33 1 44 00 00 01");
	display("BE", "+596696123456", "+596 696 12 34 56");
	display("BE", "+508411234", "+508 41 12 34");
	display("BE", "+32470123456", "0470 123 456");
	display("ES", "+34912345678", "912 345 678");
	display("US", "+12125550100", "(212) 555-0100");
	display("US", "+33144000001", "+33 1 44 00 00 01");

	ts_phone_country("FR", &fr);
	is_int(ts_phone_display("+33144000001", &fr, small, sizeof small), 7,
	    "display cut to the buffer: its length");
	is_str(small, "01 44 0", "display cut to the buffer");
}

/* What display writes reads back as the same number. */
static void
test_round_trip(void)
{
	static const char *const nums[] = { "+33144000001", "+596696123456",
	    "+508411234", "+442079460000", "+12125550100", "+3221234567",
	    "+262269612345" };
	struct ts_phone_country fr, be;
	char shown[64], back[TS_PHONE_MAX];
	size_t i, good = 0;

	ts_phone_country("FR", &fr);
	ts_phone_country("BE", &be);
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		ts_phone_display(nums[i], &fr, shown, sizeof shown);
		good += ts_phone_normalize(shown, strlen(shown), &fr, back) ==
		    TS_PHONE_E164 && strcmp(back, nums[i]) == 0;
		ts_phone_display(nums[i], &be, shown, sizeof shown);
		good += ts_phone_normalize(shown, strlen(shown), &be, back) ==
		    TS_PHONE_E164 && strcmp(back, nums[i]) == 0;
	}
	is_int(good, 2 * i, "displayed numbers read back the same");
}

int
main(void)
{
	test_countries();
	test_french();
	test_foreign();
	test_overseas();
	test_withheld();
	test_extensions();
	test_invalid();
	test_display();
	test_round_trip();
	return done_testing();
}
