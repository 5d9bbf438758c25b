/*
 * fuzz_cdr_freeswitch.c - libFuzzer target: FreeSWITCH mod_cdr_csv.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_FREESWITCH, data, size);
}
