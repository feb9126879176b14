package io.berth.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v1 stats from fixture files in the shapes the kernel writes them. */
class CgroupStatsV1Test {
    @TempDir
    Path tmp;

    @Test
    void readsEveryControllerFromItsOwnHierarchy() {
        Map<String, CgroupFiles> dirs = Map.of(
                "cpu", Fixture.dir(tmp.resolve("cpu"), Map.of("cpu.stat",
                        "nr_periods 10\nnr_throttled 4\nthrottled_time 5000\nnr_bursts 0\n")),
                "cpuacct", Fixture.dir(tmp.resolve("cpuacct"), Map.of("cpuacct.usage", "3000000",
                        "cpuacct.stat", "user 1\nsystem 2\n")),
                "memory", Fixture.dir(tmp.resolve("memory"), Map.of("memory.usage_in_bytes", "1000",
                        "memory.limit_in_bytes", "9223372036854771712", "memory.max_usage_in_bytes", "2000",
                        "memory.memsw.usage_in_bytes", "1500", "memory.memsw.limit_in_bytes", "4096",
                        "memory.stat", "cache 1\nrss 2\ntotal_cache 10\ntotal_rss 20\n",
                        "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")),
                "pids", Fixture.dir(tmp.resolve("pids"), Map.of("pids.current", "2", "pids.max", "max")),
                "blkio", Fixture.dir(tmp.resolve("blkio"), Map.of(
                        "blkio.bfq.io_service_bytes_recursive", "Total 0\n",
                        "blkio.throttle.io_service_bytes_recursive",
                        "254:0 Read 4096\n254:0 Write 8192\n254:0 Total 12288\nTotal 12288\n")),
                "hugetlb", Fixture.dir(tmp.resolve("hugetlb"), Map.of("hugetlb.2MB.usage_in_bytes", "0",
                        "hugetlb.2MB.max_usage_in_bytes", "2097152", "hugetlb.2MB.failcnt", "1",
                        "hugetlb.2MB.rsvd.usage_in_bytes", "0", "hugetlb.1GB.usage_in_bytes", "0")));
        CgroupStats s = StatsV1.read(c -> Optional.ofNullable(dirs.get(c)));
        // no cpuacct.usage_user here: user/system come from USER_HZ ticks
        assertEquals(new CgroupStats.Cpu(3_000_000, 10_000_000, 20_000_000, 10, 4, 5000), s.cpu());
        assertEquals(new CgroupStats.Memory(1000, CgroupStats.UNLIMITED, 2000, 10, 20, 500, 4096), s.memory());
        assertEquals(new CgroupStats.Pids(2, CgroupStats.UNLIMITED), s.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(254, 0, "Read", 4096), new CgroupStats.BlkioEntry(254, 0, "Write", 8192),
                new CgroupStats.BlkioEntry(254, 0, "Total", 12288)), s.blkio());
        assertEquals(Map.of("2MB", new CgroupStats.Hugetlb(0, 2097152, 1), "1GB", new CgroupStats.Hugetlb(0, 0, 0)),
                s.hugetlb());
        assertEquals(2, s.oomKillCount());
    }

    @Test
    void missingHierarchiesReadAsZeroAndUnlimited() {
        CgroupStats s = StatsV1.read(c -> Optional.empty());
        assertEquals(new CgroupStats.Pids(0, CgroupStats.UNLIMITED), s.pids());
        assertEquals(List.of(), s.blkio());
        assertEquals(0, s.oomKillCount());
    }
}
