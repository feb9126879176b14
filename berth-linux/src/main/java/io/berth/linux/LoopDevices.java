package io.berth.linux;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.LibcFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loop devices (loop(4)): a regular file made into a block device through /dev/loop-control
 * and /dev/loopN. Devices are found by the backing file's st_dev and st_ino, never by name,
 * because the name the kernel keeps is truncated to 63 bytes.
 */
public final class LoopDevices {
    public static final int LO_FLAGS_READ_ONLY = 1;
    /** The kernel detaches the device when its last opener (usually the last mount) goes. */
    public static final int LO_FLAGS_AUTOCLEAR = 4;
    public static final int LO_FLAGS_PARTSCAN = 8;
    public static final int LO_FLAGS_DIRECT_IO = 16;
    /** The block major of loop devices (devices.txt); used only when sysfs does not say. */
    static final int LOOP_MAJOR = 7;

    private static final long LOOP_CTL_GET_FREE = 0x4C82;
    private static final String CONTROL = "/dev/loop-control";
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int MAX_ATTEMPTS = 64;
    private static final Pattern LOOP_NAME = Pattern.compile("loop(\\d+)");

    // ioctl_loop(4): ioctl(2) on /dev/loop-control with an integer argument
    private static final LibcFunction IOCTL = LibcFunction.ofInt("ioctl");

    private LoopDevices() {}

    public static String devicePath(int number) {
        return "/dev/loop" + number;
    }

    /**
     * Binds {@code backingFile} to a free loop device and returns the device, still open. Another
     * process may take the device LOOP_CTL_GET_FREE offered before we configure it; that EBUSY
     * is retried with the next free device.
     */
    public static LoopDevice attach(Path backingFile, int flags) {
        int mode = (flags & LO_FLAGS_READ_ONLY) != 0 ? FileCalls.O_RDONLY : FileCalls.O_RDWR;
        String name = backingFile.toAbsolutePath().toString();
        try (Fd backing = FileCalls.open(name, mode | FileCalls.O_CLOEXEC, 0)) {
            for (int attempt = 1; ; attempt++) {
                LoopDevice device = LoopDevice.open(freeNumber(), true);
                try {
                    device.configure(backing, name, flags);
                    return device;
                } catch (SyscallException e) {
                    device.close();
                    if (!e.is(Errno.EBUSY) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                } catch (RuntimeException | Error e) {
                    device.close();
                    throw e;
                }
            }
        }
    }

    /** LOOP_CTL_GET_FREE: the number of an unbound loop device, created if none is free. */
    public static int freeNumber() {
        ensureNode(CONTROL, S_IFCHR, "/sys/class/misc/loop-control/dev", 10, 237);
        try (Fd control = FileCalls.open(CONTROL, FileCalls.O_RDWR | FileCalls.O_CLOEXEC, 0)) {
            return (int) Check.check(IOCTL.invoke(control.number(), LOOP_CTL_GET_FREE, 0L),
                    "ioctl(LOOP_CTL_GET_FREE)", CONTROL);
        }
    }

    /** The status of every bound loop device. */
    public static List<LoopStatus> attached() {
        List<LoopStatus> result = new ArrayList<>();
        for (int number : boundNumbers()) {
            status(number).ifPresent(result::add);
        }
        return result;
    }

    /** The bound devices whose backing file is {@code file} (the same inode, whatever its name). */
    public static List<LoopStatus> backing(Path file) {
        long device;
        long inode;
        try {
            device = (Long) Files.getAttribute(file, "unix:dev");
            inode = (Long) Files.getAttribute(file, "unix:ino");
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("stat " + file, e);
        }
        return attached().stream().filter(s -> s.backs(device, inode)).toList();
    }

    /** LOOP_GET_STATUS64 on /dev/loopN; empty if the device is unbound or gone. */
    public static Optional<LoopStatus> status(int number) {
        try (LoopDevice device = LoopDevice.open(number, false)) {
            return device.status();
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT) || e.is(6 /* ENXIO */) || e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The loop device number of block device MAJOR:MINOR, if it is a loop device. */
    public static OptionalInt numberOf(int major, int minor) {
        Path link = Path.of("/sys/dev/block/" + major + ":" + minor);
        try {
            Matcher m = LOOP_NAME.matcher(Files.readSymbolicLink(link).getFileName().toString());
            return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("readlink " + link, e);
        }
    }

    /** Makes /dev/loopN if this machine (often a container) lacks the node. */
    static void ensureNode(int number) {
        ensureNode(devicePath(number), S_IFBLK, "/sys/block/loop" + number + "/dev", LOOP_MAJOR, number);
    }

    /** Devices with a "loop" directory in sysfs, which the kernel adds on bind and removes on clear. */
    private static List<Integer> boundNumbers() {
        try (Stream<Path> entries = Files.list(Path.of("/sys/block"))) {
            return entries.map(p -> LOOP_NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .filter(n -> Files.isDirectory(Path.of("/sys/block/loop" + n + "/loop")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing /sys/block", e);
        }
    }

    private static void ensureNode(String path, int type, String sysfsDev, int major, int minor) {
        if (Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // sysfs knows the real numbers (loop minors are spaced out when max_part is set)
        try {
            String[] numbers = Files.readString(Path.of(sysfsDev)).strip().split(":");
            major = Integer.parseInt(numbers[0]);
            minor = Integer.parseInt(numbers[1]);
        } catch (IOException | RuntimeException e) {
            // no sysfs entry: keep the conventional numbers
        }
        int slash = path.lastIndexOf('/');
        try (Fd dir = FileCalls.open(path.substring(0, slash), FileCalls.O_PATH | FileCalls.O_DIRECTORY
                | FileCalls.O_CLOEXEC, 0)) {
            FileCalls.mknodAt(dir, path.substring(slash + 1), type | 0660, DeviceNumbers.makedev(major, minor));
        } catch (SyscallException e) {
            if (!e.is(Errno.EEXIST)) {
                throw e;
            }
        }
    }
}
