package io.berth.runtime.spec;

import java.util.List;
import java.util.Optional;

/**
 * How a bind mount is id-mapped (mounts[].uidMappings/gidMappings, options idmap and ridmap):
 * a file owned by {@code containerID} on disk is seen through the mount as owned by
 * {@code hostID}. {@code recursive} (ridmap): submounts of an rbind are mapped too.
 */
public record MountIdMap(List<IdMapping> uidMappings, List<IdMapping> gidMappings, boolean recursive) {
    public MountIdMap {
        uidMappings = List.copyOf(uidMappings);
        gidMappings = List.copyOf(gidMappings);
    }

    /**
     * The id map of {@code m}, or empty if it has none: its own mappings, else, for a bare idmap
     * or ridmap option, the container's user namespace mappings (as runc does; none if
     * {@code linux} is null).
     */
    public static Optional<MountIdMap> of(Mount m, Linux linux) {
        boolean option = m.options().contains("idmap") || m.options().contains("ridmap");
        if (m.uidMappings().isEmpty() && m.gidMappings().isEmpty() && !option) {
            return Optional.empty();
        }
        boolean own = !m.uidMappings().isEmpty() || !m.gidMappings().isEmpty();
        List<IdMapping> none = List.of();
        return Optional.of(new MountIdMap(own ? m.uidMappings() : linux == null ? none : linux.uidMappings(),
                own ? m.gidMappings() : linux == null ? none : linux.gidMappings(), m.options().contains("ridmap")));
    }

    /** Whether any mount of {@code spec} is id-mapped. */
    public static boolean any(Spec spec) {
        return spec.mounts().stream().anyMatch(m -> of(m, spec.linux()).isPresent());
    }
}
