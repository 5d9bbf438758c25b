/*
 * ts_enc.h - byte encodings that messages on the wire need: base64
 * (RFC 4648: MIME encoded-words, webhook signatures), hex, percent-encoding
 * (RFC 3986: URLs and form bodies) and JSON string escapes (values put into
 * an SMS provider's body template; whole records go through ts_writer).
 *
 * Each appends to a ts_buf; nothing here fails except decoding.
 */
#ifndef TS_ENC_H
#define TS_ENC_H

#include <stddef.h>

#include "ts_buf.h"

/* Standard alphabet, with '=' padding. */
void ts_base64_encode(struct ts_buf *out, const void *data, size_t n);
/*
 * Decodes standard base64 (padding optional, no blanks).  Returns 0, or -1
 * when s is not base64 (out may then hold part of the result).
 */
int ts_base64_decode(struct ts_buf *out, const char *s, size_t n);

/* Lowercase hexadecimal. */
void ts_hex_encode(struct ts_buf *out, const void *data, size_t n);

/* Every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~) as %XX. */
void ts_percent_encode(struct ts_buf *out, const char *s, size_t n);

/*
 * The inside of a JSON string (no quotes): '"', '\\' and control
 * characters escaped; other bytes as they are.
 */
void ts_json_escape(struct ts_buf *out, const char *s, size_t n);

/*
 * Decodes the UTF-8 character at s (n > 0 bytes available) into *cp and
 * returns its length; an invalid or cut sequence gives U+FFFD and 1, so
 * that a loop always moves forward.
 */
size_t ts_utf8_decode(const char *s, size_t n, unsigned long *cp);

#endif
