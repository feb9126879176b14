package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp;
import io.berth.runtime.spec.SpecException;

/** The OCI seccomp actions (SCMP_ACT_*) and their libseccomp values. */
enum SeccompAction {
    SCMP_ACT_KILL(LibSeccomp.ACT_KILL_THREAD),
    SCMP_ACT_KILL_THREAD(LibSeccomp.ACT_KILL_THREAD),
    SCMP_ACT_KILL_PROCESS(LibSeccomp.ACT_KILL_PROCESS),
    SCMP_ACT_TRAP(LibSeccomp.ACT_TRAP),
    SCMP_ACT_ERRNO(0),
    SCMP_ACT_TRACE(0),
    SCMP_ACT_ALLOW(LibSeccomp.ACT_ALLOW),
    SCMP_ACT_LOG(LibSeccomp.ACT_LOG),
    SCMP_ACT_NOTIFY(LibSeccomp.ACT_NOTIFY);

    /** The spec's default for errnoRet: what runc and crun return too. */
    static final int EPERM = 1;

    private final int value;

    SeccompAction(int value) {
        this.value = value;
    }

    /**
     * The libseccomp action for {@code name} with {@code errnoRet} (may be null); problems are
     * named at {@code actionPointer} or {@code errnoPointer}.
     */
    static int resolve(String name, Integer errnoRet, String actionPointer, String errnoPointer) {
        SeccompAction action = named(name, actionPointer);
        if (action == SCMP_ACT_NOTIFY) {
            throw new SpecException(actionPointer, "SCMP_ACT_NOTIFY is unsupported: Berth has no"
                    + " seccomp user-notification listener (listenerPath) yet");
        }
        if (errnoRet == null) {
            return action.value(EPERM);
        }
        if (!action.takesData()) {
            throw new SpecException(errnoPointer, name + " takes no errno; only SCMP_ACT_ERRNO and"
                    + " SCMP_ACT_TRACE do");
        }
        if (errnoRet < 0 || errnoRet > 0xffff) {
            throw new SpecException(errnoPointer, "errno " + errnoRet + " out of 0..65535");
        }
        return action.value(errnoRet);
    }

    private static SeccompAction named(String name, String pointer) {
        if (name == null) {
            throw new SpecException(pointer, "missing action");
        }
        for (SeccompAction action : values()) {
            if (action.name().equals(name)) {
                return action;
            }
        }
        throw new SpecException(pointer, "unknown action " + name);
    }

    private boolean takesData() {
        return this == SCMP_ACT_ERRNO || this == SCMP_ACT_TRACE;
    }

    private int value(int data) {
        return switch (this) {
            case SCMP_ACT_ERRNO -> LibSeccomp.actErrno(data);
            case SCMP_ACT_TRACE -> LibSeccomp.actTrace(data);
            default -> value;
        };
    }
}
