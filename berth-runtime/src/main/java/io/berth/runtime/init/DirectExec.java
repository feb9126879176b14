package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.Prctl;
import io.berth.linux.ProcessSpawner;
import io.berth.linux.SpawnAction;
import io.berth.linux.SpawnRequest;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.spec.Process;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * exec with no exec stage process. A throwaway thread joins the container's namespaces (the
 * mount namespace last: after it, /proc is the container's), looks the program up there, takes
 * on the process's identity and the container's seccomp filter, and posix_spawns it. The child
 * waits at a {@link SpawnHold} while we put it in the container's cgroup and set its limits;
 * then it changes to its cwd and execs. The hold is reached through a directory fd of the
 * host's (so the child's cwd is outside the container's root, for those few file actions only,
 * which run none of the container's code).
 */
public final class DirectExec {
    private static final int HIGH_FD = 200;

    private DirectExec() {}

    /**
     * The process to start; the container's pid 1 (in our pid namespace) and which of its
     * namespaces to join; its cgroup; how many fds from 3 up to pass on; the container's filter
     * (null: none); a directory only root can reach, for the hold.
     */
    public record Request(Process process, int containerPid, List<Namespace> namespaces, CgroupManager cgroup,
                          int preserveFds, SeccompProgram seccomp, Path holdDirectory) {}

    /**
     * Empty when {@link #launch} can start {@code process}, else why not: what needs a process
     * of our own inside the container first.
     */
    public static Optional<String> unsuitable(List<Namespace> namespaces, Process process, SeccompProgram seccomp) {
        if (namespaces.contains(Namespace.USER)) {
            return Optional.of("a user namespace");
        }
        if (namespaces.contains(Namespace.TIME)) {
            return Optional.of("a time namespace");
        }
        if (process.hasTerminal()) {
            return Optional.of("a terminal");
        }
        if (process.execCPUAffinity() != null) {
            return Optional.of("execCPUAffinity");
        }
        return DirectLaunch.seccompProblem(seccomp);
    }

    /** Returns the pid of the new process once it has exec'd; on failure nothing of it is left. */
    public static int launch(Request request) {
        // the child shares this JVM's memory until it execs: nothing in the container may ptrace it
        Prctl.setDumpable(false);
        try (SpawnHold hold = SpawnHold.in(request.holdDirectory());
             Fd holdDirectory = highFd(FileCalls.open(request.holdDirectory().toString(),
                     FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0))) {
            String holdName = hold.path().getFileName().toString();
            PendingSpawn spawner = PendingSpawn.start("berth-exec",
                    () -> spawnInContainer(request, holdDirectory.number(), holdName));
            int pid = spawner.awaitChild();
            try {
                // single-threaded: posix_spawn's child, before exec
                request.cgroup().addThread(pid);
                ThrowawayThread.call("berth-exec-limits", "setting the exec'd process's limits", () -> {
                    ProcessSetup.rlimitsOfWorkload(pid, request.process());
                    return null;
                });
                ProcessSetup.oomScoreAdj(pid, request.process().oomScoreAdj());
                ProcessSetup.scheduling(pid, request.process());
                hold.release(spawner);
                return spawner.await();
            } catch (RuntimeException e) {
                spawner.abandon(pid);
                throw e;
            }
        }
    }

    /** On the spawner thread, which is never reused: it ends in the container, as the workload. */
    private static int spawnInContainer(Request request, int holdDirectoryFd, String holdName) {
        Process process = request.process();
        Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
        List<Fd> namespaces = new ArrayList<>();
        try {
            // opened first, by our /proc: once in its mount namespace, /proc is the container's
            for (Namespace ns : request.namespaces()) {
                namespaces.add(FileCalls.open("/proc/" + request.containerPid() + "/ns/" + ns.procName(),
                        FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0));
            }
            for (int i = 0; i < namespaces.size(); i++) {
                if (request.namespaces().get(i) != Namespace.MOUNT) {
                    Namespaces.join(request.namespaces().get(i), namespaces.get(i));
                }
            }
            int mount = request.namespaces().indexOf(Namespace.MOUNT);
            if (mount >= 0) {
                Namespaces.join(Namespace.MOUNT, namespaces.get(mount));
            }
        } finally {
            namespaces.forEach(Fd::close);
        }
        FileCalls.chdir(process.cwd());
        String executable = ExecutableLookup.find(process.args().getFirst(), process.env());
        SeccompProgram seccomp = request.seccomp();
        ProcessSetup.takeOnWorkloadIdentity(process, seccomp == null ? null : seccomp.bpf(),
                seccomp == null ? 0 : seccomp.flags());
        return ProcessSpawner.spawn(new SpawnRequest(executable, process.args(), process.env(),
                actions(process, request.preserveFds(), holdDirectoryFd, holdName), true));
    }

    /** Only fds below 3 + preserveFds + 1: dup2 refuses a target at or above RLIMIT_NOFILE. */
    private static List<SpawnAction> actions(Process process, int preserveFds, int holdDirectoryFd, String holdName) {
        int slot = 3 + preserveFds;
        List<SpawnAction> actions = new ArrayList<>();
        actions.add(new SpawnAction.Dup2(holdDirectoryFd, slot));
        actions.add(new SpawnAction.CloseFrom(slot + 1));
        actions.add(new SpawnAction.Fchdir(slot));
        actions.add(new SpawnAction.Close(slot));
        actions.add(new SpawnAction.Open(slot, holdName, FileCalls.O_RDONLY, 0));
        actions.add(new SpawnAction.Close(slot));
        actions.add(new SpawnAction.Chdir(process.cwd()));
        for (int fd = 3; fd < slot; fd++) {
            actions.add(new SpawnAction.Dup2(fd, fd)); // clears close-on-exec
        }
        return actions;
    }

    /** Above any fd the caller may ask to preserve. */
    private static Fd highFd(Fd fd) {
        try (fd) {
            return FileCalls.dupAtLeast(fd.number(), HIGH_FD);
        }
    }
}
