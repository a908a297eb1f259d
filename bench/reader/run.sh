#!/usr/bin/env bash
# Reader-site benchmark: seeds N articles, starts Broadsheet (release) and nginx serving
# the same article HTML as a static file, drives both with wrk on loopback, and prints
# requests/s and p50/p99 latency per scenario with the ratio to nginx, then the hot story:
# the same article read while comments are posted to it (20 and 100 a second).
#
#   bench/reader/run.sh [ARTICLES=1000] [SECONDS=10] [CONNECTIONS=64] [THREADS=2]
#
# COMMENTS=M also seeds M comments (20,000 of them on one article, read as the `thread`
# scenario); the server's peak RSS is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000}"; SECS="${2:-10}"; CONNS="${3:-64}"; THREADS="${4:-2}"
BS_PORT=18181; NGINX_PORT=18182; BARE_PORT=18183
WORK="$(mktemp -d /tmp/broadsheet-bench.XXXXXX)"

need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# BIN_DIR: release binaries built elsewhere (e.g. an older commit, for a before/after run).
. bench/reader/binaries.sh
. bench/reader/common.sh

echo "== seeding $N articles${COMMENTS:+ and $COMMENTS comments} into $WORK"
DB="sqlite://$WORK/broadsheet.db"
SEED_START=$(date +%s)
"$BIN/bench_seed" "$DB" "$N" ${COMMENTS:-} | tee "$WORK/seeded"
echo "   seeded in $(( $(date +%s) - SEED_START )) s"
THREAD="$(awk '$1 == "thread" { print $2 }' "$WORK/seeded")"

cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${BARE_PID:-}" ] && kill "$BARE_PID" 2>/dev/null || true
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT

echo "== starting Broadsheet on 127.0.0.1:$BS_PORT"
# The hot-story poster writes 100 comments a second from one account and address.
start_server "$BS_PORT" --rate-limit-scale 1000

ARTICLE="$(curl -sf "$BASE/" | grep -A3 'class="lead-story"' | grep -o 'href="/[a-z]*/[^"]*"' | head -1 | cut -d'"' -f2)"
SECTION="/$(echo "$ARTICLE" | cut -d/ -f2)"
ARTICLE_ID="$(curl -sf "$BASE$ARTICLE" | grep -o 'data-stream="/api/v1/articles/[0-9]*' | grep -o '[0-9]*$')"
echo "   article $ARTICLE (id $ARTICLE_ID), section $SECTION"
cli() { "$BIN/broadsheet" --data-dir "$WORK" --database-url "$DB" "$@"; }
echo "bench-password-for-posting" | cli user create --email poster@bench.example \
  --name "Bench Poster" --role editor --password-stdin >/dev/null
TOKEN="$(cli token create --email poster@bench.example --name bench | tail -1)"
# A signed-in reader: their pages are never cached.
make_reader
SIGNED_IN="$(reader_cookie "$BASE" "$WORK/jar")"

echo "== starting nginx on 127.0.0.1:$NGINX_PORT with the same article HTML"
mkdir -p "$WORK/www"
curl -sf "$BASE$ARTICLE" >"$WORK/www/article.html"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
mkdir -p "$WORK/tmp"
"$NGINX" -c "$WORK/nginx.conf"
sleep 0.5

# One wrk run; prints "req/s p50 p99" (latencies in ms).
run() {
  local url="$1"; shift
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$@" "$url" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    $1=="50%" { p50=ms($2) }
    $1=="99%" { p99=ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

echo "== wrk: $THREADS threads, $CONNS connections, ${SECS}s each, loopback"
curl -sf "$BASE$ARTICLE" >/dev/null; curl -sf "$BASE/" >/dev/null; curl -sf "$BASE$SECTION" >/dev/null
declare -A R
R[nginx]="$(run "http://127.0.0.1:$NGINX_PORT/article.html")"
# The ceiling for any Rust server here: bare axum answering with the same bytes.
if [ -x "$BARE" ]; then
  "$BARE" "$WORK/www/article.html" "127.0.0.1:$BARE_PORT" &
  BARE_PID=$!
  sleep 0.5
  R[bare]="$(run "http://127.0.0.1:$BARE_PORT/")"
  kill "$BARE_PID"; BARE_PID=
fi
R[cached]="$(run "$BASE$ARTICLE")"
# A signed-in reader's session cookie bypasses the page cache: a full render.
R[uncached]="$(run "$BASE$ARTICLE" -H "$SIGNED_IN")"
R[home]="$(run "$BASE/")"
R[home_signed_in]="$(run "$BASE/" -H "$SIGNED_IN")"
R[section]="$(run "$BASE$SECTION")"
R[section_signed_in]="$(run "$BASE$SECTION" -H "$SIGNED_IN")"
R[search]="$(run "$BASE/search?q=harbour+ferry")"
R[search_signed_in]="$(run "$BASE/search?q=harbour+ferry" -H "$SIGNED_IN")"
SCENARIOS="nginx ${R[bare]:+bare }cached uncached home home_signed_in section section_signed_in search search_signed_in"
if [ -n "$THREAD" ]; then
  curl -sf "$BASE$THREAD" >/dev/null
  R[thread]="$(run "$BASE$THREAD")"
  R[thread_signed_in]="$(run "$BASE$THREAD" -H "$SIGNED_IN")"
  SCENARIOS="$SCENARIOS thread thread_signed_in"
fi
# The hot story: the same article read while comments arrive at it through the API.
hot() {
  local rate="$1"
  python3 bench/reader/post_comments.py "$BASE" "$ARTICLE_ID" "$TOKEN" "$rate" "$SECS" >"$WORK/posted-$rate" &
  local poster=$!
  R[hot$rate]="$(run "$BASE$ARTICLE")"
  wait "$poster"
  POSTED[$rate]="$(cat "$WORK/posted-$rate")"
}
declare -A POSTED
R[quiet]="$(run "$BASE$ARTICLE")"
hot 20
hot 100

NGINX_RPS="$(echo "${R[nginx]}" | cut -d' ' -f1)"
printf "\n%-26s %10s %9s %9s %9s\n" "scenario ($N articles)" "req/s" "p50 ms" "p99 ms" "vs nginx"
for k in $SCENARIOS quiet hot20 hot100; do
  read -r rps p50 p99 <<<"${R[$k]}"
  printf "%-26s %10s %9s %9s %8.2fx\n" "$k" "$rps" "$p50" "$p99" "$(echo "$rps / $NGINX_RPS" | bc -l)"
done
QUIET_RPS="$(echo "${R[quiet]}" | cut -d' ' -f1)"
for rate in 20 100; do
  HOT_RPS="$(echo "${R[hot$rate]}" | cut -d' ' -f1)"
  printf "hot story, %3s comments/s target (%s): %.2fx the quiet article\n" \
    "$rate" "${POSTED[$rate]}" "$(echo "$HOT_RPS / $QUIET_RPS" | bc -l)"
done
echo "peak RSS of Broadsheet: $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$PID/status")"
echo
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
