# tests/ops.sh - the operations the reliability tests put under stress
# (t910 faults, t920 kill -9, t930 full disk, t940 concurrency), sourced
# after lib.sh.  Adding a tool or an operation is one line in ts_ops.
#
# One line per operation, fields separated by '|':
#
#	name	what the tests call it
#	before	what is in the scenario's directory first: before_X below
#	command	run by sh in that directory; the store is ts.db, the
#		configuration $TS_CONFIG; $D is tests/data/import, $BIG a
#		large generated Asterisk file and $MSGBIG a stream of
#		ROWS/10 messages to add (ops_big makes them)
#	state	what the operation writes, as text: state_X below; it is
#		compared whole (nothing missing, nothing duplicated) with
#		a clean run's, and must be the state before or after
#		(all or none), each "part: " on its own
#	exit	the clean run's exit code (1: the input has bad rows);
#		CLEAN/AGAIN for an operation that cannot be done twice
#		(a booking): AGAIN is a rerun's once it is done (3)
#	count	what is counted for the figures: count_X below
#	tests	which tests take it: f faults, k kill -9, d full disk,
#		c ten at once; 1 with c: one of the ten wins, the others
#		exit 3 (a slot taken); a: at least once, not all or none
#		(a sender: work claimed by a run cut short is done again
#		once its lease is over, so the tests rerun it at $OPS_LATER
#		and allow one duplicate, same Message-ID, per fault or kill)
#
# $MSG is tests/data/msg, $AG tests/data/agenda, $RT tests/data/route, $MSGCONF the ts-msg tests'
# configuration, its SMTP server the sink that ops_servers starts (on a
# free port, writing to $T/mail) when an operation sends.  $GDPRCONF is
# examples/config.yaml, $ERASE the person that ts-purge subject erases and
# ts-export subject exports (gdpr: the store of tests t6* and t7*, with her
# calls, card and appointment; gdprbig: the same with the ROWS calls of $BIG
# and ROWS/10 more calls of hers).
# shellcheck disable=SC2016
ts_ops='
calls-new|nothing|ts-import calls --db ts.db "$D/ast16.csv" "$D/queue_log"|calls|1|calls|fdc
calls-more|calls|ts-import calls --db ts.db "$D/ast20.csv" "$D/ast17-uniqueid.csv"|calls|0|calls|fd
contacts|calls|ts-import contacts --client cabinet-a --db ts.db "$D/contacts-fr.csv"|contacts|1|contacts|fdc
vcards|contacts|ts-import contacts --client cabinet-b --db ts.db "$D/contacts.vcf"|contacts|1|contacts|f
init|nothing|ts init -c conf/config.yaml -d data/ts.db|init|0|files|fdc
calls-big|nothing|ts-import calls --db ts.db "$BIG"|calls|0|calls|kc
msg-add|nothing|env TS_CONFIG=$MSGCONF ts-msg add --db ts.db - <"$MSG/routed.csv"|messages|1|messages|fdc
msg-big|nothing|env TS_CONFIG=$MSGCONF ts-msg add --db ts.db - <"$MSGBIG"|messages|0|messages|kc
msg-send|outbox|env TS_CONFIG=$MSGCONF ts-msg send --db ts.db|sent|0|mails|cfkda
book|nothing|env TS_CONFIG=$AG/config.yaml ts-agenda book --db ts.db --client cabinet-durand --at "2026-11-24 10:20" --name "Jeanne Martin" --phone "06 12 34 56 78"|bookings|0/3|bookings|fdc1
busy|nothing|env TS_CONFIG=$AG/config.yaml ts-agenda import -q --db ts.db --client cabinet-durand "$AG/google.ics"|busy|0|busy|fdc
escalate|nothing|env TS_CONFIG=$RT/config.yaml TS_NOW=2026-11-23T22:00:00+01:00 ts-route -d ts.db "$RT/urgent.csv"|escalations|0|escalations|fdc
erase|gdpr|env TS_CONFIG=$GDPRCONF ts-purge -q subject --db ts.db $ERASE|purged|0/3|left|fd
retention|gdpr|env TS_CONFIG=$GDPRCONF ts-purge -q --db ts.db|purged|0|left|fd
erase-big|gdprbig|env TS_CONFIG=$GDPRCONF ts-purge -q subject --db ts.db $ERASE|purged|0/3|left|k
export|gdpr|env TS_CONFIG=$GDPRCONF ts-export -q subject --db ts.db $ERASE --name "Hélène Dupré" --dir out|exported|0/1|files|fdc1
purge-client|gdpr|env TS_CONFIG=$GDPRCONF ts-purge -q client --db ts.db --client cabinet-moreau-avocats --no-export|purged|0|left|fd
export-client|gdpr|env TS_CONFIG=$GDPRCONF ts-export -q client --db ts.db --client cabinet-moreau-avocats --ref FIN-2026-01 --dir out|exported|0/1|files|fdc1
'

D=$DATA/import
BIG=$T/big.csv
MSGBIG=$T/messages.csv
TS_CONFIG=$D/config.yaml
MSG=$DATA/msg
AG=$DATA/agenda
RT=$DATA/route
MSGCONF=$T/msg.yaml
GDPRCONF=$TS_ROOT/examples/config.yaml
ERASE='--client cabinet-durand --phone 0612345678 --email Helene.Dupre@example.FR --ref DEM-7'
PERSONBIG=$T/person.csv
# Past the lease (1 min) and the longest retry (10 min) of $MSGCONF.
OPS_LATER=2026-11-23T09:20:00+01:00
export D BIG MSGBIG TS_CONFIG MSG AG RT MSGCONF GDPRCONF ERASE PERSONBIG

# ops_msgconf PORT: $MSGCONF, its SMTP server on PORT.
ops_msgconf() {
	sed -e "s/@SMTP@/$1/" -e 's/@HTTP@/1/' -e 's/@API@/x/' \
	    -e 's/@HOOK@/x/' "$MSG/config.yaml.in" >"$MSGCONF"
}
ops_msgconf 1

# ops_for LETTER: the lines of ts_ops whose tests hold LETTER, for
#	ops_for f | while IFS='|' read -r name before cmd state exit count _
# TS_OPS=NAME,... keeps those operations alone (while working on one).
ops_for() {
	echo "$ts_ops" | while IFS='|' read -r name _ _ _ _ _ _tests; do
		[ -n "$name" ] || continue
		case $_tests in *"$1"*) ;; *) continue ;; esac
		case ",${TS_OPS:-$name}," in *",$name,"*) ;; *) continue ;; esac
		echo "$ts_ops" | grep "^$name|"
	done
}

# ops_exits: $want and $again from the exit field read in $want; $later
# (the environment of a rerun: later for "a") and $maxdup (duplicates a
# cut short run may cause) from $tests.
# shellcheck disable=SC2034 # the tests read them
ops_exits() {
	again=${want#*/}
	want=${want%/*}
	later='' maxdup=0
	case ${tests:-} in
	*a*) later=TS_NOW=$OPS_LATER maxdup=1 ;;
	esac
}

# ops_dups STATE_FILE: the e-mails a state's SMTP server received more than
# once (the same Message-ID and recipient); 0 without a server.
ops_dups() {
	sed -n 's/^server: \([0-9]*\) received, \([0-9]*\) distinct$/\1 \2/p' \
	    "$1" | { read -r _n _d || { echo 0; return; }; echo $((_n - _d)); }
}

# ops_same GOT AFTER: GOT is AFTER (the clean run's end), but for up to
# $maxdup duplicate e-mails at the server: the same e-mails otherwise.
ops_same() {
	cmp -s "$1" "$2" && return 0
	[ "$maxdup" -gt 0 ] || return 1
	sed 's/^server: \([0-9]*\) received, /server: /' "$1" >"$1.same"
	sed 's/^server: \([0-9]*\) received, /server: /' "$2" >"$2.same"
	cmp -s "$1.same" "$2.same" && [ "$(ops_dups "$1")" -le "$maxdup" ]
}

# ops_rerun_exit GOT: the exit a rerun must end with, the state before it
# in GOT: $again when that is the clean run's end ($T/after), else $want.
ops_rerun_exit() {
	if cmp -s "$1" "$T/after"; then
		echo "$again"
	else
		echo "$want"
	fi
}

# ops_big ROWS: $BIG, ROWS calls of synthetic Asterisk cdr_csv, and
# $MSGBIG, ROWS/10 messages as ts-route writes them (an urgent one in 7).
ops_big() {
	[ -s "$BIG" ] || "$TS_BUILD/tests/gencdr" --rows "$1" --seed 9 >"$BIG"
	[ -s "$MSGBIG" ] || awk -v n=$(($1 / 10)) 'BEGIN {
		print "call_id,client,start,caller,caller_name,action," \
		    "urgent,reason,notify,subject,body,ref"
		for (i = 1; i <= n; i++)
			printf "c%d,durand,2026-11-23T08:%02d:00+01:00," \
			    "+336%08d,Appelant %d,%s,,,,Sujet %d," \
			    "Message %d,route:c%d\n", i, i % 60, i, i,
			    i % 7 ? "message" : "escalate", i, i, i
	}' >"$MSGBIG"
	[ -s "$PERSONBIG" ] || awk -v n=$(($1 / 10)) 'BEGIN {
		print "call_id,did,caller,caller_name,start,answer,end," \
		    "wait_s,talk_s,status,agent,queue"
		for (i = 0; i < n; i++)
			printf "p-%d,01 44 00 00 01,06 12 34 56 78,DUPRE H," \
			    "2026-%02d-%02dT%02d:%02d:00+01:00,,2026-%02d-%02dT" \
			    "%02d:%02d:30+01:00,30,0,abandoned,,\n", i,
			    1 + i % 10, 1 + i % 28, 8 + i % 10, i % 60,
			    1 + i % 10, 1 + i % 28, 8 + i % 10, i % 60
	}' >"$PERSONBIG"
}

# ---- what is there before ---------------------------------------------------

before_nothing() {
	:
}
before_calls() {
	ts-import -q calls --db ts.db "$D/ast16.csv" "$D/ast19.csv"
}
# 20 urgent messages to e-mail, 40 deliveries due now (two recipients),
# and an empty mailbox at the SMTP sink.
before_outbox() {
	rm -f "$T"/mail/*.eml
	awk 'BEGIN {
		print "call_id,client,start,caller,action,urgent,notify," \
		    "subject,body,ref"
		for (i = 1; i <= 20; i++)
			printf "s%d,durand,2026-11-23T08:30:00+01:00," \
			    "+33622%06d,message,yes,email,Sujet %d," \
			    "Message %d,send:s%d\n", i, i, i, i, i
	}' | env TS_CONFIG="$MSGCONF" ts-msg add -q --db ts.db -
}
# The store of tests t6* and t7*: calls of three clients, the person's
# appointment and card.  Made once, then copied: the appointment's UID is
# random, and an export holds it.
before_gdpr() {
	if [ ! -s "$T/gdpr.db" ]; then
		# shellcheck disable=SC2030 # in this subshell only
		(mkdir -p "$T/gdpr.d" && cd "$T/gdpr.d" &&
		    export TS_CONFIG="$GDPRCONF" TS_DB=ts.db &&
		    ts-import -q calls "$DATA/gdpr/calls.csv" &&
		    ts-agenda -q book --client cabinet-durand \
			--at '2026-11-24 10:00' --name 'Hélène DUPRÉ' \
			--phone '06 12 34 56 78' \
			--email Helene.Dupre@Example.fr \
			--note 'Renouvellement urgent' &&
		    ts-import -q contacts --client cabinet-durand \
			"$DATA/gdpr/contacts-durand.csv" &&
		    ts-import -q contacts --client cabinet-moreau-avocats \
			"$DATA/gdpr/contacts-moreau.csv" &&
		    sqlite3 ts.db 'pragma wal_checkpoint(truncate)' &&
		    mv ts.db "$T/gdpr.db") || return 1
	fi
	cp "$T/gdpr.db" ts.db
}
# The same with the calls of $BIG and $PERSONBIG (ops_big makes them).
before_gdprbig() {
	if [ ! -s "$T/gdprbig.db" ]; then
		(mkdir -p "$T/gdprbig.d" && cd "$T/gdprbig.d" &&
		    before_gdpr &&
		    env TS_CONFIG="$GDPRCONF" ts-import -q calls --db ts.db \
			"$BIG" "$PERSONBIG" &&
		    sqlite3 ts.db 'pragma wal_checkpoint(truncate)' &&
		    mv ts.db "$T/gdprbig.db") || return 1
	fi
	cp "$T/gdprbig.db" ts.db
}
before_contacts() {
	before_calls &&
	    ts-import -q contacts --client cabinet-b --db ts.db \
		"$D/contacts-google.csv"
}

# ---- the state an operation leaves --------------------------------------------
#
# Without the columns a rerun sets to another value (imported_at,
# updated_at, created_at).  A store of version 0 without tables (a failed
# first write) is no store: the next run migrates it.  The schema is not
# the operation's data: a store created, migrated and left empty by a
# failed import holds none of it.

# ops_migrated DB: true when DB exists and has been migrated.

ops_migrated() {
	[ -s "$1" ] && [ "$(sqlite3 "$1" "pragma user_version")" != 0 ]
}
state_calls() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select source, call_id,
	    client, did, caller, caller_name, start, answer, \"end\", wait_s,
	    talk_s, status, agent, queue from calls order by source, call_id"
}
state_contacts() {
	ops_migrated ts.db || return 0
	state_calls
	sqlite3 ts.db "select c.client, c.ext_id, c.name, c.first_name,
	    c.last_name, c.company, c.email, c.tags, c.note,
	    (select group_concat(phone || '/' || coalesce(label, ''), ' ')
	     from (select * from contact_phones p where p.contact = c.id
	           order by pos))
	    from contacts c order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"
}
# ts init: the configuration and the store's schema, each its own part,
# and no stray file (a temporary configuration left behind).
state_init() {
	[ -f conf/config.yaml ] && cksum <conf/config.yaml | sed 's/^/config: /'
	ops_migrated data/ts.db &&
	    sqlite3 data/ts.db "pragma user_version" ".schema" |
	    sed 's/^/store: /'
	find conf data -type f ! -name 'ts.db*' ! -name config.yaml \
	    2>/dev/null | sed 's/^/stray: /'
	return 0
}

# ts-msg: each message with its deliveries (their state; not the times of
# an attempt, which a rerun sets anew).
state_messages() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select m.client, m.kind, m.urgent, m.ref, m.caller,
	    m.caller_name, m.reason, m.notify, m.call_id, m.start, m.subject,
	    m.body, d.channel, d.recipient, d.digest, d.next_at
	    from messages m left join deliveries d on d.message = m.id
	    order by m.client, m.ref, d.channel, d.recipient"
}
# ts-msg send: each delivery's state, then what the SMTP sink received
# since before_outbox: the e-mails and the distinct (Message-ID, recipient)
# pairs among them (equal: none twice).
state_sent() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select m.ref, d.channel, d.recipient, d.state
	    from deliveries d join messages m on m.id = d.message
	    order by 1, 2, 3"
	for f in "$T"/mail/*.eml; do
		[ -f "$f" ] || continue
		tr -d '\r' <"$f" | sed -n 's/^X-Test-RcptTo: //p
		    s/^Message-ID: //p' | tr '\n' ' '
		echo
	done >"$T/mail.ids"
	echo "server: $(wc -l <"$T/mail.ids") received," \
	    "$(sort -u "$T/mail.ids" | wc -l) distinct"
}
# ts-agenda book: the bookings (without their random UID).
state_bookings() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select client, status, type, start, \"end\", name,
	    phone, email, note from bookings order by client, start"
}

# ts-route: the escalations an urgent call opens.
state_escalations() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select client, call_ref, rota, rule, caller, reason,
	    call_at, step, alerted, next_at, status from escalations
	    order by client, call_ref"
}

# ts-agenda import: the client's own calendar as busy blocks.
state_busy() {
	ops_migrated ts.db || return 0
	sqlite3 ts.db "select client, source, ref, start, \"end\" from busy
	    order by client, source, ref, start"
}

# ts-purge: the data of every class, then the audit rows that count
# something, in the same part: a deletion and its audit are all or none.
state_purged() {
	ops_migrated ts.db || return 0
	state_contacts
	sqlite3 ts.db "select client, status, type, start, \"end\", name,
	    phone, email, note from bookings order by client, start"
	sqlite3 ts.db "select 'audit', tool, command, client, class, count,
	    cutoff, ref, outcome from audit where count > 0 order by id"
}
# ts-export: the files of the bundle (mode, size, digest) and its audit
# rows, together; any staging file left behind, apart.
state_exported() {
	if [ -d out ]; then
		(cd out && for f in *; do
			printf '%s %s ' "$(stat -c '%a %s' "$f")" "$f"
			cksum <"$f"
		done)
	fi
	ops_migrated ts.db && sqlite3 ts.db "select 'audit', tool, command,
	    client, class, count, ref, outcome from audit order by id"
	find . -name '*.partial*' | sed 's/^/stray: /'
	return 0
}

# ---- what is counted ----------------------------------------------------------

count_calls() {
	sqlite3 ts.db "select count(*) from calls" 2>/dev/null || echo 0
}
count_contacts() {
	sqlite3 ts.db "select count(*) from contacts" 2>/dev/null || echo 0
}
count_messages() {
	sqlite3 ts.db "select count(*) from messages" 2>/dev/null || echo 0
}
count_escalations() {
	sqlite3 ts.db "select count(*) from escalations" 2>/dev/null || echo 0
}
count_busy() {
	sqlite3 ts.db "select count(*) from busy" 2>/dev/null || echo 0
}
count_bookings() {
	sqlite3 ts.db "select count(*) from bookings" 2>/dev/null || echo 0
}
count_mails() {
	find "$T/mail" -name '*.eml' | wc -l
}
# What is left: the calls kept, and the rows of the erased person.
count_left() {
	sqlite3 ts.db "select (select count(*) from calls) || ' calls kept, '
	    || ((select count(*) from calls where caller = '+33612345678'
		 and client = 'cabinet-durand')
	     + (select count(*) from bookings where phone = '+33612345678')
	     + (select count(*) from contacts where client = 'cabinet-durand'
		 and lower(email) = 'helene.dupre@example.fr'))
	    || ' rows of the erased person'" 2>/dev/null || echo 0
}
count_files() {
	find . -type f | wc -l
}

# ---- helpers ------------------------------------------------------------------

# ops_servers OPS_FILE: starts the servers the operations in OPS_FILE need
# (the SMTP sink, stopped on exit); drops the operations whose server
# cannot run, each with a TAP skip saying why.
ops_servers() {
	grep -q 'ts-msg send' "$1" || return 0
	if ! need_py aiosmtpd; then
		grep 'ts-msg send' "$1" | while IFS='|' read -r _n _; do
			skip "$_n" "python3-aiosmtpd is not installed"
		done
		grep -v 'ts-msg send' "$1" >"$1.kept"
		mv "$1.kept" "$1"
		return 0
	fi
	mkdir -p "$T/mail"
	_port=$(free_port)
	"$PY" "$TS_ROOT/tests/tools/smtpsink.py" "$_port" "$T/mail" \
	    >"$T/smtp.out" 2>&1 &
	ops_smtp_pid=$!
	trap ops_exit EXIT INT TERM
	wait_ready "$T/smtp.out"
	ops_msgconf "$_port"
}

# ops_exit: stops the servers, then runs $ops_on_exit (a test's own
# cleaning: the one trap on EXIT calls this).
ops_on_exit=
ops_exit() {
	[ -n "${ops_smtp_pid:-}" ] && kill "$ops_smtp_pid" 2>/dev/null
	eval "$ops_on_exit"
}

# ops_fresh DIR BEFORE: an empty scenario directory DIR, set up.
ops_fresh() {
	rm -rf "$1"
	mkdir -p "$1"
	(cd "$1" && "before_$2" >/dev/null 2>&1)
}

# ops_state DIR STATE: the scenario's state, each line in a part ("data:"
# for the lines of no part), then the integrity of each store ("check:").
ops_state() {
	(cd "$1" && "state_$2" | sed '/^[a-z]*: /!s/^/data: /'
	for db in ts.db data/ts.db; do
		[ -s "$db" ] || continue
		sqlite3 "$db" "pragma integrity_check" 2>&1 | sed 's/^/check: /'
	done)
}

# ops_count DIR COUNT: the figure counted in the scenario.
ops_count() {
	(cd "$1" && "count_$2")
}

# ops_run DIR COMMAND [VAR=VALUE...]: runs COMMAND in DIR, stdout in
# $T/op.out, stderr in $T/op.err (off DIR, which may be a full disk); sets
# $rc.
ops_run() {
	_dir=$1 _cmd=$2
	shift 2
	(cd "$_dir" && env "$@" sh -c "$_cmd" >"$T/op.out" 2>"$T/op.err")
	# shellcheck disable=SC2034
	rc=$?
}

# ops_damaged STATE_FILE: true when a store fails its integrity check.
ops_damaged() {
	grep -q '^check: ' "$1" && ! grep -qx 'check: ok' "$1"
}

# ops_all_or_none GOT BEFORE AFTER: true when each part of GOT is that of
# BEFORE or that of AFTER.
# shellcheck disable=SC2013
ops_all_or_none() {
	for _part in $(sed 's/: .*//' "$2" "$3" | sort -u); do
		grep "^$_part: " "$1" >"$1.part"
		grep "^$_part: " "$2" >"$2.part"
		grep "^$_part: " "$3" >"$3.part"
		cmp -s "$1.part" "$2.part" || cmp -s "$1.part" "$3.part" ||
		    return 1
	done
	for _part in $(sed 's/: .*//' "$1" | sort -u); do
		grep -q "^$_part: " "$2" "$3" || return 1
	done
}

# ops_says_why: true when the last ops_run's stderr holds a tool's message.
ops_says_why() {
	grep -q '^ts[a-z-]*: ' "$T/op.err"
}
