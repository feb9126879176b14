#!/usr/bin/env bash
# Benchmark `berth image pull` against `skopeo copy` + `umoci unpack` (the peers' pull-and-unpack),
# on the same generated image from a local Debian docker-registry, interleaved, in one run.
#
# Usage (as root):   bench/image-pull-benchmark.sh > results.md
#
# Environment:
#   N        iterations per tool (default 5)
#   BERTH    berth launcher (default: bin/berth of this checkout)
#
# The image (bench/make-bench-image.py): 4 gzip layers, ~256 MiB unpacked, ~3,500 files.
# Each iteration starts from an empty store / empty OCI layout, so every byte is fetched and
# unpacked. Timings are wall-clock milliseconds from `date +%s%N`; peak RSS from /usr/bin/time.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
N=${N:-5}
BERTH=${BERTH:-$here/../bin/berth}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (unpacking keeps owners and device nodes)"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
for tool in docker-registry skopeo umoci python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing (bin/setup installs it)"
done
[ -x "$BERTH" ] || die "no berth at $BERTH"

TMP=$(mktemp -d /tmp/berth-pull-bench.XXXXXX)
registry_pid=
cleanup() {
    [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
    # berth stores hold overlay-ready trees only (nothing mounted); remove everything we made
    rm -rf "$TMP"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$TMP/registry.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $TMP/registry}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$TMP/registry.yml" > "$TMP/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$port/v2/" >/dev/null || die "registry did not start: $(cat "$TMP/registry.log")"

log "generating the benchmark image"
python3 "$here/make-bench-image.py" "$TMP/layout"
skopeo copy -q --dest-tls-verify=false "oci:$TMP/layout:bench" "docker://127.0.0.1:$port/bench:latest" >&2
ref="127.0.0.1:$port/bench:latest"

now() { date +%s%N; }
declare -a berth_ms peer_ms berth_rss peer_rss

for i in $(seq "$N"); do
    # berth: registry -> content store -> snapshots
    start=$(now)
    /usr/bin/time -f %M -o "$TMP/rss" "$BERTH" --root "$TMP/berth-$i" image pull -q "$ref" >/dev/null
    berth_ms+=($(( ($(now) - start) / 1000000 )))
    berth_rss+=($(cat "$TMP/rss"))
    rm -rf "$TMP/berth-$i"

    # peers: registry -> OCI layout (skopeo) -> bundle rootfs (umoci)
    start=$(now)
    /usr/bin/time -f %M -o "$TMP/rss" skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$TMP/oci-$i:bench" >/dev/null
    rss1=$(cat "$TMP/rss")
    /usr/bin/time -f %M -o "$TMP/rss" umoci unpack --image "$TMP/oci-$i:bench" "$TMP/bundle-$i" >/dev/null 2>&1
    peer_ms+=($(( ($(now) - start) / 1000000 )))
    peer_rss+=($(( rss1 > $(cat "$TMP/rss") ? rss1 : $(cat "$TMP/rss") )))
    rm -rf "$TMP/oci-$i" "$TMP/bundle-$i"
    log "iteration $i: berth ${berth_ms[-1]} ms, skopeo+umoci ${peer_ms[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
b=$(median "${berth_ms[@]}"); p=$(median "${peer_ms[@]}")
echo "| tool | median ms (N=$N) | peak RSS MiB | ratio to skopeo+umoci |"
echo "|---|---|---|---|"
echo "| berth image pull | $b | $(( $(median "${berth_rss[@]}") / 1024 )) | $(awk "BEGIN {printf \"%.2f\", $b/$p}") |"
echo "| skopeo copy + umoci unpack | $p | $(( $(median "${peer_rss[@]}") / 1024 )) | 1.00 |"
