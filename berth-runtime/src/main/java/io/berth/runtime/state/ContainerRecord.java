package io.berth.runtime.state;

import java.util.Map;

/**
 * What the runtime persists about a container between commands (in ROOT/ID/container.properties).
 * {@code created} is ISO-8601 UTC; {@code pidStartTime} (from /proc/PID/stat) tells our process
 * from a later one with the same pid. {@code directSpawn}: the process was spawned straight
 * from the runtime and, unlike an init stage, holds exec.fifo open without writing to it.
 * {@code lifecycleHooks}: whether config.json has poststart or poststop hooks, so that start and
 * delete parse it only then (null, from an older record: unknown, parse it).
 */
public record ContainerRecord(String id, String bundle, String rootfs, int pid, long pidStartTime,
                              String created, String cgroupsPath, String owner,
                              Map<String, String> annotations, boolean directSpawn, Boolean lifecycleHooks) {
    public ContainerRecord {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Whether start and delete must read config.json for hooks. */
    public boolean mayHaveLifecycleHooks() {
        return lifecycleHooks == null || lifecycleHooks;
    }
}
