package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keeps a layer within its size cap and its filesystem above the free-space reserve. Asks the
 * filesystem (statfs) only when the bytes written since the last answer could have used up the
 * margin it gave, and at least every {@link #RECHECK_BYTES}, since other writers share the disk.
 */
final class SpaceGuard {
    static final long RECHECK_BYTES = 256L << 20;
    // what a directory, link or device costs beyond its bytes of content, roughly one block
    private static final long INODE_COST = 4096;

    private final FileStore store;
    private final Path target;
    private final LayerLimits limits;
    private long unpacked;
    private long margin; // bytes we may still write before asking the filesystem again
    private long sinceCheck;

    SpaceGuard(Path target, LayerLimits limits) throws IOException {
        this.store = Files.getFileStore(target);
        this.target = target;
        this.limits = limits;
        recheck(null, 0);
    }

    /** Accounts for a regular file of {@code size} bytes before it is written. */
    void reserveFile(String entry, long size) throws IOException {
        if (size > limits.maxUnpackedBytes() - unpacked) {
            throw LayerRejectedException.entry(entry, Reason.TOO_LARGE, "the layer unpacks to more than its limit of "
                    + human(limits.maxUnpackedBytes()));
        }
        unpacked += size;
        consume(entry, size + INODE_COST);
    }

    /** Accounts for an entry without content (directory, link, device, whiteout). */
    void reserveInode(String entry) throws IOException {
        consume(entry, INODE_COST);
    }

    long unpackedBytes() {
        return unpacked;
    }

    private void consume(String entry, long bytes) throws IOException {
        if (bytes > margin || sinceCheck + bytes > RECHECK_BYTES) {
            recheck(entry, bytes);
        }
        margin -= bytes;
        sinceCheck += bytes;
    }

    private void recheck(String entry, long needed) throws IOException {
        long total = store.getTotalSpace();
        long usable = store.getUsableSpace();
        long reserve = (long) Math.ceil(total * limits.minFreeFraction());
        if (usable - needed < reserve) {
            String why = "unpacking " + (entry == null ? "the layer" : "it") + " would leave less than "
                    + percent(limits.minFreeFraction()) + " of the filesystem holding " + target + " free ("
                    + human(usable) + " free of " + human(total) + ")";
            throw entry == null
                    ? LayerRejectedException.layer(Reason.INSUFFICIENT_SPACE, why, null)
                    : LayerRejectedException.entry(entry, Reason.INSUFFICIENT_SPACE, why);
        }
        margin = usable - reserve;
        sinceCheck = 0;
    }

    private static String percent(double fraction) {
        return new BigDecimal(fraction * 100).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
