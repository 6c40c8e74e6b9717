#!/usr/bin/env bash
# Build cost and loopback throughput of one of our generated clients compared with the official
# SDK crate, measured side by side in one run on this machine.
#
#   compare/run.sh [--service imagebuilder|dynamodb] [--quick] [--no-builds] [--no-bench] [--wait-quiet SECS]
#
#   --service NAME     imagebuilder (default: UpdateInfrastructureConfiguration, restJson1) or
#                      dynamodb (GetItem, awsJson1_0); ours is generated/NAME
#   --quick            fewer requests in the throughput part (300 per phase, 1 round); builds unchanged
#   --no-builds        skip parts 1 and 2 (clean debug builds)
#   --no-bench         skip part 3 (loopback throughput, which needs a release build of both clients)
#   --wait-quiet SECS  before each timed step, wait up to SECS (default 180) for other build or
#                      test processes on the machine to finish; 0 disables the wait
#
# Environment: AWS_SDK_VERSION (default: aws-sdk-imagebuilder 1.137.0, aws-sdk-dynamodb 1.136.0,
# the versions built from the pinned models), AWS_CONFIG_VERSION (default 1.13.0).
#
# Every scratch crate is copied from compare/crates/ into a fresh temp dir outside the repo
# (with its own `[workspace]` table), so the reference SDK never enters the project's build.
# Dependencies are resolved and downloaded first (`cargo fetch`, untimed); each timed
# `cargo build --offline --locked` starts from an empty CARGO_TARGET_DIR.
# The temp dir is removed on exit.
set -euo pipefail

SERVICE=imagebuilder
QUICK=0
DO_BUILDS=1
DO_BENCH=1
WAIT_QUIET=180
while [[ $# -gt 0 ]]; do
    case "$1" in
        --service) SERVICE=${2:?--service needs a name}; shift ;;
        --quick) QUICK=1 ;;
        --no-builds) DO_BUILDS=0 ;;
        --no-bench) DO_BENCH=0 ;;
        --wait-quiet) WAIT_QUIET=${2:?--wait-quiet needs seconds}; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CRATES=$REPO/compare/crates
case $SERVICE in
    imagebuilder) DEFAULT_SDK_VERSION=1.137.0 ;;
    dynamodb) DEFAULT_SDK_VERSION=1.136.0 ;;
    *) echo "unknown service: $SERVICE (imagebuilder or dynamodb)" >&2; exit 2 ;;
esac
OURS_CRATE=$SERVICE
AWS_CRATE=aws-sdk-$SERVICE
AWS_SDK_VERSION=${AWS_SDK_VERSION:-$DEFAULT_SDK_VERSION}
AWS_CONFIG_VERSION=${AWS_CONFIG_VERSION:-1.13.0}
if [[ $QUICK == 1 ]]; then
    BENCH_ARGS=(--requests 300 --concurrency 8 --rounds 1 --warmup 30 --time-limit 30)
else
    BENCH_ARGS=(--requests 5000 --concurrency 8 --rounds 5 --warmup 200 --time-limit 60)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/smithy-compare.XXXXXX")
SAMPLER_PID=
cleanup() {
    if [[ -n $SAMPLER_PID ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Load sampler: every 2 s the 1-minute load average and the number of build processes that are
# not ours (cargo, rustc, rustdoc, clippy, cc/ld, or anything run from a target/ dir, whose
# command line does not mention our temp dir and whose working directory is outside it), to
# spot another build or test run competing for the 2 cores.
foreign_builds() {
    local n=0 pid args cwd
    while read -r pid args; do
        [[ $args == *"$TMP"* ]] && continue
        cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
        [[ $cwd == "$TMP"* ]] && continue
        n=$((n + 1))
    done < <(ps -ww -eo pid=,args= | awk '{ c = $2; sub(/.*\//, "", c) }
        c ~ /^(rustc|rustdoc|clippy-driver|cargo|cargo-clippy|cc|c\+\+|cc1|cc1plus|ld|collect2|rust-lld)$/ || $2 ~ /\/target\/(debug|release)\// { print }')
    echo "$n"
}
( while :; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg) $(foreign_builds)"; sleep 2; done ) >"$TMP/load.log" 2>/dev/null &
SAMPLER_PID=$!
# Waits (at most WAIT_QUIET s) until no foreign build process is seen twice in a row.
wait_quiet() {
    [[ $WAIT_QUIET -gt 0 ]] || return 0
    local start=$SECONDS quiet=0
    while ((SECONDS - start < WAIT_QUIET)); do
        if [[ $(foreign_builds) -eq 0 ]]; then
            quiet=$((quiet + 1))
            ((quiet >= 2)) && break
        else
            quiet=0
        fi
        sleep 2
    done
    if ((quiet >= 2)); then
        ((SECONDS - start > 3)) && echo "   (waited $((SECONDS - start)) s for other builds on the machine to finish)"
    else
        echo "   (other builds still running after waiting $WAIT_QUIET s: measuring under contention)"
    fi
    return 0
}
# "max-load max-foreign-builds" between two epoch times.
window_load() {
    awk -v a="${1%.*}" -v b="${2%.*}" '$1 >= a - 2 && $1 <= b + 2 { if ($2 > l) l = $2; if ($3 > f) f = $3 }
        END { printf "%.2f %d", l, f }' "$TMP/load.log"
}

echo "== smithy-native vs $AWS_CRATE: build cost and loopback throughput"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "nproc:   $(nproc)"
echo "rustc:   $(rustc -V)"
echo "cargo:   $(cargo -V)"
echo "uptime:  $(uptime)"
echo "foreign build processes now: $(foreign_builds)"
echo "versions: $AWS_CRATE =$AWS_SDK_VERSION, aws-config =$AWS_CONFIG_VERSION; ours: $REPO/generated/$OURS_CRATE"
echo "note:    absolute numbers are noisy on a shared 2-core machine; the ratios measured in the same run are what matter."
echo "temp:    $TMP (removed on exit)"
echo

# ---------------------------------------------------------------------------- scratch crates

# fill FILE: the placeholders of a scratch crate's file, on stdout.
fill() {
    sed -e "s|@REPO@|$REPO|g" \
        -e "s|@AWS_SDK_VERSION@|$AWS_SDK_VERSION|g" \
        -e "s|@AWS_CONFIG_VERSION@|$AWS_CONFIG_VERSION|g" \
        -e "s|@OURS_NT_DEP@|$NT_DEP|g" \
        -e "s|@OURS_CRATE@|$OURS_CRATE|g" \
        -e "s|@OURS_CRATE_IDENT@|${OURS_CRATE//-/_}|g" \
        -e "s|@AWS_CRATE@|$AWS_CRATE|g" \
        -e "s|@AWS_CRATE_IDENT@|${AWS_CRATE//-/_}|g" \
        "$1"
}

# prepare NAME: copy compare/crates/NAME to $TMP/NAME, filling placeholders; a crate with
# per-service sources gets src/<service>.rs as its main.rs (build-*) or service.rs (bench).
prepare() {
    local name=$1 file
    mkdir -p "$TMP/$name/src"
    for file in "$CRATES/$name/src/"*.rs; do
        case $(basename "$file") in
            imagebuilder.rs | dynamodb.rs) ;;
            *) fill "$file" >"$TMP/$name/src/$(basename "$file")" ;;
        esac
    done
    if [[ -f $CRATES/$name/src/$SERVICE.rs ]]; then
        local as=main.rs
        [[ -f $CRATES/$name/src/main.rs ]] && as=service.rs
        fill "$CRATES/$name/src/$SERVICE.rs" >"$TMP/$name/src/$as"
    fi
    fill "$CRATES/$name/Cargo.toml.in" >"$TMP/$name/Cargo.toml"
    # Our crates start from the workspace's lock file so they build the versions CI tests.
    if grep -q "^$OURS_CRATE = " "$TMP/$name/Cargo.toml"; then cp "$REPO/Cargo.lock" "$TMP/$name/Cargo.lock"; fi
    echo "-- resolving and downloading $name (untimed)"
    if ! (cd "$TMP/$name" && cargo fetch --quiet >"$TMP/$name.fetch.log" 2>&1); then
        cat "$TMP/$name.fetch.log" >&2
        exit 1
    fi
}

# Part 2 needs our client without smithy-rt's default `default-https-client` feature. The
# generated Cargo.toml forwards the feature (smithy-rt with `default-features = false` plus a
# `[features]` table), so depend on it directly with `default-features = false`.
GEN_TOML=$REPO/generated/$OURS_CRATE/Cargo.toml
if ! grep -q '^\[features\]' "$GEN_TOML" || ! grep -Eq '^smithy-rt = .*default-features = false' "$GEN_TOML"; then
    echo "$GEN_TOML has no [features] table or no smithy-rt with default-features = false; the generator always emits both: regenerate it" >&2
    exit 1
fi
NT_MODE="generated crate with default-features = false"
NT_DEP="$OURS_CRATE = { path = \"$REPO/generated/$OURS_CRATE\", default-features = false }"

declare -A WALL COMPILED TREE LOAD
# timed_build NAME [cargo flags...]: clean build in an empty target dir; fills WALL/COMPILED/TREE/LOAD.
timed_build() {
    local name=$1; shift
    local target=$TMP/target-$name log=$TMP/$name.build.log
    rm -rf "$target"
    wait_quiet
    echo "-- building $name from scratch: cargo build --offline --locked $*  (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
    local t0 t1
    t0=$(now)
    if ! (cd "$TMP/$name" && CARGO_TARGET_DIR=$target cargo build --offline --locked --color never "$@" >"$log" 2>&1); then
        tail -40 "$log" >&2
        echo "build of $name failed" >&2
        exit 1
    fi
    t1=$(now)
    WALL[$name]=$(secs "$t0" "$t1")
    COMPILED[$name]=$(grep -cE '^[[:space:]]*Compiling ' "$log" || true)
    TREE[$name]=$(cd "$TMP/$name" && cargo tree --offline --locked -e normal,build --prefix none 2>/dev/null | sed 's/ (\*)$//' | sort -u | wc -l)
    LOAD[$name]=$(window_load "$t0" "$t1")
    rm -rf "$target"
    echo "   ${WALL[$name]} s, ${COMPILED[$name]} crates compiled, ${TREE[$name]} packages in cargo tree; max 1-min load ${LOAD[$name]% *}, max foreign build processes ${LOAD[$name]#* }"
    if [[ $name == *-ours ]]; then
        echo "   compiled: $(sed -nE 's/^[[:space:]]*Compiling ([^ ]+) .*/\1/p' "$log" | sort | tr '\n' ' ')"
    fi
}

if [[ $DO_BUILDS == 1 ]]; then
    prepare build-ours
    prepare build-aws
    prepare nt-ours
    prepare nt-aws
    echo
    echo "part 2 (no transport), ours: $NT_MODE"
    timed_build build-ours
    timed_build build-aws
    timed_build nt-ours
    timed_build nt-aws
    echo
fi

BENCH_LINES=()
if [[ $DO_BENCH == 1 ]]; then
    prepare bench
    timed_build_release() {
        local t0 t1 log=$TMP/bench.build.log
        wait_quiet
        echo "-- building the throughput bin (release, both clients; timed for information only)"
        t0=$(now)
        if ! (cd "$TMP/bench" && CARGO_TARGET_DIR=$TMP/target-bench cargo build --release --offline --locked --color never >"$log" 2>&1); then
            tail -40 "$log" >&2; echo "build of bench failed" >&2; exit 1
        fi
        t1=$(now)
        echo "   $(secs "$t0" "$t1") s, $(grep -cE '^[[:space:]]*Compiling ' "$log") crates"
    }
    timed_build_release
    wait_quiet
    echo "-- loopback throughput: cmp-bench ${BENCH_ARGS[*]}  (load before: $(cut -d' ' -f1-3 /proc/loadavg), foreign build processes: $(foreign_builds))"
    t0=$(now)
    timeout 900 "$TMP/target-bench/release/cmp-bench" "${BENCH_ARGS[@]}" | tee "$TMP/bench.log"
    t1=$(now)
    BLOAD=$(window_load "$t0" "$t1")
    echo "   max 1-min load ${BLOAD% *}, max foreign build processes ${BLOAD#* } during the throughput run"
    mapfile -t BENCH_LINES < <(grep '^BENCH|' "$TMP/bench.log")
    echo
fi

# ---------------------------------------------------------------------------- the table

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }
# met VALUE OP LIMIT
met() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "le") ? (v <= l) : (v >= l); print ok ? "yes" : "NO" }'; }
frac() { awk -v r="$1" 'BEGIN { if (r == 0) print "-"; else printf "1/%.1f", 1 / r }'; }

echo "== results ($(date -u '+%Y-%m-%d'), nproc $(nproc), $(rustc -V | cut -d' ' -f1-2))"
printf '| %-58s | %12s | %12s | %-17s | %-8s | %-4s | %-13s |\n' "measurement" "ours" "aws-sdk" "ours/aws" "target" "met" "max load o/a"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..19})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..6})" "$(printf -- '-%.0s' {1..15})"
row() { printf '| %-58s | %12s | %12s | %-17s | %-8s | %-4s | %-13s |\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}"; }
loads() { echo "${LOAD[$1]% *}/${LOAD[$2]% *}"; }
if [[ $DO_BUILDS == 1 ]]; then
    r=$(ratio "${WALL[build-ours]}" "${WALL[build-aws]}")
    row "1. clean debug build, default features + tokio: wall" "${WALL[build-ours]} s" "${WALL[build-aws]} s" "$r ($(frac "$r"))" "<= 1/4" "$(met "$r" le 0.25)" "$(loads build-ours build-aws)"
    r=$(ratio "${COMPILED[build-ours]}" "${COMPILED[build-aws]}")
    row "1. crates compiled ('Compiling' lines)" "${COMPILED[build-ours]}" "${COMPILED[build-aws]}" "$r ($(frac "$r"))" "<= 1/3" "$(met "$r" le 0.3334)"
    r=$(ratio "${TREE[build-ours]}" "${TREE[build-aws]}")
    row "1. packages in cargo tree -e normal,build (unique)" "${TREE[build-ours]}" "${TREE[build-aws]}" "$r ($(frac "$r"))" "-" "-"
    r=$(ratio "${WALL[nt-ours]}" "${WALL[nt-aws]}")
    row "2. clean debug build, no default transport: wall" "${WALL[nt-ours]} s" "${WALL[nt-aws]} s" "$r ($(frac "$r"))" "<= 1/8" "$(met "$r" le 0.125)" "$(loads nt-ours nt-aws)"
    r=$(ratio "${COMPILED[nt-ours]}" "${COMPILED[nt-aws]}")
    row "2. crates compiled ('Compiling' lines)" "${COMPILED[nt-ours]}" "${COMPILED[nt-aws]}" "$r ($(frac "$r"))" "-" "-"
fi
if [[ $DO_BENCH == 1 ]]; then
    declare -A RPS CPU N ERR
    for line in "${BENCH_LINES[@]}"; do
        IFS='|' read -r _ mode client n err _wall rps cpu <<<"$line"
        RPS[$mode/$client]=$rps; CPU[$mode/$client]=$cpu; N[$mode/$client]=$n; ERR[$mode/$client]=$err
    done
    for mode in sequential concurrent-8; do
        o=$mode/ours; a=$mode/aws-sdk
        [[ -n ${RPS[$o]:-} && -n ${RPS[$a]:-} ]] || continue
        r=$(ratio "${RPS[$o]}" "${RPS[$a]}")
        row "3. loopback $mode: requests/s (median)" "${RPS[$o]}" "${RPS[$a]}" "${r}x" "-" "-" "${BLOAD% *}"
        r=$(ratio "${CPU[$o]}" "${CPU[$a]}")
        row "3. loopback $mode: client CPU us/request (median)" "${CPU[$o]}" "${CPU[$a]}" "$r ($(frac "$r"))" "-" "-"
        row "3. loopback $mode: requests sent / errors" "${N[$o]} / ${ERR[$o]}" "${N[$a]} / ${ERR[$a]}" "" "" ""
    done
fi
echo
echo "Part 2, ours: $NT_MODE."
echo "max load o/a = highest 1-min load average seen while ours / aws-sdk was being measured (about 2 = our build alone on 2 cores; more = contention)."
echo "Crates compiled = 'Compiling' lines of cargo build (every package compiled, build scripts included once)."
echo "Throughput: one client process (tokio multi-thread), the server in a child process; CPU = getrusage(RUSAGE_SELF) user+sys of the client process only."
echo "Absolute numbers are noisy on a shared 2-core machine; the ratios measured in the same run are what matter."
echo "load during the run (1-min average, max): $(awk '{ if ($2 > l) l = $2 } END { print l }' "$TMP/load.log"); max foreign build processes seen: $(awk '{ if ($3 > f) f = $3 } END { print f + 0 }' "$TMP/load.log")"
