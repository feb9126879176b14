package io.berth.runtime;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SyscallException;
import io.berth.linux.UnixSockets;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.init.DirectExec;
import io.berth.runtime.init.InitLauncher;
import io.berth.runtime.init.ExecMain;
import io.berth.runtime.init.SyncMessage;
import io.berth.runtime.seccomp.SeccompCompiler;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.seccomp.SeccompProgramFile;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.Seccomp;
import io.berth.runtime.spec.LinuxNamespace;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.SpecValidator;
import io.berth.runtime.state.ContainerRecord;
import io.berth.runtime.state.ContainerStatus;
import io.berth.runtime.state.ProcessIdentity;
import io.berth.runtime.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The exec operation. Usually {@link DirectExec} spawns the process straight from a thread
 * that has joined the container; otherwise an exec stage JVM born in the container's
 * namespaces (nsenter first for a user or time namespace), moved into its cgroup once ready,
 * then released to execve.
 */
final class ContainerExec {
    private static final Map<String, Namespace> NAMESPACES = ContainerRuntime.NAMESPACES;

    private final ContainerRuntime runtime;
    private final StateStore store;
    private final Consumer<String> warnings;

    ContainerExec(ContainerRuntime runtime, Consumer<String> warnings) {
        this.runtime = runtime;
        this.store = runtime.store();
        this.warnings = warnings;
    }

    /**
     * Starts {@code process} inside a running container (runc exec): its namespaces, cgroup,
     * seccomp filter, and the process's own user, capabilities and rlimits. Returns the pid of
     * the new process, a child of the caller.
     */
    int exec(String id, Process process, ExecOptions options) {
        SpecValidator.validateProcess(process);
        String consoleSocket = options.consoleSocket();
        int preserveFds = options.preserveFds();
        ContainerRecord record = store.require(id);
        ContainerStatus status = runtime.status(record);
        if (status == ContainerStatus.PAUSED && !options.ignorePaused()) {
            throw new IllegalStateException("cannot exec in a paused container (use --ignore-paused to override): "
                    + id);
        }
        if (!status.canExec() && status != ContainerStatus.PAUSED) {
            throw new IllegalStateException("cannot exec in a stopped container: " + id);
        }
        Spec spec = runtime.spec(id);
        CgroupManager cgroup = ContainerRuntime.cgroup(record).sub(options.cgroups());
        SeccompProgram seccomp = spec.linux().seccomp() == null ? null : seccompOf(id, spec.linux().seccomp());
        List<Namespace> namespaces = spec.linux().namespaces().stream().map(ns -> NAMESPACES.get(ns.type())).toList();
        // paused: a held child frozen before it reaches its hold would never be released, while
        // the exec stage is frozen only once it is ready, and then waits as long as it takes
        Optional<String> needsStage = options.execStage() ? Optional.of("asked for")
                : status == ContainerStatus.PAUSED ? Optional.of("a paused container")
                : DirectExec.unsuitable(namespaces, process, seccomp);
        if (needsStage.isEmpty()) {
            if (!ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
                throw new IllegalStateException("cannot exec in a stopped container: " + id);
            }
            return DirectExec.launch(new DirectExec.Request(process, record.pid(), namespaces,
                    cgroup, preserveFds, seccomp, store.dir(id)));
        }
        runtime.debug().accept(id + ": an exec stage process, for " + needsStage.get());
        Map<Namespace, String> join = new LinkedHashMap<>();
        String userNsPath = null;
        for (LinuxNamespace ns : spec.linux().namespaces()) {
            Namespace type = NAMESPACES.get(ns.type());
            if (type == Namespace.USER) {
                // a JVM cannot setns into a user namespace: nsenter does it before exec'ing the stage
                userNsPath = "/proc/" + record.pid() + "/ns/user";
                continue;
            }
            if (type == Namespace.MOUNT) {
                continue; // the exec stage joins the mount namespace on its exec thread only
            }
            join.put(type, "/proc/" + record.pid() + "/ns/" + type.procName());
        }
        int pid = -1;
        try (Fd mnt = FileCalls.open("/proc/" + record.pid() + "/ns/mnt", FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0);
             Fd console = consoleSocket == null ? null : UnixSockets.connect(consoleSocket)) {
            if (!ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
                throw new IllegalStateException("cannot exec in a stopped container: " + id);
            }
            InitLauncher.Launched launched = InitLauncher.launch(new InitLauncher.Request(join, Set.of(), Map.of(),
                    preserveFds, java.util.Arrays.asList(mnt, console), ExecMain.class, null, userNsPath));
            pid = launched.pid();
            try (var channel = launched.channel()) {
                channel.send(new SyncMessage.ExecBootstrap(SpecReader.mapper().writeValueAsString(process),
                        launched.fds().get(0), launched.fds().get(1), preserveFds,
                        seccomp == null ? null : seccomp.bpf(), seccomp == null ? 0 : seccomp.flags()));
                channel.expect(SyncMessage.Ready.class);
                // only now: the stage's JVM threads must not count against the container's pids.max
                cgroup.addProcess(pid);
                channel.send(new SyncMessage.Proceed());
                SyncMessage after = channel.receive();
                if (after instanceof SyncMessage.Failure(String why)) {
                    throw new io.berth.runtime.init.InitFailedException(why);
                }
            }
            return pid;
        } catch (IOException e) {
            abortExec(pid);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            abortExec(pid);
            throw e;
        }
    }

    private static void abortExec(int pid) {
        if (pid > 0) {
            Processes.kill(pid, Signal.SIGKILL.number());
            try {
                Processes.waitFor(pid);
            } catch (SyscallException e) {
                // already reaped
            }
        }
    }

    /**
     * The program create kept, which the container runs under; compiled again from its profile
     * only for a container an older build created (none kept) or a kept one that is damaged.
     */
    private SeccompProgram seccompOf(String id, Seccomp profile) {
        Path kept = store.dir(id).resolve(SeccompProgramFile.NAME);
        try {
            Optional<SeccompProgram> program = SeccompProgramFile.read(kept);
            if (program.isPresent()) {
                return program.get();
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            warnings.accept(e.getMessage() + ": compiling linux.seccomp again");
        }
        return SeccompCompiler.compile(profile);
    }
}
