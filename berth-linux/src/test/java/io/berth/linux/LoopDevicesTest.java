package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.FreshThread;
import io.berth.testing.RequiresRoot;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LoopDevices} on the real kernel with sparse files in a temporary directory. */
@RequiresRoot
class LoopDevicesTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("berth-loop-test-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                for (LoopStatus s : LoopDevices.backing(file)) {
                    try (LoopDevice d = LoopDevice.open(s.number(), false)) {
                        d.clear();
                    }
                }
            }
        }
        TempDirs.delete(dir);
    }

    @Test
    void attachesReportsGrowsAndAutoclearsOnLastClose() throws Exception {
        Path file = sparseFile("a.img", 1 << 20);
        int number;
        try (LoopDevice device = LoopDevices.attach(file, LoopDevices.LO_FLAGS_AUTOCLEAR)) {
            number = device.number();
            LoopStatus status = device.status().orElseThrow();
            assertEquals(file.toString(), status.fileName());
            assertTrue(status.autoclear());
            assertFalse(status.readOnly());
            assertEquals(List.of(status), LoopDevices.backing(file));
            assertEquals(file.toString(), sysfs(number, "loop/backing_file"));
            assertEquals("2048", sysfs(number, "size"), "512-byte sectors of a 1 MiB file");

            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(2 << 20);
            }
            device.refreshCapacity();
            assertEquals("4096", sysfs(number, "size"));
        }
        awaitUnbound(number, file);
        assertEquals(List.of(), LoopDevices.backing(file));
    }

    @Test
    void clearUnbindsAndSaysWhenThereWasNothingToClear() throws Exception {
        Path file = sparseFile("b.img", 1 << 20);
        try (LoopDevice device = LoopDevices.attach(file, LoopDevices.LO_FLAGS_READ_ONLY)) {
            assertTrue(device.status().orElseThrow().readOnly());
            assertTrue(device.clear());
            awaitUnbound(device.number(), file);
            assertFalse(device.clear());
            assertTrue(device.status().isEmpty());
        }
    }

    @Test
    void attachingAMissingFileNamesTheFileAndErrno() {
        Path missing = dir.resolve("missing.img");
        SyscallException e = assertThrows(SyscallException.class,
                () -> LoopDevices.attach(missing, LoopDevices.LO_FLAGS_AUTOCLEAR));
        assertEquals("open(" + missing + "): ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void findsLoopNumbersByBlockDeviceNumber() throws Exception {
        Path file = sparseFile("c.img", 1 << 20);
        try (LoopDevice device = LoopDevices.attach(file, LoopDevices.LO_FLAGS_AUTOCLEAR)) {
            String[] majorMinor = sysfs(device.number(), "dev").split(":");
            assertEquals(device.number(), LoopDevices.numberOf(Integer.parseInt(majorMinor[0]),
                    Integer.parseInt(majorMinor[1])).orElseThrow());
        }
        assertTrue(LoopDevices.numberOf(1, 3).isEmpty(), "1:3 is /dev/null, not a loop device");
    }

    @Test
    void makesTheDeviceNodesAFreshDevLacks() throws Exception {
        Path file = sparseFile("d.img", 1 << 20);
        // a private mount namespace on a throwaway thread, with an empty /dev as a container has
        String made = FreshThread.call(() -> {
            Namespaces.unshare(Set.of(Namespace.MOUNT));
            Mounts.mount(null, "/", null, Mounts.MS_REC | Mounts.MS_PRIVATE, null);
            Mounts.mount("tmpfs", "/dev", "tmpfs", Mounts.MS_NOSUID, "mode=755");
            try (LoopDevice device = LoopDevices.attach(file, LoopDevices.LO_FLAGS_AUTOCLEAR)) {
                assertTrue(Files.readAttributes(Path.of("/dev/loop-control"), PosixFileAttributes.class).isOther());
                assertEquals(file.toString(), device.status().orElseThrow().fileName());
                return device.path() + " " + Files.getAttribute(Path.of(device.path()), "unix:rdev");
            }
        });
        String[] parts = made.split(" ");
        int number = Integer.parseInt(parts[0].substring("/dev/loop".length()));
        String[] majorMinor = sysfs(number, "dev").split(":");
        assertEquals(DeviceNumbers.makedev(Long.parseLong(majorMinor[0]), Long.parseLong(majorMinor[1])),
                Long.parseLong(parts[1]), "the node made in the empty /dev is the device sysfs names");
        awaitUnbound(number, file);
    }

    private Path sparseFile(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    private static String sysfs(int number, String attribute) throws IOException {
        return Files.readString(Path.of("/sys/block/loop" + number + "/" + attribute)).strip();
    }

    /** The kernel may finish an autoclear just after the last close returns. */
    private static void awaitUnbound(int number, Path file) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (LoopDevices.status(number).filter(s -> s.fileName().equals(file.toString())).isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("/dev/loop" + number + " still backed by " + file + " after 2 s");
    }
}
