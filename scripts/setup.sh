#!/usr/bin/env bash
# Installs what building and running Tandem needs, skipping whatever is already present.
# With --with-tests it also installs what the test suite needs (PostgreSQL).
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

with_tests=false
[ "${1:-}" = "--with-tests" ] && with_tests=true

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
