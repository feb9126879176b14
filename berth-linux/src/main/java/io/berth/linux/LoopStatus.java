package io.berth.linux;

/**
 * What the kernel reports about a bound loop device (struct loop_info64 from LOOP_GET_STATUS64).
 * {@code backingDevice} and {@code backingInode} identify the backing file for sure;
 * {@code fileName} is only the first 63 bytes of the name it was attached with.
 */
public record LoopStatus(int number, long backingDevice, long backingInode, long offset, long sizeLimit,
        int flags, String fileName) {

    public String devicePath() {
        return LoopDevices.devicePath(number);
    }

    public boolean autoclear() {
        return (flags & LoopDevices.LO_FLAGS_AUTOCLEAR) != 0;
    }

    public boolean readOnly() {
        return (flags & LoopDevices.LO_FLAGS_READ_ONLY) != 0;
    }

    /** Whether the device's backing file is the file with this st_dev and st_ino. */
    public boolean backs(long device, long inode) {
        return backingDevice == device && backingInode == inode;
    }
}
