package io.berth.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps garbage collection away from work in progress, across processes: pulls hold the lock
 * shared while their blobs and snapshots are not yet recorded; collection holds it exclusively.
 */
final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock shared(Path root) throws IOException {
        return take(root, true);
    }

    static StoreLock exclusive(Path root) throws IOException {
        return take(root, false);
    }

    private static StoreLock take(Path root, boolean shared) throws IOException {
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve("gc.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new StoreLock(channel, channel.lock(0, Long.MAX_VALUE, shared));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
