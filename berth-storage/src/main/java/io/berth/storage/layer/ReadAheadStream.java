package io.berth.storage.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads the stream below (decompression and digest, the CPU-heavy half of unpacking) on a
 * thread of its own, a few chunks ahead, so that work overlaps the syscalls that write files.
 * Whatever the stream below throws is rethrown, as is, by the read that reaches it.
 */
final class ReadAheadStream extends InputStream {
    private record Chunk(byte[] data, int length, Throwable failure) {
        static final Chunk END = new Chunk(new byte[0], -1, null);
    }

    private final InputStream in;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAheadStream(InputStream in, int chunkSize, int chunks) {
        this.in = in;
        // never full: at most `chunks` buffers exist, plus the end or a failure
        this.filled = new ArrayBlockingQueue<>(chunks + 1);
        this.free = new LinkedBlockingQueue<>();
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[chunkSize]);
        }
        Thread.ofPlatform().daemon().name("layer-read-ahead").start(this::produce); // every field is set
    }

    private void produce() {
        try {
            while (true) {
                byte[] buffer = free.take();
                if (closed) {
                    return;
                }
                int length = fillFrom(buffer);
                if (length < 0) {
                    filled.put(Chunk.END);
                    return;
                }
                filled.put(new Chunk(buffer, length, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            filled.offer(new Chunk(null, 0, t));
        }
    }

    // full chunks mean fewer hand-overs; a decompressor returns a few KiB per read
    private int fillFrom(byte[] buffer) throws IOException {
        int length = 0;
        while (length < buffer.length) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return length == 0 ? -1 : length;
            }
            length += n;
        }
        return length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || (current != Chunk.END && position == current.length())) {
            next();
        }
        if (current == Chunk.END) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    private void next() throws IOException {
        if (current != null && current.data() != null && current != Chunk.END) {
            free.add(current.data());
        }
        try {
            current = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while unpacking a layer");
        }
        position = 0;
        if (current.failure() != null) {
            Throwable failure = current.failure();
            current = Chunk.END;
            switch (failure) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error error -> throw error;
                default -> throw new IOException(failure);
            }
        }
    }

    /**
     * Stops the read-ahead thread after the read it may be in: not by interrupting it, which
     * would close a caller's interruptible (FileChannel) stream under it. The stream below
     * stays open; its owner closes it.
     */
    @Override
    public void close() {
        closed = true;
        filled.clear();
        free.add(new byte[0]); // wakes a producer waiting for a buffer
    }
}
