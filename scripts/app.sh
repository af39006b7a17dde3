#!/usr/bin/env bash
# Installs what is missing, builds Scenario Studio and starts it.
#
# The desktop app (Tauri) is not built yet (issue 7). Until it is, this builds the `scenario`
# command-line tool, which shares the engine the app will use, and shows the built-in templates
# and its help. Pass arguments to run a CLI command instead, e.g. `scripts/app.sh validate FILE`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/setup.sh

cargo build --locked --release --bin scenario
bin="$repo/target/release/scenario"
if (($#)); then
  exec "$bin" "$@"
fi
"$bin" templates
echo
"$bin" --help
