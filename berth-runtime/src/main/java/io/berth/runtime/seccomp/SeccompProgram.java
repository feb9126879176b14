package io.berth.runtime.seccomp;

import java.util.Arrays;
import java.util.List;

/**
 * A compiled seccomp filter, ready for {@link io.berth.linux.SeccompFilter#install(byte[], int)}.
 *
 * @param bpf      struct sock_filter instructions, 8 bytes each, in native byte order
 * @param flags    SECCOMP_FILTER_FLAG_* bits for seccomp(2)
 * @param warnings parts of the profile that were ignored (flags, listenerPath): worth a warning
 * @param skipped  syscalls this host's libseccomp does not know, skipped as runc skips them and
 *                 reported at runc's level, debug: Docker's default profile names several newer
 *                 than older distributions' libseccomp, and would warn on every container
 */
public record SeccompProgram(byte[] bpf, int flags, List<String> warnings, List<String> skipped) {
    public SeccompProgram {
        bpf = bpf.clone();
        warnings = List.copyOf(warnings);
        skipped = List.copyOf(skipped);
    }

    /** A copy: the program is a value and must not change between compile and install. */
    @Override
    public byte[] bpf() {
        return bpf.clone();
    }

    public int instructions() {
        return bpf.length / 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeccompProgram p && Arrays.equals(bpf, p.bpf) && flags == p.flags
                && warnings.equals(p.warnings) && skipped.equals(p.skipped);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(bpf) + flags) + warnings.hashCode()) + skipped.hashCode();
    }

    @Override
    public String toString() {
        return "SeccompProgram[" + instructions() + " instructions, flags 0x" + Integer.toHexString(flags)
                + ", warnings " + warnings + ", skipped " + skipped + "]";
    }
}
