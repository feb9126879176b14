package io.berth.runtime.init;

import io.berth.linux.Namespace;
import io.berth.linux.ProcessSpawner;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SpawnRequest;
import io.berth.runtime.spec.IdMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A new user namespace for the container. The kernel refuses CLONE_NEWUSER and setns into a
 * user namespace to a multi-threaded process, and a process that execs while unmapped loses
 * its capabilities there, so single-threaded util-linux tools do it in three steps:
 * <ol>
 *   <li>a holder ({@code unshare --user sleep}) creates the namespace; stage 0 writes its id maps;
 *   <li>{@code nsenter --user=HOLDER -S ROOT -G ROOT} joins it and becomes its root, then execs
 *       {@code unshare} for the other new namespaces (so they belong to the user namespace),
 *       which forks into the new pid namespace and execs the init stage;
 *   <li>the holder is killed: the container's processes keep the namespace alive.
 * </ol>
 * An existing user namespace ({@code path}, from linux.namespaces) skips the holder: nsenter
 * joins it by that path, and its maps are whatever its creator wrote.
 */
public record UserNamespace(List<IdMapping> uidMappings, List<IdMapping> gidMappings, String path) {
    /** A new user namespace with these maps. */
    public UserNamespace(List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
        this(uidMappings, gidMappings, null);
    }

    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path NSENTER = Path.of("/usr/bin/nsenter");

    private static final Map<Namespace, String> FLAGS = Map.of(
            Namespace.MOUNT, "--mount", Namespace.UTS, "--uts", Namespace.IPC, "--ipc",
            Namespace.NETWORK, "--net", Namespace.PID, "--pid");

    /** Starts the holder and writes the maps; returns the holder's pid for {@link #wrap}. */
    int createHolder() {
        requireTool(UNSHARE);
        requireTool(NSENTER);
        List<String> argv = List.of(UNSHARE.toString(), "--user", "--", "/bin/sleep", "3600");
        int holder = ProcessSpawner.spawn(new SpawnRequest(argv.getFirst(), argv, List.of(), List.of(), 3, true));
        try {
            Path proc = Path.of("/proc", Integer.toString(holder));
            String ours = link(Path.of("/proc/self/ns/user"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (link(proc.resolve("ns/user")).equals(ours)) {
                pause(deadline, "unshare --user did not create the user namespace");
            }
            write(proc.resolve("uid_map"), uidMappings);
            write(proc.resolve("gid_map"), gidMappings);
            return holder;
        } catch (RuntimeException e) {
            release(holder);
            throw e;
        }
    }

    /** Ends the holder once the container's own processes are in the namespace. */
    static void release(int holder) {
        Processes.kill(holder, Signal.SIGKILL.number());
        Processes.waitFor(holder);
    }

    /**
     * The init stage's argv behind nsenter(1) into the namespace (the holder's, or the existing
     * one at {@link #path}) and the time namespace at {@code joinTime} (null: none), and
     * unshare(1) for the new namespaces; a new time namespace is not among them: stage 0 makes it.
     */
    List<String> wrap(List<String> argv, Set<Namespace> unshare, int holder, String joinTime) {
        requireTool(UNSHARE);
        requireTool(NSENTER);
        String root = Long.toString(rootId(uidMappings));
        String rootGroup = Long.toString(rootId(gidMappings));
        String namespace = path != null ? path : "/proc/" + holder + "/ns/user";
        List<String> out = new ArrayList<>(List.of(NSENTER.toString(), "--user=" + namespace));
        if (joinTime != null) {
            out.add("--time=" + joinTime);
        }
        out.addAll(List.of("--setuid", root, "--setgid", rootGroup, "--", UNSHARE.toString()));
        for (Namespace ns : unshare) {
            String flag = FLAGS.get(ns);
            if (flag != null) {
                out.add(flag);
            }
        }
        if (unshare.contains(Namespace.MOUNT)) {
            out.add("--propagation=unchanged"); // the init stage sets propagation itself
        }
        if (unshare.contains(Namespace.PID)) {
            // forks: the child is the container's pid 1. Not --kill-child: once the container is
            // created, stage 0 ends this unshare so that pid 1 is nobody's child but its engine's
            out.add("--fork");
        }
        out.add("--");
        out.addAll(argv);
        return out;
    }

    /** The container's pid 1: the forked child of unshare when it made a pid namespace. */
    static int initPid(int child, boolean forks) {
        if (!forks) {
            return child;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            int init = ProcessTree.firstChild(child);
            if (init > 0) {
                return init;
            }
            if (!Files.exists(Path.of("/proc", Integer.toString(child)))) {
                throw new IllegalStateException("the user namespace stage exited before starting init");
            }
            pause(deadline, "unshare did not start the init process");
        }
    }

    /**
     * {@code argv} behind nsenter(1), which joins the user namespace at {@code userPath} and the
     * time namespace at {@code timePath} (either may be null): only a single-threaded process
     * may setns into those two.
     */
    static List<String> enter(String userPath, String timePath, List<String> argv) {
        requireTool(NSENTER);
        List<String> out = new ArrayList<>(List.of(NSENTER.toString()));
        if (userPath != null) {
            out.add("--user=" + userPath);
        }
        if (timePath != null) {
            out.add("--time=" + timePath);
        }
        out.add("--");
        out.addAll(argv);
        return out;
    }

    /** 0 if it is mapped (the usual case), otherwise the lowest mapped id. */
    private static long rootId(List<IdMapping> mappings) {
        for (IdMapping m : mappings) {
            if (m.containerID() == 0) {
                return 0;
            }
        }
        return mappings.stream().mapToLong(IdMapping::containerID).min().orElse(0);
    }

    private static void write(Path file, List<IdMapping> mappings) {
        StringBuilder sb = new StringBuilder();
        for (IdMapping m : mappings) {
            sb.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        try {
            // one write(2): the kernel accepts a map only whole, and only once
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (" + sb.toString().strip().replace('\n', ';')
                    + ")", e);
        }
    }

    private static void requireTool(Path tool) {
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException("user and time namespaces need util-linux's " + tool.getFileName()
                    + " at " + tool);
        }
    }

    private static String link(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw new IllegalStateException("the user namespace stage exited early (" + path + ")", e);
        }
    }

    private static void pause(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " within 10s");
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what);
        }
    }
}
