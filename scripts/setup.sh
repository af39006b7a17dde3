#!/usr/bin/env bash
# Installs what Scenario Studio needs and is missing on a Debian machine that has Rust, Node and apt.
# Sourced by scripts/app.sh and scripts/test.sh; safe to run again (it only installs what is missing).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "setup: '$1' is not installed. Scenario Studio needs Rust (cargo) — install it with rustup first." >&2
    exit 1
  }
}
need_cmd cargo

# Debian packages, one per line in scripts/apt-packages.txt (comments with #).
mapfile -t wanted < <(sed -e 's/[[:space:]]*#.*//' -e 's/^[[:space:]]*//' -e '/^$/d' "$repo/scripts/apt-packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust components used by the test command.
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "setup: adding the Rust component $component"
    rustup component add "$component"
  fi
done
