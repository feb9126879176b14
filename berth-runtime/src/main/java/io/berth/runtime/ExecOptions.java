package io.berth.runtime;

import io.berth.runtime.cgroups.SubCgroups;

/**
 * runc's exec flags: console socket path (or null), fds 3..3+preserveFds-1 passed on, and the
 * container's sub-cgroups to join instead of its own (--cgroup). {@code execStage} forces the
 * exec stage process even where Berth could spawn the process directly.
 */
public record ExecOptions(String consoleSocket, int preserveFds, SubCgroups cgroups, boolean execStage) {
    public ExecOptions {
        cgroups = cgroups == null ? SubCgroups.NONE : cgroups;
    }
}
