package io.berth.image.unpack;

import io.berth.storage.snapshot.OverlaySnapshotter;
import io.berth.storage.snapshot.Staging;
import java.io.IOException;
import java.util.Optional;

/** A layer unpacked into staging and ready to commit as {@code snapshotName}, or one whose snapshot exists already. */
public record StagedLayer(String snapshotName, Optional<Staging> staged) {

    public static StagedLayer existing(String snapshotName) {
        return new StagedLayer(snapshotName, Optional.empty());
    }

    void commit(OverlaySnapshotter snapshotter, Optional<String> parent) throws IOException {
        if (staged.isPresent()) {
            snapshotter.commit(staged.get(), snapshotName, parent);
        }
    }

    void discard(OverlaySnapshotter snapshotter) throws IOException {
        if (staged.isPresent()) {
            snapshotter.abort(staged.get());
        }
    }
}
