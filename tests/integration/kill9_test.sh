#!/usr/bin/env bash
# kill9_test.sh RIWAYA REPO: crash safety of ingest. A reference store is built
# in one uninterrupted run; a second store is built by an ingest killed with
# SIGKILL at random moments (KILLS times), then run to completion. Both must
# dump identically (articles, sequence numbers, copies, stats) and pass
# SQLite's integrity check. Uses a generated corpus plus the real ANT archive
# when ../shared has it (RIWAYA_KILL9_ANT=0 leaves it out).
set -euo pipefail
bin=$(realpath "$1")
repo=$(realpath "$2")
kills=${RIWAYA_KILL9_KILLS:-15}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/riwaya-kill9-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

bash "$repo/tests/integration/gen_corpus.sh" "$tmp/corpus" 40 100
inputs=("$tmp/corpus")
ant="$repo/../shared/corpora/ant-v2.1.trec.gz"
if [[ -f $ant && ${RIWAYA_KILL9_ANT:-1} != 0 ]]; then
  inputs+=("$(realpath "$ant")")
else
  echo "SKIP (part): $ant not found or disabled; generated corpus only"
fi

ingest() {  # DATA: exit code 0 or 3 (partial) is a completed run
  local rc=0
  "$bin" --data "$1" ingest -q --batch 500 "${inputs[@]}" >"$tmp/last.out" 2>"$tmp/last.err" || rc=$?
  return $rc
}

start=$(date +%s.%N)
rc=0; ingest "$tmp/ref" || rc=$?
ref_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if [[ $rc != 0 && $rc != 3 ]]; then echo "FAIL: reference ingest exit $rc"; cat "$tmp/last.err"; exit 1; fi
echo "reference ingest: ${ref_secs}s: $(cat "$tmp/last.out")"

# Kill at random moments over the span of a whole run. A run that finishes
# before its kill completes a "generation": its store is compared with the
# reference and the next generation starts from an empty store, so every kill
# interrupts real work; the span then becomes that run's own length (the
# reference, run first on a cold machine, can take longer than the others,
# and kills drawn past a run's end only cost time). A time budget keeps CI
# under two minutes.
RANDOM=${RIWAYA_KILL9_SEED:-4242}
budget=${RIWAYA_KILL9_BUDGET:-60}
ms_max=$(awk -v s="$ref_secs" 'BEGIN { printf "%d", s * 1000 }')
((ms_max < 200)) && ms_max=200
killed=0 gen=1 t0=$SECONDS

compare() {  # DIR NAME
  "$bin" --data "$1" dump >"$tmp/$2.dump"
  "$bin" --data "$1" stats --json >"$tmp/$2.stats"
  local ic
  ic=$(sqlite3 "$1/riwaya.db" "PRAGMA integrity_check")
  [[ $ic == ok ]] || { echo "FAIL: integrity_check $2: $ic"; exit 1; }
  if ! cmp -s "$tmp/ref.dump" "$tmp/$2.dump"; then
    echo "FAIL: $2 differs from the uninterrupted run"
    diff <(cut -c1-200 "$tmp/ref.dump") <(cut -c1-200 "$tmp/$2.dump") | head -20
    exit 1
  fi
  cmp -s "$tmp/ref.stats" "$tmp/$2.stats" || { echo "FAIL: $2 stats differ"; diff "$tmp/ref.stats" "$tmp/$2.stats" | head; exit 1; }
}

"$bin" --data "$tmp/ref" dump >"$tmp/ref.dump"
"$bin" --data "$tmp/ref" stats --json >"$tmp/ref.stats"
n=$(wc -l <"$tmp/ref.dump")
if ((n < 4000)); then echo "FAIL: reference holds only $n articles"; exit 1; fi

while ((killed < kills && SECONDS - t0 < budget)); do
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % ms_max ))
  run_start=$(date +%s%N)
  "$bin" --data "$tmp/crash$gen" ingest -q --batch 500 "${inputs[@]}" >/dev/null 2>"$tmp/crash.err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    killed=$((killed + 1))
    echo "kill $killed at ${delay_ms} ms (generation $gen)"
    # The store must be sound after every crash, not only at the end.
    if [[ -f $tmp/crash$gen/riwaya.db ]]; then
      ic=$(sqlite3 "$tmp/crash$gen/riwaya.db" "PRAGMA integrity_check" 2>&1 || true)
      [[ $ic == ok ]] || { echo "FAIL: integrity after kill $killed: $ic"; exit 1; }
    fi
  else
    rc=0; wait "$pid" || rc=$?
    if [[ $rc != 0 && $rc != 3 ]]; then echo "FAIL: ingest exit $rc"; cat "$tmp/crash.err"; exit 1; fi
    # Its length: until the store's last write (the final commit).
    end_ns=$(stat -c '%.9Y' "$tmp/crash$gen/riwaya.db" | tr -d .)
    run_ms=$(( (end_ns - run_start) / 1000000 ))
    ((run_ms >= 200 && run_ms < ms_max)) && ms_max=$run_ms
    compare "$tmp/crash$gen" "crash$gen"
    echo "generation $gen completed and matches; starting a fresh store"
    rm -rf "$tmp/crash$gen"
    gen=$((gen + 1))
  fi
done
if ((killed < 5)); then echo "FAIL: only $killed kills landed within the ${budget}s budget"; exit 1; fi
rc=0; ingest "$tmp/crash$gen" || rc=$?
if [[ $rc != 0 && $rc != 3 ]]; then echo "FAIL: final ingest exit $rc"; cat "$tmp/last.err"; exit 1; fi
echo "final ingest: $(cat "$tmp/last.out")"
compare "$tmp/crash$gen" "crash$gen"
compare "$tmp/ref" "ref"
echo "PASS: $n articles identical after $killed kills over $gen generation(s); integrity ok"
