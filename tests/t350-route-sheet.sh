#!/bin/sh
# ts-route calendar and sheet: the schedule (open, break, closed, holiday,
# closure, who is on call, both DST nights, Alsace, Martinique) and the
# call sheet for the secretary, as text and HTML.
. "$(dirname "$0")/lib.sh"

D=$DATA/route
TS_CONFIG=$D/config.yaml
TS_DB=$T/ts.db
export TS_CONFIG TS_DB

# Reviewed by hand: the Réveillon closure, Noël and the on-call exception
# (Dr Roux from 24 December 19:00 to 26 December 08:00), then the Sunday
# 02:30 handover to Dr Durand.
check_out "Christmas at the practice" "$D/calendar-christmas.out" \
    ts-route calendar --client cabinet --from 2026-12-23 --days 5
# The 02:30 handover on the night clocks go forward happens when 02:30
# would have been: 03:30 CEST.  The days are 24 and 23 hours long.
check_out "the spring night" "$D/calendar-spring.out" \
    ts-route calendar --client cabinet --from 2026-03-28 --days 2
# The 02:30 handover in the hour lived twice happens at the first 02:30.
check_out "the autumn night" "$D/calendar-autumn.out" \
    ts-route calendar --client cabinet --from 2026-10-24 --days 2
check_out "Good Friday and Easter Monday in Alsace" "$D/calendar-alsace.out" \
    ts-route calendar --client alsace --from 2026-04-02 --days 5 -o table
check_out "a day in Martinique, in its own offset" \
    "$D/calendar-martinique.out" ts-route calendar --client martinique \
    --from 2026-11-23 --days 1
check "today by default (TS_NOW)" ts-route calendar --client ouvert
check_same "a client always open: one row a week" \
    "2026-11-23T00:00:00+01:00,2026-11-30T00:00:00+01:00,open,," \
    "$(sed 1d "$T/out")"

check_code "calendar needs --client" 2 ts-route calendar
check_code "--days 0 exits 2" 2 ts-route calendar --client cabinet --days 0
check_err "and says why" "--days: not a number of days from 1 to 366"
check_code "--from must be a date" 2 ts-route calendar --client cabinet \
    --from 2026-13-01
check_code "--from does not apply to one call" 2 ts-route --client cabinet \
    --from 2026-11-01

check_out "the call sheet on Christmas Eve" "$D/sheet.out" \
    ts-route sheet --client cabinet --at '2026-12-24 19:30'
check_out "the same as HTML" "$D/sheet.html" \
    ts-route sheet --client cabinet --at '2026-12-24 19:30' -o html
if need_py html.parser; then
	check "the HTML parses, every tag closed" "$PY" -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, a):
        if tag != "meta":
            self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack.pop() == tag, tag
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
assert not p.stack, p.stack' "$D/sheet.html"
else
	skip "the HTML parses, every tag closed" "python3 has no html.parser"
fi
check_code "sheet -o csv exits 2" 2 ts-route sheet --client cabinet -o csv
check_code "sheet of an unknown client exits 2" 2 ts-route sheet \
    --client nobody

done_testing
