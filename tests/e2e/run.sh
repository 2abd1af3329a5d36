#!/usr/bin/env bash
# Browser and API end-to-end tests: starts `riwaya serve` on a free loopback
# port with a temp data dir, ingests samples/ through POST /api/ingest, runs
# the node:test suites in this folder (API + playwright-core driving Debian's
# /usr/bin/chromium), saves screenshots under tests/e2e/artifacts/, and stops
# the server. Usage: bash tests/e2e/run.sh BUILD/riwaya
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${1:-$ROOT/build/riwaya}"
CHROMIUM="${RIWAYA_CHROMIUM:-/usr/bin/chromium}"

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  echo "SKIP: e2e browser tests: $CHROMIUM not found (apt-get install chromium)"
  exit 0
fi
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x "$BIN" ] || fail "riwaya binary not found: $BIN (build first)"
command -v node >/dev/null || fail "node not found"
command -v curl >/dev/null || fail "curl not found"
[ -d "$ROOT/web/node_modules/playwright-core" ] || fail "web/node_modules missing: run scripts/setup (npm ci in web/)"
if [ ! -f "$ROOT/web/dist/index.html" ]; then
  (cd "$ROOT/web" && npm run --silent build) || fail "web build failed"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/riwaya-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

TOKEN="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$WORK/data"
: >"$WORK/serve.out"; : >"$WORK/serve.err"
RIWAYA_API_TOKEN="$TOKEN" "$BIN" --data "$WORK/data" serve --host 127.0.0.1 --port 0 \
  --web "$ROOT/web/dist" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!

URL=""
for _ in $(seq 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/serve.out" "$WORK/serve.err" >&2 || true
    fail "riwaya serve exited early"
  fi
  URL="$(sed -n 's/^riwaya: serving on \(http:\/\/[^ ]*\).*/\1/p' "$WORK/serve.out" | head -1)"
  if [ -n "$URL" ] && curl -sf "${URL}api/health" >/dev/null 2>&1; then break; fi
  URL=""
  sleep 0.1
done
[ -n "$URL" ] || { cat "$WORK/serve.err" >&2; fail "server did not come up within 30 s"; }
echo "e2e: server at $URL"

# Ingest every sample through the API, as a desk tool would.
ingested=0
while IFS= read -r -d '' f; do
  case "$f" in
    *.html) ct="text/html; charset=utf-8" ;;
    *.jsonl) ct="application/x-ndjson" ;;
    *.json) ct="application/json" ;;
    *.xml|*.rss|*.atom|*.rdf) ct="application/xml" ;;
    *.trec) ct="text/plain; charset=utf-8" ;;
    *) ct="text/plain; charset=utf-8" ;;
  esac
  name="$(basename "$f")"
  code="$(curl -s -o "$WORK/ingest.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $TOKEN" -H "Content-Type: $ct" \
    --data-binary @"$f" "${URL}api/ingest?name=$name")"
  case "$code" in
    200|201)
      # Samples are ours: every record must be readable.
      grep -q '"rejected":0[,}]' "$WORK/ingest.json" || { cat "$WORK/ingest.json" >&2; echo >&2; fail "sample $f has rejected records"; }
      ingested=$((ingested + 1)) ;;
    *) cat "$WORK/ingest.json" >&2; fail "ingest of $f answered HTTP $code" ;;
  esac
done < <(find "$ROOT/samples" -type f \( -name '*.txt' -o -name '*.html' -o -name '*.xml' -o -name '*.jsonl' -o -name '*.json' -o -name '*.trec' -o -name '*.rss' -o -name '*.atom' -o -name '*.rdf' \) -print0 | sort -z)
echo "e2e: ingested $ingested sample files"

mkdir -p "$ROOT/tests/e2e/artifacts"
export RIWAYA_URL="$URL" RIWAYA_TOKEN="$TOKEN" RIWAYA_CHROMIUM="$CHROMIUM" \
  RIWAYA_ARTIFACTS="$ROOT/tests/e2e/artifacts" RIWAYA_WEB="$ROOT/web" RIWAYA_SAMPLE_FILES="$ingested"
status=0
node --test --test-concurrency=1 "$ROOT"/tests/e2e/*.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- server stderr ----" >&2
  tail -50 "$WORK/serve.err" >&2 || true
  fail "e2e tests failed (exit $status)"
fi
echo "e2e: screenshots in tests/e2e/artifacts/"
