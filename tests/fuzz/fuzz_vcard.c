/*
 * fuzz_vcard.c - libFuzzer target: contact lists as vCard 2.1, 3.0 and 4.0
 * (folding, quoted-printable, several numbers per card).
 */
#include "fuzz_contacts.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_contacts_run(data, size, 0);
}
