#!/bin/sh
# ts-kpi -o html: one self-contained page (no script, nothing fetched),
# well-formed markup, the charts and the table, French labels, the same
# page from merged partials; rendered in headless Chromium when installed
# (no console error, three charts in the DOM, an A4 PDF).
. "$(dirname "$0")/lib.sh"

D=$DATA/kpi
TS_CONFIG=$D/config.yaml
export TS_CONFIG
calls=$D/calls.csv

check "-o html" ts-kpi -o html "$calls"
page=$T/report.html
cp "$T/out" "$page"
check_same "nothing on stderr" "" "$(cat "$T/err")"
check_grep "an HTML document" '^<!DOCTYPE html>$' "$page"
for s in summary by-hour sl-by-day waits table; do
	check_grep "section $s" "<section id=\"$s\"" "$page"
done
check_same "three inline SVG charts" 3 "$(grep -c '<svg' "$page")"
check_grep "the summary marks a missed target" \
    '<td class="bad">59\.1&#160;% <small>\(&#8805;95&#160;%\)' "$page"
check_grep "the settings are printed" 'America/New_York' "$page"
check_grep "printable on A4" '@page\{size:A4' "$page"
check_same "nothing fetched, no script" "" \
    "$(grep -Eio '<script|<link|<iframe|<object|<embed|src=|@import|url\(|https?://[^" ]*' \
    "$page" | grep -v '^http://www.w3.org/' | sort -u)"
if need_cmd xmllint; then
	check "the markup is well-formed (polyglot XHTML)" xmllint --noout \
	    "$page"
else
	skip "the markup is well-formed" "xmllint is not installed"
fi
check "one client: its target line" ts-kpi -o html --client alpha "$calls"
check_grep "drawn at 80 %" '<line class="tgt" ' "$T/out"
check "--lang fr" ts-kpi -o html --lang fr "$calls"
check_grep "French titles" '<h2>Qualité de service par jour</h2>' "$T/out"
check_grep "French lang attribute" '<html [^>]*lang="fr"' "$T/out"

by=client,day,hour-of-day
ts-kpi -o html --by "$by" "$calls" >"$T/single.html"
ts-kpi --partial --by "$by" "$calls" >"$T/partial"
check_out "merge -o html: the single run's page" "$T/single.html" \
    ts-kpi merge -o html "$T/partial"
check_code "-o html is not for lost" 2 ts-kpi lost -o html "$calls"
check_code "nor for --check" 2 ts-kpi --check -o html "$calls"
check_code "an empty input still makes a page" 0 ts-kpi -o html /dev/null

if need_cmd chromium; then
	chrome() {
		timeout 120 chromium --headless --no-sandbox --disable-gpu \
		    --user-data-dir="$T/chromium" --enable-logging=stderr \
		    --v=0 --host-resolver-rules='MAP * ~NOTFOUND' "$@"
	}
	chrome --dump-dom "file://$page" >"$T/dom" 2>"$T/chrome.err"
	check_same "Chromium renders it" 3 "$(grep -c '<svg' "$T/dom")"
	check_same "without a console message" "" \
	    "$(grep ':CONSOLE' "$T/chrome.err")"
	chrome --no-pdf-header-footer --print-to-pdf="$T/report.pdf" \
	    "file://$page" >/dev/null 2>&1
	check_grep "and prints it on A4" 'MediaBox \[0 0 59[45][.0-9]* 84[12]' \
	    "$T/report.pdf"
else
	skip "Chromium renders it" "chromium is not installed (make deps)"
	skip "without a console message" "chromium is not installed"
	skip "and prints it on A4" "chromium is not installed"
fi

done_testing
