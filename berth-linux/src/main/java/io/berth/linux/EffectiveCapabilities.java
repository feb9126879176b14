package io.berth.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's effective capability set (CapEff in proc_pid_status(5)), for choosing a
 * path before a call the kernel would refuse, e.g. ext4 online resize needs CAP_SYS_RESOURCE.
 */
public final class EffectiveCapabilities {
    private EffectiveCapabilities() {}

    public static boolean has(Capability capability) {
        return (mask() & capability.bit()) != 0;
    }

    /** The CapEff bit mask of the calling thread. */
    public static long mask() {
        Path status = Path.of("/proc/thread-self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + status, e);
        }
        throw new IllegalStateException(status + " has no CapEff line");
    }
}
