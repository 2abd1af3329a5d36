#!/usr/bin/env bash
# make bench: riwaya vs Xapian, Lucene++ and SQLite FTS5 on the ANT corpus,
# plus ingest speed of `riwaya ingest` and the HTTP load benchmark
# (bench/load.sh: wrk on /api/search with concurrent POST /api/ingest).
#   bash bench/run.sh BUILD_DIR [--scale] [--engines "riwaya xapian lucene fts5"] [--no-race] [--no-ingest] [--no-load]
# Each engine runs in its own process (peak RSS is per process). Then, on ANT,
# `riwaya_bench race` runs the engines' query sets taking turns, round after
# round in one process, so that the machine's drift hits every engine alike
# (--no-race skips it). --scale adds the ~2x and ~10x corpora (ANT +
# SaudiNewsNet, repeated with perturbed ids).
# Results: BUILD_DIR/bench-work/{results.jsonl,ingest.md,load.json,load.md,report.md}
# (RIWAYA_BENCH_WORK=DIR to keep several runs apart).
set -u
build=${1:?usage: bench/run.sh BUILD_DIR [--scale] [--engines LIST] [--no-race] [--no-ingest] [--no-load]}
shift
scale=0
race=1
ingest=1
load=1
engines="riwaya xapian lucene fts5"
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=1 ;;
    --no-race) race=0 ;;
    --no-ingest) ingest=0 ;;
    --no-load) load=0 ;;
    --engines) engines=${2?--engines needs a list}; shift ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")/.." && pwd)
shared=${RIWAYA_SHARED:-$here/../shared}
ant=$shared/corpora/ant-v2.1.trec.gz
snn=$shared/corpora/saudinewsnet-2015.jsonl.gz
bin=$build/bench/riwaya_bench
if [ ! -f "$ant" ]; then
  echo "SKIP: $ant not found (benchmarks need ../shared)"
  exit 0
fi
if [ ! -x "$bin" ]; then
  echo "bench/run.sh: $bin not found: configure with -DRIWAYA_BENCH=ON (make bench does)" >&2
  exit 1
fi

work=${RIWAYA_BENCH_WORK:-$build/bench-work}
mkdir -p "$work"
results=$work/results.jsonl
: > "$results"
queries=$work/queries.tsv
status=0

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
"$bin" queries --ant "$ant" --out "$queries" || exit 1

run_engine() {  # label engine corpus-args...
  local label=$1 engine=$2
  shift 2
  echo "-- $label: $engine" >&2
  if ! "$bin" run --engine "$engine" "$@" --queries "$queries" --work "$work/idx" --label "$label" >> "$results"; then
    echo "bench/run.sh: $engine on $label failed" >&2
    status=1
  fi
}

for e in $engines; do run_engine ant "$e" --ant "$ant"; done
if [ $race = 1 ]; then
  echo "-- ant: race (${engines// /,})" >&2
  if ! "$bin" race --engines "${engines// /,}" --ant "$ant" --queries "$queries" --work "$work/idx" --rounds 5 >> "$results"; then
    echo "bench/run.sh: race failed" >&2
    status=1
  fi
fi
if [ $scale = 1 ]; then
  if [ -f "$snn" ]; then
    for e in $engines; do run_engine "ant+snn" "$e" --ant "$ant" --snn "$snn"; done
    for e in $engines; do run_engine "(ant+snn)x5" "$e" --ant "$ant" --snn "$snn" --repeat 5; done
  else
    echo "SKIP: $snn not found (scale corpus)"
  fi
fi

# Ingest: `riwaya --data DIR ingest FILE` into a fresh store, under /usr/bin/time -v.
ingest_md=$work/ingest.md
: > "$ingest_md"
if [ $ingest = 1 ]; then
  if [ -x "$build/riwaya" ] && [ -x /usr/bin/time ]; then
    {
      echo "| input | .gz MB | text MB | articles (added+copies) | rejected | wall s | CPU s | docs/s (wall) | MB/s (text, wall) | peak RSS MB |"
      echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    } > "$ingest_md"
    for f in "$ant" "$snn"; do
      [ -f "$f" ] || continue
      d=$(mktemp -d "$work/ingest.XXXXXX")
      /usr/bin/time -v "$build/riwaya" --data "$d/data" ingest "$f" --json > "$d/out.json" 2> "$d/time.txt"
      rc=$?
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$d/time.txt")
      cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$d/time.txt")
      rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$d/time.txt")
      gz=$(stat -c %s "$f")
      raw=$(gzip -dc "$f" | wc -c)
      added=$(grep -o '"added"[ ]*:[ ]*[0-9]*' "$d/out.json" | head -1 | grep -o '[0-9]*$')
      copies=$(grep -o '"copies"[ ]*:[ ]*[0-9]*' "$d/out.json" | head -1 | grep -o '[0-9]*$')
      rejected=$(grep -o '"rejected"[ ]*:[ ]*[0-9]*' "$d/out.json" | head -1 | grep -o '[0-9]*$')
      docs=$(( ${added:-0} + ${copies:-0} ))
      awk -v n="$(basename "$f")" -v gz="$gz" -v raw="$raw" -v docs="$docs" -v rej="${rejected:-?}" \
          -v wall="${wall:-0}" -v cpu="${cpu:-?}" -v rss="${rss:-?}" -v rc="$rc" 'BEGIN {
        w = wall > 0 ? wall : 1e-9
        printf "| %s%s | %.1f | %.1f | %d | %s | %.1f | %s | %.0f | %.1f | %s |\n", n, (rc ? " (exit " rc ")" : ""),
               gz / 1e6, raw / 1e6, docs, rej, wall, cpu, docs / w, raw / 1e6 / w, rss }' >> "$ingest_md"
      # A non-zero exit with articles stored is "partial" (some records rejected).
      [ "$docs" -gt 0 ] || { echo "bench/run.sh: riwaya ingest $f exited $rc, nothing stored (see $d)" >&2; status=1; continue; }
      rm -rf "$d"
    done
  else
    echo "SKIP: $build/riwaya not built: no ingest benchmark" | tee "$ingest_md"
  fi
fi

# Load: serve under wrk with concurrent ingest (its own SKIP/FAIL lines).
load_md=$work/load.md
rm -f "$load_md"
if [ $load = 1 ]; then
  RIWAYA_BENCH_WORK=$work bash "$here/bench/load.sh" "$build" || { echo "bench/run.sh: load benchmark failed (see $work/load.json)" >&2; status=1; }
fi

{
  echo "## Index and query (riwaya_bench; $(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg))"
  "$bin" report "$results"
  if [ -s "$ingest_md" ]; then
    echo
    echo "## Ingest (riwaya ingest into a fresh store)"
    echo
    cat "$ingest_md"
  fi
  if [ -s "$load_md" ]; then
    echo
    echo "## Load (bench/load.sh)"
    echo
    cat "$load_md"
  fi
} > "$work/report.md"
cat "$work/report.md"
echo
echo "bench/run.sh: results in $work/: $(cd "$work" && ls -d report.md results.jsonl ingest.md load.json load.md 2> /dev/null | tr '\n' ' ')"
exit $status
