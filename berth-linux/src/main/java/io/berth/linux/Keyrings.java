package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;

/** Kernel keyrings (keyrings(7)). */
public final class Keyrings {
    private static final long KEYCTL_JOIN_SESSION_KEYRING = 1;

    private Keyrings() {}

    /**
     * keyctl(2) KEYCTL_JOIN_SESSION_KEYRING: gives the calling thread a new, empty session
     * keyring named {@code name}, so a container cannot read the keys of the session it was
     * started from. Returns false where the kernel has no keyrings (ENOSYS).
     */
    public static boolean joinNewSession(String name) {
        try (Arena arena = Arena.ofConfined()) {
            long r = RawSyscall.callOrErrno(Syscall.KEYCTL, KEYCTL_JOIN_SESSION_KEYRING,
                    arena.allocateFrom(name).address());
            if (r == -Errno.ENOSYS) {
                return false;
            }
            if (r < 0) {
                throw new SyscallException("keyctl", "KEYCTL_JOIN_SESSION_KEYRING " + name, (int) -r);
            }
            return true;
        }
    }
}
