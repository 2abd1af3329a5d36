#!/usr/bin/env bash
# make eval: runs every eval binary that exists in BUILD_DIR/eval.
#   bash eval/run.sh BUILD_DIR [NAME...] [-- ARGS]
# NAME selects binaries: "ir" runs ir_eval, "html" runs html_fields, or a full
# binary name. Arguments after "--" go to every selected binary (e.g. --json).
set -u
build=${1:?usage: eval/run.sh BUILD_DIR [NAME...] [-- ARGS]}
shift
names=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do names+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
args=("$@")

dir="$build/eval"
if [ ! -d "$dir" ]; then
  echo "eval/run.sh: $dir not found: build first (make build)" >&2
  exit 1
fi

selected=()
for bin in "$dir"/*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  base=$(basename "$bin")
  if [ ${#names[@]} -eq 0 ]; then selected+=("$bin"); continue; fi
  for n in "${names[@]}"; do
    case "$base" in "$n" | "${n}_"*) selected+=("$bin") ;; esac
  done
done
if [ ${#selected[@]} -eq 0 ]; then
  echo "eval/run.sh: no eval binary matches '${names[*]:-}' in $dir" >&2
  exit 1
fi

status=0
for bin in "${selected[@]}"; do
  echo "== $(basename "$bin")"
  start=$(date +%s.%N)
  "$bin" "${args[@]}" || status=1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v n="$(basename "$bin")" 'BEGIN { printf "(%s: %.1f s)\n", n, b - a }'
done
exit $status
