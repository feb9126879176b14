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
 * the cgroup namespace left to init (it must join its cgroup first), and a user namespace (new,
 * or joined by path) entered by its own single-threaded stage.
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
            boolean byPath = ns.path() != null && !ns.path().isEmpty();
            if (type == Namespace.USER) {
                // joined or new, a user namespace needs its own single-threaded stage
                user = new UserNamespace(spec.linux().uidMappings(), spec.linux().gidMappings(),
                        byPath ? ns.path() : null);
            } else if (byPath) {
                join.put(type, ns.path());
            } else if (type == Namespace.CGROUP) {
                cgroupByInit = true;
            } else {
                unshare.add(type);
            }
        }
        return new NamespacePlan(join, unshare, cgroupByInit, user);
    }
}
