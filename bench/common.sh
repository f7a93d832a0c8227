# Shared by bench/load.sh and bench/postgraphile.sh (sourced, from the repository root):
# the settings, the seeded database, request bodies and reading wrk's result line.
#
# Settings (environment): MINES (100000), COUNTIES (20, so 5,000 mines a county),
# DURATION (15s), CONNECTIONS (32), PG_URL (postgres://postgres@127.0.0.1:5432/test),
# PG_SSLMODE (disable: both servers reach the database over the loopback without TLS),
# BENCH_DIR (/tmp/mineright-bench: seeded databases are kept there and reused).

MINES=${MINES:-100000}
COUNTIES=${COUNTIES:-20}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
WORK=${BENCH_DIR:-/tmp/mineright-bench}
BIN=target/release/mineright
# Benchmarks measure throughput, not fair use: wrk's connections share one token.
export MINERIGHT_RATE_LIMITS=off

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q
mkdir -p "$WORK/bodies"

# seeded_database sqlite|postgres: sets DATA (the data dir), ARGS (the server's database
# arguments) and DB_URL (PostgreSQL only), seeding the synthetic registry the first time.
seeded_database() {
  DATA="$WORK/$1-$MINES-$COUNTIES"
  mkdir -p "$DATA"
  ARGS=(--data-dir "$DATA")
  if [ "$1" = postgres ]; then
    local name="mr_bench_${MINES}_${COUNTIES}"
    # Without TLS on the loopback, as PostGraphile's client connects: sqlx prefers TLS
    # when the server offers it, and a profile put 8% of mineright's CPU in rustls.
    DB_URL="${PG_URL%/*}/$name?sslmode=${PG_SSLMODE:-disable}"
    if [ ! -f "$DATA/seeded" ]; then
      psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
      psql "$PG_URL" -qc "CREATE DATABASE $name" >/dev/null
    fi
    ARGS+=(--database-url "$DB_URL")
  fi
  if [ ! -f "$DATA/seeded" ]; then
    echo "== seeding $MINES mines over $COUNTIES counties ($1)"
    "$BIN" seed-synthetic --mines "$MINES" --counties "$COUNTIES" --seed 1 "${ARGS[@]}"
    # A bulk load leaves every assessment to store; do it here, timed, so that the
    # server's start and memory are an ordinary restart's.
    local started
    started=$(date +%s.%N)
    "$BIN" assessments refresh "${ARGS[@]}"
    echo "stored the assessments in $(echo "$(date +%s.%N) - $started" | bc | cut -c1-5) s" | tee "$DATA/refresh-time"
    touch "$DATA/seeded"
  fi
}

# body NAME QUERY: writes the GraphQL request body $WORK/bodies/NAME.json.
body() {
  printf '{"query":%s}' "$(printf '%s' "$2" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" >"$WORK/bodies/$1.json"
}

# field NAME LINE: one value of the RESULT line bench/wrk/report.lua prints.
field() {
  echo "$2" | sed -E "s/.*[ ]$1=([0-9.]+).*/\1/"
}

# serve_mineright PORT LOG: starts the release server on ARGS, waits until it is ready and
# sets PID, URL and READY_MS (milliseconds from start to ready); stopped on exit.
serve_mineright() {
  local started
  URL="http://127.0.0.1:$1"
  started=$(date +%s.%N)
  "$BIN" --listen "127.0.0.1:$1" "${ARGS[@]}" >"$2" 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null || true' EXIT
  until curl -fs "$URL/readyz" >/dev/null; do
    kill -0 $PID 2>/dev/null || { cat "$2" >&2; exit 1; }
    sleep 0.05
  done
  READY_MS=$(echo "($(date +%s.%N) - $started) * 1000" | bc | cut -d. -f1)
}

# peak_mb: the server's peak resident memory so far, MB.
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }

# measured LINE: req/s | p50 | p95 | p99 | failures of a RESULT line, as table cells.
measured() {
  echo "$(field rps "$1") | $(field p50_ms "$1") | $(field p95_ms "$1") | $(field p99_ms "$1") | $(field failures "$1")"
}

# machine_line: the date, commit and machine, for a results file's header.
machine_line() {
  echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ { print $2 }') GiB;"
}
