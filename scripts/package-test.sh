#!/usr/bin/env bash
# The Linux package's test: builds the .deb (and .rpm) with scripts/package.sh (`--debug` by
# default, reusing the end-to-end tests' build; PACKAGE_PROFILE=release for the shipped build),
# checks what they hold, installs the .deb with apt into this machine, starts the installed app
# under Xvfb and checks that it renders (ui/e2e/package/), runs the installed `scenario`, and
# removes the package again. Also shows, in a throwaway dpkg root, that installing without the
# dependencies names each missing one. Needs root or sudo, like scripts/setup.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/setup.sh

fail() {
  echo "package test: $*" >&2
  exit 1
}
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# It installs and removes the package: never over one a user installed.
if dpkg-query -W -f='${Status}' scenario-studio 2>/dev/null | grep -q "install ok installed"; then
  fail "scenario-studio is installed on this machine; this test installs and removes it, so remove it first (apt-get remove scenario-studio)"
fi

profile=${PACKAGE_PROFILE:-debug}
if [ "$profile" = release ]; then scripts/package.sh; else scripts/package.sh --debug; fi
bundle="${CARGO_TARGET_DIR:-$repo/target}/$profile/bundle"
debs=("$bundle"/deb/*.deb)
rpms=("$bundle"/rpm/*.rpm)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $bundle/deb"
[ ${#rpms[@]} -eq 1 ] && [ -f "${rpms[0]}" ] || fail "expected one .rpm in $bundle/rpm"
deb=${debs[0]}

echo "==> what the .deb holds"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/scenario-studio ./usr/bin/scenario "./usr/share/applications/Scenario Studio.desktop" \
  ./usr/share/icons/hicolor/128x128/apps/scenario-studio.png; do
  grep -qF " ${f#./}" <<<"$contents" || grep -qF " $f" <<<"$contents" || fail "the .deb lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-noto-cjk; do
  grep -q "$dep" <<<"$depends" || fail "the .deb does not depend on $dep (Depends: $depends)"
done
[ "$(dpkg-deb -f "$deb" Package)" = scenario-studio ] || fail "the .deb's package name is not scenario-studio"

echo "==> the .rpm holds the same"
rpm_list=$(cd "$(mktemp -d)" && bsdtar -tf "${rpms[0]}")
for f in usr/bin/scenario-studio usr/bin/scenario "usr/share/applications/Scenario Studio.desktop"; do
  grep -qF "$f" <<<"$rpm_list" || fail "the .rpm lacks $f"
done

echo "==> without its dependencies, installing says which are missing (a throwaway dpkg root)"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
if said=$(dpkg --root="$root" --force-script-chrootless --log=/dev/null -i "$deb" 2>&1); then
  fail "dpkg installed the package into an empty root without its dependencies"
fi
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-noto-cjk; do
  grep -q "depends on $dep" <<<"$said" || fail "a missing $dep is not named: $said"
done

echo "==> install with apt, start the installed app, remove it"
remove() { DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get remove -y -qq scenario-studio >/dev/null; }
trap 'remove || true; rm -rf "$root"' EXIT
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
[ "$(command -v scenario)" = /usr/bin/scenario ] || fail "the installed scenario is not the first on PATH ($(command -v scenario))"
desktop-file-validate "/usr/share/applications/Scenario Studio.desktop" || fail "the desktop entry does not validate"
grep -q '^Name\[ja\]=シナリオスタジオ$' "/usr/share/applications/Scenario Studio.desktop" || fail "the desktop entry has no Japanese name"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked
SCREENSHOTS="$repo/target/package-test" E2E_DIR=package E2E_CLI=/usr/bin/scenario \
  node ui/e2e/run.mjs /usr/bin/scenario-studio
remove
trap 'rm -rf "$root"' EXIT
[ ! -e /usr/bin/scenario-studio ] && [ ! -e /usr/bin/scenario ] || fail "removing the package left its binaries"
echo "package test: $(du -h "$deb" | cut -f1) .deb installed, started, checked and removed"
