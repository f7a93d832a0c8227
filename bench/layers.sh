#!/usr/bin/env bash
# Reference layer benchmark (issue 23): a 100,000-feature GeoJSON layer (bench/layer.py)
# imported through the release server's `importReferenceLayer` — the whole request: the
# upload, every ring checked, the features written, the index built — then
# `Block.spatialScreen` of a 1 km block against it: the first request on a restarted
# server (which builds its index from the database) and under load. Writes
# bench/results/layers-<database>.md.
#
#   bash bench/layers.sh sqlite|postgres
#
# Settings: see bench/common.sh; LAYER_FEATURES (100000).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

KIND=${1:-sqlite}
FEATURES=${LAYER_FEATURES:-100000}
FILE="$WORK/layer-$FEATURES.geojson"
[ -f "$FILE" ] || python3 bench/layer.py "$FEATURES" >"$FILE"
DATA="$WORK/layers-$KIND"
rm -rf "$DATA" && mkdir -p "$DATA"
ARGS=(--data-dir "$DATA")
if [ "$KIND" = postgres ]; then
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS mr_bench_layers WITH (FORCE)" >/dev/null
  psql "$PG_URL" -qc "CREATE DATABASE mr_bench_layers" >/dev/null
  ARGS+=(--database-url "${PG_URL%/*}/mr_bench_layers?sslmode=${PG_SSLMODE:-disable}")
fi
# The layer is larger than the default 20 MiB upload limit.
export MINERIGHT_UPLOAD_LIMIT=64MiB
serve_mineright 8097 "$WORK/layers-$KIND.log"
ADMIN=$("$BIN" token --role CITY_ADMIN --city 140500 --ttl 2h "${ARGS[@]}" 2>/dev/null)

gql() { # QUERY-JSON -> response
  curl -fs "$URL/graphql" -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" -d "$1"
}
seconds_of() { echo "$(date +%s.%N) - $1" | bc | awk '{ printf "%.3f", $1 }'; }

started=$(date +%s.%N)
IMPORTED=$(curl -fs "$URL/graphql" -H "Authorization: Bearer $ADMIN" \
  -F 'operations={"query":"mutation($f: Upload!) { importReferenceLayer(kind: BASIC_FARMLAND, name: \"基准农田\", reason: \"基准测试\", file: $f) { version featureCount } }","variables":{"f":null}}' \
  -F 'map={"0":["variables.f"]}' -F "0=@$FILE")
IMPORT_S=$(seconds_of "$started")
echo "$IMPORTED" | grep -q '"featureCount":'"$FEATURES" || { echo "import failed: $IMPORTED" >&2; exit 1; }
IMPORT_RSS=$(peak_mb)

BLOCK=$(gql '{"query":"mutation { createBlock(input: { name: \"基准区块\", countyCode: \"140525\", mineralCode: \"IRON\", areaKm2: 1.0, predictedResources: 1500, location: \"基准\", designedProductionScale: 60, miningMethod: UNDERGROUND, priority: MAJOR_PROJECT, inMasterPlan: true, corners: [{latitude: 35.70, longitude: 112.90}, {latitude: 35.70, longitude: 112.911}, {latitude: 35.709, longitude: 112.911}, {latitude: 35.709, longitude: 112.90}] }) { id } }"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["createBlock"]["id"])')
SCREEN='{"query":"{ block(id: \"'"$BLOCK"'\") { spatialScreen { blocking findings { featureIndex overlapM2 } } } }"}'
FOUND=$(gql "$SCREEN" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["block"]["spatialScreen"]["findings"]))')
started=$(date +%s.%N); gql "$SCREEN" >/dev/null; WARM_S=$(seconds_of "$started")

# A restarted server builds the version's index from the database on its first screen.
kill $PID; wait $PID 2>/dev/null || true
serve_mineright 8097 "$WORK/layers-$KIND.log"
started=$(date +%s.%N); gql "$SCREEN" >/dev/null; COLD_S=$(seconds_of "$started")
COLD_RSS=$(peak_mb)
printf '%s' "$SCREEN" >"$WORK/bodies/screen.json"
LOAD=$(BENCH_BODY="$WORK/bodies/screen.json" BENCH_TOKEN="$ADMIN" \
  wrk -t2 -c8 -d"$DURATION" -s bench/wrk/graphql.lua "$URL/graphql" 2>/dev/null | grep RESULT || true)

{
  echo "# Reference layer benchmark on $KIND"
  echo
  machine_line
  echo "a layer of $FEATURES quadrilaterals ($(du -m "$FILE" | cut -f1) MB of GeoJSON, \`bench/layer.py\`) and a 1 km block"
  echo "that meets $FOUND of them; release build. Command: \`bash bench/layers.sh $KIND\`."
  echo
  echo "| step | figure |"
  echo "|---|---|"
  echo "| \`importReferenceLayer\`, the whole request | $IMPORT_S s (peak RSS $IMPORT_RSS MB) |"
  echo "| \`spatialScreen\`, one request, index in memory | $WARM_S s |"
  echo "| \`spatialScreen\`, first request after a restart (index built from the database) | $COLD_S s (peak RSS $COLD_RSS MB) |"
  echo "| \`spatialScreen\` under load, 8 connections: req/s, p50, p95, p99 ms, failures | $(measured "$LOAD") |"
} >"bench/results/layers-$KIND.md"
cat "bench/results/layers-$KIND.md"
