#!/usr/bin/env bash
# Are the public names of our generated Image Builder client (all operations) the reference
# SDK's? Generates the whole service into a temp dir, makes cargo fetch aws-sdk-imagebuilder's
# source (a scratch crate in the temp dir, outside the workspace), and runs
# `cargo xtask api-diff`: exit 1 when we generate a type, method or enum variant name that the
# reference does not have.
#
#   compare/api-diff.sh            # AWS_SDK_VERSION (default 1.137.0) picks the reference
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AWS_SDK_VERSION=${AWS_SDK_VERSION:-1.137.0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/smithy-api-diff.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

cd "$REPO"
cargo xtask regenerate --operations all --out "$TMP/ours" >/dev/null

mkdir -p "$TMP/fetch/src"
: >"$TMP/fetch/src/lib.rs"
cat >"$TMP/fetch/Cargo.toml" <<EOF
[package]
name = "fetch-reference"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
aws-sdk-imagebuilder = { version = "=$AWS_SDK_VERSION", default-features = false }

[workspace]
EOF
(cd "$TMP/fetch" && cargo fetch --quiet)
manifest=$(cd "$TMP/fetch" && cargo metadata --format-version 1 --quiet |
    grep -o '"manifest_path":"[^"]*/aws-sdk-imagebuilder-[^"/]*/Cargo.toml"' | head -n 1 | cut -d'"' -f4)
[[ -n $manifest ]] || { echo "aws-sdk-imagebuilder's source not found after cargo fetch" >&2; exit 1; }
reference=$(dirname "$manifest")/src

echo "ours:      all operations of the pinned model (generated into $TMP/ours)"
echo "reference: aws-sdk-imagebuilder $AWS_SDK_VERSION ($reference)"
cargo xtask api-diff --ours "$TMP/ours/src" --reference "$reference"
