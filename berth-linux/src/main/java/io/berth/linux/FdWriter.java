package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * Writes byte arrays to file descriptors through one native buffer made once, so a long run of
 * writes (unpacking thousands of files) allocates nothing per call. Confined to the thread
 * that made it (freeing a confined buffer costs nothing; a shared one stops every thread).
 */
public final class FdWriter implements AutoCloseable {
    // write(2)
    private static final Libc.Lazy WRITE = Libc.lazyFunction("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer;

    public FdWriter(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("buffer capacity must be positive: " + capacity);
        }
        this.buffer = arena.allocate(capacity, 4096);
    }

    /** Writes all of {@code data[offset, offset+length)}; retries EINTR and short writes. */
    public void write(Fd fd, byte[] data, int offset, int length) {
        int done = 0;
        while (done < length) {
            int chunk = (int) Math.min(length - done, buffer.byteSize());
            MemorySegment.copy(data, offset + done, buffer, JAVA_BYTE, 0, chunk);
            writeSegment(fd, chunk);
            done += chunk;
        }
    }

    private void writeSegment(Fd fd, int length) {
        long off = 0;
        try {
            while (off < length) {
                long n = (long) WRITE.get().invokeExact(Libc.state(), fd.number(), buffer.asSlice(off),
                        length - off);
                if (n == -1 && Libc.errno() == Errno.EINTR) {
                    continue;
                }
                off += Check.check(n, "write", fd.toString());
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
