#!/usr/bin/env bash
# CPU per request, the issue's "render under half a millisecond" measured: seeds N
# articles, signs a reader in, then for each page drives the server with wrk (16
# connections) and reads the server process's own CPU time (user + system, all its
# threads, SQLite included) from /proc over 5 seconds of that load. Prints microseconds
# of server CPU per request; wrk's own CPU is not in it.
#
#   bench/reader/cpu_per_request.sh [ARTICLES=1000]
#
# BIN_DIR as for run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000}"
PORT=18184
WORK="$(mktemp -d /tmp/broadsheet-cpu.XXXXXX)"
. bench/reader/binaries.sh
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT

DB="sqlite://$WORK/broadsheet.db"
"$BIN/bench_seed" "$DB" "$N" >/dev/null
cli() { "$BIN/broadsheet" --data-dir "$WORK" --database-url "$DB" "$@"; }
. bench/reader/common.sh
make_reader
start_server "$PORT"
COOKIE="$(reader_cookie "$BASE" "$WORK/jar")"
ARTICLE="$(curl -sf "$BASE/" | grep -A3 'class="lead-story"' | grep -o 'href="/[a-z]*/[^"]*"' | head -1 | cut -d'"' -f2)"
SECTION="/$(echo "$ARTICLE" | cut -d/ -f2)"

# Server CPU seconds so far (fields 14 and 15 of /proc/PID/stat, in clock ticks).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.4f\n", ($14 + $15) / hz }' "/proc/$PID/stat"; }

# measure NAME URL [wrk args]: µs of server CPU per request under load.
measure() {
  local name="$1" url="$2"; shift 2
  wrk -t2 -c16 -d7s "$@" "$url" >"$WORK/wrk.out" 2>&1 &
  local load=$!
  sleep 1
  local before; before="$(cpu)"
  local started; started="$(date +%s.%N)"
  sleep 5
  local after; after="$(cpu)"
  local ended; ended="$(date +%s.%N)"
  wait "$load"
  local rps; rps="$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.out")"
  printf "%-22s %10.0f req/s %8.0f µs of server CPU per request\n" "$name" "$rps" \
    "$(echo "($after - $before) * 1000000 / ($rps * ($ended - $started))" | bc -l)"
}

echo "== $N articles, server CPU per request (wrk -t2 -c16, 5 s of each)"
measure "article, anonymous" "$BASE$ARTICLE"
measure "article, signed-in" "$BASE$ARTICLE" -H "$COOKIE"
measure "home, signed-in" "$BASE/" -H "$COOKIE"
measure "section, signed-in" "$BASE$SECTION" -H "$COOKIE"
measure "search, signed-in" "$BASE/search?q=harbour+ferry" -H "$COOKIE"
