#!/usr/bin/env bash
# One node against a cluster of two: build Orderly, seed the benchmark data set on PostgreSQL, then measure
# GET by id (response cache off, so every request reaches an entity service) on one node running every
# role, on the same node as a cluster of one (the clustered bus's own cost), and on two clustered nodes
# running every role, wrk against each node's port at once (a load
# balancer's work, one port per node). Prints one table (also written to bench/last-cluster.md). On one
# machine both nodes share its cores, so the ratio shows what the cluster costs there, not how it scales
# across machines. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
export LUA_DIR=$BENCH/lua

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-32}
PORT_A=${BENCH_PORT:-18093}
PORT_B=$((PORT_A + 1))
BENCH_DB=${BENCH_DB:-orderly_cluster_bench}
REDIS_DB=${BENCH_REDIS_DB:-7}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}

WORK=$(mktemp -d /tmp/orderly-cluster-bench.XXXXXX)
PIDS=()
stop_nodes() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
cleanup() { stop_nodes; rm -rf "$WORK"; }
trap cleanup EXIT
log() { echo "[cluster-bench] $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL does not answer on $PGHOST:$PGPORT"; exit 1; }
[ "$(redis-cli -h 127.0.0.1 ping 2>/dev/null)" = "PONG" ] || { log "Redis does not answer on 127.0.0.1:6379"; exit 1; }
if [ -n "${BENCH_JAR:-}" ]; then JAR=$BENCH_JAR; else log "building"; mvn -B -q -DskipTests package; JAR=$ROOT/modules/app/target/orderly.jar; fi

export DEBUG=false SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
export POSTGRES_DB=$BENCH_DB POSTGRES_HOST=$PGHOST POSTGRES_PORT=$PGPORT POSTGRES_USER=$PGUSER
export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB CACHE_ENABLED=false ALLOWED_HOSTS=localhost,127.0.0.1
export THROTTLE_RATES="anon=1000000/second,user=1000000/second,approval=1000000/second,export=1000000/second,login=1000000/second"
export CLUSTER_NAME=cluster-bench CLUSTER_MEMBERS=127.0.0.1:15801,127.0.0.1:15802
# the clustered event bus runs mutual TLS, as in production (stores made for this run only)
export CLUSTER_TLS_PASSWORD=cluster-bench-tls
CLUSTER_TLS_PASSWORD=$CLUSTER_TLS_PASSWORD "$ROOT/docker/cluster-tls.sh" "$WORK/tls" 2>/dev/null
export CLUSTER_TLS_KEYSTORE=$WORK/tls/node.p12 CLUSTER_TLS_TRUSTSTORE=$WORK/tls/trust.p12
export CLUSTER_TLS_KEYSTORE_PASSWORD=$CLUSTER_TLS_PASSWORD CLUSTER_TLS_TRUSTSTORE_PASSWORD=$CLUSTER_TLS_PASSWORD

log "preparing the database (bench/seed.sql)"
dropdb --if-exists "$BENCH_DB" && createdb "$BENCH_DB"
java -jar "$JAR" migrate >"$WORK/migrate.log" 2>&1
psql -q -d "$BENCH_DB" -f "$BENCH/seed.sql" >/dev/null
ORDERLY_SUPERUSER_PASSWORD=bench-password-4711 java -jar "$JAR" createsuperuser --username bench --email b@example.com >/dev/null 2>&1
redis-cli -n "$REDIS_DB" FLUSHDB >/dev/null

start_node() { # name http-port cluster(true|false) cluster-port
  mkdir -p "$WORK/$1"
  (cd "$WORK/$1" && HTTP_PORT=$2 CLUSTER=$3 CLUSTER_PORT=$4 DATA_DIR=$WORK/$1/data LOG_DIR=$WORK/$1/logs \
    exec java $JAVA_OPTS -jar "$JAR" run >"$WORK/$1/out.log" 2>&1) &
  PIDS+=($!)
}
wait_ready() { # port
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready")" = "200" ] && return 0; sleep 0.2
  done
  log "node on $1 not ready"; tail -20 "$WORK"/*/out.log >&2; exit 1
}
login() {
  curl -s -X POST "http://127.0.0.1:$1/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username": "bench", "password": "bench-password-4711"}' | sed -n 's/.*"access" *: *"\([^"]*\)".*/\1/p'
}
# wrk on each port at once, CONNECTIONS split between them; prints "total_rps worst_p99"
measure() {
  local ports=("$@") n=$# i=0
  for port in "${ports[@]}"; do
    TOKEN=$(login "$port") wrk -t1 -c$((CONNECTIONS / n)) -d"${WARMUP}s" --timeout 30s -s "$LUA_DIR/get_by_id.lua" "http://127.0.0.1:$port" >/dev/null 2>&1 &
  done
  wait
  for port in "${ports[@]}"; do
    TOKEN=$(login "$port") wrk -t1 -c$((CONNECTIONS / n)) -d"${DURATION}s" --timeout 30s --latency -s "$LUA_DIR/get_by_id.lua" \
      "http://127.0.0.1:$port" 2>&1 | awk '/^RESULT/ {print $2, $4, $5}' >"$WORK/wrk.$i" &
    i=$((i + 1))
  done
  wait
  cat "$WORK"/wrk.* | awk '{rps += $1; if ($2 > p99) p99 = $2; errors += $3} END {printf "%.1f %.2f %d\n", rps, p99, errors}'
  rm -f "$WORK"/wrk.*
}

log "one node, every role, no cluster"
start_node one "$PORT_A" false 15801
wait_ready "$PORT_A"
read -r one_rps one_p99 one_errors <<<"$(measure "$PORT_A")"
stop_nodes

# the clustered bus's own cost, apart from two JVMs splitting the cores: a cluster of one
log "one clustered node, every role"
CLUSTER_MEMBERS=127.0.0.1:15801 start_node solo "$PORT_A" true 15801
wait_ready "$PORT_A"
read -r solo_rps solo_p99 solo_errors <<<"$(measure "$PORT_A")"
stop_nodes

log "two clustered nodes, every role each"
start_node a "$PORT_A" true 15801
start_node b "$PORT_B" true 15802
wait_ready "$PORT_A"; wait_ready "$PORT_B"
read -r two_rps two_p99 two_errors <<<"$(measure "$PORT_A" "$PORT_B")"
stop_nodes

ratio() { awk -v a="$1" -v b="$one_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
{
  echo "Cluster benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
  echo "GET product by id, response cache off, $CONNECTIONS connections in all, ${DURATION} s after ${WARMUP} s of warm-up"
  echo
  echo "| setup | req/s | worst p99 ms | errors | ratio to one node |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "| one node, every role | $one_rps | $one_p99 | $one_errors | 1.00 |"
  echo "| one clustered node, every role (a cluster of one) | $solo_rps | $solo_p99 | $solo_errors | $(ratio "$solo_rps") |"
  echo "| two clustered nodes, every role, wrk on both ports | $two_rps | $two_p99 | $two_errors | $(ratio "$two_rps") |"
} | tee "$BENCH/last-cluster.md"
