/*
 * ts_fold.h - folding UTF-8 text for matching by meaning: case and accents
 * of Latin letters go, words are joined by one separator.
 *
 * SQLite's NOCASE and lower() fold ASCII only ('DUPRÉ' is not 'dupré'),
 * so names are matched in C.  The same folding turns header names into
 * keys (ts_rec_fold_name: "Téléphone portable" -> "telephone_portable")
 * and people's names into words ("Mme Hélène DUPRÉ-Œuvray" -> "mme helene
 * dupre oeuvray").  Nothing here allocates.
 */
#ifndef TS_FOLD_H
#define TS_FOLD_H

#include <stddef.h>

/*
 * The rules, exactly: ASCII letters are lowercased and digits kept; the
 * letters of U+00C0..U+017F lose their accents ("é" -> "e", "œ" -> "oe",
 * "ß" -> "ss", "Þ" -> "th"); every other ASCII character (space, '-', '.',
 * '\'', '/', '_', '(', '&' ...), the rest of Latin-1 (NBSP, guillemets, x
 * and / signs) and General Punctuation (U+2000..U+206F: U+2019, dashes,
 * thin spaces) separate words; the degree and ordinal signs are dropped;
 * letters of other scripts and stray bytes are copied unchanged.  Words
 * are joined by one sep, none at either end.  out is cut, on a character
 * boundary, to fit n bytes with its NUL.  Returns the length of out.
 */
size_t ts_fold(const char *in, int sep, char *out, size_t n);

/*
 * Does text name a person called query?  Both are folded (sep ' '); every
 * word of the query must be a word of the text, in any order, so "dupré"
 * and "Hélène Dupré" match "Mme DUPRÉ Hélène" but "dupr" does not.  A
 * query without words matches nothing.
 */
int ts_fold_name_match(const char *text, const char *query);

#endif
