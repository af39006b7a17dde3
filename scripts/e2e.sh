#!/usr/bin/env bash
# Builds the desktop app (debug, with the frontend embedded) and the `scenario` command (which seeds
# each test file's workspace), then runs the end-to-end tests: the real window driven through
# tauri-driver and WebKitWebDriver, each test file with its own Xvfb, throwaway HOME and workspace
# (ui/e2e/harness.mjs). SCREENSHOTS=DIR also saves the screens the tests visit (docs/screenshots
# holds the committed ones); an argument runs only the test files whose names contain it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
npm ci --prefix ui --no-audit --no-fund --loglevel=error
ui/node_modules/.bin/tauri build --debug --no-bundle
cargo build --locked --bin scenario
# The binaries are where cargo put them: target/, or CARGO_TARGET_DIR when it is set.
built="${CARGO_TARGET_DIR:-$repo/target}/debug"
E2E_CLI="$built/scenario" node ui/e2e/run.mjs "$built/scenario-studio" "${1:-}"
