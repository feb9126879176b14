package io.berth.runtime;

import java.nio.file.Path;

/**
 * runc's create/run flags: console socket path (or null), fds 3..3+preserveFds-1 inherited by
 * the container, pivot_root or MS_MOVE+chroot (noPivot), and whether to keep the caller's
 * session keyring (noNewKeyring) instead of a new one. {@code initStage} forces the init stage
 * process even where the workload could be spawned directly (to compare, or to rule it out).
 */
public record CreateOptions(Path bundle, String consoleSocket, int preserveFds, boolean noPivot,
                            boolean noNewKeyring, boolean initStage) {
    public CreateOptions(Path bundle, String consoleSocket, int preserveFds, boolean noPivot, boolean noNewKeyring) {
        this(bundle, consoleSocket, preserveFds, noPivot, noNewKeyring, false);
    }
}
