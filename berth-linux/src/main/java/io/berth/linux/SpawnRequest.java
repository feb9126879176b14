package io.berth.linux;

import java.util.List;

/**
 * What {@link ProcessSpawner} starts: {@code fdMap} pairs (from, to) are dup2'ed in order;
 * every fd at or above {@code closeFrom} is then closed (-1: none closed).
 */
public record SpawnRequest(String path, List<String> argv, List<String> env,
                           List<int[]> fdMap, int closeFrom, boolean newSession) {
    public SpawnRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        fdMap = List.copyOf(fdMap);
    }
}
