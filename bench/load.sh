#!/usr/bin/env bash
# Load benchmark: seeds a synthetic registry once, starts the release server on
# it, drives the named scenarios with wrk and writes a markdown table to
# bench/results/<database>.md with the machine and the command.
#
#   bash bench/load.sh sqlite|postgres
#
# Settings: see bench/common.sh; PORT (18080); ADMISSION=0 skips (g) and (h).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

KIND=${1:-sqlite}
PORT=${PORT:-18080}
seeded_database "$KIND"

serve_mineright "$PORT" "$WORK/server-$KIND.log"
AUDITOR=$("$BIN" token --role AUDITOR --city 140500 --ttl 2h "${ARGS[@]}" 2>/dev/null)
ADMIN=$("$BIN" token --role CITY_ADMIN --city 140500 --ttl 2h "${ARGS[@]}" 2>/dev/null)
COUNTY=$(curl -fs "$URL/graphql" -H 'Content-Type: application/json' \
  -d '{"query":"{ counties(cityCode: \"140500\") { code } }"}' | sed -E 's/.*"code":"([0-9]+)".*/\1/')

NODE='id name county { code name } mineral { code name }'
body a "{ mines(first: 50) { totalCount edges { node { $NODE } } } }"
body a_no_total "{ mines(first: 50) { edges { node { $NODE } } } }"
body b "{ mines(first: 50) { totalCount edges { node { $NODE assessment { disposition findings { ruleId } } } } } }"
body c_lists "{ rectificationLists(countyCode: \"$COUNTY\") { standardsVersion closeOrExit { mine { id } } integrate { mine { id } } upgrade { mine { id } } } }"
body c_summary "{ assessmentSummary(cityCode: \"140500\") { totalMines byDisposition { disposition count } } }"
body d "{ mines(first: 5, filter: { disposition: CLOSE }) { totalCount edges { node { id } } } }"
# (f) a county plan with all its entries and their mines (200 close/exit entries,
# made once through the API and kept with the seeded database).
OFFICIAL=$("$BIN" token --role COUNTY_OFFICIAL --county "$COUNTY" --ttl 2h "${ARGS[@]}" 2>/dev/null)
PLAN_ID=$(python3 bench/plan.py "$URL" "$OFFICIAL" "$COUNTY" 200)
body f_plan "{ countyPlan(id: \"$PLAN_ID\") { id status balance { closures newMines } closures { method closeBy restorationDueBy mine { id name holder licenceNo mineralCode productionScale } duties { kind dueBy doneOn } } } }"

wire() { # body encoding -> bytes on the wire
  curl -s -o /dev/null -w '%{size_download}' "$URL/graphql" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $AUDITOR" -H "Accept-Encoding: $2" -d @"$WORK/bodies/$1.json"
}
single_ms() { # body -> median of 5 single requests, ms
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' "$URL/graphql" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $AUDITOR" -d @"$WORK/bodies/$1.json"
  done | sort -n | sed -n 3p | awk '{ printf "%.0f", $1 * 1000 }'
}


RESULTS=$WORK/results-$KIND.md
{
  echo "| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | failures | one request ms | bytes (identity / gzip / br) | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"
run() { # name connections description
  local out
  out=$(BENCH_BODY="$WORK/bodies/$1.json" BENCH_TOKEN="$AUDITOR" \
    wrk -t2 -c"$2" -d"$DURATION" --timeout 5s -s bench/wrk/graphql.lua "$URL/graphql" | grep '^RESULT')
  echo "$1: $out"
  echo "| $3 | $2 | $(measured "$out") | $(single_ms "$1") | $(wire "$1" identity) / $(wire "$1" gzip) / $(wire "$1" br) | $(peak_mb) |" >>"$RESULTS"
}

run a "$CONNECTIONS" "(a) 50 mines, county + mineral, totalCount"
run a_no_total "$CONNECTIONS" "(a) the same without totalCount"
run b "$CONNECTIONS" "(b) (a) with assessment { disposition findings { ruleId } }"
run c_lists 4 "(c) rectificationLists of a 5,000-mine county"
run c_summary 4 "(c) assessmentSummary of 晋城市"
run d 4 "(d) mines(filter: {disposition: CLOSE}) over everything"
run f_plan "$CONNECTIONS" "(f) countyPlan with 200 close/exit entries and their mines"

# (e): eight writers, each on its own mine, then the audit chain must still verify.
MINES_LIST=$(curl -fs "$URL/graphql" -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" \
  -d '{"query":"{ mines(first: 8) { edges { node { id version } } } }"}' |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(e["node"]["id"]+":"+str(e["node"]["version"]) for e in d["data"]["mines"]["edges"]))')
out=$(BENCH_MINES="$MINES_LIST" BENCH_TOKEN="$ADMIN" \
  wrk -t8 -c8 -d"$DURATION" --timeout 5s -s bench/wrk/update.lua "$URL/graphql" | grep '^RESULT')
echo "e: $out"
# The chain is the whole deployment's: a city's admin reads it only where theirs is the one
# city, and the synthetic registry adds more; an auditor without a city reads it.
WHOLE=$("$BIN" token --role AUDITOR --ttl 2h "${ARGS[@]}" 2>/dev/null)
CHAIN=$(curl -fs "$URL/graphql" -H 'Content-Type: application/json' -H "Authorization: Bearer $WHOLE" \
  -d '{"query":"{ verifyAuditChain { valid checkedEntries } }"}')
echo "| (e) updateMine, 8 writers (chain: $CHAIN) | 8 | $(measured "$out") | | | $(peak_mb) |" >>"$RESULTS"
# Every write stored its mine's and its neighbours' assessments: a fresh computation of
# every mine must find nothing different after the write load.
VERIFY_START=$(date +%s.%N)
VERIFY=$("$BIN" assessments verify "${ARGS[@]}" 2>/dev/null | head -1 || true)
VERIFY_S=$(echo "$(date +%s.%N) - $VERIFY_START" | bc)

{
  echo "# Load benchmark on $KIND"
  echo
  machine_line
  echo "$MINES synthetic mines over $COUNTIES counties (seed 1); release build; wrk, $DURATION per scenario;"
  echo "ready in $READY_MS ms after start. Command: \`bash bench/load.sh $KIND\`."
  echo
  cat "$RESULTS"
  echo
  echo "After (e), \`mineright assessments verify\` (${VERIFY_S%.*} s over every mine): $VERIFY."
} >"bench/results/$KIND.md"
cat "bench/results/$KIND.md"

# (g), (h): admission under contention and the integrator's walk, on a database of their own.
kill $PID
if [ "${ADMISSION:-1}" = 1 ]; then bash bench/admission.sh "$KIND"; fi
