package io.berth.runtime.spec;

import io.berth.runtime.spec.LinuxResources.BlockIO;
import io.berth.runtime.spec.LinuxResources.ThrottleDevice;

/**
 * Binds parsed JSON ({@link JsonValues}) to the spec records by hand: no reflection, so a
 * runtime process that reads one config.json does not pay for databind's introspection.
 * Member names are the spec's (config.md, config-linux.md); SpecBinderTest holds the result
 * to what databind makes of the same documents.
 */
final class SpecBinder {
    private SpecBinder() {}

    static Spec spec(JsonObject o) {
        return new Spec(o.string("ociVersion"), o.object("process", SpecBinder::process), o.object("root", SpecBinder::root),
                o.string("hostname"), o.string("domainname"), o.list("mounts", SpecBinder::mount),
                o.object("hooks", SpecBinder::hooks), o.stringMap("annotations"), o.object("linux", SpecBinder::linux));
    }

    static Process process(JsonObject o) {
        return new Process(o.bool("terminal"),
                o.object("consoleSize", c -> new Process.ConsoleSize(c.intRequired("height"), c.intRequired("width"))),
                o.object("user", SpecBinder::user), o.strings("args"), o.string("commandLine"), o.strings("env"),
                o.string("cwd"), o.object("capabilities", SpecBinder::capabilities),
                o.list("rlimits", r -> new PosixRlimit(r.string("type"), r.unsignedRequired("hard"),
                        r.unsignedRequired("soft"))),
                o.bool("noNewPrivileges"), o.string("apparmorProfile"), o.integer("oomScoreAdj"),
                o.string("selinuxLabel"),
                o.object("ioPriority", p -> new Process.IoPriority(p.string("class"), p.intRequired("priority"))),
                o.object("scheduler", s -> new Process.Scheduler(s.string("policy"), s.integer("nice"),
                        s.integer("priority"), s.strings("flags"), s.longValue("runtime"), s.longValue("deadline"),
                        s.longValue("period"))),
                o.object("execCPUAffinity", a -> new Process.ExecCpuAffinity(a.string("initial"), a.string("final"))));
    }

    private static User user(JsonObject o) {
        return new User(o.longRequired("uid"), o.longRequired("gid"), o.integer("umask"), o.longs("additionalGids"),
                o.string("username"));
    }

    private static Capabilities capabilities(JsonObject o) {
        return new Capabilities(o.strings("bounding"), o.strings("effective"), o.strings("inheritable"),
                o.strings("permitted"), o.strings("ambient"));
    }

    private static Root root(JsonObject o) {
        return new Root(o.string("path"), o.bool("readonly"));
    }

    private static Mount mount(JsonObject o) {
        return new Mount(o.string("destination"), o.string("type"), o.string("source"), o.strings("options"),
                o.list("uidMappings", SpecBinder::idMapping), o.list("gidMappings", SpecBinder::idMapping));
    }

    private static IdMapping idMapping(JsonObject o) {
        return new IdMapping(o.longRequired("containerID"), o.longRequired("hostID"), o.longRequired("size"));
    }

    private static Hooks hooks(JsonObject o) {
        return new Hooks(o.list("prestart", SpecBinder::hook), o.list("createRuntime", SpecBinder::hook),
                o.list("createContainer", SpecBinder::hook), o.list("startContainer", SpecBinder::hook),
                o.list("poststart", SpecBinder::hook), o.list("poststop", SpecBinder::hook));
    }

    private static Hook hook(JsonObject o) {
        return new Hook(o.string("path"), o.strings("args"), o.strings("env"), o.integer("timeout"));
    }

    private static Linux linux(JsonObject o) {
        return new Linux(o.list("namespaces", n -> new LinuxNamespace(n.string("type"), n.string("path"))),
                o.list("uidMappings", SpecBinder::idMapping), o.list("gidMappings", SpecBinder::idMapping),
                o.objectMap("timeOffsets", t -> new Linux.TimeOffset(t.longRequired("secs"), t.longRequired("nanosecs"))),
                o.list("devices", d -> new LinuxDevice(d.string("type"), d.string("path"), d.longValue("major"),
                        d.longValue("minor"), d.integer("fileMode"), d.longValue("uid"), d.longValue("gid"))),
                o.string("cgroupsPath"), o.object("resources", SpecBinder::resources), o.string("rootfsPropagation"),
                o.object("seccomp", SpecBinder::seccomp), o.stringMap("sysctl"), o.strings("maskedPaths"),
                o.strings("readonlyPaths"), o.string("mountLabel"),
                o.object("personality", p -> new Linux.Personality(p.string("domain"), p.strings("flags"))),
                o.object("intelRdt", r -> new Linux.IntelRdt(r.string("closID"), r.string("l3CacheSchema"),
                        r.string("memBwSchema"))));
    }

    static LinuxResources resources(JsonObject o) {
        return new LinuxResources(
                o.list("devices", d -> new LinuxResources.DeviceRule(d.boolRequired("allow"), d.string("type"),
                        d.longValue("major"), d.longValue("minor"), d.string("access"))),
                o.object("memory", m -> new LinuxResources.Memory(m.longValue("limit"), m.longValue("reservation"),
                        m.longValue("swap"), m.longValue("kernel"), m.longValue("kernelTCP"), m.longValue("swappiness"),
                        m.bool("disableOOMKiller"), m.bool("useHierarchy"), m.bool("checkBeforeUpdate"))),
                o.object("cpu", c -> new LinuxResources.Cpu(c.longValue("shares"), c.longValue("quota"),
                        c.longValue("burst"), c.longValue("period"), c.longValue("realtimeRuntime"),
                        c.longValue("realtimePeriod"), c.string("cpus"), c.string("mems"), c.longValue("idle"))),
                o.object("pids", p -> new LinuxResources.Pids(p.longValue("limit"))),
                o.object("blockIO", SpecBinder::blockIO),
                o.list("hugepageLimits", h -> new LinuxResources.HugepageLimit(h.string("pageSize"),
                        h.longRequired("limit"))),
                o.object("network", n -> new LinuxResources.Network(n.integer("classID"),
                        n.list("priorities", p -> new LinuxResources.InterfacePriority(p.string("name"),
                                p.intRequired("priority"))))),
                o.objectMap("rdma", r -> new LinuxResources.Rdma(r.integer("hcaHandles"), r.integer("hcaObjects"))),
                o.stringMap("unified"));
    }

    private static BlockIO blockIO(JsonObject o) {
        return new BlockIO(o.integer("weight"), o.integer("leafWeight"),
                o.list("weightDevice", w -> new LinuxResources.WeightDevice(w.longRequired("major"),
                        w.longRequired("minor"), w.integer("weight"), w.integer("leafWeight"))),
                o.list("throttleReadBpsDevice", SpecBinder::throttle), o.list("throttleWriteBpsDevice", SpecBinder::throttle),
                o.list("throttleReadIOPSDevice", SpecBinder::throttle),
                o.list("throttleWriteIOPSDevice", SpecBinder::throttle));
    }

    private static ThrottleDevice throttle(JsonObject o) {
        return new ThrottleDevice(o.longRequired("major"), o.longRequired("minor"), o.longRequired("rate"));
    }

    private static Seccomp seccomp(JsonObject o) {
        return new Seccomp(o.string("defaultAction"), o.integer("defaultErrnoRet"), o.strings("architectures"),
                o.strings("flags"), o.string("listenerPath"), o.string("listenerMetadata"),
                o.list("syscalls", s -> new Seccomp.Syscall(s.strings("names"), s.string("action"), s.integer("errnoRet"),
                        s.list("args", a -> new Seccomp.Arg(a.intRequired("index"), a.unsignedRequired("value"),
                                a.unsigned("valueTwo"), a.string("op"))))));
    }
}
