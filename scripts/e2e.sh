#!/usr/bin/env bash
# Builds the desktop app (debug, with the frontend embedded) and runs its end-to-end tests: the real
# window driven through tauri-driver and WebKitWebDriver under Xvfb. SCREENSHOTS=DIR also saves the
# screens the tests visit (docs/screenshots holds the committed ones).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
npm ci --prefix ui --no-audit --no-fund --loglevel=error
ui/node_modules/.bin/tauri build --debug --no-bundle
xvfb-run -a -s '-screen 0 1280x800x24' node ui/e2e/run.mjs target/debug/scenario-studio-app
