/*
 * fuzz_config.c - libFuzzer target: the configuration loader (libyaml
 * events to a tree with positions, aliases bounded, then every section's
 * typed reader: clients, numbers, hours, holidays, closures, SLA,
 * retention), given the input as a file through ts_config_load.  A
 * configuration that loads is queried as a tool would query it.
 */
#include "fuzz.h"
#include "ts_config.h"
#include "banned.h"

static void
use(const struct ts_config *cfg)
{
	size_t i, j;

	for (i = 0; i < cfg->nclients; i++) {
		const struct ts_client *cl = &cfg->clients[i];

		if (ts_config_client(cfg, cl->id) != cl)
			fuzz_die("a client is not found by its id");
		for (j = 0; j < cl->nnumbers; j++)
			if (!ts_config_client_by_number(cfg, cl->numbers[j]))
				fuzz_die("a client is not found by its number");
		(void)ts_config_tz(cfg, cl);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg;
	char path[64];
	int fd = fuzz_memfd(data, size);

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	cfg = ts_config_load(path, &err);
	if (cfg)
		use(cfg);
	else if (err.msg[0] == '\0')
		fuzz_die("a configuration refused without a message");
	ts_config_free(cfg);
	close(fd);
	return 0;
}
