package io.berth.runtime;

import io.berth.runtime.cgroups.SubCgroups;

/**
 * runc's exec flags: console socket path (or null), fds 3..3+preserveFds-1 passed on, and the
 * container's sub-cgroups to join instead of its own (--cgroup). {@code ignorePaused}: exec into
 * a paused container too; the process then stays frozen, and exec waits, until it is resumed.
 * {@code execStage} forces the exec stage process even where Berth could spawn it directly.
 */
public record ExecOptions(String consoleSocket, int preserveFds, SubCgroups cgroups, boolean ignorePaused,
                          boolean execStage) {
    public ExecOptions {
        cgroups = cgroups == null ? SubCgroups.NONE : cgroups;
    }
}
