#!/bin/sh
# kpi-morning-check.sh - the morning contract check, for cron (see
# examples/crontab and ts-kpi(1)).
#
#	kpi-morning-check.sh [PERIOD [ADDRESS]]
#
# Compares each client's figures for PERIOD (yesterday by default), read
# from the store, with the targets of its contract (`sla:` in the
# configuration).  Silent, exit 0, when every target held: cron then mails
# nothing.  When one slipped: prints the breaches as a table (cron mails
# them to MAILTO), mails them to ADDRESS as well when one is given and
# mail(1) is installed, and exits 3.  Bad data (1), a configuration error
# (2) and a busy store (75) pass through with ts-kpi's own diagnostics.
set -u

period=${1:-yesterday}
to=${2:-}

out=$(ts-kpi --check -d --period "$period" -o table)
rc=$?
case $rc in
0)
	exit 0 ;;
3)
	report=$(printf 'Contract targets breached (%s):\n\n%s\n\n%s\n' \
	    "$period" "$out" \
	    "Details: ts-kpi -d --period $period -o table; lost calls: ts-kpi lost -d --period $period")
	printf '%s\n' "$report"
	if [ -n "$to" ] && command -v mail >/dev/null 2>&1; then
		printf '%s\n' "$report" |
		    mail -s "ts: contract targets breached ($period)" "$to"
	fi
	exit 3 ;;
*)
	exit "$rc" ;;
esac
