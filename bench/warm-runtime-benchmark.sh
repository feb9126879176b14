#!/usr/bin/env bash
# Berth's runtime called from a running JVM (as an engine daemon calls it) against runc, one
# process per call, on the same busybox bundle in one run, interleaved call by call; with
# BERTH_RUNC set, bin/berth-runc (a JVM per call) as well. See berth-bench/README.md.
#
# Usage (as root):   bench/warm-runtime-benchmark.sh > results.md
#
# Environment:
#   N           timed calls per operation and runtime (default 50)
#   WARMUP      untimed calls per operation and runtime first (default 30)
#   BERTH_RUNC  also time this berth-runc (e.g. bin/berth-runc); unset: not timed
#   RUNC        runc to compare with (default /usr/sbin/runc)
#   BERTH_JAVA  the JVM to run the benchmark on (default Temurin 25)
#   BUNDLE      an existing busybox bundle to use; otherwise one is built in a temp dir
#   SECCOMP_PROFILE  a file with an OCI linux.seccomp object to run both bundles under, e.g.
#               berth-runc/src/main/resources/io/berth/runc/aot-training-seccomp.json
#               (Docker's default profile for amd64, in OCI's shape)
#
# The markdown tables go to stdout, progress and errors to stderr.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
N=${N:-50}
WARMUP=${WARMUP:-30}
RUNC=${RUNC:-/usr/sbin/runc}
JAVA=${BERTH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=$here/../berth-bench/target/berth-bench.jar

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (runtimes need to create namespaces and cgroups)"
[ -x "$RUNC" ] || die "no runc at $RUNC"
[ -x "$JAVA" ] || die "no Java 25 at $JAVA (set BERTH_JAVA)"
[ -f "$JAR" ] || die "$JAR is missing: build with ./mvnw package -DskipTests"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
if [ -n "${BERTH_RUNC:-}" ]; then
    [ -x "$BERTH_RUNC" ] || die "no berth-runc at $BERTH_RUNC"
    BERTH_RUNC=$(readlink -f "$BERTH_RUNC")
fi

TMP=$(mktemp -d /tmp/berth-warm-bench.XXXXXX)
bench_pid=

# The benchmark deletes its containers itself, also when it fails or is interrupted; whatever
# it could not delete is still listed in its state roots and goes here.
cleanup() {
    local rc=$? id
    trap - EXIT INT TERM
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
    if [ -d "$TMP/work/root-runc" ]; then
        for id in $("$RUNC" --root "$TMP/work/root-runc" list -q 2>/dev/null); do
            "$RUNC" --root "$TMP/work/root-runc" delete --force "$id" >/dev/null 2>&1 || true
        done
    fi
    for root in root-berth root-berth-runc; do
        [ -d "$TMP/work/$root" ] || continue
        for id in $("$here/../bin/berth-runc" --root "$TMP/work/$root" list -q 2>/dev/null); do
            "$here/../bin/berth-runc" --root "$TMP/work/$root" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${BUNDLE:-}" ]; then
    BUNDLE=$(readlink -f "$BUNDLE")
else
    # shellcheck source=busybox-bundle.sh
    . "$here/busybox-bundle.sh"
    BUNDLE=$TMP/bundle
    build_busybox_bundle "$BUNDLE" "$RUNC"
fi
mkdir -p "$TMP/work"

log "measuring: N=$N after WARMUP=$WARMUP, berth in-process vs $RUNC${BERTH_RUNC:+ vs $BERTH_RUNC}"
args=(--bundle "$BUNDLE" --work "$TMP/work" --runc "$RUNC" -n "$N" --warmup "$WARMUP")
[ -z "${BERTH_RUNC:-}" ] || args+=(--berth-runc "$BERTH_RUNC")
[ -z "${SECCOMP_PROFILE:-}" ] || args+=(--seccomp-profile "$(readlink -f "$SECCOMP_PROFILE")")
# in the background, so that an interrupt reaches the trap while it runs
"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "${args[@]}" &
bench_pid=$!
wait "$bench_pid"
