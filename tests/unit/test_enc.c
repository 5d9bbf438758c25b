/*
 * test_enc.c - base64 (RFC 4648 vectors), hex, percent-encoding, JSON
 * escapes, UTF-8 decoding.
 */
#include <stdio.h>
#include <string.h>

#include "ts_buf.h"
#include "ts_enc.h"
#include "tap.h"

int
main(void)
{
	static const char *const b64[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" }
	};
	struct ts_buf b = TS_BUF_INIT;
	unsigned long cp;
	size_t i;

	for (i = 0; i < sizeof b64 / sizeof b64[0]; i++) {
		ts_buf_reset(&b);
		ts_base64_encode(&b, b64[i][0], strlen(b64[i][0]));
		is_str(b.buf, b64[i][1], "base64 RFC 4648 vector");
		ts_buf_reset(&b);
		ok(ts_base64_decode(&b, b64[i][1], strlen(b64[i][1])) == 0 &&
		    strcmp(b.buf, b64[i][0]) == 0, "base64 decodes back");
	}
	ts_buf_reset(&b);
	ok(ts_base64_decode(&b, "Zm9v!", 5) == -1, "base64: bad input");
	ts_buf_reset(&b);
	ts_hex_encode(&b, "\x01\xab", 2);
	is_str(b.buf, "01ab", "hex");
	ts_buf_reset(&b);
	ts_percent_encode(&b, "a b&c=é~", strlen("a b&c=é~"));
	is_str(b.buf, "a%20b%26c%3D%C3%A9~", "percent-encoding");
	ts_buf_reset(&b);
	ts_json_escape(&b, "a\"b\\c\n\x01é", strlen("a\"b\\c\n\x01é"));
	is_str(b.buf, "a\\\"b\\\\c\\n\\u0001é", "JSON escapes");
	is_int((long)ts_utf8_decode("é", 2, &cp), 2, "utf-8: two bytes");
	is_int((long)cp, 0xe9, "utf-8: U+00E9");
	is_int((long)ts_utf8_decode("\xc3", 1, &cp), 1, "utf-8: cut");
	is_int((long)cp, 0xfffd, "utf-8: cut gives U+FFFD");
	ts_buf_release(&b);
	return done_testing();
}
