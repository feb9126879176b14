package io.berth.storage.snapshot;

import io.berth.storage.volume.DiskImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes a capped snapshot's disk complete in a staging directory, before it has a name: an ext4
 * image already holding fs/, work/ and parent, plus the parent's copy beside it. The ext4 keeps its
 * lost+found (e2fsck wants it); overlayfs only sees fs/.
 */
final class DiskBuilder {
    private DiskBuilder() {
    }

    /** Fills {@code building} with disk.img and parent; the image is left unmounted and detached. */
    static void build(Path building, Optional<String> parent, long sizeBytes) throws IOException {
        DiskImage image = DiskImage.create(building.resolve("disk.img"), sizeBytes);
        Path mnt = Files.createDirectory(building.resolve("mnt"));
        image.mount(mnt);
        try {
            populate(mnt, parent);
        } catch (IOException | RuntimeException e) {
            try {
                image.unmount(mnt);
            } catch (RuntimeException unmount) {
                e.addSuppressed(unmount);
            }
            throw e;
        }
        image.unmount(mnt);
        Files.delete(mnt);
        if (parent.isPresent()) {
            Files.writeString(building.resolve("parent"), parent.get());
        }
    }

    private static void populate(Path mnt, Optional<String> parent) throws IOException {
        Files.createDirectory(mnt.resolve("work"));
        if (parent.isPresent()) {
            Files.writeString(mnt.resolve("parent"), parent.get());
        }
        Files.createDirectory(mnt.resolve("fs"));
    }
}
