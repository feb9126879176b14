package io.berth.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ProcessSpawner} starts: the executable, its argv and env, the file actions its
 * child performs before exec, and whether it leads a new session.
 */
public record SpawnRequest(String path, List<String> argv, List<String> env, List<SpawnAction> actions,
                           boolean newSession) {
    public SpawnRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        actions = List.copyOf(actions);
    }

    /**
     * The common case: {@code fdMap} pairs (from, to) are dup2'ed in order, then every fd at or
     * above {@code closeFrom} is closed (-1: none closed).
     */
    public SpawnRequest(String path, List<String> argv, List<String> env, List<int[]> fdMap, int closeFrom,
                        boolean newSession) {
        this(path, argv, env, fdActions(fdMap, closeFrom), newSession);
    }

    private static List<SpawnAction> fdActions(List<int[]> fdMap, int closeFrom) {
        List<SpawnAction> actions = new ArrayList<>();
        for (int[] pair : fdMap) {
            actions.add(new SpawnAction.Dup2(pair[0], pair[1]));
        }
        if (closeFrom >= 0) {
            actions.add(new SpawnAction.CloseFrom(closeFrom));
        }
        return actions;
    }
}
