#!/bin/sh
# ts-route: configuration mistakes (a rule naming an unknown tag or rota,
# a rota with a hole, overlapping hours, ...) are reported with file, line
# and column before any call is routed.
# shellcheck disable=SC2016 # sh -c scripts read their arguments as $1
. "$(dirname "$0")/lib.sh"

D=$DATA/route
TS_DB=$T/ts.db
export TS_DB

# bad NAME MESSAGE: the configuration bad-NAME.yaml is refused.
bad() {
	check_code "bad-$1.yaml: exit 2" 2 ts-route -c "$D/bad-$1.yaml" \
	    --client c1 -n
	check_err "bad-$1.yaml: $2" "^ts-route: $D/bad-$1.yaml:$2"
}

bad tag "11:22: unknown tag 'vipp' in a rule of client 'c1'; did you mean 'vip'\?"
bad rota "11:17: unknown rota 'astreinte' in a rule of client 'c1'"
bad hole "13:11: rota 'tech' has a hole: nobody is on call from fri 18:00 to mon 08:00"
bad hours "9:26: spans '08:00-12:00' \(line 9\) and '11:00-14:00' \(line 9\) overlap"
bad state "9:24: invalid value 'shut' for 'state'"
bad target "10:17: a 'target' means nothing to 'message'"
bad person "13:44: unknown person 'b' in rota 'tech'"

check_code "nothing is routed from stdin either" 2 sh -c \
    'printf "client,caller,at\nc1,0611111111,2026-11-23\n" |
    ts-route -c "$1"' sh "$D/bad-tag.yaml"
check_same "no record written" "" "$(cat "$T/out")"
check_same "and no store created" no \
    "$(test -e "$T/ts.db" && echo yes || echo no)"

check "the example configuration is valid" ts-route \
    -c "$TS_ROOT/examples/config.yaml" --client dupont-plomberie \
    --caller 0612345678 --at '2026-12-24 19:30' -n
check_grep "and routes the plumber's evening call to a message" \
    ',message,,.*,default,nuit$' "$T/out"

done_testing
