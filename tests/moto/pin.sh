#!/usr/bin/env bash
# Re-pins tests/moto/requirements.txt (a maintainer's tool; tests and CI only read the file).
#
#   bash tests/moto/pin.sh 5.2.5
#
# Resolves moto with the extras the harness needs in a scratch venv of this machine's python3
# (wheels only), writes every distribution of the resolution with its exact version and the
# sha256 of the wheel pip chose, then installs the file the way setup.sh does to prove that it
# is complete and consistent (`pip check`). The hashes are for this interpreter and platform
# (CPython 3.11, x86_64 Linux here); run it on the platform the tests run on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:?usage: pin.sh MOTO_VERSION}"
extras="server,dynamodb,sqs,kms,logs"
python="${MOTO_PYTHON:-python3}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$python" -m venv "$scratch/resolve"
"$scratch/resolve/bin/python" -m pip install --quiet --dry-run --ignore-installed \
    --only-binary=:all: --report "$scratch/report.json" "moto[$extras]==$version"

out="$here/requirements.txt"
"$scratch/resolve/bin/python" - "$scratch/report.json" "$version" "$extras" >"$out.tmp" <<'PY'
import json, platform, sys

report, version, extras = sys.argv[1], sys.argv[2], sys.argv[3]
items = json.load(open(report))["install"]
print("# The moto server the integration tests start (tests/src/moto.rs), pinned with its whole")
print(f"# dependency set: moto[{extras}]=={version}, resolved for CPython "
      f"{platform.python_version()} on {platform.system()} {platform.machine()}.")
print("# Written by tests/moto/pin.sh; installed by tests/moto/setup.sh with")
print("# `pip install --no-deps --require-hashes --only-binary=:all: -r requirements.txt`.")
for item in sorted(items, key=lambda i: i["metadata"]["name"].lower()):
    name = item["metadata"]["name"]
    ver = item["metadata"]["version"]
    info = item["download_info"]
    sha = info.get("archive_info", {}).get("hashes", {}).get("sha256")
    if not sha:
        h = info.get("archive_info", {}).get("hash", "")
        sha = h.split("=", 1)[1] if h.startswith("sha256=") else None
    if not sha:
        sys.exit(f"pin.sh: no sha256 for {name} {ver} in pip's report: {info}")
    wheel = info["url"].rsplit("/", 1)[-1].split("#", 1)[0]
    print(f"{name}=={ver} \\\n    --hash=sha256:{sha}\n    # {wheel}")
PY
mv "$out.tmp" "$out"

"$python" -m venv "$scratch/check"
"$scratch/check/bin/python" -m pip install --quiet --no-deps --require-hashes --only-binary=:all: -r "$out"
"$scratch/check/bin/python" -m pip check
"$scratch/check/bin/python" -c 'import moto, moto.server; print("pinned moto", moto.__version__)'
echo "wrote $out ($(grep -c '^[A-Za-z]' "$out") distributions)"
