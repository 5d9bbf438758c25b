/*
 * ts_phone.h - telephone numbers to E.164.
 *
 * Callers and lines are matched by their E.164 form ("+33144000001"): a
 * French secretary types "01 44 00 00 01", a trunk sends "0033144000001" or
 * "33144000001", a contact list has "+33 (0)1 44.00.00.01"; all are one
 * number.  National numbers are read with the service's default country.
 * Short internal extensions ("201", "*1001", "s") are kept as they are, and
 * withheld callers ("anonymous", "Restricted", empty) are recognised.
 * Nothing here allocates; the caller keeps the original text where a person
 * could need it.
 */
#ifndef TS_PHONE_H
#define TS_PHONE_H

#include <stddef.h>

#define TS_PHONE_MAX 32		/* "+" and 15 digits, or an extension */

enum ts_phone_kind {
	TS_PHONE_E164,		/* out holds "+<digits>" */
	TS_PHONE_EXTENSION,	/* a short internal number, kept as is */
	TS_PHONE_WITHHELD,	/* no number: out is "" */
	TS_PHONE_INVALID	/* not a number; out is "" */
};

/* How national numbers are written in one country. */
struct ts_phone_country {
	char iso[3];		/* "FR" */
	char cc[4];		/* calling code digits: "33" */
	char trunk[3];		/* national trunk prefix: "0", "" for none */
	char idd[5];		/* international prefix: "00", "011" */
	int nsn_min;		/* shortest national significant number */
	int nsn_max;		/* longest */
};

/*
 * Looks up a country by ISO 3166 code (case-insensitive): FR, BE, CH, LU,
 * MC, DE, ES, IT, PT, NL, GB, IE, US, CA, and the French overseas
 * departments (GP, MQ, GF, RE, YT, PM, BL, MF) among others.  Returns 0, or
 * -1 for a code it does not know.
 */
int ts_phone_country(const char *iso, struct ts_phone_country *out);

/*
 * Normalises the n bytes at in (spaces, dots, dashes, slashes, parentheses
 * and a "(0)" after the country code ignored) with the default country c.
 * Writes the result, NUL-terminated, to out and returns its kind.
 * With c for France, "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678"
 * and "33612345678" all give "+33612345678"; French overseas numbers get
 * their own calling code ("0696 12 34 56" gives "+596696123456").
 * Extensions are digits (with an optional leading '*' or '#') up to 6 long,
 * or text without digits such as "s"; a number of more than 15 digits is
 * invalid.
 */
enum ts_phone_kind ts_phone_normalize(const char *in, size_t n,
    const struct ts_phone_country *c, char out[TS_PHONE_MAX]);

/*
 * Writes an E.164 number for people, in the national format of country c
 * when it is national ("01 44 00 00 01" for France), else grouped in the
 * international format ("+44 20 7946 0000" is acceptable as "+44 2079460000").
 * Anything that is not E.164 is copied as it is.  Returns the length.
 */
size_t ts_phone_display(const char *e164, const struct ts_phone_country *c,
    char *out, size_t n);

#endif
