#!/usr/bin/env bash
# Sets up whatever is missing, builds Tandem, adds the demo data to an empty database and serves
# it at http://127.0.0.1:3000 (DATABASE_URL and LEPTOS_SITE_ADDR change where).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo leptos build
target/debug/tandem seed-demo
exec target/debug/tandem serve
