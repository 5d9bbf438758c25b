# ts-kpi --by did,day on generated Master.csv rows, against the other tools
# a user could use for the same report, side by side in one run: DuckDB
# (its npm package, on both cores), the sqlite3 shell, Miller, gawk, mawk
# and a Python csv script.  Each computes the same columns with a correct
# CSV parse (quoted fields with commas and doubled quotes), the same
# classification as ts (ts-kpi(1), ts-import(1)) and sorts by did and day;
# their outputs are checked against ts-kpi's before any time is printed.
# Then ts-kpi's maximum resident memory on 100 000 and 1 000 000 rows of
# the same 90 days, and on 1 000 000 rows of 900 days (the call rate of the
# small file): it grows with the groups and the calls per hour, not with
# the rows.
#
#	BENCH_KPI_ROWS  rows of the timed file (1000000; the issue's figure
#	                is for 10000000)
#	BENCH_RUNS      best of how many runs for the fast tools (3)
#	BENCH_NO_NPM    set: do not install DuckDB's npm package when missing
#	BENCH_KPI_TOOLS the other tools to run, of duckdb sqlite3 mawk gawk
#	                python miller (all; "duckdb" alone for the 10 M run)
#	BENCH_KPI_NO_RSS set: skip the memory measurements
#
# The generated file has one row per call (no forked legs), so the other
# tools need not merge legs; ts-kpi merges them all the same.
. "$(dirname "$0")/lib.sh"

rows=${BENCH_KPI_ROWS:-1000000}
runs=${BENCH_RUNS:-3}
csv=$(cdr_file "$rows")
dir=$TS_BENCH_DIR/kpi
mkdir -p "$dir/noconfig"
# No user configuration: every call is of no client, days in Paris time.
XDG_CONFIG_HOME=$dir/noconfig
export XDG_CONFIG_HOME
unset TS_CONFIG

cols=did,day,offered,answered,voicemail,abandoned,busy,failed,short_abandoned,service_level,asa_s,talk_s,max_wait_s

# ---- ts-kpi, and its report cut to the columns every tool computes ----

ts_kpi() {
	ts-kpi --tz Europe/Paris --by did,day "$csv" | awk -F, -v cols="$cols" '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
		n = split(cols, want, ","); next }
	    { s = $(c[want[1]])
	      for (i = 2; i <= n; i++) s = s "," $(c[want[i]])
	      print s }'
}

# ---- SQL: the sqlite3 shell and DuckDB run the same query ----

sql_query() {
	cat <<EOF
WITH c AS (
  SELECT '+33' || substr(dst, 2) AS did, substr(start, 1, 10) AS day,
    CAST(duration AS INTEGER) AS d, CAST(billsec AS INTEGER) AS b,
    CASE
      WHEN disposition = 'ANSWERED' THEN
        CASE WHEN lastapp = 'VoiceMail' THEN 'V' ELSE 'A' END
      WHEN disposition = 'NO ANSWER' THEN
        CASE WHEN lastapp = 'VoiceMail' AND CAST(billsec AS INTEGER) > 0
          THEN 'V' ELSE 'M' END
      WHEN disposition = 'BUSY' THEN 'B'
      WHEN disposition IN ('FAILED', 'CONGESTION') THEN 'F'
      ELSE 'M' END AS st
  FROM $1),
w AS (
  SELECT did, day, st, b, CASE WHEN st IN ('A', 'V') THEN d - b ELSE d END AS w
  FROM c),
g AS (
  SELECT did, day, count(*) AS offered,
    sum(CASE WHEN st = 'A' THEN 1 ELSE 0 END) AS answered,
    sum(CASE WHEN st = 'V' THEN 1 ELSE 0 END) AS voicemail,
    sum(CASE WHEN st = 'M' THEN 1 ELSE 0 END) AS abandoned,
    sum(CASE WHEN st = 'B' THEN 1 ELSE 0 END) AS busy,
    sum(CASE WHEN st = 'F' THEN 1 ELSE 0 END) AS failed,
    sum(CASE WHEN st = 'M' AND w < 5 THEN 1 ELSE 0 END) AS short,
    sum(CASE WHEN st = 'A' AND w <= 20 THEN 1 ELSE 0 END) AS on_time,
    sum(CASE WHEN st = 'A' THEN w ELSE 0 END) AS wait_ans,
    sum(CASE WHEN st = 'A' THEN b ELSE 0 END) AS talk,
    max(CASE WHEN st IN ('B', 'F') THEN NULL ELSE w END) AS max_wait
  FROM w GROUP BY did, day)
SELECT did, day, offered, answered, voicemail, abandoned, busy, failed, short,
  CASE WHEN offered = short THEN NULL
    ELSE printf('%.4f', 1.0 * on_time / (offered - short)) END,
  CASE WHEN answered = 0 THEN NULL
    ELSE printf('%.1f', 1.0 * wait_ans / answered) END,
  talk, max_wait
FROM g ORDER BY did, day
EOF
}

sqlite() {
	sqlite3 :memory: -cmd "create table cdr (accountcode, src, dst,
	    dcontext, clid, channel, dstchannel, lastapp, lastdata, start,
	    answer, \"end\", duration, billsec, disposition, amaflags,
	    uniqueid, userfield)" -cmd ".mode csv" -cmd ".import $csv cdr" \
	    "$(sql_query cdr)"
}

duckdb_dir=$TS_BENCH_DIR/duckdb-node
duckdb_ready() {
	[ -d "$duckdb_dir/node_modules/@duckdb/node-api" ] && return 0
	command -v npm >/dev/null 2>&1 && [ -z "${BENCH_NO_NPM:-}" ] ||
	    return 1
	echo "installing DuckDB's npm package into $duckdb_dir ..." >&2
	mkdir -p "$duckdb_dir"
	(cd "$duckdb_dir" && npm install --no-audit --no-fund \
	    @duckdb/node-api >/dev/null 2>&1)
}

duckdb() {
	cat >"$duckdb_dir/kpi.mjs" <<'EOF'
import { DuckDBInstance } from '@duckdb/node-api';
const [file, query] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE VIEW cdr AS SELECT * FROM read_csv('${file}',
  header = false, delim = ',', quote = '"', escape = '"',
  columns = {'accountcode': 'VARCHAR', 'src': 'VARCHAR', 'dst': 'VARCHAR',
  'dcontext': 'VARCHAR', 'clid': 'VARCHAR', 'channel': 'VARCHAR',
  'dstchannel': 'VARCHAR', 'lastapp': 'VARCHAR', 'lastdata': 'VARCHAR',
  'start': 'VARCHAR', 'answer': 'VARCHAR', 'end': 'VARCHAR',
  'duration': 'INTEGER', 'billsec': 'INTEGER', 'disposition': 'VARCHAR',
  'amaflags': 'VARCHAR', 'uniqueid': 'VARCHAR', 'userfield': 'VARCHAR'})`);
const r = await con.runAndReadAll(query);
const out = r.getRows().map((row) =>
  row.map((v) => (v === null ? '' : String(v))).join(',')).join('\n');
process.stdout.write(out + '\n');
EOF
	(cd "$duckdb_dir" && node kpi.mjs "$csv" "$(sql_query cdr)")
}

# ---- awk: the same program for gawk and mawk ----

# shellcheck disable=SC2016
awk_prog='
# fields(): splits $0 into f[1..n] as RFC 4180 says (a quoted field may
# hold commas and doubled quotes), by joining the pieces of a split on ","
# while the count of quotes is odd.
function fields(    p, i, n, s, open, q, t) {
	p = split($0, piece, ",")
	n = 0
	open = 0
	for (i = 1; i <= p; i++) {
		s = open ? s "," piece[i] : piece[i]
		t = piece[i]
		q = gsub(/"/, "", t)
		if (q % 2)
			open = !open
		if (!open) {
			if (substr(s, 1, 1) == "\"") {
				s = substr(s, 2, length(s) - 2)
				gsub(/""/, "\"", s)
			}
			f[++n] = s
		}
	}
	return n
}
{
	fields()
	k = "+33" substr(f[3], 2) "," substr(f[10], 1, 10)
	d = f[13] + 0
	b = f[14] + 0
	disp = f[15]
	if (disp == "ANSWERED")
		st = f[8] == "VoiceMail" ? "V" : "A"
	else if (disp == "NO ANSWER")
		st = f[8] == "VoiceMail" && b > 0 ? "V" : "M"
	else if (disp == "BUSY")
		st = "B"
	else if (disp == "FAILED" || disp == "CONGESTION")
		st = "F"
	else
		st = "M"
	w = st == "A" || st == "V" ? d - b : d
	off[k]++
	n[k, st]++
	if (st == "M" && w < 5)
		short[k]++
	if (st == "A") {
		if (w <= 20)
			ontime[k]++
		wans[k] += w
		talk[k] += b
	}
	if (st != "B" && st != "F" && (!((k) in mx) || w > mx[k]))
		mx[k] = w
}
END {
	for (k in off) {
		den = off[k] - short[k]
		a = n[k, "A"] + 0
		printf "%s,%d,%d,%d,%d,%d,%d,%d,%s,%s,%d,%s\n", k, off[k], a,
		    n[k, "V"], n[k, "M"], n[k, "B"], n[k, "F"], short[k],
		    den ? sprintf("%.4f", ontime[k] / den) : "",
		    a ? sprintf("%.1f", wans[k] / a) : "", talk[k],
		    (k in mx) ? mx[k] : ""
	}
}'

awk_run() {
	"$1" "$awk_prog" "$csv" | LC_ALL=C sort -t, -k1,1 -k2,2
}
run_gawk() { awk_run gawk; }
run_mawk() { awk_run mawk; }

# ---- Miller ----

miller() {
	# shellcheck disable=SC2016
	mlr --icsv --implicit-csv-header --headerless-csv-output --ocsv \
	    --allow-ragged-csv-input -S put -q '
	    d = int($13); b = int($14); disp = $15; st = "M";
	    if (disp == "ANSWERED") { st = $8 == "VoiceMail" ? "V" : "A" }
	    elif (disp == "NO ANSWER") { st = ($8 == "VoiceMail" && b > 0) ? "V" : "M" }
	    elif (disp == "BUSY") { st = "B" }
	    elif (disp == "FAILED" || disp == "CONGESTION") { st = "F" }
	    else { st = "M" }
	    w = (st == "A" || st == "V") ? d - b : d;
	    k = "+33" . substr1($3, 2, strlen($3)) . ";" . substr1($10, 1, 10);
	    @off[k] += 1;
	    @n[k][st] += 1;
	    if (st == "M" && w < 5) { @short[k] += 1 }
	    if (st == "A") {
		if (w <= 20) { @ontime[k] += 1 }
		@wans[k] += w; @talk[k] += b
	    }
	    if (st != "B" && st != "F") {
		if (is_absent(@mx[k])) { @mx[k] = w } elif (w > @mx[k]) { @mx[k] = w }
	    }
	    end {
		for (k, o in @off) {
		    s = is_present(@short[k]) ? @short[k] : 0;
		    a = is_present(@n[k]["A"]) ? @n[k]["A"] : 0;
		    den = o - s;
		    emit1 {
			"did": splitax(k, ";")[1], "day": splitax(k, ";")[2],
			"offered": o, "answered": a,
			"voicemail": is_present(@n[k]["V"]) ? @n[k]["V"] : 0,
			"abandoned": is_present(@n[k]["M"]) ? @n[k]["M"] : 0,
			"busy": is_present(@n[k]["B"]) ? @n[k]["B"] : 0,
			"failed": is_present(@n[k]["F"]) ? @n[k]["F"] : 0,
			"short": s,
			"sl": den > 0 ? fmtnum((is_present(@ontime[k]) ? @ontime[k] : 0) / den, "%.4f") : "",
			"asa": a > 0 ? fmtnum(@wans[k] / a, "%.1f") : "",
			"talk": is_present(@talk[k]) ? @talk[k] : 0,
			"mx": is_present(@mx[k]) ? @mx[k] : ""
		    }
		}
	    }' "$csv" | LC_ALL=C sort -t, -k1,1 -k2,2
}

# ---- Python's csv module ----

python() {
	/usr/bin/python3 -c '
import csv, sys
off = {}
for r in csv.reader(open(sys.argv[1], newline="")):
    d, b, disp, app = int(r[12]), int(r[13]), r[14], r[7]
    if disp == "ANSWERED":
        st = "V" if app == "VoiceMail" else "A"
    elif disp == "NO ANSWER":
        st = "V" if app == "VoiceMail" and b > 0 else "M"
    elif disp == "BUSY":
        st = "B"
    elif disp in ("FAILED", "CONGESTION"):
        st = "F"
    else:
        st = "M"
    w = d - b if st in "AV" else d
    k = ("+33" + r[2][1:], r[9][:10])
    g = off.get(k)
    if g is None:
        g = off[k] = {"A": 0, "V": 0, "M": 0, "B": 0, "F": 0, "o": 0,
                      "s": 0, "t": 0, "wa": 0, "talk": 0, "mx": None}
    g["o"] += 1
    g[st] += 1
    if st == "M" and w < 5:
        g["s"] += 1
    if st == "A":
        g["t"] += w <= 20
        g["wa"] += w
        g["talk"] += b
    if st not in "BF" and (g["mx"] is None or w > g["mx"]):
        g["mx"] = w
out = sys.stdout
for k in sorted(off):
    g = off[k]
    den = g["o"] - g["s"]
    out.write(",".join([k[0], k[1], str(g["o"]), str(g["A"]), str(g["V"]),
        str(g["M"]), str(g["B"]), str(g["F"]), str(g["s"]),
        "%.4f" % (g["t"] / den) if den else "",
        "%.1f" % (g["wa"] / g["A"]) if g["A"] else "", str(g["talk"]),
        "" if g["mx"] is None else str(g["mx"])]) + "\n")
' "$csv"
}

# ---- running them ----

# timed NAME N FN: runs FN N times into $dir/NAME.out; sets $t to the best
# wall time in seconds.
timed() {
	t=
	i=0
	while [ "$i" -lt "$2" ]; do
		t0=$(date +%s.%N)
		"$3" >"$dir/$1.out" 2>"$dir/$1.err"
		t1=$(date +%s.%N)
		s=$(echo "$t1 $t0" | awk '{ printf "%.3f", $1 - $2 }')
		if [ -z "$t" ] || awk -v a="$s" -v b="$t" 'BEGIN { exit !(a < b) }'
		then
			t=$s
		fi
		i=$((i + 1))
	done
}

# agree NAME: 0 when NAME's output is ts-kpi's, the service level and the
# ASA within one unit of their last printed digit (printf implementations
# round an exact half, such as 5.25, differently).
agree() {
	awk -F, 'NR == FNR { want[FNR] = $0; n = FNR; next }
	    { got = FNR; split(want[FNR], w, ",")
	      for (i = 1; i <= 13; i++) {
		if (i == 10 || i == 11) {
			tol = i == 10 ? 0.00011 : 0.11
			if (($i == "") != (w[i] == "") || ($i != "" &&
			    ($i - w[i] > tol || w[i] - $i > tol)))
				bad = 1
		} else if ($i != w[i])
			bad = 1
	      }
	      if (bad) { printf "first difference: line %d\n", FNR; exit } }
	    END { exit bad || got != n }' "$dir/ts-kpi.out" "$dir/$1.out" \
	    >"$dir/$1.diff"
}

printf 'ts-kpi --by did,day on %s rows of Master.csv (%s MB)\n' "$rows" \
    "$(($(wc -c <"$csv") / 1000000))"
timed ts-kpi "$runs" ts_kpi
t_ts=$t
groups=$(wc -l <"$dir/ts-kpi.out")
printf '  %-28s %7.2f s  (%s groups; one thread)\n' "ts-kpi" "$t_ts" \
    "$groups"

# other NAME LABEL N FN: times FN, checks it agrees, prints the ratio.
other() {
	timed "$1" "$3" "$4"
	if ! agree "$1"; then
		printf '  %-28s %7.2f s  DISAGREES with ts-kpi (%s)\n' \
		    "$2" "$t" "$(cat "$dir/$1.diff")"
		return
	fi
	printf '  %-28s %7.2f s  ts-kpi is %sx as fast\n' "$2" "$t" \
	    "$(ratio "$t" "$t_ts")"
}

tools=${BENCH_KPI_TOOLS:-duckdb sqlite3 mawk gawk python miller}
# wanted NAME: is NAME among the tools to run?
wanted() {
	case " $tools " in *" $1 "*) return 0 ;; esac
	return 1
}

if ! wanted duckdb; then
	:
elif command -v node >/dev/null 2>&1 && duckdb_ready; then
	other duckdb "DuckDB (npm, 2 threads)" "$runs" duckdb
else
	echo "  DuckDB: node or its npm package not available: skipped"
fi
if ! wanted sqlite3; then
	:
elif command -v sqlite3 >/dev/null 2>&1; then
	other sqlite3 "sqlite3 (.import + SQL)" "$runs" sqlite
else
	echo "  sqlite3: not installed: skipped"
fi
for a in mawk gawk; do
	if ! wanted "$a"; then
		:
	elif command -v "$a" >/dev/null 2>&1; then
		other "$a" "$a (CSV-correct split)" "$runs" "run_$a"
	else
		echo "  $a: not installed: skipped"
	fi
done
if wanted python && [ -x /usr/bin/python3 ]; then
	other python "Python 3 csv module" 1 python
fi
if ! wanted miller; then
	:
elif command -v mlr >/dev/null 2>&1; then
	other miller "Miller $(mlr --version | cut -d' ' -f2)" 1 miller
else
	echo "  Miller: not installed: skipped"
fi

# ---- memory: groups, not rows ----

rss() {
	/usr/bin/time -f %M ts-kpi --tz Europe/Paris --by "$2" "$1" \
	    2>&1 >"$dir/rss.out" | tail -n 1
}
if [ -n "${BENCH_KPI_NO_RSS:-}" ]; then
	:
elif [ -x /usr/bin/time ]; then
	small=$(cdr_file 100000)
	big=$(cdr_file 1000000)
	echo
	echo "ts-kpi maximum resident memory:"
	# The same million rows spread over 900 days: the call rate of the
	# small file.  What stays in memory besides the groups is the calls
	# of the last two hours, kept to merge their legs (--merge-window).
	sparse=$TS_BENCH_DIR/master-1000000-900d.csv
	[ -s "$sparse" ] || "$TS_BUILD/tests/gencdr" --rows 1000000 \
	    --days 900 >"$sparse"
	for by in did,day did,hour ''; do
		for f in "$small" "$big" "$sparse"; do
			m=$(rss "$f" "$by")
			case $f in
			*900d*) span="900 days" ;;
			*) span="90 days" ;;
			esac
			printf '  --by %-8s %8s rows, %-8s  %6s groups  %6.1f MiB\n' \
			    "${by:-''}" "$(wc -l <"$f")" "$span" \
			    "$(($(wc -l <"$dir/rss.out") - 1))" \
			    "$(echo "$m" | awk '{ print $1 / 1024 }')"
		done
	done
else
	echo "no /usr/bin/time: memory not measured"
fi
