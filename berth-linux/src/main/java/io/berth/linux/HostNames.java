package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/** Host and NIS domain names of the calling thread's UTS namespace. */
public final class HostNames {
    // sethostname(2)
    private static final Libc.Lazy SETHOSTNAME = Libc.lazyFunction("sethostname",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    // setdomainname(2)
    private static final Libc.Lazy SETDOMAINNAME = Libc.lazyFunction("setdomainname",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private HostNames() {}

    public static void setHostname(String name) {
        set(SETHOSTNAME.get(), "sethostname", name);
    }

    public static void setDomainname(String name) {
        set(SETDOMAINNAME.get(), "setdomainname", name);
    }

    private static void set(MethodHandle handle, String call, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
            Check.check((int) handle.invokeExact(Libc.state(), buf, (long) bytes.length), call, name);
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }
}
