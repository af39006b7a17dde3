#!/usr/bin/env bash
# Installs what is missing, builds the Scenario Studio desktop app and starts it.
# Pass arguments to run a command of the `scenario` CLI instead, e.g. `scripts/app.sh validate FILE`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/setup.sh

if (($#)); then
  cargo build --locked --release --bin scenario
  exec "$repo/target/release/scenario" "$@"
fi
npm ci --prefix ui --no-audit --no-fund --loglevel=error
ui/node_modules/.bin/tauri build --debug --no-bundle
exec "$repo/target/debug/scenario-studio"
