#!/usr/bin/env bash
# Run every benchmark (bench/bench_*.py) in turn with its defaults; each writes its results under
# bench/out/. An optional argument keeps only the scripts whose name contains it:
#   bench/run_all.sh            # all
#   bench/run_all.sh store      # bench/bench_store.py only
# The 10,000-enterprise demo store is built once, shared by the scripts that need one, and removed
# at the end (BENCH_STORE_DIR=/path keeps and reuses a store of your own instead).
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
store_dir="${BENCH_STORE_DIR:-}"
if [ -z "$store_dir" ]; then
  store_dir=$(mktemp -d -t fieldkit-bench-XXXXXX)
  trap 'rm -rf "$store_dir"' EXIT
fi
if [ ! -f "$store_dir/fieldkit.sqlite3" ]; then
  echo "=== building the 10,000 / 200,000 demo store in $store_dir"
  "$PYTHON" -m fieldkit demo --data-dir "$store_dir" --enterprises 10000 --records 200000 --quiet || exit 1
fi
store="$store_dir/fieldkit.sqlite3"
for script in "${scripts[@]}"; do
  case "$script" in *"$filter"*) ;; *) continue ;; esac
  case "$script" in
    *bench_store.py|*bench_search.py|*bench_board.py) args=(--store "$store") ;;
    *bench_ui.py) args=(--data-dir "$store_dir") ;;
    *) args=() ;;
  esac
  echo "=== $script ($(date -Iseconds))"
  start=$(date +%s)
  if "$PYTHON" "$script" "${args[@]}"; then
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
