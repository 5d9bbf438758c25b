#!/bin/sh
# examples/agenda-session.sh - a secretary's booking session with ts-agenda.
#
# Mme Martin calls the Cabinet Durand for an appointment.  The secretary
# reads the free slots, books the one the caller takes, queues the
# confirmation SMS, and later moves it when the caller calls back.  Run it
# against examples/config.yaml on a scratch store:
#
#	TS_CONFIG=examples/config.yaml TS_DB=/tmp/demo.db \
#	    TS_NOW=2026-11-23T09:00:00+01:00 sh examples/agenda-session.sh
#
# With ts-msg installed, replace `cat` below by `ts-msg add -`.
set -u

client=cabinet-durand
queue=${QUEUE:-cat}

# "Do you have something tomorrow morning?"  A table on a terminal.
ts-agenda slots --client "$client" --from 2026-11-24 --days 1 -o table

# "10:20 is fine."  Book it; the confirmation goes to ts-msg.  Exit 3 means
# a colleague took it a moment ago: the nearest free slots are printed.
if confirmation=$(ts-agenda book --client "$client" --at '2026-11-24 10:20' \
    --name 'Jeanne Martin' --phone '06 12 34 56 78' \
    --email jeanne.martin@example.org --note 'Renouvellement' --confirm)
then
	printf '%s\n' "$confirmation" | $queue
else
	echo "not booked: offer one of the slots printed above" >&2
	exit 1
fi

# She calls back: "Can we make it 11:00?"  Find her booking, move it, and
# send the new confirmation (its SEQUENCE went up).
ts-agenda list --client "$client" --since 2026-11-24 --until 2026-11-25 \
    -o table
ts-agenda move --client "$client" --at '2026-11-24 11:00' --confirm 1 |
    $queue

# She cannot come after all: cancelled (kept, STATUS:CANCELLED), and the
# notice queued.
ts-agenda cancel --client "$client" --notify 1 | $queue
