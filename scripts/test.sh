#!/usr/bin/env bash
# Installs what is missing, then runs every check and test of Scenario Studio. Fails on the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy (warnings are errors)"
cargo clippy --locked --all-targets -- -D warnings

step "npm packages the tests use (bpmn-moddle checks every exported BPMN file)"
npm ci --prefix tests/bpmn --no-audit --no-fund --loglevel=error

step "the OMG BPMN 2.0 schema the tests validate exports against"
scripts/fetch-bpmn-xsd.sh

step "engine and CLI tests"
cargo test --locked

step "the shipped templates validate through the CLI"
cargo run --locked --quiet --bin scenario -- validate assets/templates/*.json

echo
echo "All checks passed."
