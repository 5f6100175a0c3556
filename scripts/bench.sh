#!/usr/bin/env bash
# Runs the measurement suite and writes a Markdown report under target/bench/.
#
#   scripts/bench.sh           release build; 50 tenants, 100,000 incidents and 1,000,000 timeline
#                              entries on SQLite and on PostgreSQL; 1,000 live subscribers; and
#                              the README's test command timed (add --skip-test-command to leave
#                              that out). About 7 minutes on two cores without the tests, once built.
#   scripts/bench.sh --quick   the same steps, short, on a small database, with the debug build the
#                              test command made: checks the suite still works (the test command
#                              runs it); its figures are not to be quoted.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
time_tests=true
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick; time_tests=false ;;
    --skip-test-command) time_tests=false ;;
    *) echo "usage: $0 [--quick] [--skip-test-command]" >&2; exit 2 ;;
  esac
done

if [ "$mode" = full ]; then scripts/setup.sh --with-bench; else scripts/setup.sh --with-tests; fi
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=never
work=target/bench
mkdir -p "$work"

test_seconds=()
if $time_tests; then
  echo "==> timing the README's test command (scripts/test.sh)"
  started=$(date +%s%3N)
  scripts/test.sh
  elapsed=$(( $(date +%s%3N) - started ))
  test_seconds=(--test-command-seconds "$(( elapsed / 1000 )).$(printf '%03d' $(( elapsed % 1000 )))")
fi

if [ "$mode" = full ]; then
  echo "==> release build (the wasm is optimised by binaryen's wasm-opt, assets precompressed)"
  cargo leptos build --release --precompress
  cargo build --release -p bench
  tandem=target/release/tandem
  bench=target/release/tandem-bench
  build=release
else
  [ -x target/debug/tandem ] && [ -f target/site/pkg/tandem.wasm ] || cargo leptos build
  cargo build -p bench
  tandem=target/debug/tandem
  bench=target/debug/tandem-bench
  build=debug
fi

# A fresh PostgreSQL database for each run.
admin=$(scripts/postgres.sh)
database="tandem_bench_$mode"
psql "$admin" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)"
psql "$admin" -qc "CREATE DATABASE $database"

# A thousand live streams need a thousand sockets on each side of the loopback.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

quick=()
[ "$mode" = quick ] && quick=(--quick)
"$bench" run "${quick[@]}" --tandem "$tandem" --site-root target/site --build "$build" \
  --postgres-url "${admin%/*}/$database" --work "$work" "${test_seconds[@]}"
