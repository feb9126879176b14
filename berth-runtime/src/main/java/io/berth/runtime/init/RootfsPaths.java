package io.berth.runtime.init;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.RootedPaths;
import io.berth.linux.SyscallException;

/**
 * Paths inside the container root, always resolved with openat2(RESOLVE_IN_ROOT) from the
 * root fd: a symlink in the image can never make a mount or device land outside it.
 */
final class RootfsPaths {
    private static final int PATH_DIR = FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC;

    private final Fd root;

    RootfsPaths(Fd root) {
        this.root = root;
    }

    Fd root() {
        return root;
    }

    /** Opens {@code path} O_PATH, or empty if it does not exist. */
    java.util.Optional<Fd> find(String path) {
        try {
            return java.util.Optional.of(RootedPaths.openInRoot(root, path, FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0));
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Opens the directory {@code path}, creating it and its parents (mode 0755) as needed. */
    Fd mkdirs(String path) {
        String clean = normalize(path);
        try {
            return RootedPaths.openInRoot(root, clean, PATH_DIR, 0);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT) || clean.equals("/")) {
                throw e;
            }
        }
        int slash = clean.lastIndexOf('/');
        try (Fd parent = mkdirs(slash == 0 ? "/" : clean.substring(0, slash))) {
            FileCalls.mkdirAt(parent, clean.substring(slash + 1), 0755);
        }
        return RootedPaths.openInRoot(root, clean, PATH_DIR, 0);
    }

    /** Opens the file {@code path} O_PATH, creating an empty one (and parents) if missing. */
    Fd touch(String path) {
        String clean = normalize(path);
        java.util.Optional<Fd> existing = find(clean);
        if (existing.isPresent()) {
            return existing.get();
        }
        int slash = clean.lastIndexOf('/');
        mkdirs(slash == 0 ? "/" : clean.substring(0, slash)).close();
        RootedPaths.openInRoot(root, clean, FileCalls.O_CREAT | FileCalls.O_WRONLY | FileCalls.O_CLOEXEC, 0644).close();
        return RootedPaths.openInRoot(root, clean, FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
    }

    /** The parent directory of {@code path} (created if missing) and the last name. */
    record Parent(Fd dir, String name) {}

    Parent parent(String path) {
        String clean = normalize(path);
        int slash = clean.lastIndexOf('/');
        return new Parent(mkdirs(slash == 0 ? "/" : clean.substring(0, slash)), clean.substring(slash + 1));
    }

    static String normalize(String path) {
        String p = java.nio.file.Path.of("/", path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }
}
