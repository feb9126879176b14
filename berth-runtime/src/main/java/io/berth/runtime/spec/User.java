package io.berth.runtime.spec;

import java.util.List;

/** process.user (config.md#posix-platform-user). */
public record User(long uid, long gid, Integer umask, List<Long> additionalGids, String username) {
    public User {
        additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
    }
}
