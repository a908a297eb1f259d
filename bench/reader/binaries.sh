# Sourced by the bench scripts: sets BIN to the release binaries' folder, building them
# first unless BIN_DIR names a folder that already holds them.
BIN="${BIN_DIR:-${CARGO_TARGET_DIR:-target}/release}"
if [ -z "${BIN_DIR:-}" ]; then
  echo "== building (release)" >&2
  cargo build --release -q -p broadsheet --bin broadsheet --bin bench_seed
fi
