package io.berth.runtime.seccomp;

import io.berth.linux.LibSeccomp;
import io.berth.runtime.spec.SpecException;

/** linux.seccomp.architectures (SCMP_ARCH_*) as libseccomp arch tokens. */
final class SeccompArchitectures {
    private static final String PREFIX = "SCMP_ARCH_";

    private SeccompArchitectures() {}

    /** SCMP_ARCH_X86_64 → libseccomp's "x86_64" → its token; unknown names are spec errors. */
    static int token(String name, String pointer) {
        if (name != null && name.startsWith(PREFIX)) {
            String libseccompName = name.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
            var token = LibSeccomp.resolveArch(libseccompName);
            if (token.isPresent()) {
                return token.getAsInt();
            }
        }
        throw new SpecException(pointer, "unknown architecture " + name
                + " (not an SCMP_ARCH_* name this host's libseccomp knows)");
    }
}
