package io.berth.runtime.init;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Messages between the runtime (stage 0) and the init stage over their socketpair.
 * <pre>
 *  stage 0 (berth-runc)                         init stage (pid 1 of the container)
 *  spawn in new namespaces ───────────────────► starts, non-dumpable, parses the config (fd)
 *                       ◄───────────────────────────────────────────── Warm
 *  move it into the container's cgroup
 *  Bootstrap ─────────────────────────────────► unshare cgroup ns, mounts, devices
 *            ◄──────────────────────── RunHooks("createRuntime")   (only if there are any)
 *  run prestart + createRuntime hooks
 *  HooksDone ─────────────────────────────────► createContainer hooks, pivot_root, masks,
 *                                               hostname, sysctl, terminal, find executable
 *            ◄──────────────────────────────────────────── Ready
 *  save state "created", exit (or start)        blocks opening exec.fifo for writing
 *  Failure may be sent by init at any point; it then exits 1.
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SyncMessage.Bootstrap.class, name = "bootstrap"),
        @JsonSubTypes.Type(value = SyncMessage.Warm.class, name = "warm"),
        @JsonSubTypes.Type(value = SyncMessage.RunHooks.class, name = "runHooks"),
        @JsonSubTypes.Type(value = SyncMessage.HooksDone.class, name = "hooksDone"),
        @JsonSubTypes.Type(value = SyncMessage.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = SyncMessage.Failure.class, name = "failure"),
        @JsonSubTypes.Type(value = SyncMessage.ExecBootstrap.class, name = "execBootstrap"),
        @JsonSubTypes.Type(value = SyncMessage.Proceed.class, name = "proceed")})
public sealed interface SyncMessage {

    /**
     * Everything init needs besides the config, which it reads from an fd of its own (the bytes
     * stage 0 validated); fds are numbers in the init process: the exec fifo (O_PATH) and the
     * console socket, or -1. {@code sessionKeyring} names the new session keyring the workload
     * gets (null: it keeps ours). The seccomp program
     * is compiled by stage 0 (null: none), so init only installs it. {@code detachedMounts}: the
     * indexes of the bind mounts whose detached sources ({@link DetachedBindSources}) follow this
     * message, one fd each (SCM_RIGHTS), in that order.
     */
    record Bootstrap(String rootfs, String bundle, String stateJson, int execFifoFd,
                     int consoleSocketFd, int preserveFds, boolean noPivot, boolean unshareCgroup,
                     boolean inUserNamespace, String sessionKeyring, byte[] seccompBpf, int seccompFlags,
                     List<Integer> detachedMounts)
            implements SyncMessage {
        public Bootstrap {
            detachedMounts = detachedMounts == null ? List.of() : List.copyOf(detachedMounts);
        }
    }

    /**
     * The exec stage's instructions: the process.json to run, the container's mount namespace
     * as an fd in the exec stage (it joins that one itself, on its exec thread), a console
     * socket fd or -1, and the container's seccomp program (null: none).
     * <pre>
     *  stage 0 (berth-runc exec)                    exec stage (in the container's namespaces
     *                                                but the host's mount namespace)
     *  ExecBootstrap ─────────────────────────────► setns(mnt) on its main thread, terminal,
     *                                                cwd, find executable, rlimits
     *                ◄─────────────────────────────────────────────────── Ready
     *  move it into the container's cgroup
     *  Proceed ───────────────────────────────────► user, capabilities, seccomp, execve
     * </pre>
     */
    record ExecBootstrap(String processJson, int mountNsFd, int consoleSocketFd, int preserveFds,
                         byte[] seccompBpf, int seccompFlags) implements SyncMessage {}

    record Proceed() implements SyncMessage {}

    /**
     * Init has started its JVM and parsed the config. Only now does stage 0 move it into the
     * container's cgroup: what the JVM has used so far stays charged where it started (the
     * kernel does not move charges with a process), so a small memory limit binds the
     * workload, not the Java runtime that sets it up.
     */
    record Warm() implements SyncMessage {}

    record RunHooks(String phase) implements SyncMessage {}

    record HooksDone() implements SyncMessage {}

    record Ready() implements SyncMessage {}

    record Failure(String message) implements SyncMessage {}
}
