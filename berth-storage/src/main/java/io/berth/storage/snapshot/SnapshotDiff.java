package io.berth.storage.snapshot;

import io.berth.storage.layer.Compression;
import io.berth.storage.layer.TreeTar;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The changes of an active snapshot as an OCI layer, for {@code docker commit} and export: its
 * upper dir written by {@link TreeTar#writeDiff}, with overlayfs's whiteouts and opaque
 * directories turned into {@code .wh.} members. That the upper dir alone holds every change is
 * why {@link OverlaySnapshotter#mounts} turns redirect_dir and metacopy off.
 *
 * <p>The layer is deterministic: the same changes give the same bytes and so the same diff ID
 * (names sorted, mtimes in whole seconds, no owner names, a gzip header without a time). Take
 * the diff while nothing writes to the snapshot (a paused or stopped container): a file that
 * changes during the walk is written as the walk found it.
 */
public final class SnapshotDiff {
    private static final int BUFFER_SIZE = 1 << 16;

    private final OverlaySnapshotter snapshotter;

    public SnapshotDiff(OverlaySnapshotter snapshotter) {
        this.snapshotter = snapshotter;
    }

    /**
     * Writes the layer of the active snapshot {@code activeName} (capped or not; a capped one's
     * disk is mounted if need be) to {@code out}, compressed as asked ({@link Compression#NONE}
     * for a plain tar), and says what was written. {@code out} is flushed, not closed; after a
     * failure it holds a partial layer the caller throws away.
     *
     * @throws SnapshotException when there is no such active snapshot
     * @throws IOException       naming the entry when the upper dir holds what a layer cannot
     *                           say (see {@link TreeTar#writeDiff}), or when writing fails
     */
    public DiffLayer write(String activeName, OutputStream out, Compression compression) throws IOException {
        Path upper = snapshotter.upperDir(activeName);
        LayerDigestStream blob = new LayerDigestStream(out);
        LayerDigestStream tar;
        try (OutputStream compressed = compression.compress(blob)) {
            tar = new LayerDigestStream(compressed);
            TreeTar.writeDiff(upper, new BufferedOutputStream(tar, BUFFER_SIZE));
        }
        return new DiffLayer(compression, blob.digest(), blob.count(), tar.digest(), tar.count());
    }
}
