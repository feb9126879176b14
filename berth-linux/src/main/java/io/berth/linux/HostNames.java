package io.berth.linux;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Host and NIS domain names of the calling thread's UTS namespace. */
public final class HostNames {
    // sethostname(2)
    private static final LibcFunction SETHOSTNAME = LibcFunction.ofInt("sethostname");
    // setdomainname(2)
    private static final LibcFunction SETDOMAINNAME = LibcFunction.ofInt("setdomainname");

    private HostNames() {}

    public static void setHostname(String name) {
        set(SETHOSTNAME, name);
    }

    public static void setDomainname(String name) {
        set(SETDOMAINNAME, name);
    }

    private static void set(LibcFunction function, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            function.check(name, buf.address(), bytes.length);
        }
    }
}
