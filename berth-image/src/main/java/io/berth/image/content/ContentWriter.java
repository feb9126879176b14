package io.berth.image.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One blob being written into the store. Bytes already in the ingest file from an interrupted
 * attempt are kept: {@link #offset()} says where to resume (an HTTP Range request, say), and they
 * are hashed again so the final digest covers the whole blob. {@link #commit()} checks size and
 * digest before the blob becomes visible; closing without commit keeps the partial data.
 */
public final class ContentWriter implements AutoCloseable {
    // flock only excludes other processes; threads of this JVM pulling the same blob queue here
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ContentStore store;
    private final Path data;
    private final Digest expected;
    private final long expectedSize;
    private final ReentrantLock threadLock;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final FileChannel channel;
    private MessageDigest hasher;
    private long written;
    private boolean done;

    private ContentWriter(ContentStore store, Path data, Digest expected, long expectedSize,
                          ReentrantLock threadLock, FileChannel lockChannel, FileLock fileLock,
                          FileChannel channel) {
        this.store = store;
        this.data = data;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.threadLock = threadLock;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.channel = channel;
    }

    static ContentWriter open(ContentStore store, Path ingest, Digest expected, long expectedSize) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(ingest.toAbsolutePath(), p -> new ReentrantLock());
        threadLock.lock();
        FileChannel lockChannel = null;
        FileChannel channel = null;
        try {
            lockChannel = FileChannel.open(ingest.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = lockChannel.lock();
            Path data = ingest.resolve("data");
            channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            ContentWriter writer = new ContentWriter(store, data, expected, expectedSize, threadLock, lockChannel, fileLock, channel);
            writer.rehashExisting();
            return writer;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    private void rehashExisting() throws IOException {
        hasher = expected.newHasher();
        long size = channel.size();
        if (size > expectedSize) {
            // not a prefix of this blob: whatever wrote it was wrong, start over
            channel.truncate(0);
            size = 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            hasher.update(buffer.array(), 0, n);
            position += n;
        }
        written = position;
        channel.position(written);
    }

    /** Bytes already written: where a resumed download continues. */
    public long offset() {
        return written;
    }

    public Digest expected() {
        return expected;
    }

    public long expectedSize() {
        return expectedSize;
    }

    /** Drops any partial content, for a source that cannot resume. */
    public void truncate() throws IOException {
        channel.truncate(0);
        channel.position(0);
        hasher = expected.newHasher();
        written = 0;
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (written + length > expectedSize) {
            throw new ContentVerificationException(expected + ": content is larger than the " + expectedSize
                    + " bytes its descriptor says");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        hasher.update(bytes, offset, length);
        written += length;
    }

    /** Copies a stream to the end of the blob; returns the bytes copied. */
    public long copyFrom(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 17];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Verifies size and digest, makes the blob durable and visible under its digest. */
    public void commit() throws IOException {
        if (written != expectedSize) {
            discard();
            throw new ContentVerificationException(expected + ": got " + written + " bytes, the descriptor says " + expectedSize);
        }
        Digest actual = Digest.of(expected.algorithm(), hasher);
        if (!actual.equals(expected)) {
            discard();
            throw new ContentVerificationException("digest mismatch: content was expected to be " + expected + " but is " + actual);
        }
        channel.force(false);
        store.commit(data, expected);
        done = true;
    }

    private void discard() throws IOException {
        channel.truncate(0);
        Files.deleteIfExists(data);
        done = true;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
            if (done) {
                // the lock file stays: unlinking a file others may be waiting to flock would let two
                // writers in at once; garbage collection removes idle ingest directories
                Files.deleteIfExists(data);
            }
        } finally {
            try {
                fileLock.release();
                lockChannel.close();
            } finally {
                threadLock.unlock();
            }
        }
    }
}
