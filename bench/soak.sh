#!/usr/bin/env bash
# The soak: build Orderly, start it on PostgreSQL with Redis, seed the benchmark data set, and run
# SOAK_MINUTES (30) of mixed traffic at a bounded rate on loopback: wrk's request mix (bench/lua/mixed.lua:
# GET by id, filtered list, create, PATCH), in windows of WINDOW_SECONDS, plus a file loop (CSV and XLSX
# export, import dry run, attachment upload and download, an export job to its download, a login).
# Reports, at the start (after warm-up) and at the end: heap after a full GC, open file descriptors,
# threads, temporary files and RSS; per window: requests/s, p50, p99 and errors; and the p99 drift (last
# windows against the first). Prints one table (also written to bench/last-soak.md). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
export LUA_DIR=$BENCH/lua

SOAK_MINUTES=${SOAK_MINUTES:-30}
WINDOW_SECONDS=${WINDOW_SECONDS:-60}
CONNECTIONS=${CONNECTIONS:-8}
DELAY_MS=${DELAY_MS:-16}          # per connection between requests: at most CONNECTIONS * 1000 / DELAY_MS req/s
FILE_LOOP_SECONDS=${FILE_LOOP_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
PORT=${BENCH_PORT:-18092}
BENCH_DB=${BENCH_DB:-orderly_soak}
REDIS_DB=${BENCH_REDIS_DB:-6}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
USER_NAME=soak USER_PASSWORD=soak-password-4711
HEAP=${HEAP:--Xms256m -Xmx512m}

WORK=$(mktemp -d /tmp/orderly-soak.XXXXXX)
SERVER="" FILE_LOOP=""
cleanup() {
  if [ -n "$FILE_LOOP" ]; then kill "$FILE_LOOP" 2>/dev/null || true; fi
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[soak] $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL does not answer on $PGHOST:$PGPORT"; exit 1; }
[ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = "PONG" ] || { log "Redis does not answer on 127.0.0.1:6379"; exit 1; }
if [ -n "${BENCH_JAR:-}" ]; then JAR=$BENCH_JAR; else log "building"; mvn -B -q -DskipTests package; JAR=$ROOT/modules/app/target/orderly.jar; fi

export DEBUG=false SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
export POSTGRES_DB=$BENCH_DB POSTGRES_HOST=$PGHOST POSTGRES_PORT=$PGPORT POSTGRES_USER=$PGUSER
export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
export HTTP_PORT=$PORT ALLOWED_HOSTS=localhost,127.0.0.1 DATA_DIR=$WORK/data LOG_DIR=$WORK/logs MEDIA_ROOT=$WORK/media
export THROTTLE_RATES="anon=1000000/second,user=1000000/second,approval=1000000/second,export=1000000/second,login=1000000/second"

log "preparing the database (bench/seed.sql)"
dropdb --if-exists "$BENCH_DB" && createdb "$BENCH_DB"
java -jar "$JAR" migrate >"$WORK/migrate.log" 2>&1
psql -q -d "$BENCH_DB" -f "$BENCH/seed.sql" >/dev/null
ORDERLY_SUPERUSER_PASSWORD=$USER_PASSWORD java -jar "$JAR" createsuperuser --username "$USER_NAME" --email soak@example.com >/dev/null 2>&1
redis-cli -n "$REDIS_DB" FLUSHDB >/dev/null

mkdir -p "$WORK/jtmp"
java $HEAP -Djava.io.tmpdir="$WORK/jtmp" -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" run >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = "200" ] && break; sleep 0.2
done
BASE=http://127.0.0.1:$PORT

login() {
  curl -s -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$USER_NAME\", \"password\": \"$USER_PASSWORD\"}" | sed -n 's/.*"access" *: *"\([^"]*\)".*/\1/p'
}

# heap in use after a full collection (MiB), from the GC log line jcmd's GC.run adds
heap_after_gc() {
  jcmd "$SERVER" GC.run >/dev/null
  sleep 1
  sed -nE 's/.*Pause Full.* ([0-9]+)M->([0-9]+)M\(.*/\2/p' "$WORK/gc.log" | tail -1
}
open_fds() { ls "/proc/$SERVER/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$SERVER/status"; }
rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$SERVER/status"; }
# files under the node's temporary directories (export and upload spools, POI's and the JVM's temp files)
temp_files() { find "$WORK/data/tmp" "$WORK/jtmp" -type f 2>/dev/null | wc -l; }
snapshot() { echo "$(heap_after_gc) $(open_fds) $(threads) $(temp_files) $(rss_mib)"; }

# the file loop: every FILE_LOOP_SECONDS one round of the streamed routes; each answer's status is
# appended to file-loop.txt as "<what> <status>"
python3 - "$WORK/import.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("sku,name,category,unit_price,supplier_id,stock_quantity\r\n")
    for i in range(200):
        f.write(f"SOAK-IMP-{i:05d},Soak import {i},tools,{(i % 999) / 100 + 1:.2f},{1 + i % 100},{i % 50}\r\n")
PY
head -c 65536 /dev/urandom >"$WORK/attachment.bin"
file_loop() {
  local token code job status
  while true; do
    token=$(login); echo "login $([ -n "$token" ] && echo 200 || echo failed)" >>"$WORK/file-loop.txt"
    auth=(-H "Authorization: Bearer $token")
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/products/export?format=csv&id__lte=5000")
    echo "export-csv $code" >>"$WORK/file-loop.txt"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/products/export?format=xlsx&id__lte=1000")
    echo "export-xlsx $code" >>"$WORK/file-loop.txt"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -X POST "$BASE/api/products/import?dry_run=true" -F "file=@$WORK/import.csv;type=text/csv")
    echo "import-dry-run $code" >>"$WORK/file-loop.txt"
    id=$(curl -s "${auth[@]}" -X POST "$BASE/api/attachments/" -F resource=products -F record_id=$((RANDOM % 1000 + 1)) \
      -F "file=@$WORK/attachment.bin;type=application/octet-stream" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
    echo "attach $([ -n "$id" ] && echo 201 || echo failed)" >>"$WORK/file-loop.txt"
    if [ -n "$id" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/attachments/$id/download")
      echo "attachment-download $code" >>"$WORK/file-loop.txt"
    fi
    job=$(curl -s "${auth[@]}" -X POST "$BASE/api/exports/" -H 'Content-Type: application/json' \
      -d '{"resource": "products", "format": "csv", "filters": {"id__lte": "2000"}}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
    status=failed
    for _ in $(seq 1 100); do
      [ -n "$job" ] || break
      status=$(curl -s "${auth[@]}" "$BASE/api/exports/$job/" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
      [ "$status" = "done" ] || [ "$status" = "failed" ] && break
      sleep 0.2
    done
    if [ "$status" = "done" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$BASE/api/exports/$job/download")
      echo "export-job $code" >>"$WORK/file-loop.txt"
    else
      echo "export-job $status" >>"$WORK/file-loop.txt"
    fi
    sleep "$FILE_LOOP_SECONDS"
  done
}

window() { # seconds -> "rps p50 p99 errors requests"
  TOKEN=$(login) DELAY_MS=$DELAY_MS wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 10s --latency -s "$LUA_DIR/mixed.lua" "$BASE" 2>&1 \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

log "warming up ($WARMUP_SECONDS s)"
window "$WARMUP_SECONDS" >/dev/null
file_loop &
FILE_LOOP=$!
sleep "$FILE_LOOP_SECONDS"
START=$(snapshot)
log "start: heap/fds/threads/temp files/RSS = $START"

WINDOWS=$((SOAK_MINUTES * 60 / WINDOW_SECONDS))
ROWS=()
P99S=()
for i in $(seq 1 "$WINDOWS"); do
  read -r rps p50 p99 errors requests <<<"$(window "$WINDOW_SECONDS")"
  ROWS+=("| $i | $rps | $p50 | $p99 | $errors |")
  P99S+=("$p99")
  log "window $i/$WINDOWS: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
done
kill "$FILE_LOOP" 2>/dev/null || true; wait "$FILE_LOOP" 2>/dev/null || true; FILE_LOOP=""
sleep 2
END=$(snapshot)
log "end: heap/fds/threads/temp files/RSS = $END"

# p99 drift: the mean of the last three windows' p99 against the first three's
drift=$(printf '%s\n' "${P99S[@]}" | awk '{p[NR] = $1} END {
  k = (NR < 3 ? NR : 3); a = 0; b = 0
  for (i = 1; i <= k; i++) { a += p[i]; b += p[NR - k + i] }
  printf "%.2f ms -> %.2f ms (%+.0f%%)", a / k, b / k, (a > 0 ? 100 * (b - a) / a : 0) }')
file_total=$(wc -l <"$WORK/file-loop.txt")
file_failed=$(awk '$2 !~ /^2/' "$WORK/file-loop.txt" | wc -l)
read -r h0 f0 t0 tf0 r0 <<<"$START"
read -r h1 f1 t1 tf1 r1 <<<"$END"
{
  echo "Soak, $(date -u +%Y-%m-%d), $(nproc) cores, heap $HEAP, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
  echo "$SOAK_MINUTES min, $CONNECTIONS connections paced at $DELAY_MS ms (at most $((CONNECTIONS * 1000 / DELAY_MS)) req/s), file loop every ${FILE_LOOP_SECONDS} s"
  echo
  echo "| | start | end |"
  echo "| --- | ---: | ---: |"
  echo "| heap after full GC (MiB) | $h0 | $h1 |"
  echo "| open file descriptors | $f0 | $f1 |"
  echo "| threads | $t0 | $t1 |"
  echo "| temporary files | $tf0 | $tf1 |"
  echo "| RSS (MiB) | $r0 | $r1 |"
  echo
  echo "p99 drift (first three windows -> last three): $drift. File loop: $file_total requests, $file_failed not 2xx."
  echo
  echo "| window | req/s | p50 ms | p99 ms | errors |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
} | tee "$BENCH/last-soak.md"
