package io.berth.storage.snapshot;

import io.berth.storage.HostCleanup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Capability;
import io.berth.linux.EffectiveCapabilities;
import io.berth.linux.LoopDevices;
import io.berth.linux.LoopStatus;
import io.berth.linux.MountInfo;
import io.berth.linux.Mounts;
import io.berth.storage.volume.DiskImage;
import io.berth.storage.volume.DiskUsage;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Size-capped active snapshots: the writable layer on its own ext4 disk image, on real loop devices. */
@RequiresRoot
class CappedSnapshotIT {
    private static final long MIB = 1 << 20;
    private Path root;
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("berth-capped-");
        snapshotter = new OverlaySnapshotter(root.resolve("snapshots"));
    }

    @AfterEach
    void tearDown() throws IOException {
        HostCleanup.removeAll(root);
    }

    @Test
    void writesPastTheCapFailWithEnospcAndRemovalReleasesEverything() throws Exception {
        layer("base", "etc-release", "berth base layer");
        Snapshot c = snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(16 * MIB));
        assertEquals(Optional.of("base"), c.parent());
        assertEquals(OptionalLong.of(16 * MIB), snapshotter.sizeLimit("c1"));
        Path rootfs = mount("c1");
        assertEquals("berth base layer", Files.readString(rootfs.resolve("etc-release")));

        long written = fillUntilFull(rootfs.resolve("big"));
        assertTrue(written > 8 * MIB && written <= 16 * MIB, "wrote " + written + " bytes before ENOSPC");
        assertEquals("berth base layer", Files.readString(rootfs.resolve("etc-release")), "the lower layer stays readable");
        assertEquals(written, Files.size(snapshotter.active("c1").orElseThrow().fs().resolve("big")),
                "the writes went to the capped upper layer");
        DiskUsage usage = snapshotter.capUsage("c1").orElseThrow();
        assertTrue(usage.sizeBytes() <= 16 * MIB && usage.availableBytes() < MIB, usage.toString());
        Path image = diskImage("c1");
        assertTrue(HostCleanup.allocatedBytes(image) <= 17 * MIB,
                "the host gave the 16 MiB image " + HostCleanup.allocatedBytes(image) + " bytes");

        LoopStatus loop = LoopDevices.backing(image).getFirst();
        assertTrue(HostCleanup.loopBacks(loop.number(), image));
        MountExecutor.unmount(rootfs);
        snapshotter.removeActive("c1");
        assertFalse(HostCleanup.loopBacks(loop.number(), image), "loop" + loop.number() + " still backs " + image);
        assertFalse(Files.exists(image));
        assertFalse(Files.exists(root.resolve("snapshots/disks/c1")));
        assertFalse(Files.exists(root.resolve("snapshots/active/c1")));
        assertEquals(List.of("base"), snapshotter.list().stream().map(Snapshot::name).toList());
        assertEquals(List.of(), mountsUnder(root));
    }

    @Test
    void aSnapshotInUseIsNotRemovedAndTheErrorSaysWhy() throws Exception {
        layer("base", "a", "x");
        snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(8 * MIB));
        Path rootfs = mount("c1");
        Files.writeString(rootfs.resolve("kept"), "kept");

        SnapshotException overlay = assertThrows(SnapshotException.class, () -> snapshotter.removeActive("c1"));
        assertEquals("snapshot \"c1\" is in use: its overlay is mounted at " + rootfs.toRealPath(), overlay.getMessage());
        assertEquals("kept", Files.readString(rootfs.resolve("kept")));
        MountExecutor.unmount(rootfs);

        Path upper = snapshotter.active("c1").orElseThrow().fs();
        try (FileChannel open = FileChannel.open(upper.resolve("kept"))) {
            assertTrue(open.isOpen());
            SnapshotException busy = assertThrows(SnapshotException.class, () -> snapshotter.removeActive("c1"));
            assertEquals("snapshot \"c1\" is in use: files are open or something is mounted inside "
                    + root.resolve("snapshots/active/c1"), busy.getMessage());
        }

        // a mount no mount table shows, as a container's overlay in another namespace would be
        Path hidden = Files.createDirectory(root.resolve("hidden"));
        Mounts.mount(upper.toString(), hidden.toString(), null, Mounts.MS_BIND, null);
        try (FileChannel open = FileChannel.open(hidden.resolve("kept"))) {
            assertTrue(open.isOpen());
            Mounts.unmount(hidden.toString(), Mounts.MNT_DETACH);
            SnapshotException held = assertThrows(SnapshotException.class, () -> snapshotter.removeActive("c1"));
            assertTrue(held.getMessage().startsWith("snapshot \"c1\" is in use: its file system on /dev/loop"),
                    held.getMessage());
            assertTrue(held.getMessage().endsWith(" is still mounted somewhere else, such as a container's overlay or"
                    + " a copy of the mount in another mount namespace"), held.getMessage());
            assertEquals("kept", Files.readString(upper.resolve("kept")), "a refused removal mounts the disk back");
        }
        snapshotter.removeActive("c1");
        assertFalse(Files.exists(diskImage("c1")));
        assertEquals(List.of(), mountsUnder(root));
    }

    @Test
    void aSizeBelowTheMinimumIsRefusedAndLeavesNothing() throws IOException {
        layer("base", "a", "x");
        SnapshotException small = assertThrows(SnapshotException.class,
                () -> snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(MIB)));
        assertEquals("size limit 1 MiB (1048576 bytes) of snapshot \"c1\" is below the minimum of 4 MiB: ext4 needs"
                + " room for its journal and metadata", small.getMessage());
        assertLeftNothing("c1");

        SnapshotException huge = assertThrows(SnapshotException.class,
                () -> snapshotter.createActive("c2", Optional.empty(), OptionalLong.of(20L << 40)));
        assertTrue(huge.getMessage().startsWith("cannot create the disk of snapshot \"c2\": cannot size disk image"),
                huge.getMessage());
        assertLeftNothing("c2");
    }

    @Test
    void aFailureAfterTheDiskWasMadeUndoesItAll() throws IOException {
        // someone else's files where the disk would be mounted: refused after the disk was claimed
        Path stranger = Files.createDirectories(root.resolve("snapshots/active/c1"));
        Files.writeString(stranger.resolve("mine"), "mine");
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> snapshotter.createActive("c1", Optional.empty(), OptionalLong.of(8 * MIB)));
        assertEquals("snapshot \"c1\" already exists: " + stranger + " is not empty", e.getMessage());
        assertEquals("mine", Files.readString(stranger.resolve("mine")), "files that are not ours stay");
        assertFalse(Files.exists(root.resolve("snapshots/disks/c1")));
        assertEquals(List.of(), attachedUnder(root));
        assertEquals(List.of(), mountsUnder(root));
    }

    @Test
    void anEmptyMountPointLeftByACrashIsNoSnapshotAndItsNameIsFree() throws IOException {
        layer("base", "a", "x");
        Files.createDirectories(root.resolve("snapshots/active/c1"));
        Files.createDirectories(root.resolve("snapshots/active/c2"));
        assertEquals(Optional.empty(), snapshotter.active("c1"));
        assertEquals(List.of("base"), snapshotter.list().stream().map(Snapshot::name).toList());

        snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(8 * MIB));
        snapshotter.createActive("c2", Optional.of("base"));
        assertEquals("x", Files.readString(mount("c1").resolve("a")));
        assertEquals("x", Files.readString(mount("c2").resolve("a")));
        SnapshotException twice = assertThrows(SnapshotException.class,
                () -> snapshotter.createActive("c1", Optional.empty(), OptionalLong.of(8 * MIB)));
        assertEquals("snapshot \"c1\" already exists", twice.getMessage());
        SnapshotException uncapped = assertThrows(SnapshotException.class,
                () -> snapshotter.createActive("c1", Optional.empty()));
        assertEquals("snapshot \"c1\" already exists", uncapped.getMessage());
    }

    @Test
    void afterTheDiskWasForcedOffMountsBringsItBackWithItsFiles() throws Exception {
        layer("base", "a", "x");
        snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(8 * MIB));
        Path rootfs = mount("c1");
        Files.writeString(rootfs.resolve("note"), "survives");
        MountExecutor.unmount(rootfs);

        // what a reboot does: the mount and the (autoclear) loop device are gone, the file stays
        Path mountPoint = root.resolve("snapshots/active/c1");
        Mounts.unmount(mountPoint.toString(), Mounts.MNT_DETACH);
        waitUntilDetached(diskImage("c1"));

        Snapshot listed = snapshotter.list().stream().filter(s -> s.name().equals("c1")).findFirst().orElseThrow();
        assertEquals(Optional.of("base"), listed.parent());
        assertEquals(List.of(), attachedUnder(root), "listing does not mount");
        SnapshotException inUse = assertThrows(SnapshotException.class, () -> snapshotter.removeCommitted("base"));
        assertEquals("snapshot \"base\" is in use by active snapshot \"c1\"", inUse.getMessage());

        Path again = mount("c1");
        assertEquals("survives", Files.readString(again.resolve("note")));
        assertEquals("x", Files.readString(again.resolve("a")));
        assertTrue(DiskImage.open(diskImage("c1")).isMountedAt(mountPoint));
        MountExecutor.unmount(again);

        Mounts.unmount(mountPoint.toString(), 0);
        waitUntilDetached(diskImage("c1"));
        snapshotter.removeActive("c1");
        assertFalse(Files.exists(root.resolve("snapshots/disks/c1")));
        assertFalse(Files.exists(mountPoint));
        assertEquals(List.of(), attachedUnder(root), "removing an unmounted snapshot does not mount it");
        snapshotter.removeCommitted("base");
    }

    @Test
    void resizeGrowsTheCapAndKeepsTheFiles() throws Exception {
        layer("base", "a", "x");
        snapshotter.createActive("c1", Optional.of("base"), OptionalLong.of(8 * MIB));
        Path rootfs = mount("c1");
        Files.writeString(rootfs.resolve("note"), "kept");
        long before = snapshotter.capUsage("c1").orElseThrow().sizeBytes();

        if (EffectiveCapabilities.has(Capability.CAP_SYS_RESOURCE)) {
            snapshotter.resizeActive("c1", 12 * MIB);
        } else {
            SnapshotException busy = assertThrows(SnapshotException.class, () -> snapshotter.resizeActive("c1", 12 * MIB));
            assertEquals("cannot grow snapshot \"c1\" while it is in use: this process lacks CAP_SYS_RESOURCE, which ext4"
                    + " online resize needs, so its disk must be unmounted: snapshot \"c1\" is in use: its overlay is"
                    + " mounted at " + rootfs.toRealPath(), busy.getMessage());
            assertEquals(OptionalLong.of(8 * MIB), snapshotter.sizeLimit("c1"));
            MountExecutor.unmount(rootfs);
            snapshotter.resizeActive("c1", 12 * MIB);
            rootfs = mount("c1");
        }
        assertEquals(OptionalLong.of(12 * MIB), snapshotter.sizeLimit("c1"));
        long after = snapshotter.capUsage("c1").orElseThrow().sizeBytes();
        assertTrue(after - before > 3 * MIB, "grew from " + before + " to " + after);
        assertEquals("kept", Files.readString(rootfs.resolve("note")));

        SnapshotException shrink = assertThrows(SnapshotException.class, () -> snapshotter.resizeActive("c1", 8 * MIB));
        assertEquals("cannot shrink snapshot \"c1\" from 12 MiB to 8 MiB: only growing is supported", shrink.getMessage());
        snapshotter.createActive("plain", Optional.of("base"));
        SnapshotException plain = assertThrows(SnapshotException.class, () -> snapshotter.resizeActive("plain", 8 * MIB));
        assertEquals("snapshot \"plain\" has no size limit: only snapshots created with one can be resized",
                plain.getMessage());
        assertEquals(Optional.empty(), snapshotter.capUsage("plain"));
        assertEquals(OptionalLong.empty(), snapshotter.sizeLimit("plain"));
    }

    @Test
    void aCappedSnapshotWithoutParentIsItsOwnRoot() throws IOException {
        snapshotter.createActive("scratch", Optional.empty(), OptionalLong.of(8 * MIB));
        Path rootfs = mount("scratch");
        Files.writeString(rootfs.resolve("x"), "y");
        assertEquals("y", Files.readString(snapshotter.active("scratch").orElseThrow().fs().resolve("x")));
        assertFalse(Files.exists(rootfs.resolve("lost+found")), "the container sees fs/, not the ext4's root");
    }

    @Test
    void cleanStagingUnmountsADiskLeftHalfBuilt() throws Exception {
        Path building = Files.createDirectories(root.resolve("snapshots/staging/capped-crashed"));
        DiskImage image = DiskImage.create(building.resolve("disk.img"), 8 * MIB);
        image.mount(Files.createDirectory(building.resolve("mnt")));
        Files.createDirectory(building.resolve("mnt/fs"));

        snapshotter.cleanStaging();
        assertFalse(Files.exists(root.resolve("snapshots/staging")));
        assertEquals(List.of(), mountsUnder(root));
        waitUntilDetached(building.resolve("disk.img"));
    }

    private void layer(String name, String file, String content) throws IOException {
        Staging staging = snapshotter.stage();
        Files.writeString(staging.fs().resolve(file), content);
        snapshotter.commit(staging, name, Optional.empty());
    }

    private Path mount(String active) throws IOException {
        Path target = Files.createDirectories(root.resolve("mnt-" + active + "-" + System.nanoTime()));
        MountExecutor.mount(snapshotter.mounts(active), target);
        return target;
    }

    private Path diskImage(String name) {
        return root.resolve("snapshots/disks").resolve(name).resolve("disk.img");
    }

    private void assertLeftNothing(String name) throws IOException {
        assertEquals(Optional.empty(), snapshotter.active(name));
        assertFalse(Files.exists(root.resolve("snapshots/active").resolve(name)));
        assertFalse(Files.exists(root.resolve("snapshots/disks").resolve(name)));
        if (Files.isDirectory(root.resolve("snapshots/staging"))) {
            try (var staged = Files.list(root.resolve("snapshots/staging"))) {
                assertEquals(List.of(), staged.toList());
            }
        }
        assertEquals(List.of(), attachedUnder(root));
        assertEquals(List.of(), mountsUnder(root));
    }

    private static long fillUntilFull(Path file) throws IOException {
        byte[] chunk = new byte[(int) MIB];
        new Random(7).nextBytes(chunk);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            while (written < 64 * MIB) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("No space left on device"), e.toString());
            return Files.size(file);
        }
        throw new AssertionError("wrote 64 MiB into a 16 MiB snapshot without ENOSPC");
    }

    private static List<String> mountsUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath() + "/";
        return MountInfo.readSelf().stream().map(MountInfo::mountPoint).filter(p -> p.startsWith(prefix)).toList();
    }

    private static List<String> attachedUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath() + "/";
        return LoopDevices.attached().stream().map(LoopStatus::fileName).filter(f -> f.startsWith(prefix)).toList();
    }

    private static void waitUntilDetached(Path image) throws InterruptedException {
        for (int i = 0; i < 500 && !LoopDevices.backing(image).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), LoopDevices.backing(image), "the autoclear loop device went with the last mount");
    }
}
