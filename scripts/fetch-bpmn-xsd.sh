#!/usr/bin/env bash
# Fetches the OMG BPMN 2.0 schema files (BPMN20.xsd and the files it includes) into
# target/bpmn-xsd, once. They ship inside the SpiffWorkflow wheel on PyPI (pinned and checked by
# hash here); the test suite validates every template's BPMN export against them with xmllint.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir="$repo/target/bpmn-xsd"
[ -f "$dir/BPMN20.xsd" ] && exit 0
version=3.2.0
sha256=fd2c4d3c2674e9e6b15c4db262b1a09f0ca11ce6638f8cceef0997f42aa5cb96
if ! python3 -m pip --version >/dev/null 2>&1; then
  echo "fetch-bpmn-xsd: installing python3-pip to download from PyPI"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends python3-pip
fi
mkdir -p "$dir/wheel"
python3 -m pip download --quiet --disable-pip-version-check --no-deps "spiffworkflow==$version" -d "$dir/wheel"
wheel="$dir/wheel/spiffworkflow-$version-py3-none-any.whl"
echo "$sha256  $wheel" | sha256sum --check --quiet
python3 - "$wheel" "$dir" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ["BPMN20.xsd", "BPMNDI.xsd", "DC.xsd", "DI.xsd", "Semantic.xsd"]:
        with open(f"{out}/{name}", "wb") as f:
            f.write(z.read(f"SpiffWorkflow/bpmn/parser/schema/{name}"))
PY
echo "fetch-bpmn-xsd: the BPMN 2.0 schema is in $dir"
