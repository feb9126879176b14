package io.berth.runtime;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SyscallException;
import io.berth.linux.UnixSockets;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.hooks.HookRunner;
import io.berth.runtime.init.InitLauncher;
import io.berth.runtime.init.InitMain;
import io.berth.runtime.init.ExecMain;
import io.berth.runtime.init.SyncMessage;
import io.berth.runtime.init.UserNamespace;
import io.berth.runtime.seccomp.SeccompCompiler;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.spec.DefaultDeviceRules;
import io.berth.runtime.spec.Hooks;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.LinuxNamespace;
import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.SpecException;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.SpecValidator;
import io.berth.runtime.state.ContainerRecord;
import io.berth.runtime.state.ContainerState;
import io.berth.runtime.state.ContainerStatus;
import io.berth.runtime.state.ProcessIdentity;
import io.berth.runtime.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The OCI lifecycle (runtime.md#lifecycle) over a {@link StateStore}: create, start, state,
 * kill, delete. One instance per runtime root; every call reads state from disk, so separate
 * processes (one per berth-runc command) see the same containers.
 */
public final class ContainerRuntime {
    private static final Map<String, Namespace> NAMESPACES = Map.of(
            "pid", Namespace.PID, "network", Namespace.NETWORK, "mount", Namespace.MOUNT,
            "ipc", Namespace.IPC, "uts", Namespace.UTS, "user", Namespace.USER,
            "cgroup", Namespace.CGROUP, "time", Namespace.TIME);

    private final StateStore store;
    private final Consumer<String> warnings;

    public ContainerRuntime(Path root, Consumer<String> warnings) {
        this.store = new StateStore(root);
        this.warnings = warnings;
    }

    public StateStore store() {
        return store;
    }

    /**
     * The created container's pid, and the pid of this process's direct child to wait for
     * (a different one when a user namespace stage forked the container's pid 1).
     */
    public record Created(int pid, int childPid) {}

    /** Creates the container and leaves its process waiting for {@link #start}. */
    public Created create(String id, CreateOptions options) {
        StateStore.checkId(id);
        Path bundle = options.bundle().toAbsolutePath().normalize();
        byte[] config = SpecReader.readBytes(bundle.resolve("config.json"));
        Spec spec = SpecReader.parse(config);
        SpecValidator.validate(spec);
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw new SpecException("/root/path", "rootfs " + rootfs + " does not exist or is not a directory");
        }
        refuseUnsupported(spec);
        SeccompProgram seccomp = spec.linux().seccomp() == null ? null : SeccompCompiler.compile(spec.linux().seccomp());
        if (seccomp != null) {
            seccomp.warnings().forEach(warnings);
        }
        Path dir = store.reserve(id);
        int pid = -1;
        // no cgroupsPath: a cgroup named after the container at the top of each hierarchy
        String cgroupsPath = spec.linux().cgroupsPath() == null || spec.linux().cgroupsPath().isEmpty()
                ? "/" + id : spec.linux().cgroupsPath();
        CgroupManager cgroup = null;
        try {
            cgroup = CgroupManager.forHost(cgroupsPath);
            cgroup.create();
            LinuxResources resources = spec.linux().resources();
            if (resources != null) {
                // pids.max waits until init is ready: the init stage's JVM threads count as pids,
                // and the limit only stops new forks, so setting it later still binds the workload
                cgroup.apply(DefaultDeviceRules.apply(withPids(resources, null)));
            }
            // the bytes just validated, for init (by fd), delete's poststop hooks and exec
            Files.write(dir.resolve("config.json"), config);
            Path fifo = store.execFifo(id);
            FileCalls.mkfifo(fifo.toString(), 0622);
            // exactly 0622 whatever our umask: the container's root must be able to open it
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));
            Map<Namespace, String> join = new LinkedHashMap<>();
            Set<Namespace> unshare = EnumSet.noneOf(Namespace.class);
            boolean cgroupNs = false;
            UserNamespace userNs = null;
            for (LinuxNamespace ns : spec.linux().namespaces()) {
                Namespace type = NAMESPACES.get(ns.type());
                if (ns.path() != null && !ns.path().isEmpty()) {
                    join.put(type, ns.path());
                } else if (type == Namespace.CGROUP) {
                    cgroupNs = true; // unshared by init after it has joined its cgroup
                } else if (type == Namespace.USER) {
                    userNs = new UserNamespace(spec.linux().uidMappings(), spec.linux().gidMappings());
                } else {
                    unshare.add(type);
                }
            }
            InitLauncher.Launched launched;
            try (Fd fifoFd = FileCalls.open(fifo.toString(), FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
                 Fd console = options.consoleSocket() == null ? null : UnixSockets.connect(options.consoleSocket());
                 Fd configFd = FileCalls.open(dir.resolve("config.json").toString(),
                         FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
                launched = InitLauncher.launch(new InitLauncher.Request(join, unshare, options.preserveFds(),
                        java.util.Arrays.asList(fifoFd, console, configFd), InitMain.class, userNs, null));
            }
            pid = launched.pid();
            // before Bootstrap: init unshares its cgroup namespace only once it is in its cgroup
            cgroup.addProcess(pid);
            ContainerRecord record = new ContainerRecord(id, bundle.toString(), rootfs.toString(), pid,
                    ProcessIdentity.startTime(pid), Instant.now().toString(), cgroupsPath,
                    "root", spec.annotations(), false);
            String stateJson = stateJson(record, ContainerStatus.CREATING);
            try (var channel = launched.channel()) {
                channel.send(new SyncMessage.Bootstrap(rootfs.toString(),
                        bundle.toString(), stateJson, launched.fds().get(0), launched.fds().get(1),
                        options.preserveFds(), options.noPivot(), cgroupNs, userNs != null,
                        seccomp == null ? null : seccomp.bpf(), seccomp == null ? 0 : seccomp.flags()));
                Hooks hooks = spec.hooks() == null ? Hooks.NONE : spec.hooks();
                while (true) {
                    SyncMessage message = channel.expect(SyncMessage.class);
                    if (message instanceof SyncMessage.RunHooks) {
                        HookRunner.runAll("prestart", hooks.prestart(), stateJson);
                        HookRunner.runAll("createRuntime", hooks.createRuntime(), stateJson);
                        channel.send(new SyncMessage.HooksDone());
                    } else if (message instanceof SyncMessage.Ready) {
                        break;
                    }
                }
            }
            if (resources != null && resources.pids() != null) {
                cgroup.apply(withPids(new LinuxResources(null, null, null, null, null, null, null, null, null),
                        resources.pids()));
            }
            store.save(record);
            return new Created(pid, launched.childPid());
        } catch (IOException e) {
            abort(id, pid, cgroup);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            abort(id, pid, cgroup);
            throw e;
        }
    }

    private static LinuxResources withPids(LinuxResources r, LinuxResources.Pids pids) {
        return new LinuxResources(r.devices(), r.memory(), r.cpu(), pids, r.blockIO(), r.hugepageLimits(),
                r.network(), r.rdma(), r.unified());
    }

    private void refuseUnsupported(Spec spec) {
        for (int i = 0; i < spec.linux().namespaces().size(); i++) {
            LinuxNamespace ns = spec.linux().namespaces().get(i);
            if ("user".equals(ns.type()) && ns.path() != null && !ns.path().isEmpty()) {
                throw new SpecException("/linux/namespaces/" + i + "/path",
                        "joining an existing user namespace is not supported by this version of Berth yet");
            }
        }
        if (!spec.linux().timeOffsets().isEmpty()) {
            throw new SpecException("/linux/timeOffsets", "time namespace offsets are not supported by this version of Berth yet");
        }
        if (spec.linux().personality() != null) {
            throw new SpecException("/linux/personality", "personality is not supported by this version of Berth yet");
        }
        if (spec.process().ioPriority() != null) {
            warnings.accept("process.ioPriority is not applied by this version of Berth yet");
        }
        if (spec.process().scheduler() != null) {
            warnings.accept("process.scheduler is not applied by this version of Berth yet");
        }
        if (!spec.linux().namespaces().stream().anyMatch(ns -> "mount".equals(ns.type()))) {
            throw new SpecException("/linux/namespaces", "a mount namespace is required (Berth never mounts in the host's)");
        }
        if (spec.process().apparmorProfile() != null && !spec.process().apparmorProfile().isEmpty()
                && !Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))) {
            warnings.accept("process.apparmorProfile ignored: AppArmor is not enabled on this host");
        }
        if (spec.process().selinuxLabel() != null && !spec.process().selinuxLabel().isEmpty()
                && !Files.isDirectory(Path.of("/sys/fs/selinux"))) {
            warnings.accept("process.selinuxLabel ignored: SELinux is not enabled on this host");
        }
    }

    private void abort(String id, int pid, CgroupManager cgroup) {
        try {
            if (pid > 0) {
                Processes.kill(pid, Signal.SIGKILL.number());
                try {
                    Processes.waitFor(pid);
                } catch (SyscallException e) {
                    // not our child (already reaped): nothing to wait for
                }
            }
            if (cgroup != null) {
                cgroup.pids().forEach(p -> Processes.kill(p, Signal.SIGKILL.number()));
                cgroup.destroy();
            }
        } catch (RuntimeException cleanup) {
            warnings.accept("cleanup after a failed create: " + cleanup.getMessage());
        } finally {
            store.remove(id);
        }
    }

    /** Releases a created container's process to exec its workload. */
    public void start(String id) {
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (!status.canStart()) {
            throw new IllegalStateException("cannot start a container that is " + status.wire() + ": " + id);
        }
        Path fifo = store.execFifo(id);
        try (Fd reader = FileCalls.open(fifo.toString(), FileCalls.O_RDONLY | FileCalls.O_NONBLOCK
                | FileCalls.O_CLOEXEC, 0)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                byte[] got;
                try {
                    got = FileCalls.read(reader, 1);
                } catch (SyscallException e) {
                    if (!e.is(Errno.EAGAIN)) {
                        throw e;
                    }
                    got = new byte[0];
                }
                if (got.length == 1) {
                    break;
                }
                if (!ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
                    throw new IllegalStateException("container " + id + " exited before it was started");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("container " + id + " did not start within 30s");
                }
                Thread.onSpinWait();
                sleepBriefly();
            }
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + fifo, e);
        }
        Hooks hooks = spec(id).hooks();
        if (hooks != null) {
            HookRunner.runAllWarning("poststart", hooks.poststart(), stateJson(record, ContainerStatus.RUNNING))
                    .forEach(warnings);
        }
    }

    public ContainerState state(String id) {
        ContainerRecord record = store.require(id);
        return toState(record, status(record));
    }

    public List<ContainerState> list() {
        List<ContainerState> states = new ArrayList<>();
        for (String id : store.ids()) {
            store.load(id).ifPresent(r -> states.add(toState(r, status(r))));
        }
        return states;
    }

    public ContainerRecord record(String id) {
        return store.require(id);
    }

    /**
     * Starts {@code process} inside a running container (runc exec): its namespaces, cgroup,
     * seccomp filter, and the process's own user, capabilities and rlimits. Returns the pid of
     * the new process, a child of the caller.
     */
    public int exec(String id, Process process, String consoleSocket, int preserveFds) {
        SpecValidator.validateProcess(process);
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (status == ContainerStatus.PAUSED) {
            throw new IllegalStateException("cannot exec in a paused container: " + id);
        }
        if (!status.canExec()) {
            throw new IllegalStateException("cannot exec in a stopped container: " + id);
        }
        Spec spec = spec(id);
        SeccompProgram seccomp = spec.linux().seccomp() == null ? null : SeccompCompiler.compile(spec.linux().seccomp());
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
            InitLauncher.Launched launched = InitLauncher.launch(new InitLauncher.Request(join, Set.of(), preserveFds,
                    java.util.Arrays.asList(mnt, console), ExecMain.class, null, userNsPath));
            pid = launched.pid();
            try (var channel = launched.channel()) {
                channel.send(new SyncMessage.ExecBootstrap(SpecReader.mapper().writeValueAsString(process),
                        launched.fds().get(0), launched.fds().get(1), preserveFds,
                        seccomp == null ? null : seccomp.bpf(), seccomp == null ? 0 : seccomp.flags()));
                channel.expect(SyncMessage.Ready.class);
                // only now: the stage's JVM threads must not count against the container's pids.max
                cgroup(record).addProcess(pid);
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

    /** Sends {@code signal} to every process of the container (runc kill --all). */
    public void killAll(String id, int signal) {
        ContainerRecord record = store.require(id);
        if (status(record) == ContainerStatus.STOPPED && cgroup(record).pids().isEmpty()) {
            throw new IllegalStateException("container not running: " + id);
        }
        CgroupManager cgroup = cgroup(record);
        for (int pid : cgroup.pids()) {
            Processes.kill(pid, signal);
        }
        if (signal == Signal.SIGKILL.number() && cgroup.frozen()) {
            // frozen tasks only act on SIGKILL once thawed
            cgroup.thaw();
        }
    }

    /** Sends {@code signal} to the container's init process. */
    public void kill(String id, int signal) {
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (status == ContainerStatus.STOPPED) {
            throw new IllegalStateException("container not running: " + id);
        }
        try (Fd pidfd = Processes.pidfdOpen(record.pid())) {
            // the pidfd pins the process; re-check it is still ours before signalling
            if (!ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
                throw new IllegalStateException("container not running: " + id);
            }
            Processes.signal(pidfd, signal);
        } catch (SyscallException e) {
            if (e.is(Errno.ESRCH)) {
                throw new IllegalStateException("container not running: " + id);
            }
            throw e;
        }
    }

    /** Deletes a stopped (or, with {@code force}, any) container and runs its poststop hooks. */
    public void delete(String id, boolean force) {
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (status != ContainerStatus.STOPPED && status != ContainerStatus.CREATED && !force) {
            throw new IllegalStateException("cannot delete container " + id + " that is not stopped: "
                    + status.wire());
        }
        CgroupManager cgroup = cgroup(record);
        if (status != ContainerStatus.STOPPED) {
            Processes.kill(record.pid(), Signal.SIGKILL.number());
            if (status == ContainerStatus.PAUSED) {
                cgroup.thaw();
            }
            awaitExit(record);
        }
        // without a pid namespace, children may outlive init: they go with the container
        for (int pid : cgroup.pids()) {
            Processes.kill(pid, Signal.SIGKILL.number());
        }
        cgroup.destroy();
        Hooks hooks = spec(id).hooks();
        if (hooks != null) {
            HookRunner.runAllWarning("poststop", hooks.poststop(), stateJson(record, ContainerStatus.STOPPED))
                    .forEach(warnings);
        }
        store.remove(id);
    }

    /** The config.json the container was created with (copied into its state directory). */
    public Spec spec(String id) {
        return SpecReader.read(store.dir(id).resolve("config.json"));
    }

    public ContainerStatus status(ContainerRecord record) {
        if (!ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
            return ContainerStatus.STOPPED;
        }
        if (Files.exists(store.execFifo(record.id()))) {
            return ContainerStatus.CREATED;
        }
        return cgroup(record).frozen() ? ContainerStatus.PAUSED : ContainerStatus.RUNNING;
    }

    /** Freezes every process of a running container. */
    public void pause(String id) {
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (!status.canPause()) {
            throw new IllegalStateException("container not running or created: " + id + " is " + status.wire());
        }
        cgroup(record).freeze();
    }

    public void resume(String id) {
        ContainerRecord record = store.require(id);
        if (status(record) != ContainerStatus.PAUSED) {
            throw new IllegalStateException("container not paused: " + id);
        }
        cgroup(record).thaw();
    }

    /** The pids (in our pid namespace) of every process in the container. */
    public List<Integer> pids(String id) {
        return cgroup(store.require(id)).pids();
    }

    /** Live update of the container's cgroup limits. */
    public void update(String id, LinuxResources resources) {
        ContainerRecord record = store.require(id);
        if (status(record) == ContainerStatus.STOPPED) {
            throw new IllegalStateException("container not running: " + id);
        }
        cgroup(record).apply(resources);
    }

    public CgroupStats stats(String id) {
        ContainerRecord record = store.require(id);
        if (status(record) == ContainerStatus.STOPPED) {
            throw new IllegalStateException("container not running: " + id);
        }
        return cgroup(record).stats();
    }

    private static CgroupManager cgroup(ContainerRecord record) {
        return CgroupManager.forHost(record.cgroupsPath());
    }

    private void awaitExit(ContainerRecord record) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessIdentity.isAlive(record.pid(), record.pidStartTime())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("container " + record.id() + " did not die after SIGKILL");
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static ContainerState toState(ContainerRecord record, ContainerStatus status) {
        return new ContainerState(ContainerState.OCI_VERSION, record.id(), status.wire(),
                status == ContainerStatus.STOPPED ? 0 : record.pid(), record.bundle(), record.annotations());
    }

    private static String stateJson(ContainerRecord record, ContainerStatus status) {
        try {
            return SpecReader.mapper().writeValueAsString(toState(record, status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
