package io.berth.linux.internal;

/**
 * Numbers of the system calls that glibc does not wrap, or wraps with semantics we must avoid
 * (its set*id wrappers change every thread; we need the calling thread only).
 */
public record SyscallNumbers(
        long setgroups, long setresuid, long setresgid, long capget, long capset,
        long pivotRoot, long seccomp, long bpf, long openat2, long closeRange,
        long pidfdOpen, long pidfdSendSignal, long gettid, long mountSetattr, long openTree,
        long moveMount, long keyctl) {

    private static final SyscallNumbers X86_64 = new SyscallNumbers(
            116, 117, 119, 125, 126, 155, 317, 321, 437, 436, 434, 424, 186, 442, 428, 429, 250);
    private static final SyscallNumbers AARCH64 = new SyscallNumbers(
            159, 147, 149, 90, 91, 41, 277, 280, 437, 436, 434, 424, 178, 442, 428, 429, 219);

    public static final SyscallNumbers HOST = forArch(System.getProperty("os.arch"));

    static SyscallNumbers forArch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new UnsupportedOperationException("unsupported architecture " + arch);
        };
    }
}
