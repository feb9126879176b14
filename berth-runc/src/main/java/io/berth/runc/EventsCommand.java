package io.berth.runc;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.cgroups.CgroupStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** runc events: stats every --interval and an "oom" event when the kernel OOM-kills in it. */
@Command(name = "events", description = "display container events such as OOM notifications and cpu, memory, and IO usage statistics")
final class EventsCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Option(names = "--stats", description = "display the container's stats then exit")
    boolean stats;

    @Option(names = "--interval", description = "set the stats collection interval (default: 5s)")
    String interval = "5s";

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        if (stats) {
            System.out.println(JsonOutput.compact(event("stats", toRunc(runtime.stats(id)))));
            return 0;
        }
        long sleep = parseInterval(interval).toMillis();
        long ooms = runtime.stats(id).oomKillCount();
        while (!runtime.state(id).status().equals("stopped")) {
            CgroupStats s;
            try {
                s = runtime.stats(id);
            } catch (IllegalStateException stopped) {
                break;
            }
            if (s.oomKillCount() > ooms) {
                ooms = s.oomKillCount();
                System.out.println(JsonOutput.compact(event("oom", null)));
            }
            System.out.println(JsonOutput.compact(event("stats", toRunc(s))));
            System.out.flush();
            Thread.sleep(sleep);
        }
        return 0;
    }

    private Map<String, Object> event(String type, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("id", id);
        if (data != null) {
            e.put("data", data);
        }
        return e;
    }

    /** The shape of runc's types.Stats, so tools that parse runc events keep working. */
    static Map<String, Object> toRunc(CgroupStats s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", Map.of(
                "usage", Map.of("total", s.cpu().totalNs(), "kernel", s.cpu().systemNs(), "user", s.cpu().userNs()),
                "throttling", Map.of("periods", s.cpu().periods(), "throttledPeriods", s.cpu().throttledPeriods(),
                        "throttledTime", s.cpu().throttledNs())));
        data.put("memory", Map.of(
                "cache", s.memory().cache(),
                "usage", Map.of("limit", s.memory().limit(), "usage", s.memory().usage(), "max", s.memory().maxUsage()),
                "swap", Map.of("limit", s.memory().swapLimit(), "usage", s.memory().swapUsage()),
                "raw", Map.of("anon", s.memory().anon())));
        data.put("pids", Map.of("current", s.pids().current(), "limit", s.pids().limit()));
        List<Map<String, Object>> io = s.blkio().stream().map(b -> Map.<String, Object>of(
                "major", b.major(), "minor", b.minor(), "op", b.op(), "value", b.bytes())).toList();
        data.put("blkio", Map.of("ioServiceBytesRecursive", io));
        Map<String, Object> hugetlb = new LinkedHashMap<>();
        s.hugetlb().forEach((size, h) -> hugetlb.put(size, Map.of("usage", h.usage(), "max", h.maxUsage(),
                "failcnt", h.failCount())));
        data.put("hugetlb", hugetlb);
        return data;
    }

    static Duration parseInterval(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("invalid interval: " + text);
    }
}
