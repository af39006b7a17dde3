#!/usr/bin/env bash
# Times the release app's screens on a large workspace (default 100,000 leads): builds the release
# app and the `scenario` command, then runs ui/e2e/perf.mjs (on a display and in a profile of its
# own). Prints figures; a benchmark, not a test (run it by hand; the test command does not).
#
#   scripts/perf.sh [leads]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
npm ci --prefix ui --no-audit --no-fund --loglevel=error
cargo build --release --bin scenario
ui/node_modules/.bin/tauri build --no-bundle
node ui/e2e/perf.mjs "${1:-100000}"
