/*
 * fuzz_cdr_queuelog.c - libFuzzer target: Asterisk queue_log.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_QUEUE_LOG, data, size);
}
