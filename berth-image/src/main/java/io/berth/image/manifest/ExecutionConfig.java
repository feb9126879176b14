package io.berth.image.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The defaults a container of the image runs with: the image config's {@code config} object
 * (config.md "config"; Docker calls it the container config). Fields the OCI spec does not
 * define but Docker writes (Hostname, Tty, OnBuild, Shell, ...) are kept in {@code otherFields}
 * so an image reads back as it was built.
 *
 * @param user         nullable
 * @param exposedPorts e.g. "80/tcp"; never null, sorted
 * @param env          {@code NAME=value}; never null
 * @param entrypoint   never null; empty when unset
 * @param cmd          never null; empty when unset
 * @param volumes      mount points; never null, sorted
 * @param workingDir   nullable
 * @param labels       never null, sorted by key
 * @param stopSignal   nullable, e.g. "SIGTERM"
 * @param argsEscaped  Windows only: Cmd/Entrypoint is one already escaped command line
 * @param healthcheck  nullable
 * @param otherFields  other members of the object: name to its JSON value as text, in document order
 */
public record ExecutionConfig(String user, Set<String> exposedPorts, List<String> env, List<String> entrypoint,
                              List<String> cmd, Set<String> volumes, String workingDir, Map<String, String> labels,
                              String stopSignal, boolean argsEscaped, Healthcheck healthcheck,
                              Map<String, String> otherFields) {

    public static final ExecutionConfig EMPTY =
            new ExecutionConfig(null, null, null, null, null, null, null, null, null, false, null, null);

    public ExecutionConfig {
        user = emptyToNull(user);
        workingDir = emptyToNull(workingDir);
        stopSignal = emptyToNull(stopSignal);
        exposedPorts = ImmutableCopies.sortedSet(exposedPorts);
        env = ImmutableCopies.list(env);
        entrypoint = ImmutableCopies.list(entrypoint);
        cmd = ImmutableCopies.list(cmd);
        volumes = ImmutableCopies.sortedSet(volumes);
        labels = ImmutableCopies.sortedMap(labels);
        otherFields = otherFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
