#!/usr/bin/env bash
# Load benchmark (issue 3 §5): `riwaya serve` over the ANT corpus under wrk
# (64 connections, 2 threads, 30 s, GET /api/search cycling through the bench
# query set) while a second client ingests SaudiNewsNet through POST
# /api/ingest in batches. Passes only when wrk saw no error (non-2xx, socket
# errors, timeouts), every batch was accepted, every article the ingest reported
# (added + copies) is counted, indexed and retrievable, and the store passes
# SQLite's integrity check.
#   bash bench/load.sh BUILD_DIR [--duration S] [--connections N] [--threads N] [--batch LINES]
# Results: BUILD_DIR/bench-work/load.{json,md} (RIWAYA_BENCH_WORK=DIR moves them);
# RIWAYA_LOAD_KEEP=1 keeps the scratch data dir. Exit 0 = pass or SKIP, 1 = a check failed.
set -u
build=${1:?usage: bench/load.sh BUILD_DIR [--duration S] [--connections N] [--threads N] [--batch LINES]}
shift
duration=30
connections=64
threads=2
batch=500
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?}; shift ;;
    --connections) connections=${2:?}; shift ;;
    --threads) threads=${2:?}; shift ;;
    --batch) batch=${2:?}; shift ;;
    *) echo "bench/load.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")/.." && pwd)
shared=${RIWAYA_SHARED:-$here/../shared}
ant=$shared/corpora/ant-v2.1.trec.gz
snn=$shared/corpora/saudinewsnet-2015.jsonl.gz
riwaya=$build/riwaya
if [ ! -f "$ant" ]; then
  echo "SKIP: $ant not found (the load benchmark needs ../shared)"
  exit 0
fi
for tool in wrk curl jq; do
  if ! command -v $tool > /dev/null; then
    echo "SKIP: $tool not installed (scripts/setup installs it): no load benchmark"
    exit 0
  fi
done
if [ ! -x "$riwaya" ]; then
  echo "bench/load.sh: $riwaya not found: build the riwaya target first" >&2
  exit 1
fi

work=${RIWAYA_BENCH_WORK:-$build/bench-work}
mkdir -p "$work"
work=$(cd "$work" && pwd)
tmp=$(mktemp -d "$work/load.XXXXXX")
data=$tmp/data
serve_pid=
ingest_pid=
probe_pid=
cleanup() {
  [ -n "$ingest_pid" ] && kill "$ingest_pid" 2> /dev/null
  [ -n "$probe_pid" ] && kill "$probe_pid" 2> /dev/null
  [ -n "$serve_pid" ] && kill "$serve_pid" 2> /dev/null && wait "$serve_pid" 2> /dev/null
  if [ "${RIWAYA_LOAD_KEEP:-0}" = 1 ]; then echo "load: scratch kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
now() { date +%s.%N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
failures=()
fail() { failures+=("$1"); echo "load: FAIL: $1" >&2; }

echo "== load: $(nproc) cores, load $(loadavg), $(date -u +%FT%TZ)"
load_start=$(loadavg)

# Queries: the bench set (titles and body phrases of ANT, fixed seed) when
# bench/run.sh already drew it, else draw it now.
queries=$work/queries.tsv
if [ ! -s "$queries" ]; then
  if [ -x "$build/bench/riwaya_bench" ]; then
    "$build/bench/riwaya_bench" queries --ant "$ant" --out "$queries" || exit 1
  else
    echo "bench/load.sh: no $queries and no $build/bench/riwaya_bench to draw it (configure with -DRIWAYA_BENCH=ON)" >&2
    exit 1
  fi
fi

# 1. ANT into a fresh data directory (store + index), as a user would.
t0=$(now)
"$riwaya" --data "$data" ingest "$ant" --json > "$tmp/ant-ingest.json" 2> "$tmp/ant-ingest.err"
rc=$?
t1=$(now)
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then  # 3 = partial (some records rejected)
  echo "bench/load.sh: riwaya ingest $ant exited $rc: $(tail -3 "$tmp/ant-ingest.err")" >&2
  exit 1
fi
echo "load: ANT ingested in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

# 2. serve on a free port; the URL is the first stdout line.
"$riwaya" --data "$data" serve --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
serve_pid=$!
url=
for _ in $(seq 1 600); do
  url=$(grep -o 'http://[^ ]*' "$tmp/serve.out" 2> /dev/null | head -1)
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2> /dev/null || break
  sleep 0.1
done
url=${url%/}
if [ -z "$url" ]; then
  echo "bench/load.sh: riwaya serve did not start: $(tail -3 "$tmp/serve.err")" >&2
  exit 1
fi
token=$(cat "$data/api-token" 2> /dev/null)
[ -n "$token" ] || { echo "bench/load.sh: no API token in $data/api-token" >&2; exit 1; }
stats0=$(curl -sS --max-time 30 "$url/api/stats")
articles0=$(jq -r .articles <<< "$stats0")
seq0=$(jq -r .last_seq <<< "$stats0")
echo "load: serving $url with $articles0 articles (last seq $seq0)"

# 3. The concurrent ingest: SaudiNewsNet (new keys: its URLs) in batches of
# $batch JSON lines; without it, ANT records re-keyed (every body a copy).
mkdir -p "$tmp/batches"
if [ -f "$snn" ]; then
  second="SaudiNewsNet ($(basename "$snn"))"
  gzip -dc "$snn" | split -l "$batch" -d -a 4 --additional-suffix=.jsonl - "$tmp/batches/b"
else
  second="ANT re-keyed (DOCNO + '-load'; SaudiNewsNet not found)"
  gzip -dc "$ant" | sed 's|</DOCNO>|-load</DOCNO>|' |
    awk -v n="$batch" -v dir="$tmp/batches" '{ print > sprintf("%s/b%04d.trec", dir, int(k / n)) } /<\/DOC>/ { ++k }'
fi
ingest_log=$tmp/ingest.tsv
: > "$ingest_log"
ingest_loop() {
  local f name code r
  for f in "$tmp"/batches/b*; do
    [ -e "$tmp/stop" ] && break
    name=$(basename "$f")
    r=$tmp/resp.json
    local a b
    a=$(now)
    code=$(curl -sS -o "$r" -w '%{http_code}' --max-time 120 -X POST \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
      --data-binary "@$f" "$url/api/ingest?name=$name" 2> "$tmp/curl.err") || code="curl:$(head -c 200 "$tmp/curl.err" | tr '\n\t' '  ')"
    b=$(now)
    if [[ $code == 20[01] ]]; then
      jq -r --arg n "$name" --arg c "$code" --arg a "$a" --arg b "$b" --arg s "$(stat -c %s "$f")" \
        '[$n, $c, .added, .copies, .unchanged, .rejected, $a, $b, $s] | @tsv' "$r" >> "$ingest_log"
    else
      printf '%s\t%s\t0\t0\t0\t0\t%s\t%s\t%s\t%s\n' "$name" "$code" "$a" "$b" "$(stat -c %s "$f")" \
        "$(head -c 300 "$r" 2> /dev/null | tr '\n\t' '  ')" >> "$ingest_log"
    fi
  done
}
ingest_loop &
ingest_pid=$!

# wrk 4.1 never reports a connection that is not answered at all (its timeout
# counter only sees late responses), so a fresh connection probes the server
# every 2 s: a server that leaves new connections waiting fails here.
probe_log=$tmp/probe.tsv
: > "$probe_log"
probe_loop() {
  while [ ! -e "$tmp/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\t%{time_total}\n' --max-time 30 "$url/api/health" >> "$probe_log"
    sleep 2
  done
}
probe_loop &
probe_pid=$!

# 4. wrk against /api/search, concurrently.
wrk_json=$tmp/wrk.json
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/bench/load.lua" "$url" \
  -- "$queries" "$wrk_json" > "$tmp/wrk.txt" 2>&1
wrk_rc=$?
touch "$tmp/stop"
wait "$ingest_pid"
ingest_pid=
wait "$probe_pid"
probe_pid=
probes=$(wc -l < "$probe_log")
probe_max=$(awk -F'\t' '$2 > m { m = $2 } END { printf "%.3f", m }' "$probe_log")
probe_bad=$(awk -F'\t' '$1 != 200 || $2 > 2' "$probe_log" | wc -l)
[ "$probe_bad" = 0 ] || fail "$probe_bad of $probes GET /api/health probes on a new connection failed or took over 2 s (slowest $probe_max s): the server leaves new connections waiting"
load_end=$(loadavg)
sed -n '1,/^{/p' "$tmp/wrk.txt" | grep -v '^{'
if [ $wrk_rc -ne 0 ] || [ ! -s "$wrk_json" ]; then
  fail "wrk exited $wrk_rc: $(tail -3 "$tmp/wrk.txt")"
  echo '{}' > "$wrk_json"
fi
errs=$(jq '[.errors // {} | .[]] | add // 0' "$wrk_json")
[ "$errs" = 0 ] || fail "wrk errors: $(jq -c '.errors' "$wrk_json"); first bad responses: $(jq -c '.bad_samples' "$wrk_json")"

# 5. What the ingest reported, and whether all of it is there.
batches=$(wc -l < "$ingest_log")
bad_batches=$(awk -F'\t' '$2 != 200 && $2 != 201' "$ingest_log" | wc -l)
[ "$bad_batches" = 0 ] || fail "$bad_batches ingest batches failed: $(awk -F'\t' '$2 != 200 && $2 != 201 { print $1 " " $2 " " $10 }' "$ingest_log" | head -3)"
read -r added copies unchanged rejected bytes ingest_s <<< "$(awk -F'\t' '
  NR == 1 { first = $7 } { a += $3; c += $4; u += $5; r += $6; by += $9; last = $8 }
  END { printf "%d %d %d %d %d %.3f\n", a, c, u, r, by, NR ? last - first : 0 }' "$ingest_log")"
stored=$((added + copies))
[ "$stored" -gt 0 ] || fail "the concurrent ingest stored nothing"
stats1=$(curl -sS --max-time 30 "$url/api/stats")
articles1=$(jq -r .articles <<< "$stats1")
seq1=$(jq -r .last_seq <<< "$stats1")
indexed1=$(jq -r .indexed_seq <<< "$stats1")
[ "$articles1" = $((articles0 + stored)) ] ||
  fail "lost articles: /api/stats counts $articles1, expected $articles0 + $stored (added + copies reported by POST /api/ingest)"
[ "$indexed1" = "$seq1" ] || fail "index behind the store: indexed_seq $indexed1, last_seq $seq1"

# Spot checks: 20 sequence numbers spread over what the ingest added: each is
# served by /api/articles/SEQ, and each original (not a copy) is found by a
# phrase search of its title (ASCII punctuation dropped so it cannot read as syntax).
spot_ok=0 spot_n=0 found_n=0 found_ok=0
if [ "$seq1" -gt "$seq0" ]; then
  for i in $(seq 0 19); do
    s=$((seq0 + 1 + (seq1 - seq0 - 1) * i / 19))
    spot_n=$((spot_n + 1))
    a=$(curl -sS --max-time 30 "$url/api/articles/$s")
    id=$(jq -r '.article.id // empty' <<< "$a" 2> /dev/null)
    if [ -z "$id" ]; then
      fail "article seq $s not retrievable: $(head -c 200 <<< "$a")"
      continue
    fi
    spot_ok=$((spot_ok + 1))
    # A copy (an earlier article has the same body) is collapsed under that one in search.
    copy=$(jq -r --argjson s "$s" '[.article.copies[]?.seq | select(. < $s)] | length' <<< "$a")
    title=$(jq -r '.article.title // ""' <<< "$a" | LC_ALL=C tr -d '[:punct:]' | tr -s ' ')
    [ "$copy" = 0 ] || continue
    [ -n "${title// /}" ] || continue
    found_n=$((found_n + 1))
    q=$(jq -rn --arg t "\"$title\"" '$t | @uri')
    hits=$(curl -sS --max-time 30 "$url/api/search?q=$q&limit=100" | jq -r '.hits[]?.id')
    if grep -qx "$id" <<< "$hits"; then found_ok=$((found_ok + 1)); else fail "article $id (seq $s) not found by its title: $title"; fi
  done
fi

# 6. Stop the server cleanly, then SQLite's integrity check on the store.
kill -TERM "$serve_pid"
wait "$serve_pid"
serve_rc=$?
serve_pid=
[ $serve_rc = 0 ] || fail "riwaya serve exited $serve_rc on SIGTERM: $(tail -3 "$tmp/serve.err")"
integrity=$("$riwaya" --data "$data" dump --integrity 2>&1 | head -3)
[ "$integrity" = ok ] || fail "store integrity: $integrity"

# 7. Results: JSON + markdown fragment.
pass=true
[ ${#failures[@]} = 0 ] || pass=false
ant_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
jq -n --slurpfile w "$wrk_json" --argjson pass $pass --arg when "$(date -u +%FT%TZ)" \
  --arg cores "$(nproc)" --arg load_start "$load_start" --arg load_end "$load_end" \
  --arg url_path "/api/search" --arg second "$second" \
  --argjson connections "$connections" --argjson threads "$threads" --argjson duration "$duration" \
  --argjson articles0 "$articles0" --argjson articles1 "$articles1" --argjson seq1 "$seq1" --argjson indexed1 "$indexed1" \
  --argjson ant_s "$ant_s" --argjson batches "$batches" --argjson batch "$batch" --argjson bad_batches "$bad_batches" \
  --argjson added "$added" --argjson copies "$copies" --argjson unchanged "$unchanged" --argjson rejected "$rejected" \
  --argjson bytes "$bytes" --argjson ingest_s "$ingest_s" \
  --argjson spot_n "$spot_n" --argjson spot_ok "$spot_ok" --argjson found_n "$found_n" --argjson found_ok "$found_ok" \
  --arg integrity "$integrity" --argjson serve_rc "$serve_rc" \
  --argjson probes "$probes" --argjson probe_max "$probe_max" --argjson probe_bad "$probe_bad" \
  --arg failures "$(printf '%s\n' "${failures[@]+"${failures[@]}"}")" '{
    pass: $pass, when: $when, cores: ($cores | tonumber), load_average_start: $load_start, load_average_end: $load_end,
    wrk: ({connections: $connections, threads: $threads, duration_s: $duration, path: $url_path} + ($w[0] // {})),
    base: {corpus: "ANT", articles: $articles0, riwaya_ingest_s: $ant_s},
    ingest: {corpus: $second, batch_lines: $batch, batches: $batches, failed_batches: $bad_batches,
             added: $added, copies: $copies, unchanged: $unchanged, rejected: $rejected, bytes: $bytes, seconds: $ingest_s,
             docs_per_s: (if $ingest_s > 0 then (($added + $copies) / $ingest_s) else 0 end)},
    checks: {articles_after: $articles1, expected: ($articles0 + $added + $copies), last_seq: $seq1, indexed_seq: $indexed1,
             spot_retrievable: "\($spot_ok)/\($spot_n)", spot_found_by_title: "\($found_ok)/\($found_n)",
             integrity: $integrity, serve_exit: $serve_rc,
             new_connection_probes: {count: $probes, slowest_s: $probe_max, failed_or_over_2s: $probe_bad}},
    failures: ($failures | split("\n") | map(select(length > 0)))}' > "$work/load.json"

jq -r '
  def f0: . * 1 | floor | tostring;
  def ms: (. / 1000 * 100 | round / 100 | tostring);
  "### Load: wrk on GET /api/search with concurrent POST /api/ingest (\(.when))\n",
  "\(.cores) cores, load average \(.load_average_start) at start, \(.load_average_end) at end. Result: **\(if .pass then "pass" else "FAIL" end)**.\n",
  "| figure | value |", "|---|---:|",
  "| wrk | \(.wrk.threads) threads, \(.wrk.connections) connections, \(.wrk.duration_s) s |",
  "| requests | \(.wrk.requests // 0) |",
  "| requests/s | \(.wrk.requests_per_s // 0 | f0) |",
  "| latency p50 / p90 / p99 ms | \(.wrk.latency_us.p50 // 0 | ms) / \(.wrk.latency_us.p90 // 0 | ms) / \(.wrk.latency_us.p99 // 0 | ms) |",
  "| latency max ms | \(.wrk.latency_us.max // 0 | ms) |",
  "| errors (connect/read/write/status/timeout) | \(.wrk.errors // {} | [.connect, .read, .write, .status, .timeout] | map(tostring) | join(" / ")) |",
  "| store before | \(.base.articles) articles (ANT, `riwaya ingest` \(.base.riwaya_ingest_s) s) |",
  "| concurrent ingest | \(.ingest.corpus): \(.ingest.batches) POSTs of \(.ingest.batch_lines) lines, \(.ingest.failed_batches) failed |",
  "| ingested during the run | \(.ingest.added) added + \(.ingest.copies) copies (\(.ingest.rejected) rejected) in \(.ingest.seconds) s |",
  "| ingest rate | \(.ingest.docs_per_s | f0) articles/s, \((.ingest.bytes / 1e6 / (if .ingest.seconds > 0 then .ingest.seconds else 1 end)) * 100 | round / 100) MB/s |",
  "| store after | \(.checks.articles_after) articles (expected \(.checks.expected)); indexed_seq \(.checks.indexed_seq) = last_seq \(.checks.last_seq) |",
  "| spot checks | \(.checks.spot_retrievable) by /api/articles/SEQ, \(.checks.spot_found_by_title) found by title search |",
  "| new-connection probes (GET /api/health every 2 s) | \(.checks.new_connection_probes.count), slowest \(.checks.new_connection_probes.slowest_s) s, \(.checks.new_connection_probes.failed_or_over_2s) failed or over 2 s |",
  "| integrity | \(.checks.integrity); serve exit \(.checks.serve_exit) on SIGTERM |",
  (if (.failures | length) > 0 then "\nFailures:\n" + (.failures | map("- " + .) | join("\n")) else empty end)
' "$work/load.json" > "$work/load.md"
cat "$work/load.md"
echo "load: results in $work/load.json and $work/load.md"
[ "$pass" = true ]
