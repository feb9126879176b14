package io.berth.storage.layer;

import io.berth.linux.Fd;
import io.berth.linux.FileMetadata;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Directory times from the layer, set once nothing more will be made inside the directories. */
final class DirectoryTimes {
    private record Times(Instant atime, Instant mtime) {}

    private final Map<String, Times> pending = new LinkedHashMap<>();

    void record(LayerPath dir, Instant atime, Instant mtime) {
        pending.put(dir.path(), new Times(atime, mtime));
    }

    /** A directory a later entry replaced keeps no times from the layer. */
    void forgetWithin(LayerPath removed) {
        for (Iterator<String> it = pending.keySet().iterator(); it.hasNext(); ) {
            if (LayerPath.of(it.next()).isWithin(removed)) {
                it.remove();
            }
        }
    }

    void apply(LayerTree tree) throws LayerRejectedException {
        for (Map.Entry<String, Times> e : pending.entrySet()) {
            LayerPath dir = LayerPath.of(e.getKey());
            Fd parent = tree.existingDirectory(dir.parentPath(), dir.path());
            if (parent != null) {
                FileMetadata.setTimesAt(parent, dir.name(), e.getValue().atime(), e.getValue().mtime());
            }
            tree.endEntry();
        }
        pending.clear();
    }
}
