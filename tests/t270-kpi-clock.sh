#!/bin/sh
# ts-kpi clock_start: a call that heard a welcome message for 30 s, then
# waited 10 s in the queue (its CDR and its queue_log merged), and one that
# hung up during the message.  From the call, the first waited 40 s; from
# the queue, 10 s.  The same from the files and from the store, and
# explain says which clock judged it.
. "$(dirname "$0")/lib.sh"

cat >"$T/queue.yaml" <<'YAML'
service:
  name: Permanence Test
  timezone: Europe/Paris
  country: FR
clients:
  cab:
    name: Cabinet
    numbers: ["01 44 00 00 02"]
    queues: [q-b]
    sla:
      threshold: 20s
      clock_start: queue
YAML
sed 's/clock_start: queue/clock_start: call/' "$T/queue.yaml" >"$T/call.yaml"

# 1795168800 is 2026-11-20T11:00:00+01:00.
cat >"$T/Master.csv" <<'CSV'
"","0612345005","0144000002","from-trunk","""Dan"" <0612345005>","PJSIP/trunk-00000008","PJSIP/203-00000009","Queue","q-b,tT","2026-11-20 11:00:00","2026-11-20 11:00:40","2026-11-20 11:03:12",192,152,"ANSWERED","DOCUMENTATION","","1795168800.8",3
"","0612345006","0144000002","from-trunk","""Eve"" <0612345006>","PJSIP/trunk-0000000a","","Playback","bienvenue","2026-11-20 11:10:00",,"2026-11-20 11:10:30",30,0,"NO ANSWER","DOCUMENTATION","","1795169400.10",5
CSV
cat >"$T/queue_log" <<'LOG'
1795168830|1795168800.8|q-b|NONE|ENTERQUEUE||0612345005|1
1795168840|1795168800.8|q-b|PJSIP/203|CONNECT|10|1795168840.9|0
1795168992|1795168800.8|q-b|PJSIP/203|COMPLETECALLER|10|152|1
LOG

cols=client,offered,answered,service_level,asa_s,max_wait_s
# The columns compared, by name, without Miller.
pick() {
	awk -F, -v want="$cols" 'BEGIN { n = split(want, w, ",") }
	    NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i }
	    { s = ""; for (j = 1; j <= n; j++) s = s (j > 1 ? "," : "") $at[w[j]]
	      print s }' "$T/out"
}

check "clock from the call: the files" ts-kpi -c "$T/call.yaml" \
    "$T/Master.csv" "$T/queue_log"
check_same "the welcome message counts: 40 s, outside T" \
    "$(printf '%s\ncab,2,1,0.0000,40,40' "$cols")" "$(pick)"
check "clock from the queue: the files" ts-kpi -c "$T/queue.yaml" \
    "$T/Master.csv" "$T/queue_log"
check_same "the wait starts in the queue: 10 s, within T" \
    "$(printf '%s\ncab,2,1,0.5000,10,30' "$cols")" "$(pick)"
check "a call that never reached the queue keeps its start" \
    ts-kpi -c "$T/queue.yaml" "$T/Master.csv"
check_same "(a CDR alone does not say when the queue began)" \
    "$(printf '%s\ncab,2,1,0.0000,40,40' "$cols")" "$(pick)"

db=$T/ts.db
check "both files into the store" ts-import -q calls -c "$T/queue.yaml" \
    --db "$db" "$T/Master.csv" "$T/queue_log"
check_same "the queue entry is stored" "1795168830" \
    "$(sqlite3 "$db" "select queued from calls where queued is not null")"
check "clock from the queue: the store" ts-kpi -c "$T/queue.yaml" \
    --db "$db"
check_same "the same figures as from the files" \
    "$(printf '%s\ncab,2,1,0.5000,10,30' "$cols")" "$(pick)"
check "a second import of the same files" ts-import -q calls \
    -c "$T/queue.yaml" --db "$db" "$T/Master.csv" "$T/queue_log"
check_same "changes nothing" "2|1795168830" \
    "$(sqlite3 "$db" "select count(*), max(queued) from calls")"

check "explain" ts-kpi -c "$T/queue.yaml" explain 1795168800.8 \
    "$T/Master.csv" "$T/queue_log"
check_grep "shows when the call entered the queue" \
    'queued 2026-11-20T11:00:30\+01:00' "$T/out"
check_grep "and which clock judged it" 'clock from the queue' "$T/out"
check_grep "and the wait by that clock" 'wait 10 s <= T 20 s' "$T/out"
check "--print-settings" ts-kpi -c "$T/queue.yaml" --print-settings
check_grep "names the clock" '^cab,.*,queue,' "$T/out"

done_testing
