/*
 * ts_sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for the
 * signature of webhooks.
 *
 * Small and self-contained so that ts-msg needs no crypto library beyond
 * what libcurl already brings; checked against the FIPS 180-4 examples and
 * the RFC 4231 test vectors in tests/unit/test_sha256.c.  Nothing here
 * allocates; key material copied into the context is wiped by
 * ts_hmac_sha256.
 */
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define TS_SHA256_LEN 32

struct ts_sha256 {
	uint32_t h[8];
	uint64_t bytes;		/* message length so far */
	unsigned char block[64];
	size_t used;		/* bytes waiting in block */
};

void ts_sha256_init(struct ts_sha256 *c);
void ts_sha256_update(struct ts_sha256 *c, const void *data, size_t n);
void ts_sha256_final(struct ts_sha256 *c, unsigned char out[TS_SHA256_LEN]);

/* The digest of n bytes at data. */
void ts_sha256(const void *data, size_t n, unsigned char out[TS_SHA256_LEN]);

/*
 * HMAC-SHA256 of the concatenation of the nparts parts (parts[i], lens[i])
 * under key: a webhook signs "id.timestamp.body" without copying the body.
 */
void ts_hmac_sha256(const void *key, size_t keylen,
    const void *const *parts, const size_t *lens, size_t nparts,
    unsigned char out[TS_SHA256_LEN]);

#endif
