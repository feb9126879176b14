package io.berth.storage.volume;

import io.berth.linux.FileSystemStats;

/** What df shows for a mounted disk image: its size, bytes used and still available, and inodes. */
public record DiskUsage(long sizeBytes, long usedBytes, long availableBytes, long inodes, long usedInodes) {

    static DiskUsage of(FileSystemStats stats) {
        return new DiskUsage(stats.totalBytes(), stats.usedBytes(), stats.availableBytes(), stats.files(),
                stats.usedFiles());
    }
}
