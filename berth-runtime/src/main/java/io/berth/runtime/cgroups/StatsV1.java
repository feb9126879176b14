package io.berth.runtime.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@link CgroupStats} from v1 hierarchies; each controller's directory may be absent. */
final class StatsV1 {
    // cpuacct.stat counts USER_HZ ticks, 100 per second on every Linux ABI
    private static final long NS_PER_TICK = 10_000_000;

    private StatsV1() {}

    static CgroupStats read(Function<String, Optional<CgroupFiles>> dirs) {
        CgroupFiles none = new CgroupFiles(Path.of("/nonexistent-cgroup"));
        CgroupFiles memory = dirs.apply("memory").orElse(none);
        return new CgroupStats(cpu(dirs.apply("cpu").orElse(none), dirs.apply("cpuacct").orElse(none)),
                memory(memory), pids(dirs.apply("pids").orElse(none)), blkio(dirs.apply("blkio").orElse(none)),
                hugetlb(dirs.apply("hugetlb").orElse(none)),
                memory.readKeyed("memory.oom_control").getOrDefault("oom_kill", 0L));
    }

    static CgroupStats.Cpu cpu(CgroupFiles cpu, CgroupFiles cpuacct) {
        Map<String, Long> ticks = cpuacct.readKeyed("cpuacct.stat");
        long user = cpuacct.readLong("cpuacct.usage_user", ticks.getOrDefault("user", 0L) * NS_PER_TICK);
        long system = cpuacct.readLong("cpuacct.usage_sys", ticks.getOrDefault("system", 0L) * NS_PER_TICK);
        Map<String, Long> stat = cpu.readKeyed("cpu.stat");
        return new CgroupStats.Cpu(cpuacct.readLong("cpuacct.usage", 0), user, system,
                stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
                stat.getOrDefault("throttled_time", 0L));
    }

    static CgroupStats.Memory memory(CgroupFiles dir) {
        Map<String, Long> stat = dir.readKeyed("memory.stat");
        long usage = dir.readLong("memory.usage_in_bytes", 0);
        long memsw = dir.readLong("memory.memsw.usage_in_bytes", usage);
        return new CgroupStats.Memory(usage, dir.readLong("memory.limit_in_bytes", CgroupStats.UNLIMITED),
                dir.readLong("memory.max_usage_in_bytes", 0),
                stat.getOrDefault("total_cache", stat.getOrDefault("cache", 0L)),
                stat.getOrDefault("total_rss", stat.getOrDefault("rss", 0L)),
                Math.max(0, memsw - usage), dir.readLong("memory.memsw.limit_in_bytes", CgroupStats.UNLIMITED));
    }

    static CgroupStats.Pids pids(CgroupFiles dir) {
        return new CgroupStats.Pids(dir.readLong("pids.current", 0), dir.readLong("pids.max", CgroupStats.UNLIMITED));
    }

    /** The first of CFQ's, BFQ's and the throttle layer's byte counts that has anything in it. */
    static List<CgroupStats.BlkioEntry> blkio(CgroupFiles dir) {
        for (String file : List.of("blkio.io_service_bytes_recursive", "blkio.bfq.io_service_bytes_recursive",
                "blkio.throttle.io_service_bytes_recursive")) {
            List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
            dir.read(file).ifPresent(text -> text.lines().forEach(line -> {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].contains(":")) {
                    String[] dev = f[0].split(":");
                    entries.add(new CgroupStats.BlkioEntry(Long.parseLong(dev[0]), Long.parseLong(dev[1]),
                            f[1], Long.parseLong(f[2])));
                }
            }));
            if (!entries.isEmpty()) {
                return entries;
            }
        }
        return List.of();
    }

    static Map<String, CgroupStats.Hugetlb> hugetlb(CgroupFiles dir) {
        Map<String, CgroupStats.Hugetlb> result = new LinkedHashMap<>();
        for (String size : HugePageSizes.in(dir, ".usage_in_bytes")) {
            String prefix = "hugetlb." + size;
            result.put(size, new CgroupStats.Hugetlb(dir.readLong(prefix + ".usage_in_bytes", 0),
                    dir.readLong(prefix + ".max_usage_in_bytes", 0), dir.readLong(prefix + ".failcnt", 0)));
        }
        return result;
    }
}
