#!/usr/bin/env bash
# Admission benchmark, on a fresh registry the size of 晋城市 (30,000 mines over
# its six counties): one county's approved plan closes its CLOSE mines and proposes BLOCKS
# fully surveyed iron blocks; the city counts completed closures only, and PLACES are
# complete, so every block is eligible but PLACES places are all there is.
#   (g) admitBlock under contention: 32 connections admit blocks picked at random; every
#       answer is a decision (admitted, or ADMISSION_REFUSED) or CONFLICT (already
#       admitted). Afterwards the admitted entries must not outnumber the closures.
#   (h) the integrator's approvedBlocks walk once the city approves the plan: one page
#       under load, and a whole walk page by page.
# Writes bench/results/admission-<database>.md.
#
#   bash bench/admission.sh sqlite|postgres
#
# Settings: see bench/common.sh; BLOCKS (300), PLACES (100), PAGE (50), PORT (18081).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

KIND=${1:-sqlite}
PORT=${PORT:-18081}
BLOCKS=${BLOCKS:-300}
PLACES=${PLACES:-100}
PAGE=${PAGE:-50}
YEAR=2030
CITY_MINES=30000

DATA="$WORK/admission-$KIND"
rm -rf "$DATA"
mkdir -p "$DATA"
ARGS=(--data-dir "$DATA")
if [ "$KIND" = postgres ]; then
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS mr_bench_admission WITH (FORCE)" >/dev/null
  psql "$PG_URL" -qc "CREATE DATABASE mr_bench_admission" >/dev/null
  ARGS+=(--database-url "${PG_URL%/*}/mr_bench_admission")
fi
echo "== seeding $CITY_MINES mines over 晋城市's six counties ($KIND)"
"$BIN" seed-synthetic --mines "$CITY_MINES" --counties 6 --seed 1 "${ARGS[@]}" >/dev/null
serve_mineright "$PORT" "$WORK/admission-server-$KIND.log"

token() { "$BIN" token --ttl 2h "${ARGS[@]}" "$@" 2>/dev/null; }
COUNTY=140525
DEPARTMENTS=$(curl -fs "$URL/graphql" -H 'Content-Type: application/json' \
  -d '{"query":"{ departments { code surveyParticipant } }"}' |
  python3 -c 'import json,sys; print(" ".join(d["code"] for d in json.load(sys.stdin)["data"]["departments"] if d["surveyParticipant"]))')
REVIEWERS=$(for d in $DEPARTMENTS; do
  echo "$d=$(token --role DEPARTMENT_REVIEWER --city 140500 --department "$d")"
done)
export BENCH_OFFICIAL=$(token --role COUNTY_OFFICIAL --county "$COUNTY")
export BENCH_ADMIN=$(token --role CITY_ADMIN --city 140500)
export BENCH_APPROVER=$(token --role CITY_APPROVER --city 140500)
export BENCH_INTEGRATOR=$(token --role INTEGRATOR)
export BENCH_REVIEWERS="$REVIEWERS"
echo "== planning $BLOCKS blocks in $COUNTY and surveying them"
IDS=$(python3 bench/admission.py setup "$URL" "$COUNTY" "$BLOCKS" "$PLACES" "$YEAR")

out=$(BENCH_BLOCKS="$IDS" BENCH_TOKEN="$BENCH_ADMIN" BENCH_YEAR="$YEAR" \
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s bench/wrk/admit.lua "$URL/graphql")
RESULT=$(echo "$out" | grep '^RESULT')
DECISIONS=$(echo "$out" | grep '^DECISIONS')
echo "g: $RESULT"
echo "g: $DECISIONS"
CHECKED=$(python3 bench/admission.py check "$URL" "$YEAR")
echo "g: $CHECKED"
python3 bench/admission.py approve "$URL" "$YEAR" >/dev/null

body h "{ approvedBlocks(year: $YEAR, first: $PAGE) { totalCount pageInfo { hasNextPage endCursor } edges { node { id year method platform transferAuthority outcome updatedAt version block { name mineralCode areaKm2 location predictedResources designedProductionScale miningMethod corners { latitude longitude } } } } } }"
feed=$(BENCH_BODY="$WORK/bodies/h.json" BENCH_TOKEN="$BENCH_INTEGRATOR" \
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s bench/wrk/graphql.lua "$URL/graphql" | grep '^RESULT')
echo "h: $feed"
WALK=$(python3 bench/admission.py walk "$URL" "$YEAR" "$PAGE")
echo "h: $WALK"

{
  echo "# Admission benchmark on $KIND"
  echo
  machine_line
  echo "$CITY_MINES synthetic mines over 晋城市's six counties (seed 1); $BLOCKS eligible blocks in $COUNTY"
  echo "for $PLACES places (completed closures);"
  echo "release build; wrk, $DURATION, $CONNECTIONS connections. Command: \`bash bench/admission.sh $KIND\`."
  echo
  echo "| scenario | req/s | p50 ms | p95 ms | p99 ms | failures | outcome | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| (g) admitBlock, $BLOCKS blocks racing for the places | $(measured "$RESULT") | ${DECISIONS#DECISIONS }; $CHECKED | $(peak_mb) |"
  echo "| (h) approvedBlocks, a page of $PAGE with the announcement data | $(measured "$feed") | whole walk: $WALK | $(peak_mb) |"
} >"bench/results/admission-$KIND.md"
cat "bench/results/admission-$KIND.md"
