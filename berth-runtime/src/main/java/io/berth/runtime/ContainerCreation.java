package io.berth.runtime;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SyscallException;
import io.berth.linux.UnixSockets;
import io.berth.runtime.cgroups.CgroupManager;
import io.berth.runtime.hooks.HookRunner;
import io.berth.runtime.init.DirectLaunch;
import io.berth.runtime.init.DirectLauncher;
import io.berth.runtime.init.DetachedBindSources;
import io.berth.runtime.init.InitFailedException;
import io.berth.runtime.init.InitLauncher;
import io.berth.runtime.init.InitMain;
import io.berth.runtime.init.SyncChannel;
import io.berth.runtime.init.SyncMessage;
import io.berth.runtime.seccomp.SeccompProgram;
import io.berth.runtime.seccomp.SeccompProgramFile;
import io.berth.runtime.seccomp.SeccompPrograms;
import io.berth.runtime.spec.DefaultDeviceRules;
import io.berth.runtime.spec.Hooks;
import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.SpecException;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.SpecValidator;
import io.berth.runtime.state.ContainerRecord;
import io.berth.runtime.state.ContainerStatus;
import io.berth.runtime.state.ProcessIdentity;
import io.berth.runtime.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The create operation: validate, reserve the id, make the cgroup, start the init stage in
 * the new namespaces, run the createRuntime hooks when it asks, and record the container once
 * it is ready. Anything that fails undoes what was done, so nothing is half-created.
 */
final class ContainerCreation {
    private final StateStore store;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;
    private final SeccompPrograms seccompPrograms;

    ContainerCreation(StateStore store, Consumer<String> warnings, Consumer<String> debug,
                      SeccompPrograms seccompPrograms) {
        this.store = store;
        this.warnings = warnings;
        this.debug = debug;
        this.seccompPrograms = seccompPrograms;
    }

    ContainerRuntime.Created create(String id, CreateOptions options) {
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
        SeccompProgram seccomp = spec.linux().seccomp() == null ? null : seccompPrograms.program(spec.linux().seccomp());
        if (seccomp != null) {
            seccomp.warnings().forEach(warnings);
            seccomp.skipped().forEach(debug);
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
            if (seccomp != null) {
                SeccompProgramFile.write(dir.resolve(SeccompProgramFile.NAME), seccomp);
            }
            Path fifo = store.execFifo(id);
            FileCalls.mkfifo(fifo.toString(), 0622);
            // exactly 0622 whatever our umask: the container's root must be able to open it
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));
            NamespacePlan namespaces = NamespacePlan.of(spec);
            Optional<String> needsInitStage = options.initStage() ? Optional.of("asked for")
                    : DirectLaunch.unsuitable(spec, namespaces.join(), namespaces.unshare(),
                            namespaces.user() != null, options.noPivot(), seccomp);
            Optional<String> executable = needsInitStage.isPresent() ? Optional.empty()
                    : DirectLaunch.executable(spec, rootfs.toString());
            if (executable.isEmpty()) {
                debug.accept(id + ": an init stage process, for "
                        + needsInitStage.orElse("args[0] not being in the bare rootfs"));
            }
            if (executable.isPresent()) {
                pid = DirectLauncher.launch(new DirectLauncher.Request(spec, rootfs.toString(), bundle, dir,
                        namespaces.join(), namespaces.unshare(), namespaces.cgroupByInit(), cgroup,
                        options.preserveFds(), options.noNewKeyring() ? null : id, seccomp, executable.get()));
                applyPids(cgroup, resources);
                store.save(new ContainerRecord(id, bundle.toString(), rootfs.toString(), pid,
                        ProcessIdentity.startTime(pid), Instant.now().toString(), cgroupsPath, "root",
                        spec.annotations(), true, lifecycleHooks(spec)));
                return new ContainerRuntime.Created(pid, pid);
            }
            InitLauncher.Launched launched;
            try (Fd fifoFd = FileCalls.open(fifo.toString(), FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0);
                 Fd console = options.consoleSocket() == null ? null : UnixSockets.connect(options.consoleSocket());
                 Fd configFd = FileCalls.open(dir.resolve("config.json").toString(),
                         FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0)) {
                launched = InitLauncher.launch(new InitLauncher.Request(namespaces.join(), namespaces.unshare(),
                        spec.linux().timeOffsets(), options.preserveFds(),
                        java.util.Arrays.asList(fifoFd, console, configFd), InitMain.class, namespaces.user(), null));
            }
            pid = launched.pid();
            launched.channel().expect(SyncMessage.Warm.class);
            // before Bootstrap: init unshares its cgroup namespace only once it is in its cgroup
            cgroup.addProcess(pid);
            ContainerRecord record = new ContainerRecord(id, bundle.toString(), rootfs.toString(), pid,
                    ProcessIdentity.startTime(pid), Instant.now().toString(), cgroupsPath,
                    "root", spec.annotations(), false, lifecycleHooks(spec));
            String stateJson = ContainerRuntime.stateJson(record, ContainerStatus.CREATING);
            try (var channel = launched.channel();
                 DetachedBindSources sources = DetachedBindSources.inMountNamespaceOf(pid, spec, bundle,
                         namespaces.user() != null)) {
                channel.send(new SyncMessage.Bootstrap(rootfs.toString(),
                        bundle.toString(), stateJson, launched.fds().get(0), launched.fds().get(1),
                        options.preserveFds(), options.noPivot(), namespaces.cgroupByInit(), namespaces.user() != null,
                        options.noNewKeyring() ? null : id,
                        seccomp == null ? null : seccomp.bpf(), seccomp == null ? 0 : seccomp.flags(),
                        List.copyOf(sources.all().keySet())));
                sources.all().values().forEach(channel::sendFd);
                awaitReady(channel, spec.hooks() == null ? Hooks.NONE : spec.hooks(), stateJson);
            }
            applyPids(cgroup, resources);
            store.save(record);
            detachFromUnshare(launched);
            return new ContainerRuntime.Created(pid, pid);
        } catch (IOException e) {
            abort(id, pid, cgroup);
            throw new UncheckedIOException(e);
        } catch (InitFailedException e) {
            RuntimeException explained = explainDeath(e, cgroup, spec);
            abort(id, pid, cgroup);
            throw explained;
        } catch (RuntimeException e) {
            abort(id, pid, cgroup);
            throw e;
        }
    }

    /**
     * With a user namespace, unshare(1) forked the container's pid 1 and waits for it. Engines
     * (conmon, containerd's shim) are child subreapers that wait for pid 1 itself, as runc makes
     * its init their orphan: so this unshare ends now, and pid 1 passes to the nearest subreaper
     * above us. It would otherwise wait as unshare's child, and engines would never learn its
     * exit status (podman reported 255).
     */
    private static void detachFromUnshare(InitLauncher.Launched launched) {
        if (launched.childPid() == launched.pid()) {
            return;
        }
        Processes.kill(launched.childPid(), Signal.SIGKILL.number());
        Processes.waitFor(launched.childPid());
    }

    /** An init that vanished in a memory-limited cgroup was most likely OOM-killed: say so. */
    private static RuntimeException explainDeath(InitFailedException e, CgroupManager cgroup, Spec spec) {
        LinuxResources r = spec.linux().resources();
        if (cgroup == null || r == null || r.memory() == null || r.memory().limit() == null) {
            return e;
        }
        try {
            if (cgroup.stats().oomKillCount() > 0) {
                return new InitFailedException("the memory limit (" + r.memory().limit() + " bytes) is too small to"
                        + " set the container up: its init stage was killed by the OOM killer (Berth needs about"
                        + " 2 MiB more than the workload for that)");
            }
        } catch (RuntimeException ignored) {
            // no stats: keep the original message
        }
        return e;
    }

    /** Serves init's request for the runtime-namespace hooks, until it reports ready. */
    private static void awaitReady(SyncChannel channel, Hooks hooks, String stateJson) {
        while (true) {
            SyncMessage message = channel.expect(SyncMessage.class);
            if (message instanceof SyncMessage.RunHooks) {
                HookRunner.runAll("prestart", hooks.prestart(), stateJson);
                HookRunner.runAll("createRuntime", hooks.createRuntime(), stateJson);
                channel.send(new SyncMessage.HooksDone());
            } else if (message instanceof SyncMessage.Ready) {
                return;
            }
        }
    }

    private static boolean lifecycleHooks(Spec spec) {
        return spec.hooks() != null && !(spec.hooks().poststart().isEmpty() && spec.hooks().poststop().isEmpty());
    }

    private static void applyPids(CgroupManager cgroup, LinuxResources resources) {
        if (resources != null && resources.pids() != null) {
            cgroup.apply(withPids(new LinuxResources(null, null, null, null, null, null, null, null, null),
                    resources.pids()));
        }
    }

    private static LinuxResources withPids(LinuxResources r, LinuxResources.Pids pids) {
        return new LinuxResources(r.devices(), r.memory(), r.cpu(), pids, r.blockIO(), r.hugepageLimits(),
                r.network(), r.rdma(), r.unified());
    }

    private void refuseUnsupported(Spec spec) {
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
}
