#!/usr/bin/env bash
# Do the programs the workspace compiles against our generated crates also compile against the
# reference SDK crates? Each of tests/tests/reference_api*.rs is written against an aws-sdk-*
# fluent API and names the crate once, `use <ours> as sdk;`. This copies each program into a
# scratch crate in a temp dir (outside the workspace, with its own `[workspace]` table), changes
# only that line to `use aws_sdk_<service> as sdk;`, and runs `cargo check` on it with warnings
# denied, in its own target dir (the workspace's target dir is never touched).
#
#   compare/reference-api.sh [imagebuilder|dynamodb|sqs ...]   # default: all three
#
# References (the versions of our pinned models): aws-sdk-imagebuilder 1.137.0,
# aws-sdk-dynamodb 1.136.0, aws-sdk-sqs 1.119.0, without default features. Exit 1 when a
# program does not compile against its reference. Set REFERENCE_API_TARGET_DIR to keep the
# build between runs (default: inside the temp dir, removed on exit).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=("$@")
[[ ${#SERVICES[@]} -gt 0 ]] || SERVICES=(imagebuilder dynamodb sqs)

# service -> program, our crate name, reference package and version.
declare -A PROGRAM OURS REFERENCE VERSION
PROGRAM[imagebuilder]=tests/tests/reference_api.rs OURS[imagebuilder]=imagebuilder
REFERENCE[imagebuilder]=aws-sdk-imagebuilder VERSION[imagebuilder]=1.137.0
PROGRAM[dynamodb]=tests/tests/reference_api_dynamodb.rs OURS[dynamodb]=dynamodb
REFERENCE[dynamodb]=aws-sdk-dynamodb VERSION[dynamodb]=1.136.0
PROGRAM[sqs]=tests/tests/reference_api_sqs.rs OURS[sqs]=sqs
REFERENCE[sqs]=aws-sdk-sqs VERSION[sqs]=1.119.0
for service in "${SERVICES[@]}"; do
    [[ -n ${PROGRAM[$service]:-} ]] ||
        { echo "unknown service '$service' (imagebuilder, dynamodb, sqs)" >&2; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smithy-reference-api.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export CARGO_TARGET_DIR=${REFERENCE_API_TARGET_DIR:-$TMP/target}
edition=$(sed -n 's/^edition *= *"\([0-9]*\)".*/\1/p' "$REPO/Cargo.toml" | head -n 1)

crate=$TMP/reference-api
mkdir -p "$crate/src/bin" "$crate/programs"
{
    cat <<TOML
[package]
name = "reference-api"
version = "0.0.0"
edition = "${edition:-2021}"
publish = false

[dependencies]
TOML
    for service in "${SERVICES[@]}"; do
        echo "${REFERENCE[$service]} = { version = \"=${VERSION[$service]}\", default-features = false }"
    done
    printf '\n[workspace]\n'
} >"$crate/Cargo.toml"

for service in "${SERVICES[@]}"; do
    program=$REPO/${PROGRAM[$service]}
    ours="use ${OURS[$service]} as sdk;"
    reference="use ${REFERENCE[$service]//-/_} as sdk;"
    count=$(grep -cxF "$ours" "$program" || true)
    [[ $count == 1 ]] ||
        { echo "${PROGRAM[$service]}: expected exactly one line '$ours', found $count" >&2; exit 1; }
    sed "s/^${ours}\$/${reference}/" "$program" >"$crate/programs/$service.rs"
    changed=$(diff "$program" "$crate/programs/$service.rs" | grep -c '^>' || true)
    [[ $changed == 1 ]] || { echo "${PROGRAM[$service]}: the sed changed $changed lines" >&2; exit 1; }
    # The tests at the end of a program (`#[test]`, `#[cfg(test)]`) use workspace helpers; a
    # binary is checked without `cfg(test)`, so they are left out here.
    printf '#![deny(warnings)]\n\n#[path = "../../programs/%s.rs"]\nmod program;\n\nfn main() {}\n' \
        "$service" >"$crate/src/bin/$service.rs"
done

(cd "$crate" && cargo fetch --quiet)

failed=()
for service in "${SERVICES[@]}"; do
    echo "== ${PROGRAM[$service]} against ${REFERENCE[$service]} ${VERSION[$service]}"
    if (cd "$crate" && cargo check --quiet --bin "$service"); then
        echo "ok: compiles against ${REFERENCE[$service]} with only '${OURS[$service]}' renamed"
    else
        echo "FAILED: ${PROGRAM[$service]} does not compile against ${REFERENCE[$service]}"
        failed+=("$service")
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "not compiling against the reference: ${failed[*]}" >&2
    exit 1
fi
