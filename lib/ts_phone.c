/*
 * ts_phone.c - telephone numbers to E.164, and back for people (see
 * ts_phone.h).
 *
 * Normalising is done in three steps: the text is classified (withheld,
 * an extension), its digits are collected (punctuation dropped, a "(0)"
 * after the country code dropped, letters refused), and the digits are
 * read with the default country: "+" or the international prefix (IDD)
 * start an international number, the trunk prefix a national one.
 *
 * France and its overseas departments share one national numbering plan:
 * "0696 12 34 56" is dialled from Paris and from Fort-de-France alike, but
 * its E.164 form has Martinique's country code, +596, and keeps "696" in
 * the national significant number (NSN): +596 696 12 34 56.  The overseas
 * prefixes are below.  Saint-Pierre-et-Miquelon is the exception: its NSN
 * has 6 digits, so "05 08 41 12 34" is +508 41 12 34 (the "508" is not
 * kept).  A number written under +33 with an overseas prefix
 * ("+33 6 96 12 34 56", which no network routes) is given its real code.
 */
#include <string.h>

#include "ts_phone.h"
#include "banned.h"

#define MAX_DIGITS 15	/* E.164 */
#define MAX_COLLECT (MAX_DIGITS + 4)	/* and an international prefix */

static const struct ts_phone_country countries[] = {
	{ "FR", "33", "0", "00", 9, 9 },
	{ "BE", "32", "0", "00", 8, 9 },
	{ "CH", "41", "0", "00", 9, 9 },
	{ "LU", "352", "", "00", 4, 11 },
	{ "MC", "377", "", "00", 8, 9 },
	{ "DE", "49", "0", "00", 6, 13 },
	{ "AT", "43", "0", "00", 4, 13 },
	{ "ES", "34", "", "00", 9, 9 },
	{ "IT", "39", "", "00", 6, 11 },	/* keeps its leading 0 */
	{ "PT", "351", "", "00", 9, 9 },
	{ "NL", "31", "0", "00", 9, 9 },
	{ "GB", "44", "0", "00", 9, 10 },
	{ "IE", "353", "0", "00", 7, 9 },
	{ "US", "1", "1", "011", 10, 10 },
	{ "CA", "1", "1", "011", 10, 10 },
	{ "MA", "212", "0", "00", 9, 9 },
	{ "DZ", "213", "0", "00", 8, 9 },
	{ "TN", "216", "", "00", 8, 8 },
	/* The French plan overseas. */
	{ "GP", "590", "0", "00", 9, 9 },
	{ "BL", "590", "0", "00", 9, 9 },
	{ "MF", "590", "0", "00", 9, 9 },
	{ "MQ", "596", "0", "00", 9, 9 },
	{ "GF", "594", "0", "00", 9, 9 },
	{ "RE", "262", "0", "00", 9, 9 },
	{ "YT", "262", "0", "00", 9, 9 },
	{ "PM", "508", "0", "00", 6, 6 },
	{ "NC", "687", "", "00", 6, 6 },
	{ "PF", "689", "", "00", 8, 8 },
};
#define NCOUNTRIES (sizeof countries / sizeof countries[0])

/* The first digits of a French NSN that belong to an overseas code. */
static const struct overseas {
	char prefix[4];
	char cc[4];
	int strip;		/* the prefix is not part of that code's NSN */
} overseas[] = {
	{ "590", "590", 0 }, { "690", "590", 0 }, { "691", "590", 0 },
	{ "594", "594", 0 }, { "694", "594", 0 },
	{ "596", "596", 0 }, { "696", "596", 0 }, { "697", "596", 0 },
	{ "262", "262", 0 }, { "263", "262", 0 }, { "692", "262", 0 },
	{ "693", "262", 0 }, { "269", "262", 0 }, { "639", "262", 0 },
	{ "508", "508", 1 },
};
#define NOVERSEAS (sizeof overseas / sizeof overseas[0])

/* Caller id values that mean "no number", compared without case. */
static const char *const withheld_words[] = {
	"anonymous", "anonyme", "restricted", "unknown", "inconnu",
	"private", "priv\xc3\xa9", "prive", "withheld", "unavailable",
	"masqu\xc3\xa9", "masque", "num\xc3\xa9ro masqu\xc3\xa9", "-",
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return k > 0 && n >= k && memcmp(s, prefix, k) == 0;
}

int
ts_phone_country(const char *iso, struct ts_phone_country *out)
{
	size_t i;

	if (!iso || strlen(iso) != 2)
		return -1;
	for (i = 0; i < NCOUNTRIES; i++) {
		if ((iso[0] | 0x20) == (countries[i].iso[0] | 0x20) &&
		    (iso[1] | 0x20) == (countries[i].iso[1] | 0x20)) {
			*out = countries[i];
			return 0;
		}
	}
	return -1;
}

/* Countries of the French numbering plan, by calling code. */
static int
french_plan(const char *cc)
{
	return strcmp(cc, "33") == 0 || strcmp(cc, "590") == 0 ||
	    strcmp(cc, "594") == 0 || strcmp(cc, "596") == 0 ||
	    strcmp(cc, "262") == 0 || strcmp(cc, "508") == 0;
}

static const struct overseas *
overseas_of(const char *nsn, size_t n)
{
	size_t i;

	/* Every prefix has three digits: compare them as such (this runs
	 * for every caller of every CDR row). */
	if (n < 3)
		return NULL;
	for (i = 0; i < NOVERSEAS; i++)
		if (nsn[0] == overseas[i].prefix[0] &&
		    nsn[1] == overseas[i].prefix[1] &&
		    nsn[2] == overseas[i].prefix[2])
			return &overseas[i];
	return NULL;
}

/* The first country of the table whose calling code starts digits. */
static const struct ts_phone_country *
country_of(const char *digits, size_t n)
{
	size_t i;

	for (i = 0; i < NCOUNTRIES; i++)
		if (starts_with(digits, n, countries[i].cc))
			return &countries[i];
	return NULL;
}

/* ---- classifying the text ---- */

/* Lowercase for ASCII and for the capitals of Latin-1 in UTF-8. */
static int
eq_nocase(const char *s, size_t n, const char *word)
{
	size_t i;
	unsigned char a, b;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++) {
		a = (unsigned char)s[i];
		b = (unsigned char)word[i];
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 &&
		    a >= 0x80 && a <= 0x9E && a != 0x97)
			a += 0x20;	/* "É" is C3 89, "é" C3 A9 */
		if (a != b)
			return 0;
	}
	return 1;
}

static int
is_withheld(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	/* Every word starts with a letter or '-': a number is not one (this
	 * runs for every caller of every CDR row). */
	if (is_digit((unsigned char)s[0]) || s[0] == '+')
		return 0;
	for (i = 0; i < sizeof withheld_words / sizeof withheld_words[0]; i++)
		if (eq_nocase(s, n, withheld_words[i]))
			return 1;
	return 0;
}

/*
 * A short internal number kept as it is: up to 6 digits with an optional
 * leading '*' or '#' ("201", "*1001"), or a name without digits made of
 * letters, '_', '.' and '-' (Asterisk's "s", "i", "fax").
 */
static int
is_extension(const char *s, size_t n)
{
	size_t i = 0, letters = 0;

	if (n > 0 && (s[0] == '*' || s[0] == '#'))
		i = 1;
	if (n > i && n - i <= 6) {
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == n)
			return 1;
	}
	if (n >= TS_PHONE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (is_alpha((unsigned char)s[i]))
			letters++;
		else if (s[i] != '_' && s[i] != '.' && s[i] != '-')
			return 0;
	}
	return letters > 0;
}

/* Length of a space that separates digits at s, or 0. */
static size_t
separator(const char *s, size_t n)
{
	static const char *const wide[] = {
		"\xc2\xa0",		/* NBSP */
		"\xe2\x80\xaf",		/* narrow NBSP, French typography */
		"\xe2\x80\x89",		/* thin space */
	};
	size_t i;

	if (strchr(" \t.-/()", s[0]) && s[0] != '\0')
		return 1;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (starts_with(s, n, wide[i]))
			return strlen(wide[i]);
	return 0;
}

/*
 * Collects the digits of s into d (one more than a 15-digit number with
 * a 4-digit international prefix, to see "too many"), and
 * whether a '+' came first.  "(0)" after the country code is dropped:
 * "+33 (0)1 44 00 00 01".  Returns the number of digits, or -1 for
 * anything that is not a number (letters, '*', a '+' in the middle).
 */
static int
collect(const char *s, size_t n, const struct ts_phone_country *c,
    char d[MAX_COLLECT + 1], int *plus)
{
	size_t i = 0, k, nd = 0;

	*plus = 0;
	if (n > 0 && s[0] == '+') {
		*plus = 1;
		i = 1;
	}
	while (i < n) {
		if (is_digit((unsigned char)s[i])) {
			if (nd == MAX_COLLECT + 1)
				return -1;
			d[nd++] = s[i++];
		} else if (n - i >= 3 && memcmp(s + i, "(0)", 3) == 0 &&
		    nd > 0 && (*plus || starts_with(d, nd, c->idd))) {
			i += 3;
		} else if ((k = separator(s + i, n - i)) > 0) {
			i += k;
		} else {
			return -1;
		}
	}
	return nd > 0 ? (int)nd : -1;
}

/* ---- reading the digits ---- */

static enum ts_phone_kind
put(char out[TS_PHONE_MAX], const char *cc, const char *nsn, size_t n)
{
	size_t k = strlen(cc);

	if (k + n > MAX_DIGITS)
		return TS_PHONE_INVALID;
	out[0] = '+';
	memcpy(out + 1, cc, k);
	memcpy(out + 1 + k, nsn, n);
	out[1 + k + n] = '\0';
	return TS_PHONE_E164;
}

/*
 * An international number, digits after the "+": its NSN length is
 * checked when its country is known, else only E.164's bounds (a
 * 1 to 3 digit code and at most 15 digits; 7 at least, shorter numbers
 * being service codes rather than callers).
 */
static enum ts_phone_kind
international(const char *d, size_t n, char out[TS_PHONE_MAX])
{
	const struct ts_phone_country *k;
	const struct overseas *o;
	char skip[MAX_DIGITS];
	size_t lcc, nsn;

	if (n < 7 || n > MAX_DIGITS || d[0] == '0')
		return TS_PHONE_INVALID;
	if (!(k = country_of(d, n)))
		return put(out, "", d, n);
	lcc = strlen(k->cc);
	nsn = n - lcc;
	/*
	 * "+33 01 44 00 00 01": the trunk 0 kept, as "(0)" without its
	 * parentheses.  Where the trunk prefix is 0, no NSN begins with 0.
	 */
	if (strcmp(k->trunk, "0") == 0 && d[lcc] == '0' && nsn > 0) {
		memmove(skip, d, lcc);
		memcpy(skip + lcc, d + lcc + 1, nsn - 1);
		d = skip;
		n--;
		nsn--;
		/* "+43 0 0..." is no number, and would lose one more 0 on
		 * every normalisation: E.164 must normalise to itself. */
		if (nsn > 0 && d[lcc] == '0')
			return TS_PHONE_INVALID;
		/* "+43 0 2012": 7 digits with the 0, too short without. */
		if (n < 7)
			return TS_PHONE_INVALID;
	}
	if ((int)nsn < k->nsn_min || (int)nsn > k->nsn_max)
		return TS_PHONE_INVALID;
	if (strcmp(k->cc, "33") == 0 && (o = overseas_of(d + 2, nsn))) {
		/* "+33 508 051238": no NSN of Saint-Pierre begins with 0. */
		if (o->strip && d[5] == '0')
			return TS_PHONE_INVALID;
		return o->strip ? put(out, o->cc, d + 5, nsn - 3) :
		    put(out, o->cc, d + 2, nsn);
	}
	return put(out, "", d, n);
}

/* A national significant number of country c. */
static enum ts_phone_kind
national(const char *nsn, size_t n, const struct ts_phone_country *c,
    char out[TS_PHONE_MAX])
{
	const struct ts_phone_country *k = c;
	const struct overseas *o;
	const char *cc = c->cc;

	if (french_plan(c->cc)) {
		cc = "33";
		if ((o = overseas_of(nsn, n))) {
			cc = o->cc;
			if (o->strip) {
				nsn += 3;
				n -= 3;
			}
		}
		k = country_of(cc, strlen(cc));
	}
	if ((int)n < k->nsn_min || (int)n > k->nsn_max)
		return TS_PHONE_INVALID;
	/* "05 08 02 35 08": where the trunk prefix is 0 no NSN begins with
	 * 0, and +508023508 would not read back as itself. */
	if (n > 0 && nsn[0] == '0' && strcmp(k->trunk, "0") == 0)
		return TS_PHONE_INVALID;
	return put(out, cc, nsn, n);
}

static enum ts_phone_kind
read_digits(const char *d, size_t n, int plus,
    const struct ts_phone_country *c, char out[TS_PHONE_MAX])
{
	size_t lidd = strlen(c->idd), ltr = strlen(c->trunk);

	if (plus)
		return international(d, n, out);
	if (starts_with(d, n, c->idd))
		return international(d + lidd, n - lidd, out);
	if (starts_with(d, n, c->trunk))
		return national(d + ltr, n - ltr, c, out);
	/* "33612345678": the country code without its "+". */
	if (ltr > 0 && starts_with(d, n, c->cc) &&
	    (int)(n - strlen(c->cc)) >= c->nsn_min &&
	    (int)(n - strlen(c->cc)) <= c->nsn_max)
		return international(d, n, out);
	/*
	 * No trunk prefix: none exists, or it is optional (NANP), or it was
	 * lost (a spreadsheet that dropped the 0 of "0612345678").  Only
	 * where the NSN has one fixed length, so there is no doubt.
	 */
	if (ltr == 0 || c->nsn_min == c->nsn_max)
		return national(d, n, c, out);
	return TS_PHONE_INVALID;
}

enum ts_phone_kind
ts_phone_normalize(const char *in, size_t n, const struct ts_phone_country *c,
    char out[TS_PHONE_MAX])
{
	char d[MAX_COLLECT + 1];
	int nd, plus;

	out[0] = '\0';
	while (n > 0 && (*in == ' ' || *in == '\t')) {
		in++;
		n--;
	}
	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (is_withheld(in, n))
		return TS_PHONE_WITHHELD;
	if (is_extension(in, n)) {
		memcpy(out, in, n);
		out[n] = '\0';
		return TS_PHONE_EXTENSION;
	}
	if ((nd = collect(in, n, c, d, &plus)) < 0)
		return TS_PHONE_INVALID;
	return read_digits(d, (size_t)nd, plus, c, out);
}

/* ---- display ---- */

/* Bounded appending to out, as snprintf would, without allocating. */
struct sink {
	char *out;
	size_t n;
	size_t len;
};

static void
add(struct sink *s, const char *p, size_t k)
{
	size_t room = s->n > s->len + 1 ? s->n - s->len - 1 : 0;

	if (k > room)
		k = room;
	memcpy(s->out + s->len, p, k);
	s->len += k;
	if (s->n > 0)
		s->out[s->len] = '\0';
}

/* "1 44 00 00 01": a first group of `first` digits, then pairs. */
static void
add_pairs(struct sink *s, const char *d, size_t n, size_t first)
{
	size_t i;

	add(s, d, first < n ? first : n);
	for (i = first; i < n; i += 2) {
		add(s, " ", 1);
		add(s, d + i, n - i < 2 ? n - i : 2);
	}
}

/*
 * Groups of three, the last of four when one digit would be left alone
 * and of two when two are: "207 946 0000", "612 345 78".
 */
static void
add_threes(struct sink *s, const char *d, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = n - i == 4 ? 4 : n - i < 3 ? n - i : 3;
		if (i > 0)
			add(s, " ", 1);
		add(s, d + i, k);
		i += k;
	}
}

/* Length of the calling code at d (ITU-T E.164 assignments). */
static size_t
cc_length(const char *d)
{
	static const char *const two[] = {
		"20", "27", "30", "31", "32", "33", "34", "36", "39", "40",
		"41", "43", "44", "45", "46", "47", "48", "49", "51", "52",
		"53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
		"64", "65", "66", "81", "82", "84", "86", "90", "91", "92",
		"93", "94", "95", "98",
	};
	size_t i;

	if (d[0] == '1' || d[0] == '7')
		return 1;
	for (i = 0; i < sizeof two / sizeof two[0]; i++)
		if (d[0] == two[i][0] && d[1] == two[i][1])
			return 2;
	return 3;
}

/* The French national form, "06 96 12 34 56", when it has one. */
static int
french_national(struct sink *s, const char *cc, const char *nsn, size_t n)
{
	const struct overseas *o = overseas_of(nsn, n);

	if (strcmp(cc, "508") == 0 && n == 6) {
		add(s, "05 08 ", 6);
		add_pairs(s, nsn, n, 2);
		return 1;
	}
	if (n != 9 || nsn[0] == '0' || !french_plan(cc))
		return 0;
	if (strcmp(cc, "33") == 0 ? o != NULL : !o || strcmp(o->cc, cc))
		return 0;
	add(s, "0", 1);
	add_pairs(s, nsn, n, 1);
	return 1;
}

static void
international_form(struct sink *s, const char *cc, const char *nsn,
    size_t n)
{
	add(s, "+", 1);
	add(s, cc, strlen(cc));
	add(s, " ", 1);
	if (strcmp(cc, "33") == 0 && n == 9)
		add_pairs(s, nsn, n, 1);
	else if (french_plan(cc) && n == 9)
		add_pairs(s, nsn, n, 3);
	else if (french_plan(cc))
		add_pairs(s, nsn, n, 2);
	else
		add_threes(s, nsn, n);
}

size_t
ts_phone_display(const char *e164, const struct ts_phone_country *c,
    char *out, size_t n)
{
	struct sink s = { out, n, 0 };
	char cc[4];
	const char *nsn;
	size_t len = strlen(e164), lcc;

	if (n > 0)
		out[0] = '\0';
	if (len < 3 || len > MAX_DIGITS + 1 || e164[0] != '+' ||
	    strspn(e164 + 1, "0123456789") != len - 1) {
		add(&s, e164, len);	/* not E.164: as it is */
		return s.len;
	}
	lcc = cc_length(e164 + 1);
	memcpy(cc, e164 + 1, lcc);
	cc[lcc] = '\0';
	nsn = e164 + 1 + lcc;
	len -= 1 + lcc;
	if (french_plan(c->cc) && french_national(&s, cc, nsn, len))
		return s.len;
	if (strcmp(cc, "1") == 0 && strcmp(c->cc, "1") == 0 && len == 10) {
		add(&s, "(", 1);		/* NANP: "(212) 555-0100" */
		add(&s, nsn, 3);
		add(&s, ") ", 2);
		add(&s, nsn + 3, 3);
		add(&s, "-", 1);
		add(&s, nsn + 6, 4);
		return s.len;
	}
	if (strcmp(cc, c->cc) == 0 && !french_plan(cc)) {
		add(&s, c->trunk, strlen(c->trunk));
		add_threes(&s, nsn, len);
		return s.len;
	}
	international_form(&s, cc, nsn, len);
	return s.len;
}
