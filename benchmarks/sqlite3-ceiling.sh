#!/usr/bin/env bash
# The raw ceiling for the append benchmarks: the same rows (text + client offset, into the same table) inserted by
# the sqlite3 command-line tool in ONE transaction, WAL mode, with the same synchronous setting, on the same disk.
# Usage: benchmarks/sqlite3-ceiling.sh [rows] [FULL|NORMAL] [directory]
# Generated SQL and the database go to a temporary directory under [directory] and are deleted afterwards.
set -euo pipefail
rows="${1:-200000}"
synchronous="${2:-FULL}"
base="${3:-$(dirname "$0")/target}"
command -v sqlite3 >/dev/null || { echo "sqlite3 command-line tool not found" >&2; exit 1; }
mkdir -p "$base"
work="$(mktemp -d "$base/sqlite3-ceiling.XXXXXX")"
trap 'rm -rf "$work"' EXIT
migration="$(dirname "$0")/../adapters-persistence/src/main/resources/db/migration/V1__create_messages.sql"

{
  echo "PRAGMA journal_mode=WAL;"
  echo "PRAGMA synchronous=$synchronous;"
  cat "$migration"
} | sqlite3 "$work/ceiling.db" >/dev/null

{
  echo "PRAGMA synchronous=$synchronous;"
  echo "BEGIN;"
  awk -v n="$rows" 'BEGIN { for (i = 0; i < n; i++)
    printf "INSERT INTO messages (client_offset, content) VALUES (%c%s%d%c, %cbenchmark message %s%d%c) ON CONFLICT (client_offset) DO NOTHING RETURNING id;\n", 39, "p1-", i, 39, 39, "p1-", i, 39 }'
  echo "COMMIT;"
} > "$work/inserts.sql"

start=$(date +%s.%N)
sqlite3 "$work/ceiling.db" < "$work/inserts.sql" > /dev/null
end=$(date +%s.%N)
stored=$(sqlite3 "$work/ceiling.db" "SELECT count(*) FROM messages;")
awk -v rows="$stored" -v s="$start" -v e="$end" -v sync="$synchronous" -v v="$(sqlite3 --version | cut -d' ' -f1)" \
  'BEGIN { printf "sqlite3 %s, synchronous=%s: %d rows in one transaction in %.3f s = %.0f rows/s\n", v, sync, rows, e - s, rows / (e - s) }'
