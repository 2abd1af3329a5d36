#!/usr/bin/env bash
# watch_test.sh RIWAYA REPO: `riwaya watch --once` against a local HTTP server
# (python3 -m http.server) serving our fixture feeds and pages: the expected
# articles land in a temp data dir, a dead feed is reported as "no network"
# once, the exit code is 3 (partial), and re-running adds nothing (the feeds
# answer 304 to If-Modified-Since). Also `serve --watch` exposes /api/feeds.
set -uo pipefail
bin=$(realpath "$1")
repo=$(realpath "$2")
if ! command -v python3 >/dev/null || ! command -v jq >/dev/null || ! command -v curl >/dev/null; then
  echo "SKIP: python3, jq or curl not found"
  exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/riwaya-watch-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
check() {  # DESCRIPTION CONDITION...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

mkdir -p "$tmp/site/ufuq/2025/03" "$tmp/site/waha"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/site" >"$tmp/http.out" 2>"$tmp/http.log" &
pids+=($!)
port=
for _ in $(seq 1 100); do
  port=$(grep -o 'port [0-9]*' "$tmp/http.out" 2>/dev/null | head -1 | cut -d' ' -f2)
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "$port" ]; then echo "FAIL local http server did not start"; exit 1; fi
base="http://127.0.0.1:$port"
fx="$repo/tests/fixtures/watch"
fill() { sed "s#{{BASE}}#$base#g" "$1" >"$2"; }
fill "$fx/rss_good.xml" "$tmp/site/ufuq/rss.xml"
fill "$fx/atom_good.xml" "$tmp/site/waha/atom.xml"
cp "$fx/page_port.html" "$tmp/site/ufuq/2025/03/port.html"
cp "$fx/page_budget.html" "$tmp/site/ufuq/2025/03/budget.html"
cp "$fx/page_floods.html" "$tmp/site/waha/floods-south"
cp "$fx/page_schools.html" "$tmp/site/waha/schools-remote"
cat >"$tmp/feeds.opml" <<OPML
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>اختبار</title></head><body>
  <outline text="محلي">
    <outline type="rss" text="الأفق" xmlUrl="$base/ufuq/rss.xml"/>
    <outline type="rss" text="الواحة" xmlUrl="$base/waha/atom.xml"/>
    <outline type="rss" text="بلا شبكة" xmlUrl="http://127.0.0.1:1/rss"/>
  </outline>
</body></opml>
OPML

out=$("$bin" --data "$tmp/data" watch --once --opml "$tmp/feeds.opml" --per-host-delay 0 --json 2>"$tmp/err"); rc=$?
check "watch --once with a dead feed: exit 3" test $rc -eq 3
check "5 articles added" test "$(jq .added <<<"$out")" -eq 5
check "2 feeds ok, 1 failed" test "$(jq '[.ok, .failed] == [2, 1]' <<<"$out")" = true
check "dead feed said 'no network' once" test "$(grep -c 'no network' "$tmp/err")" -eq 1
check "one line per poll on stderr" test "$(grep -c '^watch: ' "$tmp/err")" -eq 3
check "state file written" test -s "$tmp/data/feeds-state.json"
check "stats counts 5" test "$("$bin" --data "$tmp/data" stats --json | jq .articles)" -eq 5
hit=$("$bin" --data "$tmp/data" search "سيول جارفة" --json | jq '.hits[0].article')
check "page without outlet/date: outlet from the feed" test "$(jq -r .outlet <<<"$hit")" = "وكالة الواحة للأنباء"
check "page without date: date from the feed" test "$(jq -r .published.source <<<"$hit")" = feed

out=$("$bin" --data "$tmp/data" watch --once --opml "$tmp/feeds.opml" --per-host-delay 0 --json 2>"$tmp/err"); rc=$?
check "re-run adds nothing" test "$(jq .added <<<"$out")" -eq 0
check "re-run: feeds not modified (304)" test "$(jq .not_modified <<<"$out")" -eq 2
check "stats still 5" test "$("$bin" --data "$tmp/data" stats --json | jq .articles)" -eq 5
check "server saw conditional requests" grep -q '"GET /ufuq/rss.xml HTTP/1.1" 304' "$tmp/http.log"

help=$("$bin" watch --help)
check "help teaches --once and the state file" grep -q -- "--once" <<<"$help"
check "help has an example" grep -q "feeds-state.json" <<<"$help"

# serve --watch: /api/feeds shows the live health.
"$bin" --data "$tmp/data" serve --port 0 --watch --opml "$tmp/feeds.opml" >"$tmp/serve.out" 2>"$tmp/serve.err" &
spid=$!
pids+=($spid)
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" 2>/dev/null | head -1)
  [ -n "$url" ] && break
  sleep 0.05
done
check "serve --watch started" test -n "$url"
if [ -n "$url" ]; then
  feeds=
  for _ in $(seq 1 100); do
    feeds=$(curl -s "${url}api/feeds")
    [ "$(jq '[.feeds[] | select(.last_attempt != null)] | length' <<<"$feeds" 2>/dev/null)" = 3 ] && break
    sleep 0.1
  done
  check "/api/feeds lists 3 watched feeds" test "$(jq '.feeds | length' <<<"$feeds")" -eq 3
  check "/api/feeds: watching" test "$(jq .watching <<<"$feeds")" = true
  check "/api/feeds: dead feed failing" grep -q "no network" <<<"$feeds"
  kill -TERM $spid
  for _ in $(seq 1 100); do kill -0 $spid 2>/dev/null || break; sleep 0.05; done
  check "serve --watch stops on SIGTERM" bash -c "! kill -0 $spid 2>/dev/null"
fi

echo "watch_test: $fails failure(s)"
exit $((fails > 0))
