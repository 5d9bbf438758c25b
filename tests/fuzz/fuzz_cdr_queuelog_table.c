/*
 * fuzz_cdr_queuelog_table.c - libFuzzer target: a queue_log table exported with its header.
 */
#include "fuzz_cdr.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_cdr_run(TS_CDR_QUEUE_LOG_TABLE, data, size);
}
