/*
 * fuzz_cdr_asterisk_custom.c - libFuzzer target: Asterisk cdr_custom's stock template.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_ASTERISK_CUSTOM, data, size);
}
