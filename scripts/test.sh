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

step "npm packages the tests use (bpmn-moddle, bpmnlint and mermaid 9, 10, 11 read every exported diagram)"
npm ci --prefix tests/bpmn --no-audit --no-fund --loglevel=error

step "the OMG BPMN 2.0 schema the tests validate exports against"
scripts/fetch-bpmn-xsd.sh

step "engine and CLI tests"
cargo test --locked

step "the shipped templates validate through the CLI"
cargo run --locked --quiet --bin scenario -- validate assets/templates/*.json

step "desktop app: TypeScript bindings are fresh and the UI type-checks"
npm ci --prefix ui --no-audit --no-fund --loglevel=error
npm --prefix ui run --silent bindings:check
(cd ui && npx tsc --noEmit)

step "desktop app: frontend unit tests (vitest)"
npm --prefix ui run --silent test

step "desktop app: end-to-end tests of the real window (tauri-driver, Xvfb)"
scripts/e2e.sh

step "the Linux package: built (.deb, .rpm), installed with apt, started under Xvfb, removed"
scripts/package-test.sh

step "desktop app: clippy on the shell (warnings are errors)"
cargo clippy --locked -p scenario-studio-app --all-targets -- -D warnings

step "desktop app: shell tests (the command payload schema the UI's types come from is fresh)"
cargo test --locked -p scenario-studio-app

echo
echo "All checks passed."
