package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Keyrings;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.Prctl;
import io.berth.linux.ProcessSpawner;
import io.berth.linux.SpawnAction;
import io.berth.linux.SpawnRequest;
import io.berth.linux.SyscallException;
import io.berth.runtime.cgroups.CgroupLayout;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates a container with no init stage process. A throwaway thread of this JVM enters the
 * new namespaces, takes on the workload's credentials, capabilities and seccomp filter, and
 * posix_spawns the workload; the child's first file actions open the exec fifo for writing,
 * which blocks until `start` opens it for reading, and only then does the child exec. A second
 * thread joins the child's namespaces and builds its root filesystem: /proc for a new pid
 * namespace can only be mounted once the namespace has its pid 1, and the pidns= option lets
 * a caller outside it do so. See {@link DirectLaunch} for which configurations qualify.
 */
public final class DirectLauncher {
    private static final int HIGH_FD = 200;
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private DirectLauncher() {}

    /**
     * What to create: the validated spec, the rootfs and bundle paths, the container's state
     * directory (holding exec.fifo), the namespaces to join and to create, its cgroup, how many
     * fds from 3 up to pass on, the session keyring to join (null: keep ours), the compiled
     * filter (null: none) and the executable to exec.
     */
    public record Request(Spec spec, String rootfs, Path bundle, Path stateDir, Map<Namespace, String> join,
                          Set<Namespace> unshare, boolean newCgroupNamespace, CgroupManager cgroup,
                          int preserveFds, String sessionKeyring, SeccompProgram seccomp, String executable) {}

    /**
     * Returns the pid of the container's process once its root filesystem is ready and it is
     * waiting on the exec fifo. On failure nothing of it is left running.
     */
    public static int launch(Request request) {
        // the child shares this JVM's memory until it execs: nothing in the container may ptrace it
        Prctl.setDumpable(false);
        try (Fd stateDir = highFd(FileCalls.open(request.stateDir().toString(),
                FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0))) {
            SpawnRequest spawn = spawnRequest(request, stateDir.number());
            PendingSpawn spawner = PendingSpawn.start("berth-spawn", () -> spawnAsWorkload(request, spawn));
            int pid = spawner.awaitChild();
            try {
                // The move sleeps through an RCU grace period (~10 ms) for the kernel's cgroup
                // threadgroup lock: build the root filesystem meanwhile. Its cgroup mounts bind
                // the directories the process is moving to, not where it is now.
                ThrowawayThread<Void> move = ThrowawayThread.start("berth-cgroup",
                        "moving the container's process into its cgroup", () -> {
                            request.cgroup().addThread(pid); // single-threaded: posix_spawn's child, before exec
                            return null;
                        });
                try {
                    awaitBlockedOnFifo(pid, request.stateDir(), spawner);
                    ThrowawayThread.call("berth-rootfs", "setting up the container's root filesystem", () -> {
                        buildRootfs(request, pid);
                        return null;
                    });
                } finally {
                    move.join(); // never left moving a process whose cgroup an abort removes
                }
                ProcessSetup.oomScoreAdj(pid, request.spec().process().oomScoreAdj());
                // by pid: SCHED_DEADLINE would forbid the spawner thread to fork it
                ProcessSetup.scheduling(pid, request.spec().process());
                return pid;
            } catch (RuntimeException e) {
                spawner.abandon(pid);
                throw e;
            }
        }
    }

    /**
     * The child's steps between fork and exec; everything after the fifo open happens after
     * `start`. Only fds below 3 + preserveFds + 1 are used: rlimits already apply to the child,
     * and dup2 refuses a target at or above RLIMIT_NOFILE.
     */
    private static SpawnRequest spawnRequest(Request request, int stateDirFd) {
        Process process = request.spec().process();
        int slot = 3 + request.preserveFds();
        List<SpawnAction> actions = new ArrayList<>();
        actions.add(new SpawnAction.Dup2(stateDirFd, slot));
        // from here on the child holds none of the runtime's fds, even while it waits
        actions.add(new SpawnAction.CloseFrom(slot + 1));
        actions.add(new SpawnAction.Fchdir(slot));
        actions.add(new SpawnAction.Close(slot));
        // waits here holding only stdio (and preserved fds); closed right after: `start` reads
        // end-of-file as the sign that the container is on its way to exec
        actions.add(new SpawnAction.Open(slot, "exec.fifo", FileCalls.O_WRONLY, 0));
        actions.add(new SpawnAction.Close(slot));
        actions.add(new SpawnAction.Chdir(process.cwd()));
        for (int fd = 3; fd < slot; fd++) {
            actions.add(new SpawnAction.Dup2(fd, fd)); // clears close-on-exec
        }
        return new SpawnRequest(request.executable(), process.args(), process.env(), actions, true);
    }

    /** On the spawner thread, which is never reused: it ends in the workload's identity. */
    private static int spawnAsWorkload(Request request, SpawnRequest spawn) {
        Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
        for (Map.Entry<Namespace, String> join : request.join().entrySet()) {
            Namespaces.join(join.getKey(), join.getValue());
        }
        if (request.newCgroupNamespace()) {
            // a cgroup namespace is rooted where its creator is: step into the container's
            // cgroup for the unshare, then straight back
            CgroupLayout home = CgroupLayout.detect();
            request.cgroup().addThread(0);
            try {
                Namespaces.unshare(EnumSet.of(Namespace.CGROUP));
            } finally {
                home.moveCallingThreadToOwnCgroups();
            }
        }
        if (!request.unshare().isEmpty()) {
            Namespaces.unshare(request.unshare());
        }
        if (request.sessionKeyring() != null) {
            Keyrings.joinNewSession(request.sessionKeyring());
        }
        // before the filter, which may allow personality(2) only with the values Docker's does
        ProcessSetup.personality(request.spec().linux().personality());
        SeccompProgram seccomp = request.seccomp();
        ProcessSetup.takeOnWorkloadIdentity(request.spec().process(), seccomp == null ? null : seccomp.bpf(),
                seccomp == null ? 0 : seccomp.flags());
        return ProcessSpawner.spawn(spawn);
    }

    /** Sleeping with the state dir as its cwd means it is in the fifo open, waiting for `start`. */
    private static void awaitBlockedOnFifo(int pid, Path stateDir, PendingSpawn spawner) {
        String expected = stateDir.toAbsolutePath().normalize().toString();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        PollBackoff backoff = new PollBackoff();
        while (true) {
            spawner.throwIfFailed();
            try {
                if (FileCalls.readlink("/proc/" + pid + "/cwd").equals(expected) && processState(pid) == 'S') {
                    return;
                }
            } catch (SyscallException e) {
                // gone: the spawner thread is about to report why
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the container process did not reach its exec fifo within 10s");
            }
            backoff.pause();
        }
    }

    /** Joins the child's namespaces and sets up everything its root filesystem needs. */
    private static void buildRootfs(Request request, int pid) {
        Spec spec = request.spec();
        Process process = spec.process();
        Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
        ProcessSetup.rlimitsOfWorkload(pid, process);
        for (Namespace ns : List.of(Namespace.MOUNT, Namespace.UTS, Namespace.IPC, Namespace.NETWORK,
                Namespace.CGROUP)) {
            if (request.unshare().contains(ns) || request.join().containsKey(ns)
                    || (ns == Namespace.CGROUP && request.newCgroupNamespace())) {
                Namespaces.join(ns, "/proc/" + pid + "/ns/" + ns.procName());
            }
        }
        boolean pidNamespace = request.unshare().contains(Namespace.PID) || request.join().containsKey(Namespace.PID);
        // this thread is in the container's mount namespace and the host's user namespace
        try (DetachedBindSources sources = DetachedBindSources.make(spec, request.bundle(), false)) {
            RootfsSetup rootfs = new RootfsSetup(spec, request.rootfs(), request.bundle(), false,
                    pidNamespace ? "/proc/" + pid + "/ns/pid" : null, sources, containerCgroups(request.cgroup(), pid));
            buildRootfs(rootfs, spec);
        }
        // what the child will do after `start`, checked now so that create reports it as runc does
        FileCalls.chdir(process.cwd());
        ExecutableLookup.find(request.executable(), process.env());
    }

    /**
     * Where the child's cgroup mounts bind: the directories it is being moved to, not where it
     * is yet; in a hierarchy Berth does not manage, where it was born (ours, as with runc).
     */
    private static CgroupMountPlan.ContainerCgroups containerCgroups(CgroupManager cgroup, int pid) {
        CgroupMountPlan.ContainerCgroups born = CgroupMountPlan.ContainerCgroups.ofProcess("/proc/" + pid);
        return h -> cgroup.directoryIn(Path.of(h.mountPoint())).or(() -> born.hostDirectory(h));
    }

    private static void buildRootfs(RootfsSetup rootfs, Spec spec) {
        rootfs.prepare();
        rootfs.protect();
        Sysctls.write(spec.linux().sysctl());
        UtsNames.apply(spec.hostname(), spec.domainname());
        rootfs.pivot(false);
        rootfs.finish();
    }

    /** Above any fd the caller may ask to preserve. */
    private static Fd highFd(Fd fd) {
        try (fd) {
            return FileCalls.dupAtLeast(fd.number(), HIGH_FD);
        }
    }

    private static char processState(int pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        int end = stat.lastIndexOf(')');
        return end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
