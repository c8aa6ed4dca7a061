#!/usr/bin/env bash
# Before/after on the same machine and data: builds the jar of <rev> (default: the first parent of HEAD)
# and of the working tree, then runs the read scenarios of bench/run.sh (BENCH_ONLY=reads) on each,
# alternating before and after (ROUNDS rounds, default 2), and prints the tables. Usage: bash bench/compare.sh [rev]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REV=${1:-HEAD~1}
WORK=$(mktemp -d /tmp/orderly-compare.XXXXXX)
trap 'git worktree remove --force "$WORK/before" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

echo "[compare] building $REV" >&2
git worktree add -q --detach "$WORK/before" "$REV"
(cd "$WORK/before" && mvn -B -q -DskipTests package) && cp "$WORK/before/modules/app/target/orderly.jar" "$WORK/before.jar"
echo "[compare] building the working tree" >&2
mvn -B -q -DskipTests package && cp modules/app/target/orderly.jar "$WORK/after.jar"

for round in $(seq 1 "${ROUNDS:-2}"); do
  for side in before after; do
    echo "[compare] round $round: $side" >&2
    BENCH_ONLY=reads BENCH_JAR="$WORK/$side.jar" BENCH_OUT="$WORK/$side-$round.md" bash "$ROOT/bench/run.sh" >/dev/null
  done
done
for round in $(seq 1 "${ROUNDS:-2}"); do
  for side in before after; do
    echo "### $side ($( [ $side = before ] && git rev-parse --short "$REV" || echo "working tree at $(git rev-parse --short HEAD)" )), round $round"
    echo
    cat "$WORK/$side-$round.md"
    echo
  done
done
