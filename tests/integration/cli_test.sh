#!/usr/bin/env bash
# cli_test.sh RIWAYA REPO: the command-line contract of ingest/parse/show/stats:
# outputs, --json shapes, exit codes (0 ok, 3 partial, 1 error, 2 usage),
# idempotent re-ingest, and help texts that teach with an Arabic example.
set -uo pipefail
bin=$(realpath "$1")
repo=$(realpath "$2")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/riwaya-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {  # DESCRIPTION CONDITION...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}
has_json() { command -v jq >/dev/null; }
has_json || echo "SKIP (part): jq not installed; JSON checks left out"

bash "$repo/tests/integration/gen_corpus.sh" "$tmp/in" 3 30
# A page we write ourselves, with a read-also block.
cat >"$tmp/in/page.txt" <<'PAGE'
وزير المالية يعلن خطة لخفض العجز خلال ثلاث سنوات
تاريخ النشر: 12 مارس 2024

أعلن وزير المالية، اليوم، خطة من ثلاث مراحل لخفض عجز الموازنة العامة إلى أقل من ثلاثة في المئة.

وقال الوزير في مؤتمر صحفي إن الخطة تعتمد على توسيع القاعدة الضريبية وترشيد الإنفاق الجاري.

المصدر: وكالات

إقرأ أيضاً:
ارتفاع الصادرات الزراعية في الربع الأول
سجلت الصادرات الزراعية ارتفاعاً ملحوظاً خلال الربع الأول من العام بدعم من الطلب الخليجي.

وأوضح تقرير رسمي أن الخضروات الطازجة تصدرت قائمة السلع المصدرة.
PAGE
mkdir -p "$tmp/bad"
printf '\x00\x01\x02binary junk\xff\xfe' >"$tmp/bad/junk.bin"

# parse: no store, human and JSON.
out=$("$bin" --data "$tmp/none" parse "$tmp/in/page.txt"); rc=$?
check "parse exit 0" test $rc -eq 0
check "parse prints the title" grep -q "وزير المالية يعلن خطة" <<<"$out"
check "parse creates no store" test ! -e "$tmp/none"
if has_json; then
  j=$("$bin" parse "$tmp/in/page.txt" --json)
  check "parse --json gives 2 articles" test "$(jq length <<<"$j")" -eq 2
  check "second article related to the first" test "$(jq -r '.[1].related_to == .[0].key' <<<"$j")" = true
  check "first article date from text label" test "$(jq -r '.[0].published.source' <<<"$j")" = text-label
  check "every article has a fingerprint" test "$(jq '[.[].fingerprint | length] | min' <<<"$j")" -eq 32
fi

# ingest: counts, exit codes.
out=$("$bin" --data "$tmp/d" ingest -q "$tmp/in" 2>"$tmp/err"); rc=$?
check "ingest exit 0" test $rc -eq 0
check "ingest summary line" grep -Eq "^added [0-9,]+, copies [0-9,]+, unchanged 0, rejected 0" <<<"$out"
out=$("$bin" --data "$tmp/d" ingest -q "$tmp/in" 2>"$tmp/err"); rc=$?
check "re-ingest exit 0" test $rc -eq 0
check "re-ingest adds nothing" grep -Eq "^added 0, copies 0, unchanged [1-9]" <<<"$out"
out=$("$bin" --data "$tmp/d" ingest -q --force "$tmp/in" 2>"$tmp/err"); rc=$?
check "forced re-ingest adds nothing" grep -Eq "^added 0, copies 0, unchanged [1-9]" <<<"$out"
out=$("$bin" --data "$tmp/d" ingest -q "$tmp/bad" "$tmp/in/page.txt" 2>"$tmp/err"); rc=$?
check "bad input: exit 3 (partial)" test $rc -eq 3
check "bad input: rejection names the file" grep -q "junk.bin" "$tmp/err"
"$bin" --data "$tmp/d" ingest -q "$tmp/does-not-exist" >/dev/null 2>"$tmp/err"; rc=$?
check "missing path: exit 3 and named" test $rc -eq 3 -a -n "$(grep does-not-exist "$tmp/err")"

# show and stats.
out=$("$bin" --data "$tmp/d" show 1); rc=$?
check "show 1 exit 0" test $rc -eq 0
check "show has provenance" grep -q "^published" <<<"$out"
"$bin" --data "$tmp/d" show 999999 >/dev/null 2>"$tmp/err"; rc=$?
check "show unknown id: exit 1 with message" test $rc -eq 1 -a -n "$(grep 'no article' "$tmp/err")"
out=$("$bin" --data "$tmp/d" stats); rc=$?
check "stats exit 0" test $rc -eq 0
check "stats lists an outlet" grep -q "العربية\|فرانس 24\|الحرة\|واس" <<<"$out"
if has_json; then
  total=$("$bin" --data "$tmp/d" stats --json | jq .articles)
  check "stats --json counts 92 articles" test "$total" -eq 92
  id=$("$bin" --data "$tmp/d" show 2 --json | jq -r .id)
  check "show by hex id" test "$("$bin" --data "$tmp/d" show "$id" --json | jq .seq)" -eq 2
fi
"$bin" --data "$tmp/empty" stats >/dev/null 2>"$tmp/err"; rc=$?
check "stats without a store: exit 1" test $rc -eq 1

# ingest --outlet: articles that name no outlet (plain pages) get it.
"$bin" --data "$tmp/o" ingest -q --outlet "صدى المدينة" "$tmp/in/page.txt" >/dev/null 2>"$tmp/err"; rc=$?
check "ingest --outlet exit 0" test $rc -eq 0
if has_json; then
  check "ingest --outlet names the page's articles" \
    test "$("$bin" --data "$tmp/o" show 2 --json | jq -r .outlet)" = "صدى المدينة"
fi
"$bin" --data "$tmp/o" ingest -q --outlet $'\xff\xfe' "$tmp/in/page.txt" >/dev/null 2>&1; rc=$?
check "ingest --outlet not UTF-8: usage exit 2" test $rc -eq 2

# Usage and help.
"$bin" --data "$tmp/d" ingest >/dev/null 2>&1; rc=$?
check "ingest without paths: usage exit 2" test $rc -eq 2
for c in ingest parse show stats; do
  check "$c --help has an Arabic example" bash -c "'$bin' $c --help | LC_ALL=C grep -q \$'\\xd8[\\xa1-\\xbf]'"
done
echo "$fails failure(s)"
exit $((fails > 0))
