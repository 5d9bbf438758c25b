/*
 * ts_fold.c - case and accent folding of UTF-8 text (see ts_fold.h).
 */
#include <string.h>

#include "ts_fold.h"
#include "banned.h"


/*
 * What each letter of U+00C0..U+00FF and U+0100..U+017F folds to: a
 * lowercase ASCII letter, ' ' for a separator (the signs x and /), or a
 * code below 6 for two letters (digraphs[]).
 */
static const char *const digraphs[] = { "", "ae", "th", "ss", "ij", "oe" };

static const char latin1[] =
    "aaaaaa" "\x01" "c" "eeee" "iiii" "dn" "ooooo" " " "o" "uuuu" "y"
    "\x02" "\x03"
    "aaaaaa" "\x01" "c" "eeee" "iiii" "dn" "ooooo" " " "o" "uuuu" "y"
    "\x02" "y";
static const char latin_ext_a[] =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
    "\x04\x04" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "\x05\x05"
    "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

_Static_assert(sizeof latin1 - 1 == 0x40, "latin1 covers U+00C0..U+00FF");
_Static_assert(sizeof latin_ext_a - 1 == 0x80,
    "latin_ext_a covers U+0100..U+017F");

/* Decodes one UTF-8 sequence; returns its length, 0 when malformed. */
static size_t
utf8_decode(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		n = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4;
	else
		return 0;
	*cp = s[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)	/* also stops at the NUL */
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

/*
 * What a code point folds to: a string to write, "" to drop it (degree
 * and ordinal signs: "N°" is "n"), " " for a separator, or NULL to keep
 * its bytes as they are (letters of other scripts).  one is scratch space
 * for a single letter.
 */
static const char *
fold_cp(unsigned long cp, char one[2])
{
	unsigned char t;

	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		one[0] = (char)cp;
		one[1] = '\0';
		return one;
	}
	if (cp < 0x80)
		return " ";	/* every other ASCII character */
	if (cp == 0xAA || cp == 0xB0 || cp == 0xBA)
		return "";
	if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F))
		return " ";	/* NBSP, guillemets, U+2019, dashes ... */
	if (cp >= 0x180)
		return NULL;
	t = (unsigned char)(cp < 0x100 ? latin1[cp - 0xC0] :
	    latin_ext_a[cp - 0x100]);
	if (t < sizeof digraphs / sizeof digraphs[0])
		return digraphs[t];
	one[0] = (char)t;
	one[1] = '\0';
	return one;
}

/* Appends k bytes of s to out, after a pending separator, if all fit. */
static int
fold_put(char *out, size_t n, size_t *o, int *sep, int sepc, const char *s,
    size_t k)
{
	size_t need = k + (*sep && *o > 0);

	if (*o + need >= n)
		return -1;
	if (*sep && *o > 0)
		out[(*o)++] = (char)sepc;
	*sep = 0;
	memcpy(out + *o, s, k);
	*o += k;
	return 0;
}

size_t
ts_fold(const char *in, int sepc, char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	unsigned long cp;
	size_t o = 0, k;
	const char *t;
	char one[2];
	int sep = 0;

	if (n == 0)
		return 0;
	while (*s) {
		k = utf8_decode(s, &cp);
		if (k == 0) {		/* a stray byte: kept */
			k = 1;
			t = NULL;
		} else {
			t = fold_cp(cp, one);
		}
		if (t && *t == ' ')
			sep = 1;
		else if (t && *t && fold_put(out, n, &o, &sep, sepc, t,
		    strlen(t)))
			break;
		else if (!t && fold_put(out, n, &o, &sep, sepc,
		    (const char *)s, k))
			break;
		s += k;
	}
	out[o] = '\0';
	return o;
}

/* Is the word w (len bytes) one of the space-separated words of text? */
static int
has_word(const char *text, const char *w, size_t len)
{
	const char *p = text;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == text || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

int
ts_fold_name_match(const char *text, const char *query)
{
	char t[512], q[256], *w, *end;
	int last;

	if (!text || !query)
		return 0;
	ts_fold(text, ' ', t, sizeof t);
	if (ts_fold(query, ' ', q, sizeof q) == 0)
		return 0;
	for (w = q, last = 0; !last; w = end + 1) {
		if (!(end = strchr(w, ' ')))
			end = w + strlen(w);
		last = *end == '\0';
		*end = '\0';
		if (!has_word(t, w, (size_t)(end - w)))
			return 0;
	}
	return 1;
}
