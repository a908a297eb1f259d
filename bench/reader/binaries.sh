# Sourced by the bench scripts: sets BIN to the release binaries' folder, building them
# first unless BIN_DIR names a folder that already holds them.
BIN="${BIN_DIR:-${CARGO_TARGET_DIR:-target}/release}"
if [ -z "${BIN_DIR:-}" ]; then
  echo "== building (release)" >&2
  cargo build --release -q -p broadsheet --bin broadsheet --bin bench_seed --example bare_page
fi
# The bare axum server (crates/broadsheet/examples/bare_page.rs): cargo puts examples in
# release/examples; a BIN_DIR may hold it beside the others.
BARE="$BIN/examples/bare_page"
[ -x "$BARE" ] || BARE="$BIN/bare_page"
