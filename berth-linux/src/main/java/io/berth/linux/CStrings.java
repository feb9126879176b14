package io.berth.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** NULL-terminated arrays of C strings (argv, envp). */
final class CStrings {
    private CStrings() {}

    static MemorySegment array(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        // pointers written as longs at their offsets: ADDRESS by index needs a VarHandle of its
        // own, whose lambda forms take ~5 ms to spin in a fresh JVM (every create and exec)
        long stride = ValueLayout.ADDRESS.byteSize();
        for (int i = 0; i < strings.size(); i++) {
            array.set(ValueLayout.JAVA_LONG, i * stride, arena.allocateFrom(strings.get(i)).address());
        }
        array.set(ValueLayout.JAVA_LONG, strings.size() * stride, 0L);
        return array;
    }
}
