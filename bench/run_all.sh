#!/usr/bin/env bash
# Run every benchmark (bench/bench_*.py) in turn with its defaults; each writes its results under
# bench/out/. An optional argument keeps only the scripts whose name contains it:
#   bench/run_all.sh            # all
#   bench/run_all.sh store      # bench/bench_store.py only
# Exit status: 0 when all ran, 1 when any failed (the others still run).
set -u
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
PYTHON="${PYTHON:-python}"
mkdir -p bench/out
failed=()
shopt -s nullglob
scripts=(bench/bench_*.py)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "no bench/bench_*.py scripts found" >&2
  exit 1
fi
filter="${1:-}"
for script in "${scripts[@]}"; do
  case "$script" in *"$filter"*) ;; *) continue ;; esac
  echo "=== $script ($(date -Iseconds))"
  start=$(date +%s)
  if "$PYTHON" "$script"; then
    echo "=== $script done in $(( $(date +%s) - start )) s"
  else
    echo "=== $script FAILED (exit $?)" >&2
    failed+=("$script")
  fi
  echo
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
echo "all benchmarks ran; results in bench/out/"
