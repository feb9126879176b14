package io.berth.linux;

import java.util.Optional;

/** Linux capabilities by number (capabilities(7)); names as the OCI spec writes them. */
public enum Capability {
    CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_KILL,
    CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_LINUX_IMMUTABLE, CAP_NET_BIND_SERVICE,
    CAP_NET_BROADCAST, CAP_NET_ADMIN, CAP_NET_RAW, CAP_IPC_LOCK, CAP_IPC_OWNER, CAP_SYS_MODULE,
    CAP_SYS_RAWIO, CAP_SYS_CHROOT, CAP_SYS_PTRACE, CAP_SYS_PACCT, CAP_SYS_ADMIN, CAP_SYS_BOOT,
    CAP_SYS_NICE, CAP_SYS_RESOURCE, CAP_SYS_TIME, CAP_SYS_TTY_CONFIG, CAP_MKNOD, CAP_LEASE,
    CAP_AUDIT_WRITE, CAP_AUDIT_CONTROL, CAP_SETFCAP, CAP_MAC_OVERRIDE, CAP_MAC_ADMIN, CAP_SYSLOG,
    CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND, CAP_AUDIT_READ, CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE;

    public int number() {
        return ordinal();
    }

    public long bit() {
        return 1L << ordinal();
    }

    /** Accepts "CAP_SYS_ADMIN" and, as Docker does, "SYS_ADMIN" in any case. */
    public static Optional<Capability> parse(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        for (Capability c : values()) {
            if (c.name().equals(full)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The highest capability number this kernel knows (/proc/sys/kernel/cap_last_cap). */
    public static int lastOnHost() {
        return LastCap.VALUE;
    }

    private static final class LastCap {
        static final int VALUE = readLastCap();
    }

    private static int readLastCap() {
        // one read(2): sysctl files return nothing to a second, offset read (java.nio may do that)
        try (Fd fd = FileCalls.open("/proc/sys/kernel/cap_last_cap", FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
            return Integer.parseInt(new String(FileCalls.read(fd, 64), java.nio.charset.StandardCharsets.US_ASCII).trim());
        } catch (SyscallException | NumberFormatException e) {
            return CAP_CHECKPOINT_RESTORE.ordinal();
        }
    }
}
