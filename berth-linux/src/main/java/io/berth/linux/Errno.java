package io.berth.linux;

import java.util.Map;

/** errno values Berth tests for, and names for the ones it reports. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM (Operation not permitted)"),
            Map.entry(ENOENT, "ENOENT (No such file or directory)"),
            Map.entry(ENXIO, "ENXIO (No such device or address)"),
            Map.entry(ESRCH, "ESRCH (No such process)"),
            Map.entry(EINTR, "EINTR (Interrupted system call)"),
            Map.entry(EIO, "EIO (Input/output error)"),
            Map.entry(7, "E2BIG (Argument list too long)"),
            Map.entry(8, "ENOEXEC (Exec format error)"),
            Map.entry(EBADF, "EBADF (Bad file descriptor)"),
            Map.entry(ECHILD, "ECHILD (No child processes)"),
            Map.entry(EAGAIN, "EAGAIN (Resource temporarily unavailable)"),
            Map.entry(ENOMEM, "ENOMEM (Cannot allocate memory)"),
            Map.entry(EACCES, "EACCES (Permission denied)"),
            Map.entry(EBUSY, "EBUSY (Device or resource busy)"),
            Map.entry(EEXIST, "EEXIST (File exists)"),
            Map.entry(EXDEV, "EXDEV (Invalid cross-device link)"),
            Map.entry(ENODEV, "ENODEV (No such device)"),
            Map.entry(ENOTDIR, "ENOTDIR (Not a directory)"),
            Map.entry(EISDIR, "EISDIR (Is a directory)"),
            Map.entry(EINVAL, "EINVAL (Invalid argument)"),
            Map.entry(24, "EMFILE (Too many open files)"),
            Map.entry(25, "ENOTTY (Inappropriate ioctl for device)"),
            Map.entry(26, "ETXTBSY (Text file busy)"),
            Map.entry(ENOSPC, "ENOSPC (No space left on device)"),
            Map.entry(EROFS, "EROFS (Read-only file system)"),
            Map.entry(EPIPE, "EPIPE (Broken pipe)"),
            Map.entry(ERANGE, "ERANGE (Numerical result out of range)"),
            Map.entry(36, "ENAMETOOLONG (File name too long)"),
            Map.entry(ENOSYS, "ENOSYS (Function not implemented)"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY (Directory not empty)"),
            Map.entry(ELOOP, "ELOOP (Too many levels of symbolic links)"),
            Map.entry(ENODATA, "ENODATA (No data available)"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP (Operation not supported)"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED (Connection refused)"));

    private Errno() {}

    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
