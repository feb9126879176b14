package io.berth.storage.volume;

import io.berth.storage.HostCleanup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.LoopDevices;
import io.berth.linux.LoopStatus;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DiskImage} on its own, as the engine will use it to cap a container's writable layer. */
@RequiresRoot
class DiskImageIT {
    private static final long MIB = 1 << 20;
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("berth-disk-image-it-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        HostCleanup.removeAll(dir);
    }

    @Test
    void createsASparseExt4ThatMountsUnmountsAndDeletes() throws Exception {
        DiskImage image = DiskImage.create(dir.resolve("layer.img"), 8 * MIB);
        assertEquals(8 * MIB, image.sizeBytes());
        assertTrue(HostCleanup.allocatedBytes(image.file()) < 2 * MIB, "a fresh image is sparse");
        Path target = Files.createDirectory(dir.resolve("upper"));

        image.mount(target);
        image.mount(target); // already there: nothing happens
        assertEquals(List.of(target.toRealPath()), image.mountPoints());
        assertTrue(image.isMountedAt(target));
        LoopStatus loop = image.loopDevice().orElseThrow();
        assertTrue(loop.autoclear());
        DiskUsage usage = image.usage().orElseThrow();
        assertTrue(usage.sizeBytes() > 6 * MIB && usage.sizeBytes() <= 8 * MIB, usage.toString());
        assertTrue(usage.inodes() > 0 && usage.usedInodes() > 0, usage.toString());

        DiskImageException refused = assertThrows(DiskImageException.class, image::delete);
        assertEquals("disk image " + image.file() + " is still attached to " + loop.devicePath(), refused.getMessage());

        image.unmount(target);
        assertFalse(image.isMountedAt(target));
        assertTrue(image.loopDevice().isEmpty());
        assertTrue(image.usage().isEmpty());
        image.delete();
        assertFalse(Files.exists(image.file()));
    }

    @Test
    void growsUnmountedAndMounted() throws Exception {
        DiskImage image = DiskImage.create(dir.resolve("grow.img"), 8 * MIB);
        Path target = Files.createDirectory(dir.resolve("mnt"));
        image.mount(target);
        Files.writeString(target.resolve("keep"), "kept");
        long at8 = image.usage().orElseThrow().sizeBytes();
        image.unmount(target);

        image.grow(12 * MIB + 1);
        assertEquals(12 * MIB + DiskImage.ALIGNMENT, image.sizeBytes(), "rounded up to a whole page");
        image.mount(target);
        long at12 = image.usage().orElseThrow().sizeBytes();
        assertTrue(at12 - at8 > 3 * MIB, "grew from " + at8 + " to " + at12);

        image.grow(16 * MIB); // mounted: online, or by remounting without CAP_SYS_RESOURCE
        assertEquals(List.of(target.toRealPath()), image.mountPoints());
        long at16 = image.usage().orElseThrow().sizeBytes();
        assertTrue(at16 - at12 > 3 * MIB, "grew from " + at12 + " to " + at16);
        assertEquals("kept", Files.readString(target.resolve("keep")));
        image.unmount(target);
    }

    @Test
    void refusesShrinkingAndSaysSo() {
        DiskImage image = DiskImage.create(dir.resolve("s.img"), 8 * MIB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> image.grow(4 * MIB));
        assertEquals("cannot shrink disk image " + image.file() + " from 8 MiB to 4 MiB: only growing is supported",
                e.getMessage());
        assertEquals(8 * MIB, image.sizeBytes());
    }

    @Test
    void badInputsSayWhatIsWrongAndLeaveNothing() throws Exception {
        Path file = dir.resolve("small.img");
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> DiskImage.create(file, MIB));
        assertEquals("size 1 MiB (1048576 bytes) is below the minimum of 4 MiB: ext4 needs room for its journal"
                + " and metadata", small.getMessage());
        assertFalse(Files.exists(file));

        Files.writeString(file, "mine");
        DiskImageException exists = assertThrows(DiskImageException.class,
                () -> DiskImage.create(file, 8 * MIB));
        assertEquals("disk image " + file + " already exists", exists.getMessage());
        assertEquals("mine", Files.readString(file), "an existing file is never overwritten");

        DiskImage image = DiskImage.create(dir.resolve("ok.img"), 8 * MIB);
        DiskImageException noDir = assertThrows(DiskImageException.class, () -> image.mount(dir.resolve("nowhere")));
        assertTrue(noDir.getMessage().startsWith("mount point " + dir.resolve("nowhere") + " does not exist"),
                noDir.getMessage());
        DiskImageException notDir = assertThrows(DiskImageException.class, () -> image.mount(file));
        assertEquals("mount point " + file + " is not a directory", notDir.getMessage());
        assertTrue(image.loopDevice().isEmpty());

        DiskImageException missing = assertThrows(DiskImageException.class,
                () -> DiskImage.open(dir.resolve("none.img")));
        assertEquals("no disk image at " + dir.resolve("none.img"), missing.getMessage());
    }

    @Test
    void aFileThatIsNotExt4FailsToMountAndFreesItsLoopDevice() throws Exception {
        Path file = dir.resolve("garbage.img");
        Files.write(file, new byte[(int) (4 * MIB)]);
        DiskImage image = DiskImage.open(file);
        Path target = Files.createDirectory(dir.resolve("mnt"));
        DiskImageException e = assertThrows(DiskImageException.class, () -> image.mount(target));
        assertTrue(e.getMessage().startsWith("cannot mount disk image " + file + ": mount(/dev/loop"), e.getMessage());
        for (int i = 0; i < 200 && !LoopDevices.backing(file).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), LoopDevices.backing(file), "the autoclear device went with the failed mount");
    }
}
