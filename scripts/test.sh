#!/usr/bin/env bash
# Runs every check: formatting, clippy per crate and feature set, unit tests, the integration
# tests on SQLite and on PostgreSQL, the browser journeys with JavaScript on and off, and the
# measurement suite in its quick mode.
# Installs and starts what it needs first; stops at the first failure with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "setting up"
scripts/setup.sh --with-tests
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=never

step "formatting"
cargo fmt --all --check

step "clippy"
cargo clippy -p domain --all-targets -- -D warnings
cargo clippy -p domain --features sea-orm -- -D warnings
cargo clippy -p migration --all-targets -- -D warnings
cargo clippy -p contract --all-targets -- -D warnings
cargo clippy -p contract --features ssr,server-fn --all-targets -- -D warnings
cargo clippy -p contract --features server-fn --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p backend --all-targets -- -D warnings
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p bench --all-targets -- -D warnings

step "unit tests"
cargo test -p domain
cargo test -p contract --features server-fn
cargo test -p backend
cargo test -p app --features ssr --lib
cargo test -p bench

step "integration tests on SQLite"
cargo test -p server

step "integration tests on PostgreSQL"
TANDEM_TEST_POSTGRES_URL=$(scripts/postgres.sh) cargo test -p server --test it

step "building the site"
cargo leptos build

step "browser journeys in Chromium (JavaScript on and off)"
(cd end2end && npx playwright test)

step "measurement suite, quick mode"
scripts/bench.sh --quick

step "all checks passed"
