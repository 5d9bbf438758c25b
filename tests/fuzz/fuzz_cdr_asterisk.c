/*
 * fuzz_cdr_asterisk.c - libFuzzer target: Asterisk cdr_csv (Master.csv).
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_ASTERISK, data, size);
}
