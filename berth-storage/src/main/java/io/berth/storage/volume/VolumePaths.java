package io.berth.storage.volume;

import java.nio.file.Path;

/** The files of one volume: {@code ROOT/volumes/NAME/{volume.json, disk.img, _data}}. */
record VolumePaths(Path dir) {
    Path metadata() {
        return dir.resolve("volume.json");
    }

    Path diskImage() {
        return dir.resolve("disk.img");
    }

    Path data() {
        return dir.resolve("_data");
    }
}
