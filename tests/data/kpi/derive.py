"""derive.py - the ts-kpi report of calls.csv, re-derived independently.

    python3 derive.py CALLS.CSV BY [SINCE UNTIL]

Reads the canonical calls written by hand for the tests and computes every
default column of `ts-kpi --by BY -c config.yaml` from the definitions in
issue 4 and man/ts-kpi.1, with Python's csv, datetime and zoneinfo only:
no code is shared with ts.  The clients' settings below restate
config.yaml.  SINCE and UNTIL (ISO 8601 with offset) limit the calls by
their start, as --since and --until do.
"""
import csv
import datetime as dt
import sys
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
CLIENTS = {
    # did: (client, zone, T, S, formula, open days, open from, open until)
    "+33144000001": ("alpha", PARIS, 20, 5, "net-of-short", range(5),
                     dt.time(8), dt.time(18)),
    "+33144000002": ("beta", ZoneInfo("America/New_York"), 15, 5,
                     "answered", range(5), dt.time(9), dt.time(17)),
}
BY_ID = {v[0]: v for v in CLIENTS.values()}
NONE = ("", PARIS, 20, 5, "net-of-short", None, None, None)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def rules(row):
    if row["client"]:
        return BY_ID[row["client"]]
    return CLIENTS.get(row["did"], NONE)


def when(s):
    return dt.datetime.fromisoformat(s) if s else None


def key_of(name, row, local):
    if name in ("client", "did", "queue", "agent"):
        v = rules(row)[0] if name == "client" else row[name]
        return (v, v)
    if name == "hour":
        h = local.replace(minute=0, second=0)
        return (h.timestamp(), h.isoformat())
    if name == "day":
        return (local.date(), local.date().isoformat())
    if name == "week":
        y, w, _ = local.isocalendar()
        return ((y, w), "%04d-W%02d" % (y, w))
    if name == "month":
        return ((local.year, local.month), local.strftime("%Y-%m"))
    if name == "weekday":
        return (local.weekday(), WEEKDAYS[local.weekday()])
    if name == "hour-of-day":
        return (local.hour, "%02d" % local.hour)
    raise SystemExit("unknown key " + name)


def rate(num, den):
    return "" if den == 0 else "%.4f" % (num / den)


def real(v):
    s = "%.1f" % v
    return s[:-2] if s.endswith(".0") else s


def mean(xs):
    return "" if not xs else real(sum(xs) / len(xs))


def nearest_rank(xs, p):
    if not xs:
        return ""
    xs = sorted(xs)
    rank = -(-len(xs) * p // 100)
    return str(xs[rank - 1])


def report(calls, by):
    groups = {}
    for row in calls:
        cl = rules(row)
        start = when(row["start"])
        local = start.astimezone(cl[1])
        keys = tuple(key_of(k, row, local) for k in by)
        groups.setdefault(tuple(k[0] for k in keys), (keys, []))[1].append(
            (row, cl, start, local))
    out = []
    for sort_key in sorted(groups):
        keys, members = groups[sort_key]
        out.append([k[1] for k in keys] + figures(members))
    return out


def figures(members):
    offered = len(members)
    answered, voicemail, abandoned, busy, failed, timeout = 0, 0, 0, 0, 0, 0
    short, ooh, sl_num, sl_den = 0, 0, 0, 0
    answered_waits, talks, waits = [], [], []
    for row, cl, start, local in members:
        _, _, t, s, formula, days, open_from, open_until = cl
        answer, end = when(row["answer"]), when(row["end"])
        st = row["status"]
        wait = int(((answer if answer else end) - start).total_seconds())
        ab = st in ("abandoned", "missed")
        is_short = ab and wait < s
        short += is_short
        abandoned += ab
        voicemail += st == "voicemail"
        busy += st == "busy"
        failed += st == "failed"
        timeout += st == "timeout"
        on_time = st == "answered" and wait <= t
        if formula == "net-of-short":
            sl_num, sl_den = sl_num + on_time, sl_den + (not is_short)
        else:  # answered
            sl_num, sl_den = sl_num + on_time, sl_den + (st == "answered")
        if st == "answered":
            answered += 1
            answered_waits.append(wait)
            talks.append(int((end - answer).total_seconds()))
        if st not in ("busy", "failed"):
            waits.append(wait)
        if days is not None and not (local.weekday() in days and
                                     open_from <= local.time() < open_until):
            ooh += 1
    s_short = short
    return [str(offered), str(answered), rate(answered, offered),
            str(short), rate(sl_num, sl_den), mean(answered_waits),
            mean(talks), str(abandoned), str(voicemail), str(busy),
            str(failed), rate(abandoned - s_short, offered - s_short),
            nearest_rank(waits, 50), nearest_rank(waits, 90),
            str(max(waits)) if waits else "", str(sum(talks)), str(ooh),
            str(timeout)]


COLUMNS = ["offered", "answered", "answer_rate", "short_abandoned",
           "service_level", "asa_s", "avg_talk_s", "abandoned", "voicemail",
           "busy", "failed", "abandon_rate", "wait_p50_s", "wait_p90_s",
           "max_wait_s", "talk_s", "out_of_hours", "timeout"]


def main():
    path, by = sys.argv[1], [k for k in sys.argv[2].split(",") if k]
    with open(path, newline="") as f:
        calls = list(csv.DictReader(f))
    if len(sys.argv) > 3:
        since, until = when(sys.argv[3]), when(sys.argv[4])
        calls = [c for c in calls if since <= when(c["start"]) < until]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(by + COLUMNS)
    for r in report(calls, by):
        w.writerow(r)


main()
