#!/usr/bin/env bash
# Builds Scenario Studio's Linux packages — a .deb and an .rpm holding the desktop app, the
# `scenario` command on PATH, the desktop entry (シナリオスタジオ) and its icons — and prints where
# they are and how large. Release builds by default; `scripts/package.sh --debug` packages a debug
# build instead (the package test does, reusing the end-to-end tests' build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/setup.sh

profile=release
cargo_flags=(--release)
tauri_flags=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_flags=()
  tauri_flags=(--debug)
fi
built="${CARGO_TARGET_DIR:-$repo/target}/$profile"

npm ci --prefix ui --no-audit --no-fund --loglevel=error
# The CLI goes into the packages as /usr/bin/scenario (tauri.conf.json, bundle.linux.*.files),
# from this fixed place, whatever the profile or target directory.
cargo build --locked "${cargo_flags[@]}" --bin scenario
mkdir -p "$repo/target/package"
cp "$built/scenario" "$repo/target/package/scenario"
ui/node_modules/.bin/tauri build "${tauri_flags[@]}" --bundles deb,rpm

echo
for f in "$built"/bundle/deb/*.deb "$built"/bundle/rpm/*.rpm; do
  printf '%s  %s\n' "$(du -h "$f" | cut -f1)" "$f"
done
