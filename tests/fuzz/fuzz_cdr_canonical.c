/*
 * fuzz_cdr_canonical.c - libFuzzer target: ts's own call records.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_CANONICAL, data, size);
}
