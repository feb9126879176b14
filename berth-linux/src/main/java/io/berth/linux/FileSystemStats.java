package io.berth.linux;

/**
 * struct statfs as statfs(2) fills it: block counts are in units of {@code fragmentSize},
 * as df(1) reads them. {@code availableBlocks} is what an unprivileged user may still use.
 */
public record FileSystemStats(long type, long blockSize, long fragmentSize, long blocks, long freeBlocks,
        long availableBlocks, long files, long freeFiles, long maxNameLength, long mountFlags) {

    public long totalBytes() {
        return blocks * unit();
    }

    /** Bytes in use, as df's "Used" column: total minus free (reserved blocks count as free). */
    public long usedBytes() {
        return (blocks - freeBlocks) * unit();
    }

    public long availableBytes() {
        return availableBlocks * unit();
    }

    public long usedFiles() {
        return files - freeFiles;
    }

    private long unit() {
        return fragmentSize > 0 ? fragmentSize : blockSize;
    }
}
