#!/bin/sh
# ts-route agi: a scripted AGI conversation, spoken over pipes as Asterisk
# does (tests/tools/agi-asterisk.py): the agi_ variables, then one reply
# per command; the variables set, the replies checked, a hangup midway, a
# refused command, a call that cannot be routed.
. "$(dirname "$0")/lib.sh"

[ -x "$PY" ] || skip_all "python3 is not installed"

D=$DATA/route
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
TS_NOW=2026-11-23T10:00:00+01:00
export TS_CONFIG TS_DB TS_NOW
AGI="$PY -B $TS_ROOT/tests/tools/agi-asterisk.py"

check "the contacts with their tags" ts-import contacts --client cabinet \
    "$D/contacts.csv"

# agi VARS [AGI OPTIONS] -- [TS-ROUTE ARGS]: runs one session.
agi() {
	vars=$D/agi-$1.vars
	shift
	opts=
	while [ "$1" != "--" ]; do
		opts="$opts $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	$AGI $opts "$vars" ts-route agi "$@"
}

# set_of: the variables set, "NAME=value" one a line, from a transcript.
set_of() {
	sed -n 's/^> SET VARIABLE \([A-Z_]*\) "\(.*\)"$/\1=\2/p' "$T/out"
}

check "a vip calls while the office is open" agi vip --
cat >"$T/want" <<'END'
> SET VARIABLE TS_ACTION "transfer"
< 200 result=1
> SET VARIABLE TS_TARGET "PJSIP/dr-durand"
< 200 result=1
> SET VARIABLE TS_DIAL ""
< 200 result=1
> SET VARIABLE TS_GREETING "Cabinet Test, bonjour."
< 200 result=1
> SET VARIABLE TS_NOTIFY ""
< 200 result=1
> SET VARIABLE TS_RULE "vip"
< 200 result=1
> SET VARIABLE TS_STATE "open"
< 200 result=1
> VERBOSE "ts-route: cabinet: transfer to PJSIP/dr-durand (rule vip, open)" 3
< 200 result=1
END
check_same "the whole conversation" "$(cat "$T/want")" "$(cat "$T/out")"
check_same "nothing on stderr" "" "$(cat "$T/err")"

check "a withheld number (agi_callerid unknown)" agi withheld --
check_same "is taken by the withheld rule" \
    "TS_ACTION=message TS_RULE=masque" \
    "$(set_of | grep -E 'TS_(ACTION|RULE)=' | tr '\n' ' ' | sed 's/ $//')"
check "a number presented as restricted (callingpres 33)" agi restricted --
check_same "is withheld too" "TS_RULE=masque" "$(set_of | grep TS_RULE=)"
check "the client from the account code" agi account --
check_same "when the extension is s" "TS_RULE=default TS_STATE=open" \
    "$(set_of | grep -E 'TS_(RULE|STATE)=' | tr '\n' ' ' | sed 's/ $//')"
check "a client in America/Martinique" agi martinique --
check_same "is closed at 05:00 local" "TS_ACTION=message TS_STATE=closed" \
    "$(set_of | grep -E 'TS_(ACTION|STATE)=' | tr '\n' ' ' | sed 's/ $//')"

# AGI(ts-route,agi,cabinet,urgent) at night: the person on call.
TS_NOW=2026-11-23T22:00:00+01:00 check "an urgent call at night" \
    agi night -- cabinet urgent
check_same "is escalated, with the number to dial" \
    "TS_ACTION=escalate TS_TARGET=medecins TS_DIAL=+33610000002" \
    "$(set_of | grep -E 'TS_(ACTION|TARGET|DIAL)=' | tr '\n' ' ' | sed 's/ $//')"
TS_NOW=2026-11-23T22:01:00+01:00 check "the escalations" ts-route \
    escalations -o csv
check_same "are recorded under the channel's uniqueid" \
    "1,cabinet,medecins,urgences,+33655555555,2026-11-23T22:00:00+01:00,urgent,0,+33610000002,2026-11-23T22:10:00+01:00,open" \
    "$(sed -n 2p "$T/out")"
TS_NOW=2026-11-23T22:00:30+01:00 check "the same call again (AGI retried)" \
    agi night -- cabinet urgent
check "is not" ts-route escalations -o csv
check_same "recorded twice" 2 "$(wc -l <"$T/out" | tr -d ' ')"
TS_NOW=2026-11-23T22:00:00+01:00 check "with -n" agi night -- -n \
    --client +33144000001 --reason urgent
check_same "--client takes a number too" "TS_ACTION=escalate" \
    "$(set_of | grep TS_ACTION=)"

# The caller hangs up after the second command: HANGUP comes before the
# reply, and every later command would get 511.
check "the caller hangs up midway" agi vip --hangup-after 2 --
check_same "ts-route stops there" 2 "$(grep -c '^> ' "$T/out")"
check_same "quietly" "" "$(cat "$T/err")"

check_code "a refused command exits 1" 1 agi vip --refuse 3 --
check_same "and stops there" 3 "$(grep -c '^> ' "$T/out")"
check_err "saying what Asterisk answered" \
    "^ts-route: <agi>:[0-9]+: Asterisk refused a command: '510'$"

check_code "a number dialled that is no client's exits 1" 1 agi nodid --
check_same "the dialplan still gets the safe answer" \
    "TS_ACTION=answer TS_RULE=error" \
    "$(set_of | tr '\n' ' ' | sed 's/ $//')"
check_grep "the reason is on the Asterisk console" \
    '^> VERBOSE "ts-route: no client for this call: .*" 1$' "$T/out"
check_err "and on stderr" "no client for this call"

check_code "variables without the empty line exit 1" 1 sh -c \
    "printf 'agi_request: ts-route\\nagi_channel: PJSIP/x\\n' | ts-route agi"
check_err "and say so" "the AGI variables end without an empty line"
check_code "a line that is no variable exits 1" 1 sh -c \
    "printf 'hello\\n\\n' | ts-route agi"
check_err "and say which" "<agi>:1: not an AGI variable line"
check_code "too many arguments exit 2" 2 ts-route agi a b c

done_testing
