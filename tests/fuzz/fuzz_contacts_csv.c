/*
 * fuzz_contacts_csv.c - libFuzzer target: contact lists as CSV (spreadsheet,
 * Google and Outlook exports), headers matched by meaning or by a map.
 */
#include "fuzz_contacts.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_contacts_run(data, size, 1);
}
