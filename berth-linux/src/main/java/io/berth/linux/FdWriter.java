package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Writes byte arrays to file descriptors through one native buffer made once, so a long run of
 * writes (unpacking thousands of files) allocates nothing per call. Confined to the thread
 * that made it (freeing a confined buffer costs nothing; a shared one stops every thread).
 */
public final class FdWriter implements AutoCloseable {
    // write(2)
    private static final LibcFunction WRITE = LibcFunction.ofLong("write");

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
        while (off < length) {
            off += WRITE.checkRetryingEintr(fd.toString(), fd.number(), buffer.address() + off, length - off);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
