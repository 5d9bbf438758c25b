/*
 * test_config.c - the configuration file: the example and the starter
 * load with the expected values, defaults apply, and every kind of mistake
 * is reported at the right FILE:LINE:COLUMN with the right message.
 *
 * Runs from the repository root (as `make check` does): fixtures are in
 * tests/data/config/, scratch files in tests/tmp/test_config/.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ts_config.h"
#include "tap.h"
#include "banned.h"

#define DATA	"tests/data/config/"
#define TMP	"tests/tmp/test_config"
#define EXAMPLE	"examples/config.yaml"

static struct ts_config *
load(const char *path)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_load(path, &err);

	if (!cfg)
		printf("# %s:%ld:%ld: %s\n", err.source, err.line, err.col,
		    err.msg);
	return cfg;
}

/* The spans of one weekday as "510-750 840-1140", for compact checks. */
static const char *
day(const struct ts_client *cl, int d)
{
	static char buf[128];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < cl->hours.nday[d] && n < sizeof buf - 16; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d-%d",
		    i ? " " : "", cl->hours.day[d][i].from,
		    cl->hours.day[d][i].to);
	return buf;
}

static int
has(char **v, size_t n, size_t i, const char *want)
{
	return i < n && strcmp(v[i], want) == 0;
}

static void
example_durand(const struct ts_config *cfg)
{
	const struct ts_client *cl = ts_config_client(cfg, "cabinet-durand");

	if (!ok(cl != NULL, "durand: found by id"))
		return;
	is_str(cl->name, "Cabinet médical du Dr Durand", "durand: name");
	ok(cl->nnumbers == 2 &&
	    has(cl->numbers, cl->nnumbers, 0, "+33144000001") &&
	    has(cl->numbers, cl->nnumbers, 1, "+33144000002"),
	    "durand: numbers in E.164");
	ok(cl->naccountcodes == 2 &&
	    has(cl->accountcodes, cl->naccountcodes, 1, "cli0002"),
	    "durand: account codes");
	ok(cl->nqueues == 2 && has(cl->queues, cl->nqueues, 0, "q-cli0001"),
	    "durand: queues");
	ok(cl->greeting && strstr(cl->greeting, "Docteur Durand"),
	    "durand: greeting");
	ok(cl->instructions && strncmp(cl->instructions, "Urgences vitales",
	    16) == 0 && cl->instructions[strlen(cl->instructions) - 1] ==
	    '\n', "durand: instructions, a literal block");
	ok(cl->hours.set, "durand: has hours");
	is_str(day(cl, 0), "510-750 840-1140", "durand: monday");
	is_str(day(cl, 4), "510-750 840-1140", "durand: friday");
	is_str(day(cl, 5), "540-720", "durand: saturday");
	is_str(day(cl, 6), "", "durand: sunday closed");
	ok(cl->holidays == TS_HOLIDAYS_FR, "durand: holidays fr");
	if (ok(cl->nclosures == 2, "durand: two closures")) {
		/* 2026-08-03 00:00 CEST .. 2026-08-24 00:00 CEST */
		is_int(cl->closures[0].from, 1785708000, "summer from");
		is_int(cl->closures[0].to, 1787522400, "summer to, 23rd incl.");
		is_str(cl->closures[0].label, "", "summer label");
		is_int(cl->closures[1].from, 1798117200, "réveillon 14:00 CET");
		is_int(cl->closures[1].to, 1798131600, "réveillon 18:00 CET");
		is_str(cl->closures[1].label, "Réveillon", "réveillon label");
	}
	is_int(cl->sla.threshold_s, 20, "durand: threshold");
	is_int(cl->sla.short_abandon_s, 5, "durand: short_abandon default");
	is_dbl(cl->sla.service_level, 0.80, 1e-12, "durand: target");
	is_dbl(cl->sla.answer_rate, 0.95, 1e-12, "durand: answer_rate");
	is_dbl(cl->sla.abandon_rate, 0.05, 1e-12, "durand: abandon_rate");
	is_dbl(cl->sla.asa_s, 30, 0, "durand: asa");
	ok(cl->retention.calls.months == 12 && cl->retention.calls.seconds == 0,
	    "durand: retention from the defaults");
	ok(cl->tz == cfg->service.tz, "durand: the service's zone");
}

static void
example_moreau(const struct ts_config *cfg)
{
	const struct ts_client *cl;

	cl = ts_config_client_by_number(cfg, "+33144000003");
	if (!ok(cl && strcmp(cl->id, "cabinet-moreau-avocats") == 0,
	    "moreau: found by number"))
		return;
	is_str(cl->name, "Moreau & Associés, avocats", "moreau: name");
	ok(cl->naccountcodes == 1 && cl->nqueues == 1,
	    "moreau: one account code, one queue");
	ok(cl->instructions && strchr(cl->instructions, '\n') ==
	    cl->instructions + strlen(cl->instructions) - 1,
	    "moreau: folded instructions are one line");
	is_str(day(cl, 2), "540-750 840-1110", "moreau: comma-separated spans");
	is_str(day(cl, 5), "", "moreau: no saturday");
	is_int(cl->sla.threshold_s, 15, "moreau: threshold 15s");
	is_dbl(cl->sla.service_level, 0.90, 1e-12, "moreau: target 90%");
	ok(cl->sla.formula == TS_SL_ANSWERED_ABANDONED, "moreau: formula");
	is_dbl(cl->sla.answer_rate, 0.95, 1e-12,
	    "moreau: answer_rate merged from the defaults");
	is_dbl(cl->sla.asa_s, 30, 0, "moreau: asa merged from the defaults");
	if (ok(cl->nclosures == 1, "moreau: one closure")) {
		is_int(cl->closures[0].from, 1798066800, "year end from");
		is_int(cl->closures[0].to, 1799017200, "year end to");
		is_str(cl->closures[0].label, "Fermeture de fin d'année",
		    "year end label");
	}
}

static void
example_dupont(const struct ts_config *cfg)
{
	const struct ts_client *cl;

	cl = ts_config_client_by_queue(cfg, "q-cli0004");
	if (!ok(cl && strcmp(cl->id, "dupont-plomberie") == 0,
	    "dupont: found by queue"))
		return;
	ok(ts_config_client_by_accountcode(cfg, "cli0004") == cl,
	    "dupont: found by account code");
	ok(cl->tz && strcmp(ts_tz_name(cl->tz), "Europe/Paris") == 0,
	    "dupont: explicit zone");
	ok(ts_config_tz(cfg, cl) == cl->tz, "dupont: ts_config_tz");
	is_str(day(cl, 0), "450-1140", "dupont: weekdays");
	is_str(day(cl, 5), "480-720", "dupont: saturday");
	ok(cl->holidays == TS_HOLIDAYS_FR_ALSACE, "dupont: fr-alsace");
	ok(cl->retention.calls.months == 6 && cl->retention.calls.seconds == 0,
	    "dupont: calls kept 6mo");
	ok(cl->retention.messages.months == 12, "dupont: messages default");
	ok(cl->retention.contacts.months == 36, "dupont: contacts default");
	ok(cl->retention.deliveries.months == 3, "dupont: deliveries");
	ok(cl->retention.bookings.months == 24, "dupont: bookings");
	ok(cl->retention.busy.months == 1, "dupont: busy");
	ok(cl->retention.audit.months == 12, "dupont: audit");
	ok(!cl->retention.legal_hold, "dupont: no legal hold");
	is_int(cl->sla.threshold_s, 15, "dupont: threshold");
	ok(cl->sla.clock_start == TS_CLOCK_QUEUE, "dupont: clock at queue");
	is_dbl(cl->sla.service_level, 0.80, 1e-12, "dupont: default target");
	is_int(cl->closures[0].from, 1786312800, "dupont: closure from");
	is_int(cl->closures[0].to, 1786744800, "dupont: closure to");
}

static void
test_example(void)
{
	struct ts_config *cfg = load(EXAMPLE);

	if (!ok(cfg != NULL, "examples/config.yaml loads"))
		return;
	is_str(cfg->path, EXAMPLE, "path kept");
	is_str(cfg->service.name, "Permanence Lefèvre", "service name");
	is_str(ts_tz_name(cfg->service.tz), "Europe/Paris", "service zone");
	is_str(cfg->service.country.iso, "FR", "service country");
	is_str(cfg->service.language, "fr", "service language");
	is_int(cfg->nclients, 3, "three clients");
	ok(cfg->nclients == 3 &&
	    strcmp(cfg->clients[0].id, "cabinet-durand") == 0 &&
	    strcmp(cfg->clients[2].id, "dupont-plomberie") == 0,
	    "clients in file order");
	example_durand(cfg);
	example_moreau(cfg);
	example_dupont(cfg);
	ok(ts_config_client(cfg, "nobody") == NULL, "unknown id");
	ok(ts_config_client_by_number(cfg, "+33144000099") == NULL,
	    "unknown number");
	ok(ts_config_tz(cfg, NULL) == cfg->service.tz, "zone without client");
	ts_config_free(cfg);
}

static void
test_defaults(void)
{
	struct ts_config *cfg = load(DATA "defaults.yaml");
	const struct ts_client *p, *o, *a;

	if (!ok(cfg != NULL, "defaults.yaml loads"))
		return;
	p = ts_config_client(cfg, "plain");
	o = ts_config_client(cfg, "own");
	a = ts_config_client(cfg, "aliased");
	if (!ok(p && o && a, "three clients"))
		goto out;
	is_str(cfg->service.language, "en", "language en");
	is_str(ts_tz_name(p->tz), "America/Martinique", "zone from service");
	is_str(ts_tz_name(o->tz), "Europe/Brussels", "own zone");
	is_str(p->greeting, "Bonjour", "greeting from defaults");
	is_str(o->greeting, "Goeiedag", "own greeting wins");
	ok(p->holidays == TS_HOLIDAYS_FR && o->holidays == TS_HOLIDAYS_NONE,
	    "holidays: default, and own 'none'");
	is_str(day(p, 0), "540-1020", "hours from defaults");
	is_str(day(o, 0), "", "own hours replace the defaults whole");
	is_str(day(o, 5), "0-1440", "24h");
	is_str(day(a, 4), "540-1020", "hours through an alias");
	is_int(p->sla.threshold_s, 30, "sla threshold from defaults");
	is_int(o->sla.threshold_s, 30, "sla merged: threshold kept");
	is_int(o->sla.short_abandon_s, 0, "short_abandon 0 allowed");
	is_dbl(o->sla.service_level, 0.85, 1e-12, "'85 %' is 0.85");
	is_dbl(p->sla.service_level, 0.8, 1e-12, "0.8 is 80%");
	ok(o->sla.formula == TS_SL_LATE_ABANDONS, "formula late-abandons");
	is_dbl(o->sla.asa_s, 60, 0, "asa 1m merged");
	ok(isnan(p->sla.answer_rate) && isnan(p->sla.abandon_rate),
	    "unset targets are NAN");
	ok(p->retention.calls.months == 24, "retention from defaults");
	ok(o->retention.calls.seconds == 90 * 86400 &&
	    o->retention.calls.months == 0, "own retention 90d");
	ok(o->retention.audit.months == 6, "retention merged key by key");
	ok(o->retention.legal_hold && !p->retention.legal_hold, "legal_hold");
	ok(a->nnumbers == 2 && has(a->numbers, a->nnumbers, 0, "+33144000009")
	    && has(a->numbers, a->nnumbers, 1, "+33612345678"),
	    "numbers as one comma-separated string");
	ok(ts_config_client_by_number(cfg, "+33612345678") == a,
	    "lookup by number");
out:
	ts_config_free(cfg);
}

static void
test_forms(void)
{
	struct ts_config *cfg = load(DATA "hours-forms.yaml");
	const struct ts_client *cl;

	if (ok(cfg != NULL, "hours-forms.yaml loads")) {
		cl = &cfg->clients[0];
		/* Sorted, and 08:00-10:00 + 10:00-12:00 joined. */
		is_str(day(cl, 4), "480-720 840-1440", "fri: sorted, joined");
		is_str(day(cl, 5), "480-720 840-1440", "fri-mon wraps: sat");
		is_str(day(cl, 0), "480-720 840-1440", "fri-mon wraps: mon");
		is_str(day(cl, 1), "0-1440", "tue: 24h");
		is_str(day(cl, 2), "540-750 810-1020", "wed,thu and H:MM");
		is_str(day(cl, 3), "540-750 810-1020", "thu");
		ts_config_free(cfg);
	}
	cfg = load(DATA "closures-forms.yaml");
	if (!ok(cfg != NULL, "closures-forms.yaml loads"))
		return;
	cl = &cfg->clients[0];
	if (ok(cl->nclosures == 5, "five closures")) {
		is_int(cl->closures[0].from, 1798066800, "one date: from");
		is_int(cl->closures[0].to, 1798153200, "one date: whole day");
		is_int(cl->closures[1].from, 1798117200, "times: from");
		is_int(cl->closures[1].to, 1798131600, "times: to");
		is_int(cl->closures[2].from, 1785535200, "month: from");
		is_int(cl->closures[2].to, 1788213600, "month: to");
		is_int(cl->closures[3].from, 1774652400, "DST weekend: from");
		is_int(cl->closures[3].to, 1774821600, "DST weekend: 47 hours");
		is_str(cl->closures[3].label, "Passage à l'heure d'été",
		    "label");
		is_int(cl->closures[4].from, 1794351600, "from only: from");
		is_int(cl->closures[4].to, 1794438000, "from only: that day");
		is_int(cl->closures[4].line, 12, "closure line");
	}
	ts_config_free(cfg);
}

/* Writes text to TMP/name and returns the path (static buffer). */
static const char *
scratch(const char *name, const char *text, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", TMP, name);
	if (!(f = fopen(path, "wb")) || fwrite(text, 1, n, f) != n ||
	    fclose(f) != 0)
		printf("# cannot write %s: %s\n", path, strerror(errno));
	return path;
}

static void
test_starter(void)
{
	const char *text = ts_config_starter();
	const char *path = scratch("starter.yaml", text, strlen(text));
	struct ts_config *cfg = load(path);

	if (!ok(cfg != NULL, "the starter configuration loads"))
		return;
	ok(cfg->nclients == 1 && cfg->clients[0].nnumbers == 1 &&
	    cfg->clients[0].hours.set, "starter: one client with hours");
	ok(strstr(text, "ts-config(5)") != NULL, "starter points to the page");
	ts_config_free(cfg);
}

struct errcase {
	const char *file;	/* under DATA, or a path */
	long line;
	long col;
	const char *msg;	/* the whole message */
	int part;		/* 1: msg is only a part (another module's) */
};

static const struct errcase errcases[] = {
	{ "unknown-key.yaml", 5, 5, "unknown key 'gretting' in client "
	    "'cabinet-x'; did you mean 'greeting'?", 0 },
	{ "unknown-top.yaml", 3, 1, "unknown key 'clinets' at the top "
	    "level; did you mean 'clients'?", 0 },
	{ "wrong-type.yaml", 3, 11, "'name' must be a string, not a list", 0 },
	{ "bad-duration.yaml", 5, 18, "'20q'", 1 },
	{ "bad-zone.yaml", 3, 13, "Europe/Pariss", 1 },
	{ "hours-overlap.yaml", 7, 11, "spans '08:00-12:00' (line 6) and "
	    "'11:30-14:00' (line 7) overlap", 0 },
	{ "hours-dup-day.yaml", 7, 7, "'wed' is given twice in 'hours': by "
	    "'mon-fri' (line 5) and by 'wed' (line 7)", 0 },
	{ "dup-key.yaml", 5, 5, "duplicate key 'name' (first at line 3)", 0 },
	{ "dup-key-many.yaml", 5, 5, "duplicate key 'greeting' (first at "
	    "line 4)", 0 },
	{ "dup-number.yaml", 9, 9, "number '+33144000002' is in client "
	    "'cabinet-x' (line 4) and in client 'cabinet-y'", 0 },
	{ "dup-queue.yaml", 4, 13, "queue 'q1' is listed twice in client "
	    "'cabinet-x' (first at line 4)", 0 },
	{ "bad-id.yaml", 4, 3, "invalid client id 'Cabinet Y': use 1 to 63 "
	    "lowercase letters, digits, '-' and '_', starting with a letter "
	    "or digit", 0 },
	{ "percent-over.yaml", 4, 36, "'target' must be between 0% and "
	    "100%, not '120%'", 0 },
	{ "percent-bare.yaml", 3, 18, "'answer_rate' must be between 0% and "
	    "100%, not '95' (a bare number is a fraction: 0.8 is 80%)", 0 },
	{ "empty.yaml", 1, 1, "the configuration is empty; see ts-config(5)",
	    0 },
	{ "comments-only.yaml", 1, 1, "the configuration is empty; see "
	    "ts-config(5)", 0 },
	{ "top-list.yaml", 1, 1, "the top level must be a mapping (service:, "
	    "defaults:, clients:), not a list", 0 },
	{ "tab-indent.yaml", 5, 1, "yaml: found character that cannot start "
	    "any token while scanning for the next token (indent with "
	    "spaces, not tabs)", 0 },
	{ "defaults-numbers.yaml", 3, 3, "'numbers' cannot be set in "
	    "'defaults', only in each client", 0 },
	{ "merge-key.yaml", 5, 5, "merge keys ('<<') are not supported in "
	    "client 'cabinet-x'; use 'defaults' or an alias", 0 },
	{ "unknown-alias.yaml", 4, 12, "unknown alias '*horaires'", 0 },
	{ "recursive-alias.yaml", 4, 12, "alias '*loop' is inside the value "
	    "it names", 0 },
	{ "missing-name.yaml", 3, 5, "missing key 'name' in client "
	    "'cabinet-x'", 0 },
	{ "bad-span.yaml", 5, 12, "invalid span '8h30-12h30' in 'hours': use "
	    "HH:MM-HH:MM, e.g. '08:30-12:30'", 0 },
	{ "span-backwards.yaml", 5, 12, "span '22:00-02:00' in 'hours' must "
	    "end after it starts (split a night across two days)", 0 },
	{ "bad-weekday.yaml", 5, 7, "invalid weekday 'thurs' in 'hours'; did "
	    "you mean 'thu'?", 0 },
	{ "bad-holidays.yaml", 4, 15, "invalid value 'fr-alsase' for "
	    "'holidays'; did you mean 'fr-alsace'?", 0 },
	{ "bad-formula.yaml", 5, 16, "invalid value 'answered_and_abandoned' "
	    "for 'formula'; did you mean 'answered-and-abandoned'?", 0 },
	{ "closure-backwards.yaml", 6, 9, "2026-12-31", 1 },
	{ "closure-relative.yaml", 4, 16, "closure 'yesterday' must give "
	    "dates, such as '2026-08-03..2026-08-23'", 0 },
	{ "closure-nofrom.yaml", 5, 9, "missing key 'from' in a closure", 0 },
	{ "bad-phone.yaml", 6, 31, "invalid phone number '01 44 00 00 0' in "
	    "'numbers'", 0 },
	{ "phone-extension.yaml", 4, 14, "'201' in 'numbers' is an "
	    "extension, not a full phone number", 0 },
	{ "bad-country.yaml", 2, 12, "unknown country code 'XZ'; use an ISO "
	    "3166 code such as 'FR' or 'BE'", 0 },
	{ "bad-bool.yaml", 3, 17, "'legal_hold' must be true or false, not "
	    "'peut-être'", 0 },
	{ "retention-zero.yaml", 3, 12, "'calls' must be longer than zero",
	    0 },
	{ "two-documents.yaml", 3, 1, "more than one document in the file",
	    0 },
	{ NULL, 0, 0, NULL, 0 }
};

static void
check_error(const char *path, long line, long col, const char *msg,
    int part)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg = ts_config_load(path, &err);
	char name[512];
	int good;

	snprintf(name, sizeof name, "%s:%ld:%ld: %.60s%s", path, line, col,
	    msg, strlen(msg) > 60 ? "..." : "");
	good = !cfg && err.code == TS_EXIT_USAGE &&
	    strcmp(err.source, path) == 0 && err.line == line &&
	    err.col == col && (part ? strstr(err.msg, msg) != NULL :
	    strcmp(err.msg, msg) == 0);
	if (!ok(good, name))
		printf("#   got:  %s:%ld:%ld: %s (code %d)\n", err.source,
		    err.line, err.col, err.msg, err.code);
	ts_config_free(cfg);
}

static void
test_errors(void)
{
	static const char latin1[] = "service:\n  name: Caf\xe9\n";
	const struct errcase *e;
	char path[256];

	for (e = errcases; e->file; e++) {
		snprintf(path, sizeof path, "%s%s", DATA, e->file);
		check_error(path, e->line, e->col, e->msg, e->part);
	}
	/* Latin-1 "é": generated, as fixtures are text. */
	check_error(scratch("latin1.yaml", latin1, sizeof latin1 - 1), 2, 12,
	    "invalid UTF-8 (byte 0xe9); save the file as UTF-8", 0);
}

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_bomb(void)
{
	struct rusage before, after;
	double t0, t;

	getrusage(RUSAGE_SELF, &before);
	t0 = seconds_now();
	check_error(DATA "billion-laughs.yaml", 8, 32, "aliases expand to "
	    "more than 500000 values; refusing what looks like a 'billion "
	    "laughs' file", 0);
	t = seconds_now() - t0;
	getrusage(RUSAGE_SELF, &after);
	ok(t < 1.0, "alias bomb refused in under a second");
	if (t >= 1.0)
		printf("#   took %.3f s\n", t);
	/* ru_maxrss is in kilobytes on Linux. */
	ok(after.ru_maxrss - before.ru_maxrss < 16 * 1024,
	    "alias bomb refused in bounded memory");
}

static void
test_missing(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg;

	cfg = ts_config_load(DATA "no-such-file.yaml", &err);
	ok(!cfg && err.code == TS_EXIT_USAGE && err.line == 0,
	    "missing file: usage error without a line");
	is_str(err.msg, "cannot open '" DATA "no-such-file.yaml': No such "
	    "file or directory", "missing file: message");
}

static void
test_path(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_buf b = TS_BUF_INIT;
	int ex = -1;

	ts_config_path("my.yaml", &b, &ex, &err);
	ok(strcmp(b.buf, "my.yaml") == 0 && ex == 1, "path: --config");
	ts_buf_reset(&b);
	setenv("TS_CONFIG", "/etc/ts.yaml", 1);
	ts_config_path(NULL, &b, &ex, &err);
	ok(strcmp(b.buf, "/etc/ts.yaml") == 0 && ex == 1, "path: TS_CONFIG");
	ts_buf_reset(&b);
	setenv("TS_CONFIG", "", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	ts_config_path(NULL, &b, &ex, &err);
	ok(strcmp(b.buf, "/xdg/ts/config.yaml") == 0 && ex == 0,
	    "path: XDG_CONFIG_HOME, TS_CONFIG empty");
	ts_buf_reset(&b);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/sec", 1);
	ts_config_path(NULL, &b, &ex, &err);
	ok(strcmp(b.buf, "/home/sec/.config/ts/config.yaml") == 0 && ex == 0,
	    "path: HOME, relative XDG_CONFIG_HOME ignored");
	ts_buf_reset(&b);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ok(ts_config_path(NULL, &b, &ex, &err) == -1 &&
	    err.code == TS_EXIT_USAGE, "path: nowhere to look");
	ts_buf_release(&b);
}

static void
test_open(void)
{
	struct ts_error err = TS_ERROR_INIT;
	struct ts_config *cfg;
	char cwd[512], xdg[600];

	unsetenv("TS_CONFIG");
	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = '\0';
	snprintf(xdg, sizeof xdg, "%s/%s/nothing-here", cwd, TMP);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	cfg = ts_config_open(NULL, &err);
	ok(cfg && cfg->nclients == 0 && strcmp(cfg->path, "") == 0 &&
	    strcmp(cfg->service.country.iso, "FR") == 0 &&
	    strcmp(cfg->service.language, "fr") == 0 && cfg->service.tz,
	    "open: no default file gives the empty configuration");
	ts_config_free(cfg);
	setenv("TS_CONFIG", DATA "no-such-file.yaml", 1);
	cfg = ts_config_open(NULL, &err);
	ok(!cfg && strstr(err.msg, "cannot open") != NULL,
	    "open: a missing TS_CONFIG file is an error");
	cfg = ts_config_open(EXAMPLE, &err);
	ok(cfg && cfg->nclients == 3, "open: --config wins over TS_CONFIG");
	ts_config_free(cfg);
	unsetenv("TS_CONFIG");
	cfg = ts_config_empty();
	ok(cfg && cfg->nclients == 0 && !ts_config_client(cfg, "x") &&
	    !ts_config_client_by_number(cfg, "+33144000001"),
	    "empty configuration: lookups find nothing");
	ts_config_free(cfg);
	ts_config_free(NULL);
}

int
main(void)
{
	mkdir("tests/tmp", 0777);
	mkdir(TMP, 0777);
	test_example();
	test_defaults();
	test_forms();
	test_starter();
	test_errors();
	test_bomb();
	test_missing();
	test_path();
	test_open();
	return done_testing();
}
