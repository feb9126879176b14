package io.berth.runtime.cgroups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@link CgroupStats} from one cgroup2 directory; files of disabled controllers read as absent. */
final class StatsV2 {
    private StatsV2() {}

    static CgroupStats read(CgroupFiles dir) {
        return new CgroupStats(cpu(dir), memory(dir), new CgroupStats.Pids(dir.readLong("pids.current", 0),
                dir.readLong("pids.max", CgroupStats.UNLIMITED)), io(dir), hugetlb(dir),
                dir.readKeyed("memory.events").getOrDefault("oom_kill", 0L));
    }

    static CgroupStats.Cpu cpu(CgroupFiles dir) {
        // cpu.stat's usage lines exist even without the cpu controller; the rest needs it
        Map<String, Long> s = dir.readKeyed("cpu.stat");
        return new CgroupStats.Cpu(s.getOrDefault("usage_usec", 0L) * 1000, s.getOrDefault("user_usec", 0L) * 1000,
                s.getOrDefault("system_usec", 0L) * 1000, s.getOrDefault("nr_periods", 0L),
                s.getOrDefault("nr_throttled", 0L), s.getOrDefault("throttled_usec", 0L) * 1000);
    }

    static CgroupStats.Memory memory(CgroupFiles dir) {
        Map<String, Long> stat = dir.readKeyed("memory.stat");
        return new CgroupStats.Memory(dir.readLong("memory.current", 0),
                dir.readLong("memory.max", CgroupStats.UNLIMITED), dir.readLong("memory.peak", 0),
                stat.getOrDefault("file", 0L), stat.getOrDefault("anon", 0L),
                dir.readLong("memory.swap.current", 0), dir.readLong("memory.swap.max", CgroupStats.UNLIMITED));
    }

    /** io.stat lines: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0". */
    static List<CgroupStats.BlkioEntry> io(CgroupFiles dir) {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        dir.read("io.stat").ifPresent(text -> text.lines().forEach(line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                return;
            }
            String[] dev = f[0].split(":");
            long major = Long.parseLong(dev[0]);
            long minor = Long.parseLong(dev[1]);
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=", 2);
                if (kv[0].equals("rbytes")) {
                    entries.add(new CgroupStats.BlkioEntry(major, minor, "Read", Long.parseLong(kv[1])));
                } else if (kv[0].equals("wbytes")) {
                    entries.add(new CgroupStats.BlkioEntry(major, minor, "Write", Long.parseLong(kv[1])));
                }
            }
        }));
        return entries;
    }

    static Map<String, CgroupStats.Hugetlb> hugetlb(CgroupFiles dir) {
        Map<String, CgroupStats.Hugetlb> result = new LinkedHashMap<>();
        for (String size : HugePageSizes.in(dir, ".current")) {
            String prefix = "hugetlb." + size;
            // v2 has no max-usage file for hugetlb; events' "max" counts allocation failures
            result.put(size, new CgroupStats.Hugetlb(dir.readLong(prefix + ".current", 0), 0,
                    dir.readKeyed(prefix + ".events").getOrDefault("max", 0L)));
        }
        return result;
    }
}
