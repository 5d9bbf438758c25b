/*
 * fuzz_cdr_auto.c - libFuzzer target: the format detector, then whichever parser it picks.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_AUTO, data, size);
}
