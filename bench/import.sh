#!/usr/bin/env bash
# Import benchmark: the registry of 10,000 synthetic mines exported by
# `mineright export mines`, then imported into an empty database with `mineright import
# mines`: a dry run, the commit, and a re-import that changes nothing; each timed as the
# whole command (process start and migrations included). Writes
# bench/results/import-<database>.md.
#
#   bash bench/import.sh sqlite|postgres
#
# Settings: see bench/common.sh; IMPORT_MINES (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

KIND=${1:-sqlite}
COUNT=${IMPORT_MINES:-10000}
SOURCE="$WORK/import-source-$COUNT"
FILE="$WORK/registry-$COUNT.xlsx"
if [ ! -f "$FILE" ]; then
  rm -rf "$SOURCE" && mkdir -p "$SOURCE"
  "$BIN" seed-synthetic --mines "$COUNT" --counties 6 --seed 1 --data-dir "$SOURCE" >/dev/null 2>&1
  "$BIN" export --data-dir "$SOURCE" --out "$FILE" mines
fi

TARGET="$WORK/import-target-$KIND"
rm -rf "$TARGET" && mkdir -p "$TARGET"
ARGS=(--data-dir "$TARGET")
if [ "$KIND" = postgres ]; then
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS mr_bench_import WITH (FORCE)" >/dev/null
  psql "$PG_URL" -qc "CREATE DATABASE mr_bench_import" >/dev/null
  ARGS+=(--database-url "${PG_URL%/*}/mr_bench_import")
fi
"$BIN" migrate "${ARGS[@]}" >/dev/null 2>&1

timed() { # label command… -> "label | seconds | report"
  local label=$1 started report seconds
  shift
  started=$(date +%s.%N)
  report=$("$@" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%d rows: %d created, %d updated, %d unchanged, %d problems"
      % (r["rowsRead"], r["created"], r["updated"], r["unchanged"], len(r["problems"])))')
  seconds=$(echo "$(date +%s.%N) - $started" | bc)
  printf '| %s | %.2f | %s |\n' "$label" "$seconds" "$report"
}

RESULTS=$(
  timed "dry run" "$BIN" import mines --dry-run "${ARGS[@]}" "$FILE"
  timed "commit" "$BIN" import mines "${ARGS[@]}" "$FILE"
  timed "re-import" "$BIN" import mines "${ARGS[@]}" "$FILE"
)
{
  echo "# Import benchmark on $KIND"
  echo
  machine_line
  echo "the registry of $COUNT synthetic mines ($(du -k "$FILE" | cut -f1) KiB XLSX, written by \`mineright export mines\`) into an empty"
  echo "database; release build; each the whole \`mineright import mines\` command. Command: \`bash bench/import.sh $KIND\`."
  echo
  echo "| step | seconds | report |"
  echo "|---|---|---|"
  echo "$RESULTS"
} >"bench/results/import-$KIND.md"
cat "bench/results/import-$KIND.md"
