package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Keyrings;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.Prctl;
import io.berth.runtime.hooks.HookRunner;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.Spec;
import io.berth.runtime.spec.SpecReader;
import java.nio.file.Path;
import java.util.Set;

/**
 * The init stage: runs as pid 1 of the container, inside its namespaces, finishes the setup
 * that must happen from inside, waits on the exec fifo until start, then execve's the workload
 * from its main thread. Protocol: {@link SyncMessage}.
 */
public final class InitStage {
    private SyncChannel channel;
    private final SyncMessage.Bootstrap bootstrap;
    private final Spec spec;

    /** Where stage 0 puts the config fd in its hand-over list (fifo, console socket, config). */
    public static final int CONFIG_FD_INDEX = 2;

    private InitStage(SyncChannel channel, SyncMessage.Bootstrap bootstrap, Spec spec) {
        this.channel = channel;
        this.bootstrap = bootstrap;
        this.spec = spec;
    }

    /** Entry point: {@code syncFd} is this process's end of the stage socketpair. */
    public static void main(int syncFd, int configFd) {
        // before anything else: no ptrace, no /proc/PID/mem from inside the container
        Prctl.setDumpable(false);
        SyncChannel channel = new SyncChannel(Fd.adopt(syncFd));
        InitStage stage = null;
        try {
            // the validated config.json comes as an fd: parsing it overlaps stage 0's own work
            Spec spec;
            try (Fd config = Fd.adopt(configFd)) {
                spec = SpecReader.parse(readAll(config));
            }
            channel.send(new SyncMessage.Warm());
            SyncMessage.Bootstrap bootstrap = channel.expect(SyncMessage.Bootstrap.class);
            stage = new InitStage(channel, bootstrap, spec);
            stage.run();
        } catch (Throwable t) {
            String message = t.getMessage() == null ? t.toString() : t.getMessage();
            if (stage == null || stage.channel != null) {
                try {
                    channel.send(new SyncMessage.Failure(message));
                } catch (RuntimeException ignored) {
                    // stage 0 is gone; nobody is left to tell
                }
            } else {
                // after start nobody waits on the channel: the container's stderr is all there is
                System.err.println("berth-runc init: " + message);
                System.err.flush();
            }
            Runtime.getRuntime().halt(1);
        }
    }

    private static byte[] readAll(Fd fd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            byte[] chunk = FileCalls.read(fd, 65536);
            if (chunk.length == 0) {
                return out.toByteArray();
            }
            out.write(chunk, 0, chunk.length);
        }
    }

    private void run() {
        Process process = spec.process();
        if (bootstrap.unshareCgroup()) {
            Namespaces.unshare(Set.of(Namespace.CGROUP));
        }
        java.util.Map<Integer, Fd> trees = new java.util.LinkedHashMap<>();
        for (int index : bootstrap.detachedMounts()) {
            trees.put(index, channel.receiveFd());
        }
        try (DetachedBindSources sources = DetachedBindSources.of(trees)) {
            RootfsSetup rootfs = new RootfsSetup(spec, bootstrap.rootfs(), Path.of(bootstrap.bundle()),
                    bootstrap.inUserNamespace(), null, sources, CgroupMountPlan.ContainerCgroups.ofProcess("/proc/self"));
            buildRootfs(rootfs);
        }
        finishProcess(process);
    }

    private void buildRootfs(RootfsSetup rootfs) {
        rootfs.prepare();
        if (spec.hooks() != null && (!spec.hooks().prestart().isEmpty() || !spec.hooks().createRuntime().isEmpty())) {
            channel.send(new SyncMessage.RunHooks("createRuntime"));
            channel.expect(SyncMessage.HooksDone.class);
        }
        if (spec.hooks() != null) {
            HookRunner.runAll("createContainer", spec.hooks().createContainer(), bootstrap.stateJson());
        }
        rootfs.protect();
        // through the host's /proc/sys, which the container's read-only /proc/sys does not affect;
        // the kernel applies each value to the writer's namespaces
        Sysctls.write(spec.linux().sysctl());
        UtsNames.apply(spec.hostname(), spec.domainname());
        rootfs.pivot(bootstrap.noPivot());
        rootfs.finish();
    }

    private void finishProcess(Process process) {
        if (process.hasTerminal()) {
            terminal(process);
        }
        String cwd = process.cwd();
        FileCalls.chdir(cwd);
        String executable = ExecutableLookup.find(process.args().getFirst(), process.env());
        ProcessSetup.oomScoreAdj(0, process.oomScoreAdj());
        ProcessSetup.rlimits(0, process.rlimits());
        // on this, the exec thread, and before Ready: create reports a refusal, as runc's does
        ProcessSetup.personality(spec.linux().personality());
        ProcessSetup.scheduling(0, process);
        if (bootstrap.sessionKeyring() != null) {
            // runc's default: the workload does not share the session keyring we were started in.
            // Joined before Ready, as runc's init does, so the keyring exists once create returns
            // and startContainer hooks run with it
            Keyrings.joinNewSession(bootstrap.sessionKeyring());
        }
        channel.send(new SyncMessage.Ready());
        awaitStart(() -> {
            if (spec.hooks() != null) {
                HookRunner.runAll("startContainer", spec.hooks().startContainer(), bootstrap.stateJson());
            }
        });
        ProcessSetup.becomeWorkload(process, executable, bootstrap.seccompBpf(), bootstrap.seccompFlags(),
                bootstrap.preserveFds());
    }

    /**
     * Blocks until `start` opens the fifo for reading (runc's exec.fifo handshake), runs
     * {@code startHooks}, and only then tells `start` so: its poststart hooks must not overlap
     * the startContainer ones.
     */
    private void awaitStart(Runnable startHooks) {
        try (Fd fifo = FileCalls.open("/proc/self/fd/" + bootstrap.execFifoFd(),
                FileCalls.O_WRONLY | FileCalls.O_CLOEXEC, 0)) {
            Fd.adopt(bootstrap.execFifoFd()).close();
            // stage 0 is long gone: from here on, failures go to the container's stderr
            channel.close();
            channel = null;
            startHooks.run();
            FileCalls.writeAll(fifo, new byte[] {'0'});
        }
    }

    private void terminal(Process process) {
        if (bootstrap.consoleSocketFd() < 0) {
            throw new IllegalStateException("process.terminal is true but no console socket was given");
        }
        ConsoleSetup.attach(Fd.adopt(bootstrap.consoleSocketFd()), process);
    }
}
