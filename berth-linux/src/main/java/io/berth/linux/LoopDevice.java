package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * An open /dev/loopN (loop(4)). Holding it open keeps an autoclear device bound: the kernel
 * detaches such a device when its last opener goes, so close it only once something else (a
 * mount) holds the device.
 */
public final class LoopDevice implements AutoCloseable {
    private static final long LOOP_SET_FD = 0x4C00;
    private static final long LOOP_CLR_FD = 0x4C01;
    private static final long LOOP_SET_STATUS64 = 0x4C04;
    private static final long LOOP_GET_STATUS64 = 0x4C05;
    private static final long LOOP_SET_CAPACITY = 0x4C07;
    private static final long LOOP_CONFIGURE = 0x4C0A;
    private static final int ENXIO = 6;

    // ioctl_loop(4): ioctl(2), with an integer or a pointer argument
    private static final LibcFunction IOCTL = LibcFunction.ofInt("ioctl");

    private final int number;
    private final Fd fd;

    private LoopDevice(int number, Fd fd) {
        this.number = number;
        this.fd = fd;
    }

    /**
     * Opens /dev/loopN, making the node first if the machine lacks it. Root may query, resize and
     * clear through a read-only open; binding a file wants {@code writable}, as losetup does.
     */
    public static LoopDevice open(int number, boolean writable) {
        LoopDevices.ensureNode(number);
        int mode = writable ? FileCalls.O_RDWR : FileCalls.O_RDONLY;
        return new LoopDevice(number, FileCalls.open(LoopDevices.devicePath(number), mode | FileCalls.O_CLOEXEC, 0));
    }

    public int number() {
        return number;
    }

    public String path() {
        return LoopDevices.devicePath(number);
    }

    /**
     * Binds {@code backing} to this device (LOOP_CONFIGURE), falling back to LOOP_SET_FD plus
     * LOOP_SET_STATUS64 on kernels before 5.8. Fails with EBUSY if the device is already bound.
     */
    void configure(Fd backing, String fileName, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(LoopStructs.CONFIG);
            config.set(JAVA_INT, LoopStructs.CONFIG_FD, backing.number());
            LoopStructs.fillInfo(config.asSlice(LoopStructs.CONFIG_INFO, LoopStructs.INFO.byteSize()), fileName, flags);
            long r = IOCTL.invoke(fd.number(), LOOP_CONFIGURE, config.address());
            if (r == -1 && (Libc.errno() == Errno.EINVAL || Libc.errno() == 25 /* ENOTTY */)) {
                configureTheOldWay(arena, backing, fileName, flags);
                return;
            }
            Check.check(r, "ioctl(LOOP_CONFIGURE)", path() + " <- " + fileName);
        }
    }

    private void configureTheOldWay(Arena arena, Fd backing, String fileName, int flags) {
        Check.check(IOCTL.invoke(fd.number(), LOOP_SET_FD, backing.number()),
                "ioctl(LOOP_SET_FD)", path() + " <- " + fileName);
        MemorySegment info = arena.allocate(LoopStructs.INFO);
        // LO_FLAGS_READ_ONLY comes from how the backing file was opened and cannot be set here
        LoopStructs.fillInfo(info, fileName, flags & ~LoopDevices.LO_FLAGS_READ_ONLY);
        long r = IOCTL.invoke(fd.number(), LOOP_SET_STATUS64, info.address());
        if (r == -1) {
            int errno = Libc.errno();
            clear();
            throw new SyscallException("ioctl(LOOP_SET_STATUS64)", path() + " <- " + fileName, errno);
        }
    }

    /** LOOP_GET_STATUS64; empty when the device is not bound (ENXIO). */
    public Optional<LoopStatus> status() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(LoopStructs.INFO);
            long r = IOCTL.invoke(fd.number(), LOOP_GET_STATUS64, info.address());
            if (r == -1 && Libc.errno() == ENXIO) {
                return Optional.empty();
            }
            Check.check(r, "ioctl(LOOP_GET_STATUS64)", path());
            return Optional.of(LoopStructs.readInfo(number, info));
        }
    }

    /** LOOP_SET_CAPACITY: the device takes the backing file's new size (after the file grew). */
    public void refreshCapacity() {
        Check.check(IOCTL.invoke(fd.number(), LOOP_SET_CAPACITY, 0L), "ioctl(LOOP_SET_CAPACITY)", path());
    }

    /**
     * LOOP_CLR_FD: unbinds the backing file. Returns false if the device was not bound. While
     * something still has the device open the kernel only marks it autoclear, and the unbinding
     * happens when the last opener goes.
     */
    public boolean clear() {
        long r = IOCTL.invoke(fd.number(), LOOP_CLR_FD, 0L);
        if (r == -1 && Libc.errno() == ENXIO) {
            return false;
        }
        Check.check(r, "ioctl(LOOP_CLR_FD)", path());
        return true;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return path();
    }
}
