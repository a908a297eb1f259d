#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind on a release build: repeatable
# on a busy machine where wall-clock numbers are not. Seeds N articles, starts Broadsheet
# under callgrind with instrumentation off, warms every URL, then for each scenario counts the
# instructions of REQUESTS requests (one keep-alive connection) and prints the average.
#
#   bench/reader/callgrind.sh [ARTICLES=1000] [REQUESTS=20]
#
# The background jobs (every 5 s) run on the same threads and, under valgrind's slowdown,
# land in some scenarios' counts (~0.3 M instructions a request in a 20-request window,
# mostly SQLite preparing the jobs' statements on pool connections that had not run
# them yet): each scenario is counted ROUNDS times (default 3) and the lowest is kept,
# and a second column counts the connection tasks alone (no SQLite worker threads).
# BIN_DIR overrides where the release binaries are (default: $CARGO_TARGET_DIR/release,
# built here). CG_KEEP=DIR keeps each scenario's profile there (read it with
# `callgrind_annotate --inclusive=yes DIR/article-signed-in.cg`).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000}"; REQS="${2:-20}"; ROUNDS="${ROUNDS:-3}"
PORT=18191
WORK="$(mktemp -d /tmp/broadsheet-callgrind.XXXXXX)"
. bench/reader/binaries.sh
DB="sqlite://$WORK/broadsheet.db"
"$BIN/bench_seed" "$DB" "$N" >/dev/null
cli() { "$BIN/broadsheet" --data-dir "$WORK" --database-url "$DB" "$@"; }
. bench/reader/common.sh
make_reader

cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  sleep 1; rm -rf "$WORK"
}
trap cleanup EXIT

BROADSHEET_LOG=warn valgrind --tool=callgrind --instr-atstart=no \
  --callgrind-out-file="$WORK/cg.%p" "$BIN/broadsheet" --data-dir "$WORK" \
  --database-url "$DB" serve --listen "127.0.0.1:$PORT" --no-demo >"$WORK/server.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
wait_until_up 750  # valgrind starts slowly

# A signed-in reader: the login form with its form token, then the session cookie.
COOKIE="$(reader_cookie "$BASE" "$WORK/jar")"

ARTICLE="$(curl -sf "$BASE/" | grep -A3 'class="lead-story"' | grep -o 'href="/[a-z]*/[^"]*"' | head -1 | cut -d'"' -f2)"
SECTION="/$(echo "$ARTICLE" | cut -d/ -f2)"
SEARCH="/search?q=harbour+ferry"

# name, url, extra curl arguments
SCENARIOS=(
  "article-signed-in|$ARTICLE|-H|$COOKIE"
  "home-signed-in|/|-H|$COOKIE"
  "section-signed-in|$SECTION|-H|$COOKIE"
  "search-signed-in|$SEARCH|-H|$COOKIE"
  "search-anonymous|$SEARCH"
  "article-anonymous-cached|$ARTICLE"
)

requests() {
  local url="$1" count="$2"; shift 2
  local urls=()
  for _ in $(seq 1 "$count"); do urls+=("$BASE$url"); done
  curl -s "$@" "${urls[@]}" >/dev/null
}

echo "== $N articles, $REQS requests a scenario, article $ARTICLE"
printf "%-26s %14s %14s\n" scenario "instr/request" "request task"
for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r -a f <<<"$s"
  name="${f[0]}"; url="${f[1]}"; extra=("${f[@]:2}")
  requests "$url" 3 "${extra[@]}"   # warm: statement caches, page cache, ad table
  best=""
  for _ in $(seq 1 "$ROUNDS"); do
    callgrind_control -z "$PID" >/dev/null 2>&1
    callgrind_control -i on "$PID" >/dev/null 2>&1
    requests "$url" "$REQS" "${extra[@]}"
    callgrind_control -i off "$PID" >/dev/null 2>&1
    rm -f "$WORK"/cg.*.*
    callgrind_control -d "$name" "$PID" >/dev/null 2>&1
    sleep 0.5
    total=0
    for f in "$WORK"/cg."$PID".*; do
      t="$(grep -m1 '^totals:' "$f" | awk '{print $2}')"; total=$((total + ${t:-0}))
    done
    if [ -z "$best" ] || [ "$total" -lt "$best" ]; then
      best="$total"
      cat "$WORK"/cg."$PID".* >"$WORK/$name.cg"
    fi
  done
  # The connection tasks alone: the request path without the SQLite worker threads
  # (which also run the jobs' statements), steadier from one run to the next.
  task="$(callgrind_annotate --inclusive=yes "$WORK/$name.cg" 2>/dev/null | awk '
    !found && /http::server::serve::\{\{closure\}\}::\{\{closure\}\} / { gsub(",", "", $1); print $1; found = 1 }')"
  printf "%-26s %14s %14s\n" "$name" "$((best / REQS))" "$((${task:-0} / REQS))"
  if [ -n "${CG_KEEP:-}" ]; then
    mkdir -p "$CG_KEEP"; cp "$WORK/$name.cg" "$CG_KEEP/$name.cg"
  fi
done
