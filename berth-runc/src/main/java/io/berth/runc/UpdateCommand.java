package io.berth.runc;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Live update of cgroup limits, from an OCI resources JSON (-r) or runc's individual flags. */
@Command(name = "update", description = "update container resource constraints")
final class UpdateCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Option(names = {"--resources", "-r"}, description = "path to a JSON file of linux.resources ('-' for stdin)")
    String resources;

    @Option(names = "--blkio-weight", description = "block IO weight (10 to 1000)")
    Integer blkioWeight;

    @Option(names = "--cpu-period", description = "CPU CFS period in microseconds")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", description = "CPU CFS quota in microseconds")
    Long cpuQuota;

    @Option(names = "--cpu-share", description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpu-rt-period", description = "CPU realtime period in microseconds")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", description = "CPU realtime runtime in microseconds")
    Long cpuRtRuntime;

    @Option(names = "--cpuset-cpus", description = "CPUs to use")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", description = "memory nodes to use")
    String cpusetMems;

    @Option(names = "--memory", description = "memory limit (in bytes, or with a k/m/g suffix)")
    String memory;

    @Option(names = "--memory-reservation", description = "memory reservation or soft limit")
    String memoryReservation;

    @Option(names = "--memory-swap", description = "total memory usage (memory + swap); -1 for unlimited")
    String memorySwap;

    @Option(names = "--pids-limit", description = "maximum number of pids allowed in the container")
    Long pidsLimit;

    @Override
    public Integer call() throws IOException {
        LinuxResources update = resources != null ? readResources() : fromFlags();
        global.runtime().update(id, update);
        return 0;
    }

    private LinuxResources readResources() throws IOException {
        byte[] json = resources.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(resources));
        return SpecReader.parse(json, LinuxResources.class);
    }

    private LinuxResources fromFlags() {
        LinuxResources.Memory mem = memory == null && memoryReservation == null && memorySwap == null ? null
                : new LinuxResources.Memory(bytes(memory), bytes(memoryReservation), bytes(memorySwap),
                        null, null, null, null, null, null);
        LinuxResources.Cpu cpu = cpuPeriod == null && cpuQuota == null && cpuShares == null && cpuRtPeriod == null
                && cpuRtRuntime == null && cpusetCpus == null && cpusetMems == null ? null
                : new LinuxResources.Cpu(cpuShares, cpuQuota, null, cpuPeriod, cpuRtRuntime, cpuRtPeriod,
                        cpusetCpus, cpusetMems, null);
        LinuxResources.BlockIO blkio = blkioWeight == null ? null
                : new LinuxResources.BlockIO(blkioWeight, null, null, null, null, null, null);
        LinuxResources.Pids pids = pidsLimit == null ? null : new LinuxResources.Pids(pidsLimit);
        return new LinuxResources(null, mem, cpu, pids, blkio, null, null, null, null);
    }

    /** "512m" → 536870912; "-1" stays unlimited. */
    static Long bytes(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("-1")) {
            return -1L;
        }
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'b') {
            v = v.substring(0, v.length() - 1);
            last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        }
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> unit = 1;
        }
        if (unit != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid size: " + value);
        }
    }
}
