package io.berth.linux;

/** Linux namespace kinds with their clone(2) flag and /proc/PID/ns name. */
public enum Namespace {
    MOUNT(0x00020000, "mnt"),
    UTS(0x04000000, "uts"),
    IPC(0x08000000, "ipc"),
    USER(0x10000000, "user"),
    PID(0x20000000, "pid"),
    NETWORK(0x40000000, "net"),
    CGROUP(0x02000000, "cgroup"),
    TIME(0x00000080, "time");

    private final int cloneFlag;
    private final String procName;

    Namespace(int cloneFlag, String procName) {
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    public int cloneFlag() {
        return cloneFlag;
    }

    public String procName() {
        return procName;
    }

    public static int flags(Iterable<Namespace> namespaces) {
        int flags = 0;
        for (Namespace ns : namespaces) {
            flags |= ns.cloneFlag;
        }
        return flags;
    }
}
