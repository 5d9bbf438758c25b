/*
 * gencdr - synthetic Asterisk cdr_csv (Master.csv) for benchmarks, tests
 * and the demonstration.
 *
 *	gencdr --rows N [--dids N] [--days N] [--start YYYY-MM-DD]
 *	       [--seed N] [--callers N] [--legs P] [--tz ZONE]
 *
 * Writes N rows, no header, 18 columns (loguniqueid and loguserfield on),
 * quoted as cdr_csv quotes them: text fields in double quotes with inner
 * quotes doubled, duration and billsec bare, an unanswered call's answer
 * empty and unquoted.  Times are local wall times of --tz (Europe/Paris)
 * and avoid 00:00-06:00, so no DST gap or fold is met; uniqueids are the
 * matching epoch seconds and a sequence number.  The same options give the
 * same bytes.
 *
 * The shape is that of a small agency's lines: DIDs 01 44 00 00 01 upward
 * (Zipf-like popularity), account codes cli0001..., queues q-cli0001...,
 * more calls on weekdays (Monday most), few on Saturdays, Sundays and
 * French public holidays, a morning peak and a lunch dip; 85 % answered
 * after 0-60 s, 10 % not answered after 1-90 s, 3 % busy, 2 % failed;
 * outside 08:00-19:00 half the calls go to voicemail.  Callers come from a
 * pool (--callers), so some call again after a lost call.  With --legs P a
 * fraction P of the answered queue calls also writes the leg of an agent
 * who did not pick up (same uniqueid), as forked ringing does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts_time.h"
#include "banned.h"

struct opts {
	long rows;
	int dids;
	int days;
	int64_t start_day;	/* days since the epoch */
	uint64_t seed;
	int callers;
	double legs;
	const struct ts_tz *tz;
};

/* splitmix64: small, fast, good enough for synthetic data. */
static uint64_t
rnd64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
rnd(uint64_t *s)
{
	return (double)(rnd64(s) >> 11) / 9007199254740992.0;
}

static const char *const surnames[] = {
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
	"Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy",
	"Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
	"Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
	"Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
	"Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia"
};
static const char *const given[] = {
	"Jean", "Marie", "Pierre", "Sophie", "Nathalie", "Isabelle",
	"Philippe", "Catherine", "Alain", "Sylvie", "Nicolas", "Sandrine",
	"Julien", "Camille", "Léa", "Manon", "Hugo", "Lucas", "Emma",
	"Louise", "Chloé", "Inès", "Thomas", "Antoine", "Claire", "Julie"
};
#define NSURNAMES (sizeof surnames / sizeof surnames[0])
#define NGIVEN (sizeof given / sizeof given[0])

struct caller {
	char num[16];		/* 0612345678 */
	char clid[96];		/* the clid field, quoted as cdr_csv does */
};

static void
make_caller(struct caller *c, uint64_t *s)
{
	double r = rnd(s);
	const char *pre;
	char name[64];

	if (r < 0.62)
		pre = rnd(s) < 0.7 ? "06" : "07";
	else if (r < 0.95)
		pre = (const char *[]){ "01", "02", "03", "04", "05" }
		    [rnd64(s) % 5];
	else
		pre = "09";
	snprintf(c->num, sizeof c->num, "%s%08llu", pre,
	    (unsigned long long)(rnd64(s) % 100000000));
	r = rnd(s);
	if (r < 0.01)	/* a comma in the name, as "Dupont, J." */
		snprintf(name, sizeof name, "%s, %.1s.",
		    surnames[rnd64(s) % NSURNAMES], given[rnd64(s) % NGIVEN]);
	else if (r < 0.50)
		snprintf(name, sizeof name, "%s %s",
		    surnames[rnd64(s) % NSURNAMES], given[rnd64(s) % NGIVEN]);
	else
		snprintf(name, sizeof name, "%s", c->num);
	/* clid "Name" <num>, then quoted for CSV: quotes doubled. */
	snprintf(c->clid, sizeof c->clid, "\"\"\"%s\"\" <%s>\"", name, c->num);
}

/* Easter Sunday (Meeus/Jones/Butcher), as days since the epoch. */
static int64_t
easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
	int mon = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;

	return ts_days_from_civil(y, mon, day);
}

static int
is_holiday(int64_t day)
{
	static const int fixed[][2] = {
		{ 1, 1 }, { 5, 1 }, { 5, 8 }, { 7, 14 }, { 8, 15 }, { 11, 1 },
		{ 11, 11 }, { 12, 25 }
	};
	int y, m, d;
	size_t i;
	int64_t e;

	ts_civil_from_days(day, &y, &m, &d);
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i][0] == m && fixed[i][1] == d)
			return 1;
	e = easter(y);
	return day == e + 1 || day == e + 39 || day == e + 50;
}

/* Relative weight of a day: weekdays (Monday busiest), Saturday, Sunday. */
static double
day_weight(int64_t day, uint64_t *s)
{
	static const double wd[8] = { 0, 1.18, 1.02, 0.97, 1.0, 0.90, 0.30,
	    0.04 };
	int w = ts_weekday(day);
	double k = is_holiday(day) ? 0.04 : wd[w];

	return k * (0.9 + 0.2 * rnd(s));
}

static double
gauss(double x, double mu, double sd)
{
	double z = (x - mu) / sd;

	/* exp(-z*z/2) without libm: a few terms are plenty here. */
	double t = -0.5 * z * z, r = 1, term = 1;
	int i;

	if (t < -30)
		return 0;
	for (i = 1; i < 60; i++) {
		term *= t / i;
		r += term;
	}
	return r > 0 ? r : 0;
}

/* Cumulative intensity per minute for weekdays, Saturdays, Sundays. */
static void
profiles(double cum[3][1440])
{
	int kind, m;

	for (kind = 0; kind < 3; kind++) {
		double sum = 0, v;

		for (m = 0; m < 1440; m++) {
			double h = m / 60.0;

			if (h < 6 || h >= 23)
				v = 0;
			else if (kind == 0 && h >= 8 && h < 19)
				v = (gauss(h, 10.25, 1.3) +
				    0.8 * gauss(h, 14.75, 1.5) + 0.08) *
				    (h >= 12.25 && h < 13.75 ? 0.55 : 1);
			else if (kind == 1 && h >= 8 && h < 19)
				v = gauss(h, 10, 1.4) +
				    0.15 * gauss(h, 15, 1.5) + 0.03;
			else if (kind == 2)
				v = h >= 8 && h < 20 ? 0.25 : 0.04;
			else
				v = kind == 0 ? 0.03 : 0.02;
			sum += v;
			cum[kind][m] = sum;
		}
		for (m = 0; m < 1440; m++)
			cum[kind][m] /= sum;
	}
}

static int
pick(const double *cum, int n, double u)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* "YYYY-MM-DD HH:MM:SS" of a day and a second of it (may pass midnight). */
static void
stamp(char *buf, size_t n, int64_t day, int sec)
{
	int y, m, d;

	ts_civil_from_days(day + sec / 86400, &y, &m, &d);
	sec %= 86400;
	snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, sec / 3600,
	    sec / 60 % 60, sec % 60);
}

struct line {
	int idx;
	char acct[16], did[16], app[16], data[48];
};

static void
emit(FILE *out, const struct opts *o, const struct line *ln,
    const struct caller *c, int64_t day, int t, long seq, uint64_t *s,
    int agent_leg)
{
	char start[24], answer[24], end[24], dstch[48], *ans = answer;
	const char *disp, *app = ln->app, *data = ln->data;
	int wait, talk, dur, bill, after_hours = t < 8 * 3600 || t >= 19 * 3600;
	double u = rnd(s);
	int64_t epoch;
	int64_t inst[2];

	if (agent_leg)
		u = 0.90;	/* this leg rang an agent who did not answer */
	if (u < 0.85) {
		disp = "ANSWERED";
		wait = (int)(61 * rnd(s) * rnd(s) * rnd(s));
		talk = 20 + (int)(581 * rnd(s) * rnd(s));
		if (after_hours && rnd(s) < 0.5) {
			app = "VoiceMail";
			data = "1000@default";
			talk = 10 + (int)(50 * rnd(s));
		}
		stamp(answer, sizeof answer, day, t + wait);
		dur = wait + talk;
		bill = talk;
		snprintf(dstch, sizeof dstch, "\"PJSIP/agent%02d-%08lx\"",
		    1 + (int)(rnd64(s) % 24), 2 * seq + 1);
	} else if (u < 0.95) {
		disp = "NO ANSWER";
		wait = 1 + (int)(90 * rnd(s));
		dur = wait;
		bill = 0;
		ans = NULL;
		snprintf(dstch, sizeof dstch, "\"PJSIP/agent%02d-%08lx\"",
		    1 + (int)(rnd64(s) % 24), 2 * seq + 1);
	} else if (u < 0.98) {
		disp = "BUSY";
		dur = (int)(rnd64(s) % 3);
		bill = 0;
		ans = NULL;
		snprintf(dstch, sizeof dstch, "\"PJSIP/agent%02d-%08lx\"",
		    1 + (int)(rnd64(s) % 24), 2 * seq + 1);
	} else {
		disp = "FAILED";
		dur = 0;
		bill = 0;
		ans = NULL;
		snprintf(dstch, sizeof dstch, "\"\"");
	}
	stamp(start, sizeof start, day, t);
	stamp(end, sizeof end, day, t + dur);
	ts_tz_from_wall(o->tz, day * 86400 + t, inst);
	epoch = inst[0];
	fprintf(out, "\"%s\",\"%s\",\"%s\",\"from-trunk\",%s,"
	    "\"PJSIP/trunk-ovh-%08lx\",%s,\"%s\",\"%s\",\"%s\",",
	    ln->acct, c->num, ln->did, c->clid, 2 * seq, dstch, app, data,
	    start);
	if (ans)
		fprintf(out, "\"%s\"", ans);
	fprintf(out, ",\"%s\",%d,%d,\"%s\",\"DOCUMENTATION\",\"%lld.%ld\","
	    "\"\"\n", end, dur, bill, disp, (long long)epoch, seq);
}

static void
usage(int code)
{
	fputs("usage: gencdr --rows N [--dids N] [--days N] "
	    "[--start YYYY-MM-DD] [--seed N]\n"
	    "              [--callers N] [--legs P] [--tz ZONE]\n",
	    code ? stderr : stdout);
	exit(code);
}

static long
num_arg(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 0)
		usage(2);
	return v;
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	int i, y = 2026, m = 1, d = 1;
	const char *zone = "Europe/Paris";
	struct ts_error err = TS_ERROR_INIT;

	o->rows = -1;
	o->dids = 200;
	o->days = 90;
	o->seed = 1;
	o->callers = 200000;
	o->legs = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage(0);
		if (!v)
			usage(2);
		i++;
		if (strcmp(a, "--rows") == 0)
			o->rows = num_arg(v);
		else if (strcmp(a, "--dids") == 0)
			o->dids = (int)num_arg(v);
		else if (strcmp(a, "--days") == 0)
			o->days = (int)num_arg(v);
		else if (strcmp(a, "--seed") == 0)
			o->seed = (uint64_t)num_arg(v);
		else if (strcmp(a, "--callers") == 0)
			o->callers = (int)num_arg(v);
		else if (strcmp(a, "--legs") == 0)
			o->legs = strtod(v, NULL);
		else if (strcmp(a, "--tz") == 0)
			zone = v;
		else if (strcmp(a, "--start") == 0 &&
		    sscanf(v, "%d-%d-%d", &y, &m, &d) == 3)
			;
		else
			usage(2);
	}
	if (o->rows < 0 || o->dids < 1 || o->days < 1 || o->callers < 1)
		usage(2);
	o->start_day = ts_days_from_civil(y, m, d);
	o->tz = ts_tz_load(zone, &err);
	if (!o->tz) {
		fprintf(stderr, "gencdr: %s\n", err.msg);
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct caller *callers;
	struct line *lines;
	double cum[3][1440], *linecum, *w, sum = 0;
	uint64_t s;
	long seq = 0, done = 0;
	int i;
	static char obuf[1 << 20];

	parse_args(argc, argv, &o);
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	s = o.seed * 0x2545F4914F6CDD1DULL + 1;
	callers = calloc((size_t)o.callers, sizeof *callers);
	lines = calloc((size_t)o.dids, sizeof *lines);
	linecum = calloc((size_t)o.dids, sizeof *linecum);
	w = calloc((size_t)o.days, sizeof *w);
	if (!callers || !lines || !linecum || !w)
		return 1;
	for (i = 0; i < o.callers; i++)
		make_caller(&callers[i], &s);
	for (i = 0; i < o.dids; i++) {
		struct line *ln = &lines[i];

		ln->idx = i;
		snprintf(ln->acct, sizeof ln->acct, "cli%04d", i + 1);
		snprintf(ln->did, sizeof ln->did, "01440%05d", i + 1);
		if (rnd(&s) < 0.7 || o.dids < 10) {
			snprintf(ln->app, sizeof ln->app, "Queue");
			snprintf(ln->data, sizeof ln->data,
			    "q-cli%04d,tT,,,300", i + 1);
		} else {
			int a = 1 + (int)(rnd64(&s) % 24);

			snprintf(ln->app, sizeof ln->app, "Dial");
			snprintf(ln->data, sizeof ln->data,
			    "PJSIP/agent%02d&PJSIP/agent%02d,30,tT", a,
			    a % 24 + 1);
		}
		sum += 1.0 / (i + 1 < 2 ? 1 : (double)(i + 1) * 0.8);
		linecum[i] = sum;
	}
	for (i = 0; i < o.dids; i++)
		linecum[i] /= sum;
	profiles(cum);
	for (sum = 0, i = 0; i < o.days; i++)
		sum += w[i] = day_weight(o.start_day + i, &s);
	for (i = 0; i < o.days && done < o.rows; i++) {
		int64_t day = o.start_day + i;
		int wd = ts_weekday(day), kind = is_holiday(day) || wd == 7 ? 2 :
		    wd == 6 ? 1 : 0;
		long n = i == o.days - 1 ? o.rows - done :
		    (long)((double)o.rows * w[i] / sum + 0.5);
		int *secs, k;

		if (n > o.rows - done)
			n = o.rows - done;
		secs = malloc((size_t)(n ? n : 1) * sizeof *secs);
		for (k = 0; k < n; k++)
			secs[k] = pick(cum[kind], 1440, rnd(&s)) * 60 +
			    (int)(rnd64(&s) % 60);
		qsort(secs, (size_t)n, sizeof *secs, cmp_int);
		for (k = 0; k < n; k++, seq++) {
			const struct line *ln = &lines[pick(linecum, o.dids,
			    rnd(&s))];
			const struct caller *c = &callers[rnd64(&s) %
			    (uint64_t)o.callers];

			/* Both legs share the start, hence the uniqueid; the
			 * extra leg takes the next row's place. */
			if (o.legs > 0 && ln->app[0] == 'Q' && k + 1 < n &&
			    rnd(&s) < o.legs) {
				emit(stdout, &o, ln, c, day, secs[k], seq, &s, 1);
				emit(stdout, &o, ln, c, day, secs[k], seq, &s, 0);
				k++;
				continue;
			}
			emit(stdout, &o, ln, c, day, secs[k], seq, &s, 0);
		}
		done += n;
		free(secs);
	}
	free(callers);
	free(lines);
	free(linecum);
	free(w);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
