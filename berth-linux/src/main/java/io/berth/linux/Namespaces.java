package io.berth.linux;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/**
 * unshare and setns. Both act on the calling thread only; a thread that changed its pid
 * namespace cannot create threads any more, so callers use a throwaway thread.
 */
public final class Namespaces {
    // unshare(2)
    private static final Libc.Lazy UNSHARE = Libc.lazyFunction("unshare",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    // setns(2)
    private static final Libc.Lazy SETNS = Libc.lazyFunction("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** CLONE_FS: gives the thread its own root, cwd and umask (needed before chroot/pivot). */
    public static final int CLONE_FS = 0x00000200;

    private Namespaces() {}

    public static void unshare(Set<Namespace> namespaces) {
        unshareFlags(Namespace.flags(namespaces), namespaces.toString());
    }

    public static void unshareFlags(int flags, String what) {
        try {
            Check.check((int) UNSHARE.get().invokeExact(Libc.state(), flags), "unshare", what);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Joins the namespace {@code nsFd} (an open /proc/PID/ns/* file) refers to. */
    public static void join(Namespace type, Fd nsFd) {
        try {
            Check.check((int) SETNS.get().invokeExact(Libc.state(), nsFd.number(), type.cloneFlag()),
                    "setns", type.procName() + " " + nsFd);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    /** Joins the namespace that {@code path} (e.g. /proc/PID/ns/net) refers to. */
    public static void join(Namespace type, String path) {
        try (Fd fd = FileCalls.open(path, FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
            try {
                Check.check((int) SETNS.get().invokeExact(Libc.state(), fd.number(), type.cloneFlag()),
                        "setns", type.procName() + " " + path);
            } catch (Throwable t) {
                throw Check.rethrow(t);
            }
        }
    }
}
