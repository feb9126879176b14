package io.berth.runtime;

import io.berth.linux.Namespace;
import io.berth.runtime.init.UserNamespace;
import io.berth.runtime.spec.LinuxNamespace;
import io.berth.runtime.spec.Spec;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How linux.namespaces becomes a container's namespaces: joined by path, created by stage 0,
 * the cgroup namespace left to init (it must join its cgroup first), and a new user namespace
 * made by its own single-threaded stage.
 */
record NamespacePlan(Map<Namespace, String> join, Set<Namespace> unshare, boolean cgroupByInit,
                     UserNamespace user) {

    static NamespacePlan of(Spec spec) {
        Map<Namespace, String> join = new LinkedHashMap<>();
        Set<Namespace> unshare = EnumSet.noneOf(Namespace.class);
        boolean cgroupByInit = false;
        UserNamespace user = null;
        for (LinuxNamespace ns : spec.linux().namespaces()) {
            Namespace type = ContainerRuntime.NAMESPACES.get(ns.type());
            if (ns.path() != null && !ns.path().isEmpty()) {
                join.put(type, ns.path());
            } else if (type == Namespace.CGROUP) {
                cgroupByInit = true;
            } else if (type == Namespace.USER) {
                user = new UserNamespace(spec.linux().uidMappings(), spec.linux().gidMappings());
            } else {
                unshare.add(type);
            }
        }
        return new NamespacePlan(join, unshare, cgroupByInit, user);
    }
}
