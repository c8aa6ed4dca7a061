#!/usr/bin/env bash
# The export and import benchmark: build Orderly, start it on PostgreSQL, seed 1 000 000 products, and
# export the first 10 000, 100 000 and 1 000 000 of them (id__lte) to XLSX and CSV through HTTP, then import
# 100 000 new products from a CSV file. For each: seconds, rows/s and the peak heap after GC (from the JVM's
# own GC log, not RSS). The database's own ceiling is measured in the same run: COPY of the same rows.
# Prints one table (also written to bench/last-export.md). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
PORT=${BENCH_PORT:-18091}
BENCH_DB=${BENCH_DB:-orderly_export_bench}
SIZES=${SIZES:-10000 100000 1000000}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=$(mktemp -d /tmp/orderly-export-bench.XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[export-bench] $*" >&2; }

pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL does not answer on $PGHOST:$PGPORT"; exit 1; }
if [ -n "${BENCH_JAR:-}" ]; then JAR=$BENCH_JAR; else log "building"; mvn -B -q -DskipTests package; JAR=$ROOT/modules/app/target/orderly.jar; fi

export DEBUG=false SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
export POSTGRES_DB=$BENCH_DB POSTGRES_HOST=$PGHOST POSTGRES_PORT=$PGPORT POSTGRES_USER=$PGUSER
export HTTP_PORT=$PORT ALLOWED_HOSTS=localhost,127.0.0.1 DATA_DIR=$WORK/data LOG_DIR=$WORK/logs MEDIA_ROOT=$WORK/media
export THROTTLE_RATES="anon=1000000/second,user=1000000/second,export=1000000/second,login=1000000/second"
export MAX_IMPORT_SIZE=$((200 * 1024 * 1024)) REQUEST_TIMEOUT_MS=60000
HEAP=${HEAP:--Xms512m -Xmx512m}

log "preparing the database (1 000 000 products)"
dropdb --if-exists "$BENCH_DB" && createdb "$BENCH_DB"
java -jar "$JAR" migrate >"$WORK/migrate.log" 2>&1
psql -q -d "$BENCH_DB" -f "$BENCH/sql/export-seed.sql" >/dev/null
ORDERLY_SUPERUSER_PASSWORD=bench-password-4711 java -jar "$JAR" createsuperuser --username bench --email b@example.com >/dev/null 2>&1

java $HEAP -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" run >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = "200" ] && break; sleep 0.2
done
TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username": "bench", "password": "bench-password-4711"}' | sed -E 's/.*"access":"([^"]+)".*/\1/')

# the largest heap in use after a collection since line $1 of the GC log, in MiB
peak_heap() {
  tail -n +"$1" "$WORK/gc.log" | sed -nE 's/.*Pause.* ([0-9]+)M->([0-9]+)M\(.*/\2/p' | sort -n | tail -1
}
gc_lines() { wc -l <"$WORK/gc.log"; }

ROWS=()
measure() { # label rows url output
  local start end secs before
  before=$(($(gc_lines) + 1))
  start=$(date +%s.%N)
  code=$(curl -s -o "$4" -w '%{http_code}' "$3" -H "Authorization: Bearer $TOKEN")
  end=$(date +%s.%N)
  [ "$code" = "200" ] || { log "$1 answered $code: $(head -c 300 "$4")"; exit 1; }
  secs=$(echo "$end - $start" | bc -l)
  ROWS+=("| $1 | $2 | $(printf '%.2f' "$secs") | $(printf '%.0f' "$(echo "$2 / $secs" | bc -l)") | $(peak_heap "$before") | $(du -m "$4" | cut -f1) |")
}

log "warming up"
curl -s -o /dev/null "http://127.0.0.1:$PORT/api/products/export?format=csv&id__lte=50000" -H "Authorization: Bearer $TOKEN"
curl -s -o /dev/null "http://127.0.0.1:$PORT/api/products/export?format=xlsx&id__lte=20000" -H "Authorization: Bearer $TOKEN"
for n in $SIZES; do
  for format in csv xlsx; do
    log "export $n to $format"
    measure "export $format" "$n" "http://127.0.0.1:$PORT/api/products/export?format=$format&id__lte=$n" "$WORK/out.$format"
  done
  start=$(date +%s.%N)
  psql -q -d "$BENCH_DB" -c "\\copy (SELECT * FROM products WHERE id <= $n ORDER BY id) TO '/dev/null' WITH CSV HEADER"
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  ROWS+=("| ceiling: psql COPY to CSV | $n | $(printf '%.2f' "$secs") | $(printf '%.0f' "$(echo "$n / $secs" | bc -l)") | - | - |")
done

log "import of 100 000 new products"
python3 - "$WORK/import.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("\ufeffsku,name,category,unit_price,supplier_id,stock_quantity\r\n")
    for i in range(100000):
        f.write(f"IMP-{i:07d},Imported {i},tools,{(i % 9999) / 100:.2f},{1 + i % 100},{i % 50}\r\n")
PY
before=$(($(gc_lines) + 1))
start=$(date +%s.%N)
code=$(curl -s -o "$WORK/import.out" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/products/import" \
  -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/import.csv;type=text/csv")
end=$(date +%s.%N)
[ "$code" = "200" ] || { log "import answered $code: $(head -c 500 "$WORK/import.out")"; exit 1; }
secs=$(echo "$end - $start" | bc -l)
ROWS+=("| import csv (creates) | 100000 | $(printf '%.2f' "$secs") | $(printf '%.0f' "$(echo "100000 / $secs" | bc -l)") | $(peak_heap "$before") | $(du -m "$WORK/import.csv" | cut -f1) |")

{
  echo "Export benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, heap $HEAP, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "| scenario | rows | seconds | rows/s | peak heap after GC (MiB) | file (MiB) |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${ROWS[@]}"
} | tee "$BENCH/last-export.md"
