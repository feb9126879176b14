package io.berth.runtime.spec;

import java.util.List;

/** hooks (config.md#posix-platform-hooks), each list run in order. */
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                    List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
    public Hooks {
        prestart = prestart == null ? List.of() : List.copyOf(prestart);
        createRuntime = createRuntime == null ? List.of() : List.copyOf(createRuntime);
        createContainer = createContainer == null ? List.of() : List.copyOf(createContainer);
        startContainer = startContainer == null ? List.of() : List.copyOf(startContainer);
        poststart = poststart == null ? List.of() : List.copyOf(poststart);
        poststop = poststop == null ? List.of() : List.copyOf(poststop);
    }

    public static final Hooks NONE = new Hooks(null, null, null, null, null, null);
}
