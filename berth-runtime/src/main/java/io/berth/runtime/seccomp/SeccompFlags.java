package io.berth.runtime.seccomp;

import io.berth.linux.SeccompFilter;
import io.berth.runtime.spec.SpecException;
import java.util.List;

/** linux.seccomp.flags (SECCOMP_FILTER_FLAG_*) as seccomp(2) flag bits. */
final class SeccompFlags {
    private SeccompFlags() {}

    /** The flag bits; flags Berth ignores are reported in {@code warnings}. */
    static int resolve(List<String> names, String pointer, List<String> warnings) {
        int flags = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = pointer + "/" + i;
            switch (name == null ? "" : name) {
                case "SECCOMP_FILTER_FLAG_LOG" -> flags |= SeccompFilter.FLAG_LOG;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> flags |= SeccompFilter.FLAG_SPEC_ALLOW;
                // runc ignores it too; here the filter goes on the one thread that execs
                case "SECCOMP_FILTER_FLAG_TSYNC" -> warnings.add(at + ": " + name
                        + " ignored: the filter is installed on the thread that execs the process");
                // the kernel refuses it without a notify listener, which Berth does not create
                case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> warnings.add(at + ": " + name
                        + " ignored: it only applies to SCMP_ACT_NOTIFY, which is unsupported");
                default -> throw new SpecException(at, "unknown flag " + name);
            }
        }
        return flags;
    }
}
