/*
 * fuzz_agi.c - libFuzzer target: what Asterisk sends an AGI program on its
 * stdin (ts_agi_start: the "agi_name: value" lines up to the empty line),
 * then the replies to the commands ts-route sends (SET VARIABLE, VERBOSE:
 * "200 result=1", 510, 511, 520 usage blocks, HANGUP).  Every refusal
 * carries a message; a variable read back is one that was sent.
 */
#include "fuzz.h"
#include "ts_agi.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_agi a;
	FILE *in = fuzz_fmemopen(data, size), *out = fopen("/dev/null", "w");
	int i, rc;

	if (!out)
		fuzz_die("cannot open /dev/null");
	if (ts_agi_start(&a, in, out, &err) < 0) {
		if (err.msg[0] == '\0')
			fuzz_die("AGI input refused without a message");
	} else {
		(void)ts_agi_var(&a, "callerid");
		(void)ts_agi_var(&a, "dnid");
		(void)ts_agi_var(&a, "extension");
		if (ts_agi_var(&a, "no-such-variable")[0] != '\0')
			fuzz_die("a variable never sent has a value");
		for (i = 0; i < 4; i++) {
			err = (struct ts_error)TS_ERROR_INIT;
			rc = i % 2 ?
			    ts_agi_verbose(&a, "ts-route: fuzz", 1, &err) :
			    ts_agi_set(&a, "TS_ACTION", "message \"x\"\\",
			    &err);
			if (rc < 0 && err.msg[0] == '\0')
				fuzz_die("a reply refused without a message");
			if (rc != 0)
				break;
		}
	}
	ts_agi_release(&a);
	fclose(in);
	fclose(out);
	return 0;
}
