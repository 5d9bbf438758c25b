/*
 * ts_sms.h - the size of a text message, as networks count it.
 *
 * An SMS carries 160 characters of the GSM 03.38 alphabet ("GSM-7", the
 * characters of its extension table such as '€' and '{' counting twice),
 * or 70 UTF-16 code units ("UCS-2") as soon as one character is outside
 * that alphabet.  A longer text is sent in parts of 153 septets or 67
 * units, and a character is never split between two parts.  Providers
 * bill per part, so the configuration caps the parts per message and
 * longer texts are cut to fit (the full message goes by e-mail).
 *
 * French is a trap here: é, è, à, ù are in GSM-7 but ê, â, î, ô, û and ç
 * are not, and one of them makes the whole text UCS-2, halving what fits.
 * ts_sms_transliterate replaces those by their nearest GSM-7 letter.
 */
#ifndef TS_SMS_H
#define TS_SMS_H

#include <stddef.h>

#include "ts_buf.h"

enum ts_sms_coding {
	TS_SMS_GSM7,		/* 7-bit default alphabet */
	TS_SMS_UCS2		/* 16-bit */
};

struct ts_sms_size {
	enum ts_sms_coding coding;
	size_t chars;		/* characters */
	size_t units;		/* septets (GSM-7) or UTF-16 code units */
	int segments;		/* parts needed; 1 for an empty text */
};

/* "gsm7" or "ucs2". */
const char *ts_sms_coding_name(enum ts_sms_coding c);

/* Measures the UTF-8 text (invalid bytes count as U+FFFD). */
void ts_sms_measure(const char *text, size_t n, struct ts_sms_size *sz);

/*
 * Appends to out the text, or when it needs more than max segments, the
 * longest beginning of it (cut after a word when one ends near the limit)
 * that fits with "..." after it.  Returns 1 when the text was cut.
 */
int ts_sms_fit(const char *text, size_t n, int max, struct ts_buf *out);

/*
 * Appends the text with the letters and signs that GSM-7 lacks replaced
 * by their nearest equivalent: ê -> e, ç -> c, œ -> oe, typographic quotes
 * and dashes -> ' " -, ellipsis -> "...", no-break spaces -> spaces.
 * Other characters are kept.
 */
void ts_sms_transliterate(const char *text, size_t n, struct ts_buf *out);

#endif
