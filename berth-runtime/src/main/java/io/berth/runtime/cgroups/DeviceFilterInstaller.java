package io.berth.runtime.cgroups;

import io.berth.linux.Bpf;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.SyscallException;
import java.nio.file.Path;
import java.util.List;

/** Puts a device program in force on a cgroup2 directory, replacing the ones attached before. */
@FunctionalInterface
public interface DeviceFilterInstaller {
    void install(Path cgroupDir, List<Bpf.Instruction> program);

    /**
     * The real one: attach the new program first, then detach the old ones, so the cgroup is
     * never without a filter (while both are attached, both must allow).
     */
    DeviceFilterInstaller BPF = (cgroupDir, program) -> {
        try (Fd dir = FileCalls.open(cgroupDir.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY
                | FileCalls.O_CLOEXEC, 0);
             Fd prog = Bpf.loadCgroupDeviceProgram(program, "Apache")) {
            List<Integer> old = Bpf.queryCgroupDevice(dir);
            Bpf.attachCgroupDevice(dir, prog, Bpf.BPF_F_ALLOW_MULTI);
            for (int id : old) {
                try (Fd stale = Bpf.programById(id)) {
                    Bpf.detachCgroupDevice(dir, stale);
                }
            }
        } catch (SyscallException e) {
            throw new CgroupException("cgroup: device filter for " + cgroupDir + ": " + e.getMessage(), e);
        }
    };
}
