#!/usr/bin/env bash
# Herald and the two peers (the Node tutorial server, netty-socketio) back to back on this machine, alternating
# server by server within each round, each with a fresh server and database per scenario, the database in the same
# place (DB_DIR) and with the same durability (an ack means the message is on disk). JSON lines go to stdout; each
# label carries the server, the round and the 1-minute load average when the run started.
#
#   benchmarks/compare-peers.sh BENCH_DIR
#   ROUNDS=3 SCENARIOS=throughput DB_DIR=/var/tmp THROUGHPUT_R=500 benchmarks/compare-peers.sh BENCH_DIR
#
# BENCH_DIR is a writable copy of the shared bench folder, installed as its README says (npm ci in load/ and
# node-baseline/, mvn package in netty-socketio-peer/).
# Environment: ROUNDS [2], SCENARIOS [throughput], SERVERS [herald node netty], DB_DIR [/dev/shm],
# MAX_LOAD [1.0]: before each run wait (at most WAIT_S [900] s) until the 1-minute load average is below it,
# JAVA [$JAVA_HOME/bin/java]; THROUGHPUT_*, CATCHUP_B, IDLE_COUNTS ... are passed on to run-all.sh.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=$(cd "${1:-${BENCH_DIR:?usage: compare-peers.sh BENCH_DIR}}" && pwd)
ROUNDS=${ROUNDS:-2}
SCENARIO_LIST=${SCENARIOS:-throughput}
SERVERS=${SERVERS:-"herald node netty"}
export DB_DIR=${DB_DIR:-/dev/shm}
MAX_LOAD=${MAX_LOAD:-1.0}
WAIT_S=${WAIT_S:-900}
export JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
export REPEAT=1

wait_for_quiet() {
  local waited=0
  while awk -v max="$MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg; do
    if [ "$waited" -ge "$WAIT_S" ]; then
      echo "load still $(cut -d' ' -f1 /proc/loadavg) after ${WAIT_S}s; measuring anyway (see the label)" >&2
      return
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

status=0
for round in $(seq 1 "$ROUNDS"); do
  for s in $SCENARIO_LIST; do
    for server in $SERVERS; do
      wait_for_quiet
      load=$(cut -d' ' -f1 /proc/loadavg)
      export SCENARIOS=$s
      case "$server" in
        herald)
          LABEL="herald db=$DB_DIR round=$round load=$load" PORT=3301 "$here/measure-herald.sh" "$BENCH_DIR" || status=$? ;;
        node)
          LABEL="node-baseline db=$DB_DIR round=$round load=$load" PORT=3302 "$BENCH_DIR/node-baseline/measure.sh" || status=$? ;;
        netty)
          WS_COMPRESSION=false LABEL="netty-socketio db=$DB_DIR round=$round load=$load" PORT=3303 \
            "$BENCH_DIR/netty-socketio-peer/measure.sh" || status=$? ;;
        *)
          echo "unknown server $server" >&2; exit 2 ;;
      esac
    done
  done
done
exit $status
