# Sourced by the benchmark scripts: one busybox bundle that runc and Berth both run.
#
# build_busybox_bundle DIR RUNC
#   DIR/rootfs is Debian's busybox-static (/bin/busybox plus a symlink per applet), installed
#   if missing; DIR/config.json is `RUNC spec` with terminal off, args ["true"] and a writable
#   root. Needs jq. Logs to stderr.
build_busybox_bundle() {
    local dir=$1 runc=$2 busybox=/bin/busybox applet
    if ! [ -x "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
        printf '%s\n' "installing busybox-static" >&2
        apt-get install -y busybox-static >&2
    fi
    mkdir -p "$dir/rootfs/bin"
    cp "$busybox" "$dir/rootfs/bin/busybox"
    for applet in $("$dir/rootfs/bin/busybox" --list); do
        [ "$applet" = busybox ] || ln -s busybox "$dir/rootfs/bin/$applet"
    done
    (cd "$dir" && "$runc" spec)
    jq '.process.terminal = false | .process.args = ["true"] | .root.readonly = false' \
        "$dir/config.json" > "$dir/config.json.new"
    mv "$dir/config.json.new" "$dir/config.json"
}
