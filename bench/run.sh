#!/usr/bin/env bash
# One command: build Orderly, start it on PostgreSQL with Redis, seed the benchmark data set, measure
# the ceilings (pgbench -S, the plaintext route) and every scenario with wrk, stop what it started,
# and print one table (also written to bench/last-run.md). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
export LUA_DIR=$BENCH/lua

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15}          # seconds per measured run
WARMUP=${WARMUP:-5}               # seconds of unmeasured load before each scenario
SERVER_WARMUP=${SERVER_WARMUP:-40} # seconds of unmeasured reads after each server start, for the JIT compilers
PORT=${BENCH_PORT:-18090}
BENCH_DB=${BENCH_DB:-orderly_bench}
PGBENCH_DB=${PGBENCH_DB:-orderly_pgbench}
REDIS_DB=${BENCH_REDIS_DB:-5}      # a Redis database of its own, emptied before each server start
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export BENCH_USER=bench BENCH_PASSWORD=bench-password-4711 APPROVER_USER=bench-approver

WORK=$(mktemp -d /tmp/orderly-bench.XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
command -v pgbench >/dev/null || { log "pgbench is missing (Debian package postgresql-contrib)"; exit 1; }
pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL does not answer on $PGHOST:$PGPORT"; exit 1; }
[ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = "PONG" ] || { log "Redis does not answer on 127.0.0.1:6379"; exit 1; }

# BENCH_JAR: measure that jar instead of building this checkout (bench/compare.sh passes two builds);
# BENCH_ONLY=reads: only the ceilings and the uncached GET by id and list scenarios
BENCH_ONLY=${BENCH_ONLY:-all}
if [ -n "${BENCH_JAR:-}" ]; then
  JAR=$BENCH_JAR
else
  log "building"
  mvn -B -q -DskipTests package
  JAR=$ROOT/modules/app/target/orderly.jar
fi

export DEBUG=false SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
export POSTGRES_DB=$BENCH_DB POSTGRES_HOST=$PGHOST POSTGRES_PORT=$PGPORT POSTGRES_USER=$PGUSER
export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
export HTTP_PORT=$PORT ALLOWED_HOSTS=localhost,127.0.0.1 DATA_DIR=$WORK/data LOG_DIR=$WORK/logs
# throttling stays on (its cost is in every figure) with rates no scenario reaches; per second, so each
# sliding window holds one second of timestamps rather than an hour of them
export THROTTLE_RATES="anon=1000000/second,user=1000000/second,approval=1000000/second,export=1000000/second,login=1000000/second"
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}

log "preparing databases (pgbench scale 10, Orderly data set)"
dropdb --if-exists "$PGBENCH_DB" && createdb "$PGBENCH_DB" && pgbench -i -q -s 10 "$PGBENCH_DB" >/dev/null 2>&1
dropdb --if-exists "$BENCH_DB" && createdb "$BENCH_DB"
java $JAVA_OPTS -jar "$JAR" migrate >"$WORK/migrate.log" 2>&1
psql -q -d "$BENCH_DB" -f "$BENCH/seed.sql" >/dev/null
for user in "$BENCH_USER" "$APPROVER_USER"; do
  ORDERLY_SUPERUSER_PASSWORD=$BENCH_PASSWORD java $JAVA_OPTS -jar "$JAR" createsuperuser \
    --username "$user" --email "$user@example.com" >>"$WORK/createsuperuser.log" 2>&1
done

wait_ready() { # url
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = "200" ] && return 0
    sleep 0.1
  done
  log "server not ready; its log:"; tail -20 "$WORK"/server-*.log >&2; exit 1
}

start_server() { # cache enabled: true|false
  redis-cli -n "$REDIS_DB" FLUSHDB >/dev/null
  CACHE_ENABLED=$1 java $JAVA_OPTS -jar "$JAR" run >"$WORK/server-cache-$1.log" 2>&1 &
  SERVER=$!
  wait_ready "http://127.0.0.1:$PORT/health/ready"
  TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$BENCH_USER\", \"password\": \"$BENCH_PASSWORD\"}" | sed -n 's/.*"access" *: *"\([^"]*\)".*/\1/p')
  [ -n "$TOKEN" ] || { log "login failed"; exit 1; }
  APPROVER_TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$APPROVER_USER\", \"password\": \"$BENCH_PASSWORD\"}" | sed -n 's/.*"access" *: *"\([^"]*\)".*/\1/p')
  export TOKEN APPROVER_TOKEN
  # a fresh JVM on 2 cores needs tens of seconds of load before C2 has compiled the hot paths: measured
  # from a cold start, the first 10 s of GET ran at a third of the steady rate
  for script in get_by_id list; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((SERVER_WARMUP / 2))s" --timeout 30s -s "$LUA_DIR/$script.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  done
}

stop_server() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

# the server's CPU time so far (user + system), in clock ticks
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# micros_per_request <ticks> <requests>
micros_per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (n > 0 ? t * 1000000 / hz / n : 0) }'; }

# wrk_run <script> [delay ms] [connections] -> "rps p50 p99 errors requests cpu_us_per_request"
# (the server's CPU time per request is steadier than requests/s on a shared machine)
wrk_run() {
  local script=$1 delay=${2:-0} connections=${3:-$CONNECTIONS} before after
  DELAY_MS=0 wrk -t"$THREADS" -c"$connections" -d"${WARMUP}s" --timeout 30s -s "$LUA_DIR/$script.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1 || true
  before=$(server_ticks)
  DELAY_MS=$delay wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout 30s --latency -s "$LUA_DIR/$script.lua" \
    "http://127.0.0.1:$PORT" 2>&1 | awk '/^RESULT/ {print $2, $3, $4, $5, $6}' | {
      read -r rps p50 p99 errors requests || true
      after=$(server_ticks)
      echo "$rps $p50 $p99 $errors $requests $(micros_per_request "$((after - before))" "$requests")"
    }
}

ROWS=()
# row <scenario> <result> <ceiling name> <ceiling value> <target ratio or ->
row() {
  local name=$1 result=$2 ceiling_name=$3 ceiling=$4 target=$5
  read -r rps p50 p99 errors requests cpu <<<"$result"
  local ratio="-"
  if [ "$ceiling" != "-" ]; then ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.0f%%", 100 * a / b }'); fi
  ROWS+=("| $name | $rps | $p50 | $p99 | $errors | $cpu | $ceiling_name | $ratio | $target |")
  log "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
}

# half of a scenario's peak rate, spread over the connections: the per-connection delay in ms
half_rate_delay() { awk -v rps="$1" -v c="$CONNECTIONS" 'BEGIN { d = c * 1000 / (rps / 2); printf "%d", (d < 1 ? 1 : d) }'; }

log "ceiling: pgbench -S -M prepared, $CONNECTIONS clients"
PGBENCH_TPS=$(pgbench -S -M prepared -n -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" "$PGBENCH_DB" 2>/dev/null \
  | awk '/^tps/ {print $3; exit}')
PGBENCH_TPS=$(printf '%.1f' "$PGBENCH_TPS")
ROWS+=("| pgbench -S -M prepared (ceiling) | $PGBENCH_TPS | | | 0 | | | | |")

# the database's own write ceiling: pgbench's simple-update transaction (three statements and a commit)
log "ceiling: pgbench -N -M prepared, $CONNECTIONS clients"
PGBENCH_N_TPS=$(pgbench -N -M prepared -n -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" "$PGBENCH_DB" 2>/dev/null \
  | awk '/^tps/ {printf "%.1f", $3; exit}')
ROWS+=("| pgbench -N -M prepared (write ceiling) | $PGBENCH_N_TPS | | | 0 | | | | |")

# the database's own limit for the list and search scenarios: their two statements (page and count) as
# Orderly sends them, run by pgbench at the same concurrency (bench/sql/*.sql)
sql_ceiling() { # <file> -> tps
  pgbench -M prepared -n -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$BENCH/sql/$1.sql" "$BENCH_DB" 2>/dev/null \
    | awk '/^tps/ {printf "%.1f", $3; exit}'
}
log "ceilings: the list and search statements alone (pgbench -f)"
LIST_SQL_TPS=$(sql_ceiling list)
SEARCH_SQL_TPS=$(sql_ceiling search)
ROWS+=("| list statements alone, pgbench -f (ceiling) | $LIST_SQL_TPS | | | 0 | | | | |")
ROWS+=("| search statements alone, pgbench -f (ceiling) | $SEARCH_SQL_TPS | | | 0 | | | | |")

start_server false
PLAIN=$(wrk_run plaintext)
PLAIN_RPS=${PLAIN%% *}
row "plaintext /health/live (ceiling)" "$PLAIN" - - -
READ_SCENARIOS="get_by_id list search"
[ "$BENCH_ONLY" = reads ] && READ_SCENARIOS="get_by_id list"
for s in $READ_SCENARIOS; do
  R=$(wrk_run $s)
  case $s in get_by_id) UNCACHED_RPS=${R%% *};; list) LIST_RPS=${R%% *};; search) SEARCH_RPS=${R%% *};; esac
  case $s in get_by_id) name="GET product by id, uncached"; target="≥ 50%";; list) name="list 50, price filter, ordered"; target="≥ 25%";; search) name="search"; target="≥ 25%";; esac
  row "$name" "$R" "pgbench" "$PGBENCH_TPS" "$target"
  H=$(wrk_run $s "$(half_rate_delay "${R%% *}")")
  row "$name, half peak rate" "$H" - - "p99 < 10 ms"
done
if [ "$BENCH_ONLY" = reads ]; then
  stop_server
  { echo "| scenario | req/s | p50 ms | p99 ms | errors | server CPU µs/req | ceiling | ratio | target |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"; } | tee "${BENCH_OUT:-$BENCH/last-reads.md}"
  exit 0
fi
row "create product" "$(wrk_run create)" "pgbench -N" "$PGBENCH_N_TPS" "≥ 60%"
row "PATCH product, If-Match" "$(wrk_run patch)" "pgbench -N" "$PGBENCH_N_TPS" "≥ 60%"
row "approval loop: create, submit, approve (req/s of the mix)" "$(wrk_run approve)" "pgbench -N" "$PGBENCH_N_TPS" "≥ 60%"
# SSE fan-out: 100 streams of product events while PATCH writes run; every write is one event per stream
SSE_STREAMS=${SSE_STREAMS:-100}
python3 "$BENCH/sse_fanout.py" "$PORT" "$TOKEN" "$SSE_STREAMS" "$((WARMUP + DURATION))" products >"$WORK/sse.out" 2>&1 &
SSE_PID=$!
for _ in $(seq 1 300); do grep -q READY "$WORK/sse.out" && break; sleep 0.1; done
SSE_WRITES=$(wrk_run patch)
wait "$SSE_PID" || true
grep -q '^RESULT' "$WORK/sse.out" || { log "SSE fan-out client failed:"; tail -5 "$WORK/sse.out" >&2; }
read -r _ SSE_RATE _ SSE_TOTAL SSE_MIN SSE_MAX < <(grep '^RESULT' "$WORK/sse.out" || echo "RESULT 0 0 0 0 0")
row "PATCH product while $SSE_STREAMS SSE streams listen" "$SSE_WRITES" - - -
ROWS+=("| SSE fan-out: events delivered to $SSE_STREAMS streams (per stream min..max: $SSE_MIN..$SSE_MAX) | $SSE_RATE | | | | | | | |")
# one login per core at a time: each is 600 000 PBKDF2 rounds on the hashing pool, more only queue
row "login (PBKDF2 600000, $(nproc) connections)" "$(wrk_run login 0 "$(nproc)")" - - -
stop_server

start_server true
R=$(wrk_run get_by_id)
CACHED_RPS=${R%% *}
row "GET product by id, cached" "$R" "plaintext" "$PLAIN_RPS" "≥ 60%"
row "GET product by id, cached, half peak rate" "$(wrk_run get_by_id "$(half_rate_delay "${R%% *}")")" - - "p99 < 10 ms"
RSS_MB=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$SERVER/status")
stop_server

# start_sqlite <dir> [java options]: a node on a new SQLite database under <dir>; sets READY_MS
start_sqlite() {
  local dir=$1; shift
  local t0; t0=$(date +%s%N)
  env -u POSTGRES_DB -u REDIS_URL DATA_DIR="$dir/data" LOG_DIR="$dir/logs" java $JAVA_OPTS "$@" -jar "$JAR" run \
    >"$WORK/server-sqlite.log" 2>&1 &
  SERVER=$!
  wait_ready "http://127.0.0.1:$PORT/health/ready"
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
log "start to ready on SQLite with migrations"
start_sqlite "$WORK/sqlite"
PLAIN_START_MS=$READY_MS
stop_server
# the same with a class-data archive (AppCDS), as docker/Dockerfile builds one: a first start records
# the classes it loads when it stops, later starts map them instead of loading them from the jar
start_sqlite "$WORK/cds-training" -XX:ArchiveClassesAtExit="$WORK/orderly.jsa"
stop_server
start_sqlite "$WORK/sqlite-cds" -XX:SharedArchiveFile="$WORK/orderly.jsa"
CDS_START_MS=$READY_MS
stop_server

{
  echo "| scenario | req/s | p50 ms | p99 ms | errors | server CPU µs/req | ceiling | ratio | target |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Cached vs uncached GET by id: $(awk -v a="$CACHED_RPS" -v b="$UNCACHED_RPS" 'BEGIN { printf "%.2f", a / b }') x the throughput."
  echo "Against their own statements run by pgbench: list $(awk -v a="$LIST_RPS" -v b="$LIST_SQL_TPS" 'BEGIN { printf "%.0f%%", 100 * a / b }'), search $(awk -v a="$SEARCH_RPS" -v b="$SEARCH_SQL_TPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')."
  echo "Start to ready on SQLite with migrations: ${PLAIN_START_MS} ms; with the class-data archive: ${CDS_START_MS} ms (target < 2000 ms)."
  echo "RSS of the server after the benchmark: ${RSS_MB} MB (target < 400 MB)."
  echo "wrk -t$THREADS -c$CONNECTIONS, ${SERVER_WARMUP} s warm-up per server start, ${WARMUP} s warm-up + ${DURATION} s per run; $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD); $(date -u +%Y-%m-%dT%H:%MZ)."
} | tee "$BENCH/last-run.md"
