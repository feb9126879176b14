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

    /**
     * Opens the directory {@code path}, creating it and its parents (mode 0755) as needed, where
     * {@link #resolve} puts it.
     */
    Fd mkdirs(String path) {
        return mkdirsResolved(resolve(path));
    }

    private Fd mkdirsResolved(String clean) {
        try {
            return RootedPaths.openInRoot(root, clean, PATH_DIR, 0);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT) || clean.equals("/")) {
                throw e;
            }
        }
        int slash = clean.lastIndexOf('/');
        try (Fd parent = mkdirsResolved(slash == 0 ? "/" : clean.substring(0, slash))) {
            FileCalls.mkdirAt(parent, clean.substring(slash + 1), 0755);
        }
        return RootedPaths.openInRoot(root, clean, PATH_DIR, 0);
    }

    /** Opens the file {@code path} O_PATH, creating an empty one (and parents) if missing. */
    Fd touch(String path) {
        String clean = resolve(path);
        java.util.Optional<Fd> existing = find(clean);
        if (existing.isPresent()) {
            return existing.get();
        }
        int slash = clean.lastIndexOf('/');
        mkdirsResolved(slash == 0 ? "/" : clean.substring(0, slash)).close();
        RootedPaths.openInRoot(root, clean, FileCalls.O_CREAT | FileCalls.O_WRONLY | FileCalls.O_CLOEXEC, 0644).close();
        return RootedPaths.openInRoot(root, clean, FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
    }

    /** The parent directory of {@code path} (created if missing) and the last name. */
    record Parent(Fd dir, String name) {}

    Parent parent(String path) {
        String clean = resolve(path);
        int slash = clean.lastIndexOf('/');
        return new Parent(mkdirsResolved(slash == 0 ? "/" : clean.substring(0, slash)), clean.substring(slash + 1));
    }

    /** Symlinks followed before giving up, as the kernel's MAXSYMLINKS. */
    private static final int MAX_LINKS = 40;

    /**
     * {@code path} with its symlinks resolved inside the root as far as it exists, the rest kept
     * as written (runc's securejoin rule): a mount onto a dangling link, such as an image's
     * /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf, goes where the link points
     * and is created there, while the kernel alone would refuse to create through it.
     */
    String resolve(String path) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(java.util.List.of(path.split("/")));
        java.util.List<String> done = new java.util.ArrayList<>();
        boolean exists = true;
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.removeLast();
                }
                continue;
            }
            String target = null;
            if (exists) {
                try (Fd dir = RootedPaths.openInRoot(root, "/" + String.join("/", done), PATH_DIR, 0)) {
                    target = FileCalls.readlinkAt(dir, name);
                } catch (SyscallException e) {
                    if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR)) {
                        exists = false; // what follows is created, not looked up
                    } else if (!e.is(Errno.EINVAL)) { // EINVAL: not a symlink
                        throw e;
                    }
                }
            }
            if (target == null) {
                done.add(name);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new IllegalArgumentException("too many levels of symbolic links in " + path);
            }
            if (target.startsWith("/")) {
                done.clear();
            }
            java.util.List<String> names = java.util.List.of(target.split("/"));
            for (int i = names.size() - 1; i >= 0; i--) {
                todo.addFirst(names.get(i));
            }
        }
        return "/" + String.join("/", done);
    }

    static String normalize(String path) {
        String p = java.nio.file.Path.of("/", path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }
}
