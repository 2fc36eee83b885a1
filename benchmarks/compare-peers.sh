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
# TRACE_DIR [none]: also write, per run, the server's RSS every 100 ms (<run>.rss: epoch ms, KiB) and the run's
# progress lines with epoch ms (<run>.log), for benchmarks/rss-growth.py (catch-up memory growth).
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

TRACE_DIR=${TRACE_DIR:-}
[ -n "$TRACE_DIR" ] && mkdir -p "$TRACE_DIR"

# Follows whichever process listens on $1 and appends "epoch_ms rss_kib" to $2 every 100 ms.
trace_rss() {
  local port=$1 out=$2 pid=
  while true; do
    if [ -z "$pid" ] || [ ! -e "/proc/$pid" ]; then
      pid=$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    fi
    if [ -n "$pid" ]; then
      echo "$(date +%s%3N) $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" >> "$out"
    fi
    sleep 0.1
  done
}

# Runs "$@" with its stderr timestamped into $TRACE_DIR/$1.log and the RSS of the server on $PORT traced.
traced() {
  local name=$1 port=$2
  shift 2
  if [ -z "$TRACE_DIR" ]; then
    "$@"
    return
  fi
  trace_rss "$port" "$TRACE_DIR/$name.rss" &
  local tracer=$!
  "$@" 2> >(while IFS= read -r line; do echo "$(date +%s%3N) $line"; done > "$TRACE_DIR/$name.log")
  local rc=$?
  kill "$tracer" 2>/dev/null
  wait "$tracer" 2>/dev/null
  return $rc
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
          LABEL="herald db=$DB_DIR round=$round load=$load" PORT=3301 \
            traced "herald-$s-$round" 3301 "$here/measure-herald.sh" "$BENCH_DIR" || status=$? ;;
        node)
          LABEL="node-baseline db=$DB_DIR round=$round load=$load" PORT=3302 \
            traced "node-$s-$round" 3302 "$BENCH_DIR/node-baseline/measure.sh" || status=$? ;;
        netty)
          WS_COMPRESSION=false LABEL="netty-socketio db=$DB_DIR round=$round load=$load" PORT=3303 \
            traced "netty-$s-$round" 3303 "$BENCH_DIR/netty-socketio-peer/measure.sh" || status=$? ;;
        *)
          echo "unknown server $server" >&2; exit 2 ;;
      esac
    done
  done
done
exit $status
