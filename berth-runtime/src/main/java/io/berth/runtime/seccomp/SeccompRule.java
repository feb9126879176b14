package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp.ArgCompare;
import java.util.List;

/**
 * One rule for libseccomp: {@code action} when syscall {@code number} matches every condition.
 *
 * @param pointer where the syscall name is in config.json, for errors libseccomp raises later
 */
record SeccompRule(String pointer, String syscall, int number, int action, List<ArgCompare> conditions) {
    SeccompRule {
        conditions = List.copyOf(conditions);
    }
}
