package io.berth.runtime.init;

import io.berth.linux.DetachedMounts;
import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Mount;
import io.berth.runtime.spec.MountIdMap;
import io.berth.runtime.spec.MountOptions;
import io.berth.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Detached copies (open_tree clones) of bind mount sources, by mount index, for
 * {@link RootfsSetup} to attach instead of bind mounting the source path: the id-mapped ones,
 * and for an init stage in a user namespace of its own every bind mount, whose source the
 * container's root often cannot even reach (an engine's 0700 directories).
 *
 * <p>Only a process privileged over the source's filesystem (the host's user namespace) may
 * id-map it, and only one in the container's mount namespace may attach the copy there. So they
 * are made by a thread of ours that has joined that mount namespace: the direct launcher's own
 * rootfs thread, or for an init stage a throwaway thread of stage 0, which then hands them over
 * the sync socket.
 */
public final class DetachedBindSources implements AutoCloseable {
    static final DetachedBindSources NONE = new DetachedBindSources(Map.of());

    private final Map<Integer, Fd> trees;

    private DetachedBindSources(Map<Integer, Fd> trees) {
        this.trees = new HashMap<>(trees);
    }

    /** Trees made elsewhere (received from stage 0), by mount index. */
    static DetachedBindSources of(Map<Integer, Fd> trees) {
        return new DetachedBindSources(trees);
    }

    /**
     * Stage 0's trees for the init stage {@code initPid}, made by a throwaway thread that joins
     * its mount namespace; none (and no thread) if no mount needs one. {@code everyBind}: the
     * init stage is in a user namespace of its own.
     */
    public static DetachedBindSources inMountNamespaceOf(int initPid, Spec spec, Path bundle, boolean everyBind) {
        if (indexes(spec, everyBind).isEmpty()) {
            return NONE;
        }
        return ThrowawayThread.call("berth-bind-sources", "opening the bind mounts' sources", () -> {
            Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
            Namespaces.join(Namespace.MOUNT, "/proc/" + initPid + "/ns/mnt");
            return make(spec, bundle, everyBind);
        });
    }

    /** The indexes of the mounts of {@code spec} that get a tree, in order. */
    static List<Integer> indexes(Spec spec, boolean everyBind) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < spec.mounts().size(); i++) {
            Mount m = spec.mounts().get(i);
            if (MountIdMap.of(m, spec.linux()).isPresent()
                    || (everyBind && MountOptions.parse(m.options()).isBind())) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Makes the trees; the calling thread must be in the container's mount namespace (where
     * the host's paths are still visible) and in the host's user namespace.
     */
    static DetachedBindSources make(Spec spec, Path bundle, boolean everyBind) {
        List<Integer> indexes = indexes(spec, everyBind);
        if (indexes.isEmpty()) {
            return NONE;
        }
        Map<Integer, Fd> trees = new LinkedHashMap<>();
        Map<MountIdMap, Fd> namespaces = new HashMap<>(); // one user namespace per distinct map
        try {
            for (int index : indexes) {
                Mount m = spec.mounts().get(index);
                String source = bundle.resolve(m.source()).toString();
                Fd tree;
                try {
                    tree = DetachedMounts.cloneTree(source, MountOptions.parse(m.options()).recursive());
                } catch (SyscallException e) {
                    throw new IllegalStateException("mount " + source + " on " + m.destination()
                            + (e.is(Errno.ENOENT) ? ": source does not exist" : ": " + e.getMessage()), e);
                }
                trees.put(index, tree);
                Optional<MountIdMap> map = MountIdMap.of(m, spec.linux());
                if (map.isPresent()) {
                    idmap(tree, map.get(), namespaces, "id-mapped mount of " + source + " on " + m.destination(),
                            source);
                }
            }
            return new DetachedBindSources(trees);
        } catch (RuntimeException e) {
            trees.values().forEach(Fd::close);
            throw e;
        } finally {
            namespaces.values().forEach(Fd::close);
        }
    }

    private static void idmap(Fd tree, MountIdMap map, Map<MountIdMap, Fd> namespaces, String what, String source) {
        MountIdMap key = new MountIdMap(map.uidMappings(), map.gidMappings(), false); // recursion aside
        Fd userNamespace = namespaces.get(key);
        if (userNamespace == null) {
            userNamespace = mappedUserNamespace(map);
            namespaces.put(key, userNamespace);
        }
        try {
            DetachedMounts.idmap(tree, userNamespace, map.recursive(), what);
        } catch (SyscallException e) {
            throw new IllegalStateException(what + ": " + e.getMessage()
                    + (e.is(Errno.EINVAL) ? " (the filesystem of " + source + " cannot be id-mapped)" : ""), e);
        }
    }

    /** A user namespace with the mount's maps, kept by its fd once its holder process is gone. */
    private static Fd mappedUserNamespace(MountIdMap map) {
        int holder = new UserNamespace(map.uidMappings(), map.gidMappings()).createHolder();
        try {
            return FileCalls.open("/proc/" + holder + "/ns/user", FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0);
        } finally {
            UserNamespace.release(holder);
        }
    }

    /** The tree for mount {@code index}, now the caller's to close; empty if it has none. */
    Optional<Fd> take(int index) {
        return Optional.ofNullable(trees.remove(index));
    }

    /** The trees in mount order, for handing over. */
    public Map<Integer, Fd> all() {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(trees));
    }

    @Override
    public void close() {
        trees.values().forEach(Fd::close);
        trees.clear();
    }
}
