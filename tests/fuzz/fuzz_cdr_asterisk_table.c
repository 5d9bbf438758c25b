/*
 * fuzz_cdr_asterisk_table.c - libFuzzer target: an Asterisk cdr table exported with its header.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_ASTERISK_TABLE, data, size);
}
