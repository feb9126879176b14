package io.berth.storage.layer;

import io.berth.linux.BeneathPaths;
import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.FileMetadata;
import io.berth.linux.FileStatus;
import io.berth.linux.Links;
import io.berth.linux.SyscallException;
import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directory a layer unpacks into, reached only through file descriptors: every directory
 * is opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) from the root fd, and every
 * entry is made with an *at() call on its parent's fd. So no write can leave the root or pass
 * through a symlink, whatever the layer's symlinks say. Recently used directory fds are kept,
 * since a tar lists a directory's entries together.
 */
final class LayerTree implements AutoCloseable {
    private static final int OPEN_DIRECTORY = FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC;
    private static final int CACHED_DIRECTORIES = 32;

    private final Fd root;
    private final Map<String, Fd> cache = new LinkedHashMap<>(64, 0.75f, true);
    // fds dropped from the cache while a caller may still hold them: closed between entries
    private final List<Fd> retired = new ArrayList<>();

    private LayerTree(Fd root) {
        this.root = root;
    }

    static LayerTree open(Path target) {
        return new LayerTree(FileCalls.open(target.toString(), OPEN_DIRECTORY, 0));
    }

    Fd root() {
        return root;
    }

    /**
     * The directory {@code dir}, made (0755, root-owned, as containerd does) with any missing
     * parents when the layer lists entries inside a directory it never listed. The fd stays
     * valid until {@link #endEntry()}; do not close it.
     */
    Fd directory(LayerPath dir, String entry) throws LayerRejectedException {
        return lookUp(dir, entry, true);
    }

    /** Like {@link #directory} but makes nothing: null if {@code dir} does not exist. */
    Fd existingDirectory(LayerPath dir, String entry) throws LayerRejectedException {
        return lookUp(dir, entry, false);
    }

    /** What is at {@code name} in {@code dir} now, or null. */
    FileStatus status(Fd dir, String name) {
        return FileMetadata.statAtIfExists(dir, name).orElse(null);
    }

    /** Removes {@code path} (whole tree if a directory) that {@code existing} describes. */
    void remove(Fd dir, LayerPath path, FileStatus existing) throws IOException {
        if (existing.isDirectory()) {
            forgetWithin(path);
            TreeRemoval.removeDirectory(dir, path.name());
        } else {
            Links.unlinkAt(dir, path.name(), 0);
        }
    }

    /** Closes directory fds retired during the entry just applied. */
    void endEntry() {
        retired.forEach(Fd::close);
        retired.clear();
    }

    @Override
    public void close() {
        endEntry();
        cache.values().forEach(Fd::close);
        cache.clear();
        root.close();
    }

    private Fd lookUp(LayerPath dir, String entry, boolean create) throws LayerRejectedException {
        if (dir.isRoot()) {
            return root;
        }
        Fd cached = cache.get(dir.path());
        if (cached != null) {
            return cached;
        }
        Fd fd;
        try {
            fd = BeneathPaths.openBeneath(root, dir.path(), OPEN_DIRECTORY);
        } catch (SyscallException fast) {
            return walk(dir, entry, create); // one component at a time, to make or to name what is wrong
        }
        remember(dir.path(), fd);
        return fd;
    }

    private Fd walk(LayerPath dir, String entry, boolean create) throws LayerRejectedException {
        Fd current = root;
        LayerPath at = LayerPath.ROOT;
        for (String component : dir.path().split("/")) {
            at = at.child(component);
            Fd next = cache.get(at.path());
            if (next == null) {
                next = openStep(current, at, entry, create);
                if (next == null) {
                    return null;
                }
                remember(at.path(), next);
            }
            current = next;
        }
        return current;
    }

    private Fd openStep(Fd parent, LayerPath at, String entry, boolean create) throws LayerRejectedException {
        try {
            return BeneathPaths.openBeneath(parent, at.name(), OPEN_DIRECTORY);
        } catch (SyscallException e) {
            if (e.is(Errno.ELOOP)) {
                throw LayerRejectedException.entry(entry, Reason.UNSAFE_PATH, "path component "
                        + EntryNames.quote(at.path()) + " is a symlink, and Berth follows none while unpacking");
            }
            if (e.is(Errno.ENOTDIR)) {
                FileStatus existing = status(parent, at.name());
                if (!(create && existing != null && OverlayFormat.isWhiteout(existing))) {
                    throw LayerRejectedException.entry(entry, Reason.MALFORMED,
                            "path component " + EntryNames.quote(at.path()) + " is not a directory");
                }
                // entries below a name this layer whited out: a directory hiding the lower one
                Links.unlinkAt(parent, at.name(), 0);
                makeDirectory(parent, at.name());
                OverlayFormat.markOpaque(parent, at.name());
                return BeneathPaths.openBeneath(parent, at.name(), OPEN_DIRECTORY);
            }
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
        }
        if (!create) {
            return null;
        }
        makeDirectory(parent, at.name());
        return BeneathPaths.openBeneath(parent, at.name(), OPEN_DIRECTORY);
    }

    private static void makeDirectory(Fd parent, String name) {
        FileCalls.mkdirAt(parent, name, 0755);
        FileMetadata.chmodAt(parent, name, 0755); // mkdir's mode went through the umask
    }

    private void remember(String path, Fd fd) {
        cache.put(path, fd);
        if (cache.size() > CACHED_DIRECTORIES) {
            Iterator<Fd> eldest = cache.values().iterator();
            retired.add(eldest.next());
            eldest.remove();
        }
    }

    private void forgetWithin(LayerPath removed) {
        for (Iterator<Map.Entry<String, Fd>> it = cache.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Fd> e = it.next();
            if (LayerPath.of(e.getKey()).isWithin(removed)) {
                retired.add(e.getValue());
                it.remove();
            }
        }
    }
}
