package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.util.Map;

/**
 * The execution domain of the calling thread (personality(2)): PER_LINUX or PER_LINUX32 in the
 * low byte, flags from linux/personality.h above. A child inherits it and execve keeps it
 * (except the flags the kernel clears for set-user-ID programs).
 */
public final class Personality {
    public static final int PER_LINUX = 0x0000;
    public static final int PER_LINUX32 = 0x0008;

    /** The flags by their names in linux/personality.h. */
    public static final Map<String, Integer> FLAGS = Map.ofEntries(
            Map.entry("UNAME26", 0x0020000),
            Map.entry("ADDR_NO_RANDOMIZE", 0x0040000),
            Map.entry("FDPIC_FUNCPTRS", 0x0080000),
            Map.entry("MMAP_PAGE_ZERO", 0x0100000),
            Map.entry("ADDR_COMPAT_LAYOUT", 0x0200000),
            Map.entry("READ_IMPLIES_EXEC", 0x0400000),
            Map.entry("ADDR_LIMIT_32BIT", 0x0800000),
            Map.entry("SHORT_INODE", 0x1000000),
            Map.entry("WHOLE_SECONDS", 0x2000000),
            Map.entry("STICKY_TIMEOUTS", 0x4000000),
            Map.entry("ADDR_LIMIT_3GB", 0x8000000));

    private static final long QUERY = 0xffffffffL;

    // personality(2)
    private static final LibcFunction PERSONALITY = LibcFunction.ofInt("personality");

    private Personality() {}

    /** Sets the calling thread's persona. */
    public static void set(int persona) {
        PERSONALITY.check("0x" + Integer.toHexString(persona), persona);
    }

    /** The calling thread's persona. */
    public static int current() {
        return (int) PERSONALITY.check("query", QUERY);
    }
}
