#!/usr/bin/env bash
# Provisions the pinned moto (tests/moto/requirements.txt) into a venv under the cargo target
# directory: ${MOTO_VENV:-${CARGO_TARGET_DIR:-<repo>/target}/moto-venv}.
#
# Idempotent: does nothing when the venv's stamp records the same requirements and interpreter.
# Safe to run concurrently (CI, several test binaries, several threads): the install runs under
# an exclusive flock on "$venv.lock", and the stamp that marks the venv usable is renamed into
# place only after the install succeeded, so a reader never sees a half-built venv as ready.
# Needs python3 (CPython 3.11, which the hashes are for; MOTO_PYTHON picks another interpreter)
# and PyPI through pip's ordinary configuration. Fails loudly; it never skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
req="$here/requirements.txt"
python="${MOTO_PYTHON:-python3}"
venv="${MOTO_VENV:-${CARGO_TARGET_DIR:-$root/target}/moto-venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
stamp="$venv/.moto-stamp"

fail() {
    echo "moto setup: error: $*" >&2
    exit 1
}

command -v "$python" >/dev/null 2>&1 || fail "$python not found (moto needs CPython 3.11 with venv and pip)"
interpreter="$("$python" -c 'import platform, sys; print(platform.python_implementation(), platform.python_version(), sys.base_prefix)')" ||
    fail "$python does not run"
want="requirements $(sha256sum "$req" | cut -d' ' -f1); python $interpreter"

ready() {
    [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]
}

if ready; then
    echo "moto setup: $venv is up to date"
    exit 0
fi

command -v flock >/dev/null 2>&1 || fail "flock (util-linux) is needed to provision $venv safely"
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock -w 900 9 || fail "timed out after 900 s waiting for $venv.lock (another install hung?)"

# Someone else may have finished while this one waited.
if ready; then
    echo "moto setup: $venv is up to date (installed by a concurrent run)"
    exit 0
fi

case "$interpreter" in
    "CPython 3.11."*) ;;
    *) echo "moto setup: warning: requirements.txt was pinned for CPython 3.11, $python is $interpreter; pip may find no wheel with these hashes (re-pin with tests/moto/pin.sh)" >&2 ;;
esac

start=$SECONDS
echo "moto setup: installing $(grep -m1 -o '^moto==[^ ]*' "$req") into $venv"
rm -rf "$venv"
"$python" -m venv "$venv" || fail "'$python -m venv' failed (on Debian: apt-get install python3-venv)"
"$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
    --no-deps --require-hashes --only-binary=:all: -r "$req" ||
    fail "pip could not install $req into $venv (is PyPI reachable?)"
"$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null ||
    fail "the pinned set is inconsistent: $("$venv/bin/python" -m pip check 2>&1 | head -5)"
"$venv/bin/python" -c 'import moto.server' || fail "moto.server does not import in $venv"
printf '%s\n' "$want" >"$stamp.tmp"
mv "$stamp.tmp" "$stamp"
echo "moto setup: installed $("$venv/bin/python" -c 'import moto; print("moto", moto.__version__)') in $((SECONDS - start)) s"
