#!/usr/bin/env bash
# Measures Herald with the shared load harness (bench/load/run-all.sh), the same protocol as the peers'
# measure.sh: a fresh server with a fresh database for every scenario and repetition. JSON lines go to stdout,
# progress and server logs to stderr.
#
#   benchmarks/measure-herald.sh BENCH_DIR                  # all scenarios, twice, DB on /dev/shm
#   DB_DIR=/var/tmp SCENARIOS=throughput REPEAT=3 benchmarks/measure-herald.sh BENCH_DIR
#
# BENCH_DIR is a writable copy of the shared bench folder with `npm ci` done in load/ (or set BENCH_DIR).
# Environment: DB_DIR [/dev/shm], REPEAT [2], SCENARIOS [all four], PORT [3000], IDLE_COUNTS [1000,5000,10000],
# JAVA [$JAVA_HOME/bin/java], HERALD_JAR [bootstrap/target/herald.jar],
# JAVA_OPTS [-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn32m, the small-host tuning of docs/performance.md; set it empty for plain java -jar],
# LABEL [herald db=$DB_DIR], THREAD_CPU [0]: 1 prints the server's CPU seconds per thread group (JIT compilers, GC,
# IO threads, ...) to stderr after each scenario; anything else (THROUGHPUT_R, CATCHUP_B, ...) is passed on to run-all.sh.
# Durability is Herald's default (full: an ack means the message is on disk), as SQLite's defaults in the peers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

BENCH_DIR=${1:-${BENCH_DIR:?usage: measure-herald.sh BENCH_DIR (a copy of the shared bench folder)}}
LOAD=$(cd "$BENCH_DIR/load" && pwd)
DB_DIR=${DB_DIR:-/dev/shm}
REPEAT=${REPEAT:-2}
PORT=${PORT:-3000}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
HERALD_JAR=${HERALD_JAR:-$root/bootstrap/target/herald.jar}
SCENARIOS=${SCENARIOS:-"throughput catchup reconnect-storm idle-conns"}
export IDLE_COUNTS=${IDLE_COUNTS:-1000,5000,10000}
export LABEL=${LABEL:-"herald db=$DB_DIR"}
DB="$DB_DIR/herald-bench.db"
read -r -a java_opts <<< "${JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn32m}"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

[ -f "$HERALD_JAR" ] || { echo "no $HERALD_JAR: build with mvn -o -q -DskipTests package" >&2; exit 2; }

# CPU seconds of the server's threads, grouped by name with digits dropped, busiest first.
thread_cpu() {
  for task in /proc/"$1"/task/*; do
    name=$(tr -d '0-9' < "$task/comm" | tr ' ' '_')
    rest=$(sed 's/.*) //' "$task/stat")
    echo "$name $(echo "$rest" | awk '{ print ($12 + $13) / 100 }')"
  done | awk '{ cpu[$1] += $2 } END { for (n in cpu) if (cpu[n] > 0) printf "%8.2f s  %s\n", cpu[n], n }' | sort -rn >&2
}

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

status=0
for rep in $(seq 1 "$REPEAT"); do
  for s in $SCENARIOS; do
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
    if curl -fs "http://127.0.0.1:$PORT/socket.io/?EIO=4&transport=polling" >/dev/null; then
      echo "port $PORT is already served by another process" >&2; exit 2
    fi
    "$JAVA" "${java_opts[@]}" -jar "$HERALD_JAR" --port "$PORT" --db "$DB" >&2 &
    server_pid=$!
    for _ in $(seq 1 100); do
      curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
      kill -0 "$server_pid" 2>/dev/null || { echo "server exited at start" >&2; exit 2; }
      sleep 0.2
    done
    echo "== rep $rep: $s (server pid $server_pid, db $DB, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    SCENARIOS=$s "$LOAD/run-all.sh" "http://127.0.0.1:$PORT" "$server_pid" || status=$?
    if [ "${THREAD_CPU:-0}" = 1 ]; then
      echo "== server CPU by thread after $s:" >&2
      thread_cpu "$server_pid"
    fi
    stop_server
  done
done
exit $status
