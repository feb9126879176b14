package io.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/** linux (config-linux.md). */
public record Linux(List<LinuxNamespace> namespaces, List<IdMapping> uidMappings,
                    List<IdMapping> gidMappings, Map<String, TimeOffset> timeOffsets,
                    List<LinuxDevice> devices, String cgroupsPath, LinuxResources resources,
                    String rootfsPropagation, Seccomp seccomp, Map<String, String> sysctl,
                    List<String> maskedPaths, List<String> readonlyPaths, String mountLabel,
                    Personality personality, IntelRdt intelRdt) {
    public Linux {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
        timeOffsets = timeOffsets == null ? Map.of() : Map.copyOf(timeOffsets);
        devices = devices == null ? List.of() : List.copyOf(devices);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
    }

    public record TimeOffset(long secs, long nanosecs) {}

    public record Personality(String domain, List<String> flags) {}

    public record IntelRdt(String closID, String l3CacheSchema, String memBwSchema) {}
}
