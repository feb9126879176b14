package io.berth.storage.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

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
    private final Thread producer;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAheadStream(InputStream in, int chunkSize, int chunks) {
        this.in = in;
        this.filled = new ArrayBlockingQueue<>(chunks + 1);
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[chunkSize]);
        }
        this.producer = Thread.ofPlatform().daemon().name("layer-read-ahead").unstarted(this::produce);
        producer.start();
    }

    private void produce() {
        try {
            while (!closed) {
                byte[] buffer = free.take();
                int length = fillFrom(buffer);
                if (length < 0) {
                    filled.put(Chunk.END);
                    return;
                }
                filled.put(new Chunk(buffer, length, null));
            }
        } catch (InterruptedException e) {
            // closed by the reader
        } catch (Throwable t) {
            filled.offer(new Chunk(null, 0, t)); // room: at most chunks buffers are ever in the queue
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
        if (current == null || position == current.length()) {
            if (current == Chunk.END) {
                return -1;
            }
            next();
            if (current == Chunk.END) {
                return -1;
            }
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

    /** Stops the read-ahead thread; the stream below stays open (its owner closes it). */
    @Override
    public void close() {
        closed = true;
        producer.interrupt();
    }
}
