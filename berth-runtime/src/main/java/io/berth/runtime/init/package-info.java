/**
 * The stages that create a container's process. Where it can, {@link
 * io.berth.runtime.init.DirectLauncher} spawns the workload itself from a prepared thread, with
 * no init process at all; the rest of this package is the init stage for everything else.
 *
 * <p>A JVM cannot fork, so stage 0 (the runtime,
 * e.g. `berth-runc create`) unshares the new namespaces on a throwaway thread and
 * posix_spawns a second, short-lived JVM there: the init stage, pid 1 of the container. It
 * finishes what must be done from inside (mounts, pivot_root, devices, hostname, sysctl,
 * terminal), reports ready, blocks on the exec fifo until `start`, then applies the process's
 * user, capabilities, no_new_privs and seccomp to its main thread and execve's the workload
 * from that thread. {@link io.berth.runtime.init.SyncMessage} documents the protocol.
 * `exec` has the same two ways: {@link io.berth.runtime.init.DirectExec} where it can, and
 * {@link io.berth.runtime.init.ExecStage} otherwise.
 */
package io.berth.runtime.init;
