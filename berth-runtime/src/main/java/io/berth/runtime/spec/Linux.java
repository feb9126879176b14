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

    /** An offset of the monotonic or boottime clock in a new time namespace (time_namespaces(7)). */
    public record TimeOffset(long secs, long nanosecs) {}

    /** linux.personality: the execution domain, LINUX or LINUX32, and flags of personality(2). */
    public record Personality(String domain, List<String> flags) {
        public Personality {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        /** What personality(2) takes; only for a validated spec. */
        public int persona() {
            int persona = "LINUX32".equals(domain) ? io.berth.linux.Personality.PER_LINUX32
                    : io.berth.linux.Personality.PER_LINUX;
            for (String flag : flags) {
                persona |= io.berth.linux.Personality.FLAGS.get(flag);
            }
            return persona;
        }
    }

    public record IntelRdt(String closID, String l3CacheSchema, String memBwSchema) {}
}
