# Sourced by the bench scripts (after binaries.sh, with WORK and DB set).
#
# `start_server PORT [serve options]` starts the release server on the seeded database,
# sets PID and BASE, and waits until it answers. `wait_until_up TRIES` is that wait.
# `reader_cookie BASE JAR` signs the bench reader (reader@bench.example, made by
# `make_reader`) in through the login form, with its form token, and prints the Cookie
# header that carries the session: a signed-in reader's pages are never cached whole.
# `make_reader` needs the script's `cli` function.
READER_EMAIL="reader@bench.example"
READER_PASSWORD="bench-reader-password"

make_reader() {
  echo "$READER_PASSWORD" | cli user create --email "$READER_EMAIL" \
    --name "Bench Reader" --role reader --password-stdin >/dev/null
}

reader_cookie() {
  local base="$1" jar="$2" csrf session
  csrf="$(curl -sf -c "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)"
  curl -sf -b "$jar" -c "$jar" -o /dev/null -H "Origin: $base" \
    --data-urlencode "csrf=$csrf" --data-urlencode "next=/" \
    --data-urlencode "email=$READER_EMAIL" --data-urlencode "password=$READER_PASSWORD" \
    "$base/login"
  session="$(awk '$6 == "bs_session" { print $7 }' "$jar")"
  [ -n "$session" ] || { echo "could not sign the bench reader in" >&2; return 1; }
  echo "Cookie: bs_session=$session; bs_csrf=$csrf"
}

wait_until_up() {
  for _ in $(seq 1 "$1"); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.2; done
}

start_server() {
  local port="$1"; shift
  BROADSHEET_LOG=warn "$BIN/broadsheet" --data-dir "$WORK" --database-url "$DB" \
    serve --listen "127.0.0.1:$port" --no-demo "$@" >"$WORK/server.log" 2>&1 &
  PID=$!
  BASE="http://127.0.0.1:$port"
  wait_until_up 100
}
