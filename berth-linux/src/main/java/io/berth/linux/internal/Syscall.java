package io.berth.linux.internal;

/**
 * System calls made through syscall(2) rather than a glibc wrapper, with their numbers on
 * x86-64 and AArch64 (asm/unistd_64.h, asm-generic/unistd.h). glibc either lacks a wrapper
 * for these or gives them semantics we must avoid (its set*id wrappers change every thread;
 * we need the calling thread only).
 */
public enum Syscall {
    SETGROUPS(116, 159),
    SETRESUID(117, 147),
    SETRESGID(119, 149),
    CAPGET(125, 90),
    CAPSET(126, 91),
    PIVOT_ROOT(155, 41),
    SECCOMP(317, 277),
    BPF(321, 280),
    OPENAT2(437, 437),
    CLOSE_RANGE(436, 436),
    PIDFD_OPEN(434, 434),
    PIDFD_SEND_SIGNAL(424, 424),
    GETTID(186, 178),
    MOUNT_SETATTR(442, 442),
    OPEN_TREE(428, 428),
    MOVE_MOUNT(429, 429),
    KEYCTL(250, 219),
    IOPRIO_SET(251, 30),
    IOPRIO_GET(252, 31),
    SCHED_SETATTR(314, 274),
    SCHED_GETATTR(315, 275);

    private static final boolean AARCH64 = isAarch64(System.getProperty("os.arch"));

    private final long x86_64;
    private final long aarch64;

    Syscall(long x86_64, long aarch64) {
        this.x86_64 = x86_64;
        this.aarch64 = aarch64;
    }

    /** The number on this machine's architecture. */
    public long number() {
        return AARCH64 ? aarch64 : x86_64;
    }

    /** The number on {@code arch} (an {@code os.arch} value). */
    public long number(String arch) {
        return isAarch64(arch) ? aarch64 : x86_64;
    }

    static boolean isAarch64(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> false;
            case "aarch64", "arm64" -> true;
            default -> throw new UnsupportedOperationException("unsupported architecture " + arch);
        };
    }
}
