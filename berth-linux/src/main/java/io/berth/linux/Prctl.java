package io.berth.linux;

import io.berth.linux.internal.LibcFunction;

/** prctl(2) operations; those marked per-thread affect the calling thread only. */
public final class Prctl {
    static final int PR_SET_PDEATHSIG = 1;
    static final int PR_SET_DUMPABLE = 4;
    static final int PR_SET_KEEPCAPS = 8;
    static final int PR_CAPBSET_READ = 23;
    static final int PR_CAPBSET_DROP = 24;
    static final int PR_SET_CHILD_SUBREAPER = 36;
    static final int PR_SET_NO_NEW_PRIVS = 38;
    static final int PR_GET_NO_NEW_PRIVS = 39;
    static final int PR_CAP_AMBIENT = 47;
    static final int PR_CAP_AMBIENT_RAISE = 2;
    static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    // prctl(2)
    private static final LibcFunction PRCTL = LibcFunction.ofInt("prctl");

    private Prctl() {}

    static int call(String what, int option, long a2, long a3, long a4, long a5) {
        return (int) PRCTL.check(what, option, a2, a3, a4, a5);
    }

    /** Process-wide: a non-dumpable process cannot be ptraced and its /proc files are root's. */
    public static void setDumpable(boolean dumpable) {
        call("PR_SET_DUMPABLE", PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0);
    }

    /** Per-thread, and inherited by children and kept across execve. */
    public static void setNoNewPrivileges() {
        call("PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }

    public static boolean noNewPrivileges() {
        return call("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
    }

    /** Per-thread: keep permitted capabilities when the uids change from 0. */
    public static void setKeepCapabilities(boolean keep) {
        call("PR_SET_KEEPCAPS", PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0);
    }

    /** The signal this thread's process gets when the thread that created it exits. */
    public static void setParentDeathSignal(int signal) {
        call("PR_SET_PDEATHSIG", PR_SET_PDEATHSIG, signal, 0, 0, 0);
    }

    public static void setChildSubreaper(boolean on) {
        call("PR_SET_CHILD_SUBREAPER", PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0);
    }
}
