#!/bin/sh
# ts-kpi --check: one record per breach, exit 3 when a target is breached,
# 0 when all hold (a target met exactly holds), 1 on bad data; a figure with
# an empty denominator is neither met nor breached; the morning check of
# examples/crontab, run as cron runs it.
. "$(dirname "$0")/lib.sh"

D=$DATA/kpi
TS_CONFIG=$D/config.yaml
export TS_CONFIG
calls=$D/calls.csv

check_code "a breach exits 3" 3 ts-kpi --check "$calls"
check_same "one line per breach: client, measure, target, actual" \
    "client,measure,target,actual
alpha,service_level,0.8000,0.5263
alpha,answer_rate,0.9500,0.5909
alpha,abandon_rate,0.0500,0.1053" "$(cat "$T/out")"
check_same "nothing on stderr" "" "$(cat "$T/err")"
check_code "-o table" 3 ts-kpi --check -o table "$calls"
check_grep "percentages for people" '^alpha +service_level +80\.0 % +52\.6 %$' \
    "$T/out"
check_code "beta meets its 50 % exactly: exit 0" 0 \
    ts-kpi --check --client beta "$calls"
check_same "and only the header" "client,measure,target,actual" \
    "$(cat "$T/out")"
check_code "a day of one short abandon" 3 ts-kpi --check \
    --period 2026-11-19 "$calls"
check_same "only the answer rate (SL, abandon rate and ASA are empty)" \
    "alpha,answer_rate,0.9500,0.0000" "$(sed 1d "$T/out")"
check_code "bad data exits 1 even with breaches" 1 ts-kpi --check \
    "$D/bad.csv"
check_code "--check with --by exits 2" 2 ts-kpi --check --by day "$calls"
check_code "--check with --partial exits 2" 2 ts-kpi --check --partial \
    "$calls"

# The check from partial aggregates: the same answer.
check "a partial by client" ts-kpi --partial --by client "$calls"
cp "$T/out" "$T/p1"
check_code "merge --check gives the same breaches" 3 ts-kpi merge --check \
    "$T/p1"
check_same "the same lines" "alpha,service_level,0.8000,0.5263
alpha,answer_rate,0.9500,0.5909
alpha,abandon_rate,0.0500,0.1053" "$(sed 1d "$T/out")"

# The crontab line, run as cron would: sh, the store, a clock.
check "the calls in a store" ts-import calls -d "$T/ts.db" "$calls"
TS_DB=$T/ts.db
export TS_DB
line=$(grep 'kpi-morning-check.sh' "$TS_ROOT/examples/crontab" |
    grep -v '^#' | sed 's/^[^ ]* [^ ]* [^ ]* [^ ]* [^ ]*  *//')
check_same "examples/crontab has the morning check" \
    "sh /etc/ts/kpi-morning-check.sh yesterday" "$line"
cmd=$(echo "$line" | sed "s|/etc/ts/|$TS_ROOT/examples/|")
mkdir -p "$T/bin"
cat >"$T/bin/mail" <<EOS
#!/bin/sh
{ printf '%s\n' "\$*"; cat; } >"$T/mailed"
EOS
chmod +x "$T/bin/mail"
rc=0	# set by run (tests/lib.sh)
run env TS_NOW=2026-11-21T07:30:00+01:00 sh -c "$cmd"
check_same "a morning after a good day: exit 0" 0 "$rc"
check_same "and silence (cron mails nothing)" "" "$(cat "$T/out" "$T/err")"
run env TS_NOW=2026-11-17T07:30:00+01:00 sh -c "$cmd"
check_same "a morning after a bad day: exit 3" 3 "$rc"
check_grep "the breaches are printed for cron's mail" \
    '^alpha +service_level +80\.0 % +60\.0 %$' "$T/out"
check_grep "with the period" 'breached \(yesterday\)' "$T/out"
run env TS_NOW=2026-11-17T07:30:00+01:00 PATH="$T/bin:$PATH" \
    sh "$TS_ROOT/examples/kpi-morning-check.sh" yesterday agence@example.fr
check_same "with an address: exit 3" 3 "$rc"
check_grep "mail(1) is given the subject and the address" \
    '^-s ts: contract targets breached \(yesterday\) agence@example.fr$' \
    "$T/mailed"
check_grep "and the breaches" '^alpha +answer_rate +95\.0 % +66\.7 %$' \
    "$T/mailed"
run env TS_DB="$T/none/ts.db" sh -c "$cmd"
check_same "no store: ts-kpi's own exit code passes through" 1 \
    "$([ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && echo 1)"

done_testing
