package io.berth.linux;

import io.berth.linux.internal.RawSyscall;
import io.berth.linux.internal.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Credentials and capabilities of the calling thread only. These go straight to the kernel:
 * glibc's set*id wrappers would change every thread of the JVM.
 */
public final class ThreadCredentials {
    private static final int CAP_VERSION_3 = 0x20080522;

    private ThreadCredentials() {}

    /** setgroups(2) */
    public static void setGroups(int[] gids) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = gids.length == 0 ? MemorySegment.NULL
                    : arena.allocateFrom(ValueLayout.JAVA_INT, gids);
            RawSyscall.call("setgroups", java.util.Arrays.toString(gids), Syscall.SETGROUPS,
                    gids.length, list.address());
        }
    }

    /** setresgid(2) */
    public static void setGid(int gid) {
        RawSyscall.call("setresgid", "gid " + gid, Syscall.SETRESGID, gid, gid, gid);
    }

    /** setresuid(2) */
    public static void setUid(int uid) {
        RawSyscall.call("setresuid", "uid " + uid, Syscall.SETRESUID, uid, uid, uid);
    }

    /**
     * setresgid(2) then setresuid(2) changing only the real ids: the thread keeps effective root
     * and its capabilities, but the kernel's "same user" checks (prlimit(2) on another process)
     * now see {@code uid}/{@code gid}.
     */
    public static void setRealIds(int uid, int gid) {
        RawSyscall.call("setresgid", "real gid " + gid, Syscall.SETRESGID, gid, -1, -1);
        RawSyscall.call("setresuid", "real uid " + uid, Syscall.SETRESUID, uid, -1, -1);
    }

    /** capset(2): the effective, permitted and inheritable sets as bit masks. */
    public static void setCapabilities(long effective, long permitted, long inheritable) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8, 4);
            header.set(ValueLayout.JAVA_INT, 0, CAP_VERSION_3);
            header.set(ValueLayout.JAVA_INT, 4, 0);
            MemorySegment data = arena.allocate(24, 4);
            for (int i = 0; i < 2; i++) {
                data.set(ValueLayout.JAVA_INT, i * 12L, (int) (effective >>> (32 * i)));
                data.set(ValueLayout.JAVA_INT, i * 12L + 4, (int) (permitted >>> (32 * i)));
                data.set(ValueLayout.JAVA_INT, i * 12L + 8, (int) (inheritable >>> (32 * i)));
            }
            RawSyscall.call("capset", "effective=" + Long.toHexString(effective)
                    + " permitted=" + Long.toHexString(permitted), Syscall.CAPSET,
                    header.address(), data.address());
        }
    }

    /** Removes {@code cap} from the thread's bounding set (PR_CAPBSET_DROP). */
    public static void dropBounding(int cap) {
        Prctl.call("PR_CAPBSET_DROP " + cap, Prctl.PR_CAPBSET_DROP, cap, 0, 0, 0);
    }

    public static boolean inBounding(int cap) {
        return Prctl.call("PR_CAPBSET_READ " + cap, Prctl.PR_CAPBSET_READ, cap, 0, 0, 0) == 1;
    }

    /** Adds {@code cap} to the ambient set; it must be permitted and inheritable already. */
    public static void raiseAmbient(int cap) {
        Prctl.call("PR_CAP_AMBIENT_RAISE " + cap, Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, cap, 0, 0);
    }

    public static void clearAmbient() {
        Prctl.call("PR_CAP_AMBIENT_CLEAR_ALL", Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    }
}
