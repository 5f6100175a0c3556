#!/usr/bin/env bash
# Installs what building and running Tandem needs, skipping whatever is already present.
# With --with-tests it also installs what the test suite needs (PostgreSQL, and the load driver
# oha for the measurement suite's quick mode); with --with-bench, also binaryen's wasm-opt for
# release builds. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

with_tests=false
with_bench=false
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=true ;;
    --with-bench) with_tests=true; with_bench=true ;;
    *) echo "usage: $0 [--with-tests] [--with-bench]" >&2; exit 2 ;;
  esac
done

log() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium for the browser tests, Node.js for Playwright, PostgreSQL for tests.
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if $with_tests && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if [ ${#packages[@]} -gt 0 ]; then
  log "installing Debian packages: ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Rust: the wasm target for the browser bundle.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos 0.3.10: newer releases need a newer rustc; no_downloads keeps it offline.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  log "installing cargo-leptos 0.3.10 (takes about ten minutes, once)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wbg_version}$"; then
  log "installing wasm-bindgen-cli ${wbg_version}"
  cargo install wasm-bindgen-cli --version "${wbg_version}" --force
fi

# Playwright from npm, driving Debian's Chromium (its own browser download is skipped).
if [ ! -d end2end/node_modules/@playwright/test ]; then
  log "installing the browser-test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# The load driver of the measurement suite, from crates.io.
if $with_tests && ! oha --version 2>/dev/null | grep -q ' 1\.16\.0$'; then
  log "installing the load driver oha 1.16.0 (a few minutes, once)"
  cargo install oha --version 1.16.0 --locked
fi

# wasm-opt from npm's binaryen: cargo-leptos runs it on the wasm of a release build.
if $with_bench && [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  log "installing binaryen's wasm-opt"
  (cd tools && npm ci --no-audit --no-fund)
fi
