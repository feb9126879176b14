package io.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/** linux.resources (config-linux.md#control-groups). Null means "leave as it is". */
public record LinuxResources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids,
                             BlockIO blockIO, List<HugepageLimit> hugepageLimits,
                             Network network, Map<String, Rdma> rdma, Map<String, String> unified) {
    public LinuxResources {
        devices = devices == null ? List.of() : List.copyOf(devices);
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        rdma = rdma == null ? Map.of() : Map.copyOf(rdma);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** An allow/deny rule of the devices cgroup; null type/major/minor match all. */
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         Long swappiness, Boolean disableOOMKiller, Boolean useHierarchy,
                         Boolean checkBeforeUpdate) {}

    public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime,
                      Long realtimePeriod, String cpus, String mems, Long idle) {}

    public record Pids(Long limit) {}

    public record BlockIO(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice,
                          List<ThrottleDevice> throttleReadBpsDevice,
                          List<ThrottleDevice> throttleWriteBpsDevice,
                          List<ThrottleDevice> throttleReadIOPSDevice,
                          List<ThrottleDevice> throttleWriteIOPSDevice) {
        public BlockIO {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of() : List.copyOf(throttleWriteBpsDevice);
            throttleReadIOPSDevice = throttleReadIOPSDevice == null ? List.of() : List.copyOf(throttleReadIOPSDevice);
            throttleWriteIOPSDevice = throttleWriteIOPSDevice == null ? List.of() : List.copyOf(throttleWriteIOPSDevice);
        }
    }

    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {}

    public record ThrottleDevice(long major, long minor, long rate) {}

    public record HugepageLimit(String pageSize, long limit) {}

    public record Network(Integer classID, List<InterfacePriority> priorities) {}

    public record InterfacePriority(String name, int priority) {}

    public record Rdma(Integer hcaHandles, Integer hcaObjects) {}
}
