package io.berth.runtime.init;

import io.berth.linux.DetachedMounts;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.SyscallException;
import io.berth.runtime.spec.Mount;
import io.berth.runtime.spec.MountIdMap;
import io.berth.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Detached, id-mapped copies of the sources of a container's id-mapped bind mounts, by mount
 * index, for {@link RootfsSetup} to attach instead of bind mounting.
 *
 * <p>Only a process privileged over the source's filesystem (the host's user namespace) may
 * id-map it, and only one in the container's mount namespace may attach the copy there. So they
 * are made by a thread of ours that has joined that mount namespace: the direct launcher's own
 * rootfs thread, or for an init stage (perhaps in a user namespace of its own) a throwaway
 * thread of stage 0, which then hands them over the sync socket.
 */
public final class IdMappedTrees implements AutoCloseable {
    static final IdMappedTrees NONE = new IdMappedTrees(Map.of());

    private final Map<Integer, Fd> trees;

    private IdMappedTrees(Map<Integer, Fd> trees) {
        this.trees = new HashMap<>(trees);
    }

    /** Trees made elsewhere (received from stage 0), by mount index. */
    static IdMappedTrees of(Map<Integer, Fd> trees) {
        return new IdMappedTrees(trees);
    }

    /**
     * Stage 0's trees for the init stage {@code initPid}, made by a throwaway thread that joins
     * its mount namespace; none (and no thread) if no mount is id-mapped.
     */
    public static IdMappedTrees inMountNamespaceOf(int initPid, Spec spec, Path bundle) {
        if (indexes(spec).isEmpty()) {
            return NONE;
        }
        return ThrowawayThread.call("berth-idmap", "making the id-mapped mounts", () -> {
            Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
            Namespaces.join(Namespace.MOUNT, "/proc/" + initPid + "/ns/mnt");
            return make(spec, bundle);
        });
    }

    /** The indexes of {@code spec}'s id-mapped mounts, in order. */
    static List<Integer> indexes(Spec spec) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < spec.mounts().size(); i++) {
            if (MountIdMap.of(spec.mounts().get(i), spec.linux()).isPresent()) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Makes the trees; the calling thread must be in the container's mount namespace (where
     * the host's paths are still visible) and in the host's user namespace.
     */
    static IdMappedTrees make(Spec spec, Path bundle) {
        List<Integer> indexes = indexes(spec);
        if (indexes.isEmpty()) {
            return NONE;
        }
        Map<Integer, Fd> trees = new LinkedHashMap<>();
        Map<MountIdMap, Fd> namespaces = new HashMap<>(); // one user namespace per distinct map
        try {
            for (int index : indexes) {
                Mount m = spec.mounts().get(index);
                MountIdMap map = MountIdMap.of(m, spec.linux()).orElseThrow();
                Fd userNamespace = namespaces.get(key(map));
                if (userNamespace == null) {
                    userNamespace = mappedUserNamespace(map);
                    namespaces.put(key(map), userNamespace);
                }
                String source = bundle.resolve(m.source()).toString();
                String what = "id-mapped mount of " + source + " on " + m.destination();
                Fd tree = DetachedMounts.cloneTree(source, m.options().contains("rbind"));
                trees.put(index, tree);
                try {
                    DetachedMounts.idmap(tree, userNamespace, map.recursive(), what);
                } catch (SyscallException e) {
                    throw new IllegalStateException(what + ": " + e.getMessage() + (e.is(io.berth.linux.Errno.EINVAL)
                            ? " (the filesystem of " + source + " cannot be id-mapped)" : ""), e);
                }
            }
            return new IdMappedTrees(trees);
        } catch (RuntimeException e) {
            trees.values().forEach(Fd::close);
            throw e;
        } finally {
            namespaces.values().forEach(Fd::close);
        }
    }

    /** The same maps, whatever the recursion: they can share a user namespace. */
    private static MountIdMap key(MountIdMap map) {
        return new MountIdMap(map.uidMappings(), map.gidMappings(), false);
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

    /** The tree for mount {@code index}, now the caller's to close; empty if it is not id-mapped. */
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
