package io.berth.runc;

import io.berth.linux.Capability;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The OCI features document (features.md): what this runtime implements. */
@Command(name = "features", description = "show the enabled features")
final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", List.of("cgroup", "ipc", "mount", "network", "pid", "user", "uts", "time"));
        linux.put("capabilities", Arrays.stream(Capability.values()).map(Enum::name).toList());
        linux.put("cgroup", Map.of("v1", true, "v2", true, "systemd", false, "systemdUser", false));
        linux.put("seccomp", Map.of("enabled", true, "actions", List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"), "operators", List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"), "archs", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")));
        linux.put("apparmor", Map.of("enabled", false));
        linux.put("mountExtensions", Map.of("idmap", Map.of("enabled", true)));
        linux.put("selinux", Map.of("enabled", false));
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("ociVersionMin", "1.0.0");
        features.put("ociVersionMax", "1.2.0");
        features.put("hooks", List.of("prestart", "createRuntime", "createContainer", "startContainer",
                "poststart", "poststop"));
        features.put("mountOptions", List.of("async", "atime", "bind", "defaults", "dev", "diratime", "dirsync",
                "exec", "lazytime", "mand", "noatime", "nodev", "nodiratime", "noexec", "nolazytime", "nomand",
                "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private", "rbind", "relatime", "remount",
                "ro", "rprivate", "rshared", "rslave", "runbindable", "rw", "shared", "slave", "strictatime",
                "suid", "symfollow", "sync", "unbindable"));
        features.put("linux", linux);
        System.out.println(JsonOutput.pretty(features));
        return 0;
    }
}
