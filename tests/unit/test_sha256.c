/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 examples and HMAC-SHA256
 * against the RFC 4231 test vectors, whole and fed in pieces.
 */
#include <stdio.h>
#include <string.h>

#include "ts_sha256.h"
#include "tap.h"

static void
hex(const unsigned char *d, char out[2 * TS_SHA256_LEN + 1])
{
	size_t i;

	for (i = 0; i < TS_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
digest_is(const char *msg, size_t n, const char *want, const char *name)
{
	unsigned char d[TS_SHA256_LEN];
	char got[2 * TS_SHA256_LEN + 1];
	struct ts_sha256 c;
	size_t i;

	ts_sha256(msg, n, d);
	hex(d, got);
	is_str(got, want, name);
	ts_sha256_init(&c);
	for (i = 0; i < n; i++)
		ts_sha256_update(&c, msg + i, 1);
	ts_sha256_final(&c, d);
	hex(d, got);
	is_str(got, want, "byte by byte: same digest");
}

static void
hmac_is(const void *key, size_t keylen, const char *data, const char *want,
    const char *name)
{
	unsigned char d[TS_SHA256_LEN];
	char got[2 * TS_SHA256_LEN + 1];
	const void *parts[2];
	size_t lens[2], half = strlen(data) / 2;

	parts[0] = data;
	lens[0] = strlen(data);
	ts_hmac_sha256(key, keylen, parts, lens, 1, d);
	hex(d, got);
	is_str(got, want, name);
	parts[0] = data;
	lens[0] = half;
	parts[1] = data + half;
	lens[1] = strlen(data) - half;
	ts_hmac_sha256(key, keylen, parts, lens, 2, d);
	hex(d, got);
	is_str(got, want, "in two parts: same signature");
}

int
main(void)
{
	static char million[1000000];
	unsigned char key20[20], key131[131];
	const char *two_blocks =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	digest_is("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty message");
	digest_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "FIPS 180-4: abc");
	digest_is(two_blocks, strlen(two_blocks),
	    "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "FIPS 180-4: 448 bits");
	memset(million, 'a', sizeof million);
	digest_is(million, sizeof million, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0", "one million 'a'");

	memset(key20, 0x0b, sizeof key20);
	hmac_is(key20, sizeof key20, "Hi There",
	    "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7", "RFC 4231 case 1");
	hmac_is("Jefe", 4, "what do ya want for nothing?",
	    "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843", "RFC 4231 case 2");
	memset(key131, 0xaa, sizeof key131);
	hmac_is(key131, sizeof key131,
	    "Test Using Larger Than Block-Size Key - Hash Key First",
	    "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54", "RFC 4231 case 6 (long key)");
	return done_testing();
}
