package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.util.Set;

/**
 * unshare and setns. Both act on the calling thread only; a thread that changed its pid
 * namespace cannot create threads any more, so callers use a throwaway thread.
 */
public final class Namespaces {
    // unshare(2)
    private static final LibcFunction UNSHARE = LibcFunction.ofInt("unshare");
    // setns(2)
    private static final LibcFunction SETNS = LibcFunction.ofInt("setns");

    /** CLONE_FS: gives the thread its own root, cwd and umask (needed before chroot/pivot). */
    public static final int CLONE_FS = 0x00000200;

    private Namespaces() {}

    public static void unshare(Set<Namespace> namespaces) {
        unshareFlags(Namespace.flags(namespaces), namespaces.toString());
    }

    public static void unshareFlags(int flags, String what) {
        UNSHARE.check(what, flags);
    }

    /** Joins the namespace {@code nsFd} (an open /proc/PID/ns/* file) refers to. */
    public static void join(Namespace type, Fd nsFd) {
        SETNS.check(type.procName() + " " + nsFd, nsFd.number(), type.cloneFlag());
    }

    /** Joins the namespace that {@code path} (e.g. /proc/PID/ns/net) refers to. */
    public static void join(Namespace type, String path) {
        try (Fd fd = FileCalls.open(path, FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
            SETNS.check(type.procName() + " " + path, fd.number(), type.cloneFlag());
        }
    }
}
