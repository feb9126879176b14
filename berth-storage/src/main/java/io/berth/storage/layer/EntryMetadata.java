package io.berth.storage.layer;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileMetadata;
import io.berth.linux.SyscallException;
import io.berth.linux.Xattrs;
import java.util.Map;

/**
 * Owner, xattrs, permissions and times from a tar header, in that order: chown clears setuid,
 * setgid and security.capability, so it comes first; times come last because the others touch
 * ctime only but writing data touches mtime.
 */
final class EntryMetadata {
    private EntryMetadata() {}

    /** For a regular file still open for writing. */
    static void apply(Fd file, TarEntry e) throws LayerRejectedException {
        FileCalls.fchown(file, e.uid(), e.gid());
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            XattrRules.check(e.name(), x.getKey(), x.getValue());
            Xattrs.set(file, x.getKey(), x.getValue());
        }
        FileCalls.fchmod(file, e.mode());
        FileMetadata.setTimes(file, e.atime(), e.mtime());
    }

    /**
     * For the entry {@code name} in {@code dir}, never following it if it is a symlink.
     * Directory times are left to {@link DirectoryTimes}: entries made inside would change them.
     */
    static void applyAt(Fd dir, String name, TarEntry e) throws LayerRejectedException {
        FileMetadata.chownAt(dir, name, e.uid(), e.gid());
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            XattrRules.check(e.name(), x.getKey(), x.getValue());
            setXattr(dir, name, e, x.getKey(), x.getValue());
        }
        if (e.type() != TarEntryType.SYMLINK) {
            FileMetadata.chmodAt(dir, name, e.mode()); // Linux has no symlink permissions
        }
        if (e.type() != TarEntryType.DIRECTORY) {
            FileMetadata.setTimesAt(dir, name, e.atime(), e.mtime());
        }
    }

    private static void setXattr(Fd dir, String name, TarEntry e, String key, byte[] value) {
        try {
            Xattrs.setAt(dir, name, key, value);
        } catch (SyscallException ex) {
            // the kernel allows user.* only on regular files and directories (xattr(7)); what
            // tar wrote from elsewhere cannot be kept, as containerd also decides
            boolean userOnSpecialFile = key.startsWith("user.") && e.type() != TarEntryType.DIRECTORY;
            if (!(userOnSpecialFile && ex.is(Errno.EPERM))) {
                throw ex;
            }
        }
    }
}
