package io.berth.runtime.spec;

import java.util.List;

/** A hook: an absolute path on the host, its argv, env and timeout in seconds. */
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
