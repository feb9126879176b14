package io.berth.storage.volume;

import io.berth.storage.HostCleanup;
import static io.berth.storage.volume.PlainVolumeStoreTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.LoopDevices;
import io.berth.linux.Mounts;
import io.berth.storage.volume.VolumeException.Reason;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Size-capped volumes on real loop devices and ext4. */
@RequiresRoot
class VolumeStoreIT {
    private static final long MIB = 1 << 20;
    private Path root;
    private VolumeStore store;
    private String name;

    @BeforeEach
    void makeStore() throws IOException {
        root = Files.createTempDirectory("berth-volumes-it-");
        store = new VolumeStore(root);
        name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void cleanUp() throws IOException {
        HostCleanup.removeAll(root);
    }

    @Test
    void writesStopAtTheCapAndTheHostLosesOnlyTheCap() throws Exception {
        Volume v = store.create(name, Optional.of("16M"), Map.of("purpose", "it"), Map.of());
        assertTrue(v.mounted());
        assertEquals(OptionalLong.of(16 * MIB), v.sizeBytes());
        assertEquals(Map.of("size", "16M"), v.options());
        assertEquals(List.of(), listing(v.mountpoint()), "no lost+found in a fresh volume");

        long written = fillUntilFull(v.mountpoint().resolve("fill"));
        assertTrue(written > 10 * MIB && written <= 16 * MIB, "wrote " + written + " bytes into 16 MiB");
        DiskUsage usage = store.inspect(name).usage().orElseThrow();
        assertTrue(usage.availableBytes() < MIB, usage.toString());
        assertTrue(usage.usedBytes() > 10 * MIB, usage.toString());

        store.unmount(name); // flushes everything to the image
        Path disk = root.resolve("volumes").resolve(name).resolve("disk.img");
        long allocated = HostCleanup.allocatedBytes(disk);
        assertTrue(allocated >= written, "the data is in the image: " + allocated + " < " + written);
        assertTrue(allocated <= 16 * MIB + 256 * 1024, "the host gave the image " + allocated + " bytes");
    }

    @Test
    void dataSurvivesLosingTheMountAndTheLoopDevice() throws Exception {
        Volume v = store.create(name, Optional.of("16M"), Map.of(), Map.of());
        Files.writeString(v.mountpoint().resolve("hello.txt"), "hello");
        Path disk = root.resolve("volumes").resolve(name).resolve("disk.img");
        int loop = LoopDevices.backing(disk).getFirst().number();

        // as after a reboot: the mount goes, and with it the autoclear loop device
        Mounts.unmount(v.mountpoint().toString(), 0);
        awaitDetached(loop, disk);
        assertFalse(store.inspect(name).mounted());
        assertTrue(store.inspect(name).usage().isEmpty());
        assertFalse(Files.exists(v.mountpoint().resolve("hello.txt")));

        Volume again = store.ensureMounted(name);
        assertTrue(again.mounted());
        assertEquals("hello", Files.readString(v.mountpoint().resolve("hello.txt")));
        assertEquals(again, store.ensureMounted(name), "a second ensureMounted changes nothing");
        assertEquals(1, LoopDevices.backing(disk).size());

        store.unmount(name);
        assertTrue(LoopDevices.backing(disk).isEmpty(), "unmount frees the loop device");
        assertFalse(store.inspect(name).mounted());
        assertEquals("hello", Files.readString(store.ensureMounted(name).mountpoint().resolve("hello.txt")));
    }

    @Test
    void growingKeepsTheDataAndMakesRoom() throws Exception {
        Volume v = store.create(name, Optional.of("16M"), Map.of(), Map.of());
        byte[] data = new byte[8 * (int) MIB];
        new Random(42).nextBytes(data);
        Files.write(v.mountpoint().resolve("data.bin"), data);

        Volume grown = store.resize(name, "32M");
        assertEquals(OptionalLong.of(32 * MIB), grown.sizeBytes());
        assertEquals(Map.of("size", "32M"), grown.options());
        long size = grown.usage().orElseThrow().sizeBytes();
        assertTrue(size > 28 * MIB && size <= 32 * MIB, "ext4 is now " + size + " bytes");
        assertArrayEquals(data, Files.readAllBytes(v.mountpoint().resolve("data.bin")));
        Files.write(v.mountpoint().resolve("more.bin"), data);
        Files.write(v.mountpoint().resolve("more2.bin"), data, java.nio.file.StandardOpenOption.CREATE_NEW);

        assertRefused(Reason.INVALID, "cannot shrink volume " + name + " from 32 MiB to 16 MiB",
                () -> store.resize(name, "16M"));
        assertEquals(OptionalLong.of(32 * MIB), store.inspect(name).sizeBytes());
        assertEquals(Map.of("size", "32M"), store.inspect(name).options());
        assertArrayEquals(data, Files.readAllBytes(v.mountpoint().resolve("data.bin")));
    }

    @Test
    void removeUnmountsFreesTheLoopDeviceAndDeletesEverything() throws Exception {
        Volume v = store.create(name, Optional.of("16M"), Map.of(), Map.of());
        Path disk = root.resolve("volumes").resolve(name).resolve("disk.img");
        int loop = LoopDevices.backing(disk).getFirst().number();
        assertTrue(HostCleanup.loopBacks(loop, disk));
        Files.writeString(v.mountpoint().resolve("x"), "x");

        store.remove(name);
        assertFalse(HostCleanup.loopBacks(loop, disk), "/dev/loop" + loop + " still backed by " + disk);
        assertFalse(Files.exists(disk));
        assertEquals(List.of(), listing(root.resolve("volumes")));
        assertRefused(Reason.NOT_FOUND, "no such volume: " + name, () -> store.inspect(name));
        assertEquals(List.of(), store.list());
    }

    @Test
    void removeRefusesAVolumeMountedElsewhereAndKeepsIt() throws Exception {
        Volume v = store.create(name, Optional.of("16M"), Map.of(), Map.of());
        Path elsewhere = Files.createDirectory(root.resolve("container-rootfs"));
        Mounts.mount(v.mountpoint().toString(), elsewhere.toString(), null, Mounts.MS_BIND, null);
        try {
            assertRefused(Reason.IN_USE, "volume " + name + " is in use: it is still mounted at [" + elsewhere,
                    () -> store.remove(name));
        } finally {
            Mounts.unmount(elsewhere.toString(), 0);
        }
        assertTrue(Files.exists(root.resolve("volumes").resolve(name).resolve("disk.img")));
        assertTrue(store.ensureMounted(name).mounted());
        store.remove(name);
        assertEquals(List.of(), store.list());
    }

    @Test
    void createTwiceReturnsTheSameVolumeOrRefusesOtherOptions() {
        Volume first = store.create(name, Optional.of("16M"), Map.of(), Map.of());
        Volume again = store.create(name, Optional.empty(), Map.of(), Map.of("size", "16MiB"));
        assertEquals(first.createdAt(), again.createdAt());
        assertEquals(Map.of("size", "16M"), again.options());
        assertRefused(Reason.CONFLICT, "volume " + name + " already exists with options {size=16M}, not {size=32M}",
                () -> store.create(name, Optional.of("32M"), Map.of(), Map.of()));
        assertEquals(OptionalLong.of(16 * MIB), store.inspect(name).sizeBytes());
        assertEquals(1, store.list().size());
    }

    @Test
    void badRequestsLeaveNoFilesLoopDevicesOrMounts() throws Exception {
        assertRefused(Reason.INVALID, "\"-x\" includes invalid characters",
                () -> store.create("-x", Optional.of("16M"), Map.of(), Map.of()));
        assertRefused(Reason.INVALID, "volume " + name + ": size 3 MiB (3145728 bytes) is below the minimum of 4 MiB",
                () -> store.create(name, Optional.of("3M"), Map.of(), Map.of()));
        assertRefused(Reason.INVALID, "volume " + name + ": invalid size \"16 megs\"",
                () -> store.create(name, Optional.of("16 megs"), Map.of(), Map.of()));
        assertRefused(Reason.NOT_FOUND, "no such volume: " + name, () -> store.remove(name));
        // ext4 on this host caps a file at 16 TiB: the image file fails after it was created
        assertRefused(Reason.FAILED, "volume " + name + ": cannot create it: cannot size disk image",
                () -> store.create(name, Optional.of("20T"), Map.of(), Map.of()));
        assertEquals(List.of(), listing(root.resolve("volumes")));
        assertEquals(List.of(), store.list());
        assertTrue(LoopDevices.attached().stream().noneMatch(s -> s.fileName().startsWith(root.toString())));
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertFalse(mounts.contains(root.toString()), mounts);
    }

    private static long fillUntilFull(Path file) throws IOException {
        byte[] chunk = new byte[(int) MIB];
        new Random(7).nextBytes(chunk);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (written < 64 * MIB) {
                out.write(chunk);
                out.flush();
                written += chunk.length;
            }
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("No space left on device"), e.toString());
            return Files.size(file);
        }
        throw new AssertionError("wrote 64 MiB into a 16 MiB volume without ENOSPC");
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void awaitDetached(int loop, Path disk) throws Exception {
        for (int i = 0; i < 200 && HostCleanup.loopBacks(loop, disk); i++) {
            Thread.sleep(10);
        }
        assertFalse(HostCleanup.loopBacks(loop, disk), "autoclear left /dev/loop" + loop + " bound");
    }
}
