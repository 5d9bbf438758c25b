#!/bin/sh
# ts-kpi on every real CDR and queue_log file in ../shared/data/samples:
# the calls counted are those a careful reading of each file gives (the
# figures of t110, written down from the files, not from ts); every call is
# in exactly one class; the report from the file equals the report from the
# store, and the merge of two halves equals the single run.
# Without ../shared this test is skipped.
. "$(dirname "$0")/lib.sh"

[ -d "$SAMPLES" ] || skip_all "no sample files in $SAMPLES"

# sample NAME FILE "CALLS ANSWERED VOICEMAIL UNANSWERED" [OPTION...]
sample() {
	name=$1
	file=$SAMPLES/$2
	want=$3
	shift 3
	if [ ! -f "$file" ]; then
		skip "$name" "missing $file"
		return
	fi
	ts-kpi --utc --by '' "$@" "$file" >"$T/$name.csv" 2>"$T/err"
	got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["offered"], $c["answered"], $c["voicemail"],
	      $c["abandoned"] + $c["timeout"] + $c["busy"] + $c["failed"] }' \
	    "$T/$name.csv")
	check_same "$name: calls answered voicemail unanswered" "$want" \
	    "${got:-0 0 0 0}"
	if grep -Ev '^ts-kpi: (.*:[0-9]+: |[0-9]+ (records rejected|calls still waiting))' \
	    "$T/err" >"$T/other"; then
		not_ok "$name: diagnostics only as FILE:LINE: message"
		diag "$T/other"
	else
		ok "$name: diagnostics only as FILE:LINE: message"
	fi
	ts-kpi --utc --by did,day "$@" "$file" >"$T/single" 2>/dev/null
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["offered"] != $c["answered"] + $c["voicemail"] + \
	    $c["abandoned"] + $c["timeout"] + $c["busy"] + $c["failed"] {
	    bad = 1 } END { exit bad }' "$T/single"
	check_same "$name: every call in exactly one class" 0 "$?"
	ts-import calls --db "$T/$name.db" --utc "$@" "$file" 2>/dev/null
	ts-kpi -d "$T/$name.db" --by did,day >"$T/stored"
	if cmp -s "$T/single" "$T/stored"; then
		ok "$name: the store gives the file's report"
	else
		not_ok "$name: the store gives the file's report"
		diff "$T/single" "$T/stored" | head -10 | sed 's/^/#   /'
	fi
}

sample ast11 asterisk-cdr-csv/telephonyswitching-ast11-Master.csv \
    "105 91 6 8"
sample ast13 asterisk-cdr-csv/speech-to-text-ast13-Master.csv \
    "266 242 3 21"
sample issabel asterisk-cdr-csv/issabel-synkbug-Master.csv "465 371 31 63"
sample dj-newcols asterisk-cdr-csv/dj-asterisk-cdr-newcols-Master.csv \
    "36 31 0 5"
sample custom asterisk-cdr-custom/kelysaina-cdr-custom-Master.csv \
    "14 11 0 3"
sample cdr-table asterisk-db-exports/voipreports1-cdr-table.csv \
    "636 452 0 184"
sample queue_log-0801 asterisk-queue-log/issabel-synkbug-queue_log-20220801 \
    "30 3 0 27"
sample queue_log-table asterisk-db-exports/voipreports1-queue_log-table.csv \
    "106 93 0 13"
sample fs-legs-ab freeswitch-cdr-csv/voip-related-codes-example-template-legs-ab.csv \
    "2 2 0 0"
sample fs-spreadsheet freeswitch-cdr-csv/freeswitch-tools-spreadsheet-resaved-Master.csv \
    "8 7 0 1"

# The largest file in two halves, merged: the single run's report.  Rows
# of one call are together in it only within a few lines, so the halves
# are cut between two calls (a line whose uniqueid is new).
f=$SAMPLES/asterisk-cdr-csv/issabel-synkbug-Master.csv
if [ -f "$f" ]; then
	cut=$(awk -F'"' '{ u = $(NF - 3) }
	    NR > 368 && !(u in seen) { print NR - 1; exit } { seen[u] = 1 }' \
	    "$f")
	head -n "$cut" "$f" >"$T/h1"
	tail -n +"$((cut + 1))" "$f" >"$T/h2"
	ts-kpi --utc --by '' "$T/h1" "$T/h2" >"$T/both" 2>/dev/null
	ts-kpi --utc --by '' "$f" >"$T/whole" 2>/dev/null
	ts-kpi --utc --partial --by '' "$T/h1" >"$T/p1" 2>/dev/null
	ts-kpi --utc --partial --by '' "$T/h2" >"$T/p2" 2>/dev/null
	check_out "issabel: two halves merged give the whole file's report" \
	    "$T/both" ts-kpi merge "$T/p1" "$T/p2"
	check_same "issabel: the halves read together are the whole" \
	    "$(cat "$T/whole")" "$(cat "$T/both")"
else
	skip "issabel: halves" "missing $f"
fi

done_testing
