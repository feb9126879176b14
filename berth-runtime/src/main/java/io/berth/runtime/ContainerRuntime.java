package io.berth.runtime;

import io.berth.linux.Namespace;
import io.berth.linux.Signal;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.hooks.HookRunner;
import io.berth.runtime.seccomp.SeccompPrograms;
import io.berth.runtime.spec.DefaultDeviceRules;
import io.berth.runtime.spec.Hooks;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.state.ContainerRecord;
import io.berth.runtime.state.ContainerState;
import io.berth.runtime.state.ContainerStatus;
import io.berth.runtime.state.ProcessIdentity;
import io.berth.runtime.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The OCI lifecycle (runtime.md#lifecycle) over a {@link StateStore}: create, start, state,
 * kill, delete. One instance per runtime root; every call reads state from disk, so separate
 * processes (one per berth-runc command) see the same containers.
 */
public final class ContainerRuntime {
    static final Map<String, Namespace> NAMESPACES = Map.of(
            "pid", Namespace.PID, "network", Namespace.NETWORK, "mount", Namespace.MOUNT,
            "ipc", Namespace.IPC, "uts", Namespace.UTS, "user", Namespace.USER,
            "cgroup", Namespace.CGROUP, "time", Namespace.TIME);

    private final StateStore store;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;
    private final SeccompPrograms seccompPrograms;

    public ContainerRuntime(Path root, Consumer<String> warnings) {
        this(root, warnings, message -> {});
    }

    /** {@code debug} hears choices an operator may want to know about, such as why a container got an init stage. */
    public ContainerRuntime(Path root, Consumer<String> warnings, Consumer<String> debug) {
        this(root, warnings, debug, SeccompPrograms.COMPILED_EACH_TIME);
    }

    /**
     * For a JVM that creates many containers: {@code seccompPrograms} may be a
     * {@link io.berth.runtime.seccomp.SeccompProgramCache} shared by every container it creates.
     */
    public ContainerRuntime(Path root, Consumer<String> warnings, Consumer<String> debug,
                            SeccompPrograms seccompPrograms) {
        this.store = new StateStore(root);
        this.warnings = warnings;
        this.debug = debug;
        this.seccompPrograms = seccompPrograms;
    }

    public StateStore store() {
        return store;
    }

    /**
     * The created container's pid, and the pid to wait for: the same one, our child, or, when a
     * user namespace stage forked it, our orphan if we are a child subreaper. Whoever created
     * the container reaps it, as runc's caller does: a JVM that outlives its containers (a
     * daemon) must wait for {@code childPid}, also after {@link #delete} killed it, or it keeps
     * a zombie.
     */
    public record Created(int pid, int childPid) {}

    /** Creates the container and leaves its process waiting for {@link #start}. */
    public Created create(String id, CreateOptions options) {
        return new ContainerCreation(store, warnings, debug, seccompPrograms).create(id, options);
    }

    /** Releases a created container's process to exec its workload. */
    public void start(String id) {
        ContainerRecord record = store.require(id);
        ContainerStatus status = status(record);
        if (!status.canStart()) {
            throw new IllegalStateException("cannot start a container that is " + status.wire() + ": " + id);
        }
        Path fifo = store.execFifo(id);
        // a directly spawned process was blocked opening the fifo for writing and just closes
        // it; an init stage writes a byte first
        ExecFifoRelease.release(fifo, () -> ProcessIdentity.isAlive(record.pid(), record.pidStartTime()),
                !record.directSpawn(), id);
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + fifo, e);
        }
        Hooks hooks = record.mayHaveLifecycleHooks() ? spec(id).hooks() : null;
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

    Consumer<String> debug() {
        return debug;
    }

    public ContainerRecord record(String id) {
        return store.require(id);
    }

    /**
     * Starts {@code process} inside a running container (runc exec): its namespaces, cgroup,
     * seccomp filter, and the process's own user, capabilities and rlimits. Returns the pid of
     * the new process, a child of the caller.
     */
    public int exec(String id, Process process, ExecOptions options) {
        return new ContainerExec(this, warnings).exec(id, process, options);
    }

    /** Sends {@code signal} to every process of the container (runc kill --all). */
    public void killAll(String id, int signal) {
        ContainerRecord record = store.require(id);
        if (status(record) == ContainerStatus.STOPPED && cgroup(record).pids().isEmpty()) {
            throw new IllegalStateException("container not running: " + id);
        }
        CgroupManager cgroup = cgroup(record);
        for (int pid : cgroup.pids()) {
            ProcessSignals.sendUnpinned(pid, signal);
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
        if (!ProcessSignals.send(record.pid(), record.pidStartTime(), signal)) {
            throw new IllegalStateException("container not running: " + id);
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
            ProcessSignals.send(record.pid(), record.pidStartTime(), Signal.SIGKILL.number());
            if (status == ContainerStatus.PAUSED) {
                cgroup.thaw();
            }
            awaitExit(record);
        }
        // without a pid namespace, children may outlive init: they go with the container
        for (int pid : cgroup.pids()) {
            ProcessSignals.sendUnpinned(pid, Signal.SIGKILL.number());
        }
        cgroup.destroy();
        Hooks hooks = record.mayHaveLifecycleHooks() ? spec(id).hooks() : null;
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
        // as at create: the default devices stay usable whatever list the update brings
        cgroup(record).apply(resources.devices().isEmpty() ? resources : DefaultDeviceRules.apply(resources));
    }

    public CgroupStats stats(String id) {
        ContainerRecord record = store.require(id);
        if (status(record) == ContainerStatus.STOPPED) {
            throw new IllegalStateException("container not running: " + id);
        }
        return cgroup(record).stats();
    }

    static CgroupManager cgroup(ContainerRecord record) {
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

    static String stateJson(ContainerRecord record, ContainerStatus status) {
        try {
            return SpecReader.mapper().writeValueAsString(toState(record, status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
