package io.berth.runtime.state;

import java.util.Map;

/** The state JSON of runtime.md#state, as `berth-runc state` prints it and hooks receive it. */
public record ContainerState(String ociVersion, String id, String status, int pid, String bundle,
                             Map<String, String> annotations) {
    public static final String OCI_VERSION = "1.2.0";
}
