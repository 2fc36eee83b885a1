#!/usr/bin/env bash
# Server and client CPU per replayed message, by the server's thread groups (docs/performance.md, "Catch-up"):
# prefills a database once with the harness's catchup scenario (BACKLOG messages), then starts Herald on a fresh copy
# of it and replays the whole backlog RUNS times to a client from offset 0 (benchmarks/catchup-cpu.js). One JSON
# line per run, then a summary line over runs 2..RUNS.
#
#   benchmarks/catchup-cpu.sh BENCH_DIR
#   HERALD_JAR=/path/to/other.jar RUNS=9 benchmarks/catchup-cpu.sh BENCH_DIR
#
# Environment: HERALD_JAR [bootstrap/target/herald.jar], JAVA [$JAVA_HOME/bin/java], JAVA_OPTS [the small-host
# options, as measure-herald.sh], PORT [3000], BACKLOG [100000], RUNS [6], DB_DIR [/dev/shm]; the prefilled database
# is kept as $DB_DIR/herald-catchup-cpu-$BACKLOG.db for later runs (delete it to prefill again).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BENCH_DIR=$(cd "${1:?usage: catchup-cpu.sh BENCH_DIR (a copy of the shared bench folder, npm ci done in load/)}" && pwd)
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
HERALD_JAR=${HERALD_JAR:-$root/bootstrap/target/herald.jar}
read -r -a java_opts <<< "${JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn32m}"
PORT=${PORT:-3000}
BACKLOG=${BACKLOG:-100000}
RUNS=${RUNS:-6}
DB_DIR=${DB_DIR:-/dev/shm}
SOURCE="$DB_DIR/herald-catchup-cpu-$BACKLOG.db"
DB="$DB_DIR/herald-catchup-cpu-run.db"

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

start_server() {
  "$JAVA" "${java_opts[@]}" -jar "$HERALD_JAR" --port "$PORT" --db "$1" > /dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null && return
    kill -0 "$server_pid" 2> /dev/null || { echo "server exited at start" >&2; exit 2; }
    sleep 0.2
  done
  echo "server not ready" >&2
  exit 2
}

if [ ! -f "$SOURCE" ]; then
  echo "prefilling $SOURCE with $BACKLOG messages" >&2
  start_server "$SOURCE"
  (cd "$BENCH_DIR/load" && node bench.js catchup -q --url "http://127.0.0.1:$PORT" -B "$BACKLOG" > /dev/null)
  stop_server
fi
rows=$(( $(sqlite3 "$SOURCE" 'SELECT count(*) FROM messages') ))
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$SOURCE" "$DB"
start_server "$DB"
echo "load $(cut -d' ' -f1-3 /proc/loadavg), $rows messages, $HERALD_JAR" >&2
node "$here/catchup-cpu.js" "$BENCH_DIR" "http://127.0.0.1:$PORT" "$server_pid" "$rows" "$RUNS"
