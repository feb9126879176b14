#!/usr/bin/env bash
# Benchmark bin/berth-runc against runc on the same machine, in one run, interleaved.
#
# Usage (as root):   bench/runc-benchmark.sh > results.md
#
# Environment:
#   N           iterations per operation and runtime (default 20)
#   WARMUP      untimed iterations of `run` per runtime before measuring (default 1)
#   BERTH_RUNC  berth-runc to measure (default: bin/berth-runc of this checkout)
#   RUNC        runc to measure (default /usr/sbin/runc)
#   BERTH_JAVA  the JVM bin/berth-runc uses, for the `java -version` baseline row
#   BUNDLE      an existing busybox bundle to reuse (its config must run `true`);
#               otherwise one is built from Debian's busybox-static in the temp dir
#
# The markdown tables go to stdout, progress and errors to stderr.
# Timings are wall-clock milliseconds from `date +%s%N` around each command.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
N=${N:-20}
WARMUP=${WARMUP:-1}
BERTH=${BERTH_RUNC:-$here/../bin/berth-runc}
RUNC=${RUNC:-/usr/sbin/runc}
JAVA=${BERTH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
RUNTIMES=(berth runc)          # order of the interleaving inside each iteration

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (runtimes need to create namespaces and cgroups)"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[ -x "$BERTH" ] || die "no berth-runc at $BERTH"
[ -x "$RUNC" ] || die "no runc at $RUNC"
for tool in jq /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install jq time)"
done

runtime_bin() { case $1 in berth) echo "$BERTH" ;; runc) echo "$RUNC" ;; esac; }

TMP=$(mktemp -d /tmp/berth-bench.XXXXXX)
RESULTS=$TMP/results            # one file per operation.runtime, one number per line
mkdir -p "$RESULTS" "$TMP/root-berth" "$TMP/root-runc"
runtime_root() { echo "$TMP/root-$1"; }

# --- cleanup -------------------------------------------------------------------------------
# Containers that may exist right now, as "runtime id". An id is added before the command
# that creates it and removed once the container is known to be gone, so an interrupt at any
# point leaves a list that covers everything this script made.
declare -A LIVE=()
# Init processes this script saw waiting in "created" state (pid by container id); killed by
# pid only if `delete --force` did not get rid of them.
declare -A INIT_PID=()

cleanup() {
    local rc=$? key rt id pid
    trap - EXIT INT TERM
    for key in "${!LIVE[@]}"; do
        rt=${key%% *} id=${key#* }
        "$(runtime_bin "$rt")" --root "$(runtime_root "$rt")" delete --force "$id" >/dev/null 2>&1 || true
    done
    # Anything else left in our private state dirs (e.g. a create that failed half-way).
    for rt in "${RUNTIMES[@]}"; do
        for id in $("$(runtime_bin "$rt")" --root "$(runtime_root "$rt")" list -q 2>/dev/null); do
            "$(runtime_bin "$rt")" --root "$(runtime_root "$rt")" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    for id in "${!INIT_PID[@]}"; do
        pid=${INIT_PID[$id]}
        if [ -d "/proc/$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    done
    # A create that dies half-way can leave its cgroups behind where delete cannot find them.
    # rmdir only removes cgroups without processes, and only ones named after our ids.
    find /sys/fs/cgroup -maxdepth 6 -depth -type d -name "bench-$$-*" \
        -exec rmdir {} \; 2>/dev/null || true
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- bundle --------------------------------------------------------------------------------
# One bundle, used by both runtimes: busybox-static as the whole rootfs, `runc spec` as the
# config with only what a non-interactive benchmark needs changed.
# shellcheck source=busybox-bundle.sh
. "$here/busybox-bundle.sh"

if [ -n "${BUNDLE:-}" ]; then
    BUNDLE=$(readlink -f "$BUNDLE")
    [ -f "$BUNDLE/config.json" ] || die "BUNDLE=$BUNDLE has no config.json"
else
    BUNDLE=$TMP/bundle
    build_busybox_bundle "$BUNDLE" "$RUNC"
fi

# A second bundle for the init-stage RSS: the same rootfs (by absolute path, not a copy) and
# the same config except that the process would sleep, so nothing races the measurement.
rootfs=$(jq -r '.root.path' "$BUNDLE/config.json")
case $rootfs in /*) ;; *) rootfs=$BUNDLE/$rootfs ;; esac
SLEEP_BUNDLE=$TMP/bundle-sleep
mkdir -p "$SLEEP_BUNDLE"
jq --arg r "$rootfs" '.process.args = ["sleep", "5"] | .root.path = $r' \
    "$BUNDLE/config.json" > "$SLEEP_BUNDLE/config.json"

# A third for `exec`: a container that stays up while commands are exec'd into it.
EXEC_BUNDLE=$TMP/bundle-exec
mkdir -p "$EXEC_BUNDLE"
jq --arg r "$rootfs" '.process.args = ["sleep", "600"] | .root.path = $r' \
    "$BUNDLE/config.json" > "$EXEC_BUNDLE/config.json"

# --- measuring -----------------------------------------------------------------------------
SEQ=0
new_id() { SEQ=$((SEQ + 1)); echo "bench-$$-$1-$2-$SEQ"; }

# timed CMD...: runs CMD, sets ELAPSED_US. No subshell, so the caller's LIVE bookkeeping holds.
# A failing command aborts the benchmark with the command's own stderr.
timed() {
    local t0 t1
    t0=$(date +%s%N)
    if ! "$@" >"$TMP/stdout" 2>"$TMP/stderr"; then
        log "command failed: $*"
        cat "$TMP/stderr" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    ELAPSED_US=$(( (t1 - t0) / 1000 ))
}

record() { echo "$3" >> "$RESULTS/$1.$2"; }     # record OPERATION RUNTIME VALUE

# wait_stopped RUNTIME ID: poll `state` (untimed) until the container's process has exited.
wait_stopped() {
    local bin root status i
    bin=$(runtime_bin "$1") root=$(runtime_root "$1")
    for ((i = 0; i < 200; i++)); do
        status=$("$bin" --root "$root" state "$2" | jq -r .status)
        [ "$status" = stopped ] && return 0
        sleep 0.05
    done
    die "$1: container $2 still '$status' after start"
}

# One iteration of every measurement for one runtime.
bench_run() {      # create+start+wait+delete of `true` in one command
    local rt=$1 bin root id
    bin=$(runtime_bin "$rt") root=$(runtime_root "$rt") id=$(new_id "$rt" run)
    LIVE["$rt $id"]=1
    timed "$bin" --root "$root" run -b "$BUNDLE" "$id"
    unset 'LIVE[$rt $id]'
    record run "$rt" "$ELAPSED_US"
}

bench_lifecycle() {  # the same, one CLI call per step
    local rt=$1 bin root id
    bin=$(runtime_bin "$rt") root=$(runtime_root "$rt") id=$(new_id "$rt" life)
    LIVE["$rt $id"]=1
    timed "$bin" --root "$root" create -b "$BUNDLE" "$id"
    record create "$rt" "$ELAPSED_US"
    timed "$bin" --root "$root" start "$id"
    record start "$rt" "$ELAPSED_US"
    wait_stopped "$rt" "$id"
    timed "$bin" --root "$root" delete "$id"
    record delete "$rt" "$ELAPSED_US"
    unset 'LIVE[$rt $id]'
}

bench_run_rss() {  # peak RSS of the runtime command itself (not of its children that exec away)
    local rt=$1 bin root id
    bin=$(runtime_bin "$rt") root=$(runtime_root "$rt") id=$(new_id "$rt" rss)
    LIVE["$rt $id"]=1
    timed /usr/bin/time -f %M -o "$TMP/maxrss" "$bin" --root "$root" run -b "$BUNDLE" "$id"
    unset 'LIVE[$rt $id]'
    record run-rss "$rt" "$(cat "$TMP/maxrss")"
}

bench_init_rss() { # VmHWM of the init stage while it waits in "created" state
    local rt=$1 bin root id pid hwm
    bin=$(runtime_bin "$rt") root=$(runtime_root "$rt") id=$(new_id "$rt" init)
    LIVE["$rt $id"]=1
    timed "$bin" --root "$root" create -b "$SLEEP_BUNDLE" "$id"
    pid=$("$bin" --root "$root" state "$id" | jq -r .pid)
    INIT_PID[$id]=$pid
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    [ -n "$hwm" ] || die "$rt: no VmHWM for init pid $pid of $id"
    record init-rss "$rt" "$hwm"
    timed "$bin" --root "$root" delete --force "$id"
    unset 'LIVE[$rt $id]' 'INIT_PID[$id]'
}

declare -A EXEC_TARGET=()   # the running container each runtime execs into, by runtime
start_exec_target() {
    local rt=$1 bin root id
    bin=$(runtime_bin "$rt") root=$(runtime_root "$rt") id=$(new_id "$rt" exec)
    LIVE["$rt $id"]=1
    timed "$bin" --root "$root" run -d -b "$EXEC_BUNDLE" "$id"
    EXEC_TARGET[$rt]=$id
}
stop_exec_target() {
    local rt=$1 id=${EXEC_TARGET[$1]}
    timed "$(runtime_bin "$rt")" --root "$(runtime_root "$rt")" delete --force "$id"
    unset 'LIVE[$rt $id]' 'EXEC_TARGET[$rt]'
}
bench_exec() {     # exec `true` into a running container and wait for it
    local rt=$1
    timed "$(runtime_bin "$rt")" --root "$(runtime_root "$rt")" exec "${EXEC_TARGET[$rt]}" true
    record exec "$rt" "$ELAPSED_US"
}

bench_features() { # JVM start + CLI parsing + trivial command, no container work
    local rt=$1
    timed "$(runtime_bin "$rt")" features
    record features "$rt" "$ELAPSED_US"
}

# The bare JVM with bin/berth-runc's options (keep in sync with that script), to separate JVM
# start from Berth's own work. Only meaningful for the default launcher.
berth_top=$(cd "$(dirname "$(readlink -f "$BERTH")")/.." && pwd)
AOT=$berth_top/berth-runc/target/berth-runc.aot
JVM_FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k
    -XX:+DisableAttachMechanism -Xlog:disable -Xlog:all=off --enable-native-access=ALL-UNNAMED)
[ -f "$AOT" ] && JVM_FLAGS+=(-XX:AOTCache="$AOT")
bench_java_version() {
    timed "$JAVA" "${JVM_FLAGS[@]}" -version
    record java-version berth "$ELAPSED_US"
}

# --- statistics ----------------------------------------------------------------------------
# pct FILE median|p90 SCALE: nearest-rank percentile of the values in FILE, divided by SCALE.
pct() {
    sort -n "$1" | awk -v q="$2" -v s="$3" '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "-"; exit }
            if (q == "median") m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            else { r = int(0.9 * NR); if (r < 0.9 * NR) r++; m = v[r] }
            printf "%.1f", m / s
        }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

row() {  # row OPERATION LABEL SCALE: one markdown table row
    local op=$1 label=$2 scale=$3 bm bp rm rp r="-"
    bm=$(pct "$RESULTS/$op.berth" median "$scale" 2>/dev/null || echo -)
    bp=$(pct "$RESULTS/$op.berth" p90 "$scale" 2>/dev/null || echo -)
    if [ -s "$RESULTS/$op.runc" ]; then
        rm=$(pct "$RESULTS/$op.runc" median "$scale") rp=$(pct "$RESULTS/$op.runc" p90 "$scale")
        r=$(ratio "$bm" "$rm")
    else
        rm=- rp=-
    fi
    echo "| $label | $bm | $bp | $rm | $rp | $r |"
}

# --- main ----------------------------------------------------------------------------------
log "bundle: $BUNDLE; temp dir: $TMP; N=$N"
for ((i = 0; i < WARMUP; i++)); do
    for rt in "${RUNTIMES[@]}"; do bench_run "$rt"; done
done
rm -f "$RESULTS"/*          # warm-up runs are not counted

# Each operation gets its own interleaved loop, so whatever drifts on the machine (page cache,
# CPU frequency, other load) affects both runtimes alike.
for step in run lifecycle run_rss init_rss exec features; do
    log "measuring $step"
    if [ "$step" = exec ]; then for rt in "${RUNTIMES[@]}"; do start_exec_target "$rt"; done; fi
    for ((i = 0; i < N; i++)); do
        for rt in "${RUNTIMES[@]}"; do "bench_$step" "$rt"; done
    done
    if [ "$step" = exec ]; then for rt in "${RUNTIMES[@]}"; do stop_exec_target "$rt"; done; fi
done
if [ -x "$JAVA" ]; then
    log "measuring java -version"
    for ((i = 0; i < N; i++)); do bench_java_version; done
fi

cat <<EOF
## berth-runc vs runc ($N interleaved iterations each)

Machine: $(nproc) CPUs, kernel $(uname -r), $("$RUNC" --version | head -1)

| operation (wall ms) | berth median | berth p90 | runc median | runc p90 | berth/runc (median) |
|---|---|---|---|---|---|
$(row run '`run` (create+start+wait+delete of `true`)' 1000)
$(row create '`create`' 1000)
$(row start '`start`' 1000)
$(row delete '`delete` (stopped container)' 1000)
$(row exec '`exec` of `true` into a running container' 1000)
$(row features '`features` (process start + CLI only)' 1000)
$(if [ -s "$RESULTS/java-version.berth" ]; then row java-version '`java -version`, bin/berth-runc JVM options' 1000; fi)

| peak RSS (MiB) | berth median | berth p90 | runc median | runc p90 | berth/runc (median) |
|---|---|---|---|---|---|
$(row run-rss '`run` command (GNU time %M)' 1024)
$(row init-rss 'init stage waiting in `created` (VmHWM)' 1024)
EOF
