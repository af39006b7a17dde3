#!/usr/bin/env bash
# Draws every template and every diagram of tests/fixtures/diagrams as bpmn-js (bpmn.io, Camunda
# Modeler) draws our BPMN export, into docs/bpmn/*.png, and fails if a drawing has a problem (a
# flow through a shape or a label, flows sharing a line, text bigger than its label's bounds).
# Installs Chromium and the CJK and emoji fonts if they are missing. Not part of the test suite:
# it needs a browser; the suite's tests/bpmn/diagram.mjs checks the same files without one.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo/scripts/setup.sh"

missing=()
for pkg in chromium fonts-noto-cjk fonts-noto-color-emoji; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci --prefix "$repo/scripts/bpmn-pictures" --no-audit --no-fund >/dev/null

cargo build --locked --quiet --bin scenario --manifest-path "$repo/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in "$repo"/assets/templates/*.json "$repo"/tests/fixtures/diagrams/*.json; do
  "$repo/target/debug/scenario" export --to bpmn "$file" > "$work/$(basename "$file" .json).bpmn"
done
out="$repo/docs/bpmn"
mkdir -p "$out"
node "$repo/scripts/bpmn-pictures/render.mjs" --out "$out" "$work"/*.bpmn
