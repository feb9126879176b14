package io.berth.runtime.spec;

import java.util.List;

/** One of mounts, applied in order (config.md#mounts). */
public record Mount(String destination, String type, String source, List<String> options,
                    List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
    public Mount {
        options = options == null ? List.of() : List.copyOf(options);
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
    }
}
