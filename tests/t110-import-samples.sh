#!/bin/sh
# Every real CDR and queue_log file in ../shared/data/samples is read, and
# gives the calls a careful reading of the file gives.  The figures below
# were written down from the files themselves (grouping rows by linkedid or
# uniqueid, queue events by callid), not from ts's output.  The files are
# test input only and are never copied into the project: without
# ../shared this test is skipped.
. "$(dirname "$0")/lib.sh"

[ -d "$SAMPLES" ] || skip_all "no sample files in $SAMPLES"
need_cmd sqlite3 || skip_all "sqlite3 is not installed"

# import NAME FILE [OPTION...]: imports FILE into a fresh store, then
# sets $got to "calls answered voicemail unanswered rejects".
import() {
	name=$1
	file=$2
	shift 2
	db=$T/$name.db
	ts-import calls --db "$db" --tz UTC "$@" "$file" >"$T/out" 2>"$T/err"
	rejects=$(sed -n 's/.*; \([0-9]*\) rejected$/\1/p' "$T/err")
	got=$(sqlite3 "$db" "select count(*),
	    coalesce(sum(status = 'answered'), 0),
	    coalesce(sum(status = 'voicemail'), 0),
	    coalesce(sum(status not in ('answered', 'voicemail')), 0)
	    from calls" | tr '|' ' ')
	got="$got ${rejects:-?}"
}

# sample NAME FILE "CALLS ANSWERED VOICEMAIL UNANSWERED REJECTS" [OPTION...]
sample() {
	name=$1
	file=$SAMPLES/$2
	want=$3
	shift 3
	if [ ! -f "$file" ]; then
		skip "$name" "missing $file"
		return
	fi
	import "$name" "$file" "$@"
	check_same "$name: calls answered voicemail unanswered rejects" \
	    "$want" "$got"
}

# Asterisk cdr_csv: 18 columns (uniqueid, userfield), UTC.
sample ast11 asterisk-cdr-csv/telephonyswitching-ast11-Master.csv \
    "105 91 6 8 0"
# (Three NO ANSWER rows ran VoiceMail for 15 to 72 s: a machine took them.)
sample ast11-accountcode asterisk-cdr-csv/telephonyswitching-ast11-accountcode-100.csv \
    "5 5 0 0 0"
sample ast13 asterisk-cdr-csv/speech-to-text-ast13-Master.csv \
    "266 242 3 21 0"
# 736 rows, 175 uniqueids repeated: 465 calls.
sample issabel asterisk-cdr-csv/issabel-synkbug-Master.csv \
    "465 371 31 63 0"
# 21 columns: legs merged by linkedid; a clid with bytes that are not UTF-8.
sample dj-newcols asterisk-cdr-csv/dj-asterisk-cdr-newcols-Master.csv \
    "36 31 0 5 0"
# cdr_custom's template, clid first.
sample custom asterisk-cdr-custom/kelysaina-cdr-custom-Master.csv \
    "14 11 0 3 0"
# A vendor's MySQL export with a header and broken quoting.
sample cdr-table asterisk-db-exports/voipreports1-cdr-table.csv \
    "636 452 0 184 0"

# cdr_sqlite3: the same 736 rows as issabel's Master.csv, local time.
db=$SAMPLES/asterisk-cdr-sqlite3/issabel-synkbug-master.db
if [ -f "$db" ]; then
	ts-import calls --db "$T/sqlite.db" --tz America/New_York \
	    --from-sqlite "$db" 2>"$T/err"
	got=$(sqlite3 "$T/sqlite.db" "select count(*),
	    sum(status = 'answered'), sum(status = 'voicemail') from calls" |
	    tr '|' ' ')
	check_same "cdr_sqlite3 table read by column name" "465 371 31" "$got"
	# uniqueid 1655439214.5 is 04:13:34 UTC in Master.csv and 00:13:34
	# local (UTC-4) in the database: the same instant once zoned.
	a=$(sqlite3 "$T/issabel.db" \
	    "select start from calls where call_id = '1655439214.5'")
	b=$(sqlite3 "$T/sqlite.db" \
	    "select start from calls where call_id = '1655439214.5'")
	check_same "database local time and Master.csv UTC agree" "$a" "$b"
else
	skip "cdr_sqlite3 table read by column name" "missing $db"
	skip "database local time and Master.csv UTC agree" "missing $db"
fi

# queue_log: calls rebuilt from ENTERQUEUE ... ABANDON/COMPLETE*; a line of
# NUL bytes (unclean shutdown) is a reject with its line number.
sample queue_log asterisk-queue-log/issabel-synkbug-queue_log "2 0 0 2 1"
check_err "the NUL line is named by its line number" \
    'issabel-synkbug-queue_log:120: NUL bytes'
sample queue_log-0707 asterisk-queue-log/issabel-synkbug-queue_log-20220707 \
    "0 0 0 0 0"
sample queue_log-0801 asterisk-queue-log/issabel-synkbug-queue_log-20220801 \
    "30 3 0 27 1"
sample queue_log-0901 asterisk-queue-log/issabel-synkbug-queue_log-20220901 \
    "0 0 0 0 0"
sample queue_log-1005 asterisk-queue-log/issabel-synkbug-queue_log-20221005 \
    "1 0 0 1 1"
check_err "its NUL line is line 33" 'queue_log-20221005:33: NUL bytes'
sample queue_log-minimal asterisk-queue-log/speech-to-text-queue_log.1 \
    "0 0 0 0 0"
# A queue_log table export: 108 callers entered; 2 still waiting when the
# export stops are said so and not counted; 2 still talking are answered.
sample queue_log-table asterisk-db-exports/voipreports1-queue_log-table.csv \
    "106 93 0 13 0"
check_err "calls still waiting at the end are reported" \
    '2 calls still waiting'

# FreeSWITCH mod_cdr_csv.
sample fs-legs-a freeswitch-cdr-csv/voip-related-codes-example-template-legs-a.csv \
    "2 2 0 0 0"
sample fs-legs-ab freeswitch-cdr-csv/voip-related-codes-example-template-legs-ab.csv \
    "2 2 0 0 0"
sample fs-callcenter freeswitch-cdr-csv/voip-related-codes-callcenter-legs-ab.csv \
    "1 1 0 0 0"
# Re-saved by a spreadsheet: unquoted, "2020/2/10 22:41", a uuid repeated.
sample fs-spreadsheet freeswitch-cdr-csv/freeswitch-tools-spreadsheet-resaved-Master.csv \
    "8 7 0 1 0"

# Importing a file again adds nothing.
if [ -f "$SAMPLES/asterisk-cdr-csv/issabel-synkbug-Master.csv" ]; then
	ts-import calls --db "$T/issabel.db" --tz UTC \
	    "$SAMPLES/asterisk-cdr-csv/issabel-synkbug-Master.csv" 2>"$T/err"
	check_grep "a second import finds every call already there" \
	    '465 calls: 0 added, 0 updated, 465 already there' "$T/err"
fi

done_testing
