#!/usr/bin/env bash
# What one import holds, whatever its file: the peak resident memory of the whole
# `mineright import mines --dry-run` command (release build) on the files nearest the
# import limits (bench/near_limit.py) and, for scale, on the 10,000-mine registry of
# bench/import.sh. Writes bench/results/import-memory.md. The hostile corpus's own peaks
# are printed by `cargo test --test e2e hostile -- --nocapture`.
#
#   bash bench/import-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/mineright-bench}
BIN=target/release/mineright
cargo build --release -q
mkdir -p "$WORK/near-limit"
[ -f "$WORK/near-limit/near-limit.xlsx" ] || python3 bench/near_limit.py "$WORK/near-limit"
REGISTRY="$WORK/registry-10000.xlsx"
if [ ! -f "$REGISTRY" ]; then
  rm -rf "$WORK/import-source-10000" && mkdir -p "$WORK/import-source-10000"
  "$BIN" seed-synthetic --mines 10000 --counties 6 --seed 1 --data-dir "$WORK/import-source-10000" >/dev/null 2>&1
  "$BIN" export --data-dir "$WORK/import-source-10000" --out "$REGISTRY" mines
fi

measure() { # file -> "| file | KiB | seconds | peak MB | outcome |"
  local file=$1 target="$WORK/import-memory-db" log
  rm -rf "$target" && mkdir -p "$target"
  "$BIN" migrate --data-dir "$target" >/dev/null 2>&1
  log=$(mktemp)
  /usr/bin/time -v "$BIN" import mines --dry-run --data-dir "$target" "$file" >"$log.out" 2>"$log" || true
  local peak seconds outcome
  peak=$(awk '/Maximum resident/ { printf "%d", $6 / 1024 }' "$log")
  seconds=$(awk -F': ' '/Elapsed/ { print $2 }' "$log")
  outcome=$(python3 -c '
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print("%d rows, %d problems" % (r["rowsRead"], r["problemCount"]))
except Exception:
    said = [l for l in open(sys.argv[2]).read().splitlines() if "BAD_USER_INPUT" in l]
    print((said or ["(no report)"])[0].split("BAD_USER_INPUT: ")[-1][:90])' "$log.out" "$log")
  printf '| %s | %d | %s | %s | %s |\n' "$(basename "$file")" "$(du -k "$file" | cut -f1)" "$seconds" "$peak" "$outcome"
  rm -f "$log" "$log.out"
}

RESULTS=$(for file in "$REGISTRY" "$WORK/near-limit/near-limit.csv" "$WORK/near-limit/near-limit.xlsx"; do measure "$file"; done)
{
  echo "# What one import holds"
  echo
  echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores; release build; the whole"
  echo "\`mineright import mines --dry-run\` command into an empty SQLite database. Command: \`bash bench/import-memory.sh\`."
  echo
  echo "| file | KiB | wall | peak MB | outcome |"
  echo "|---|---|---|---|---|"
  echo "$RESULTS"
} | tee bench/results/import-memory.md
