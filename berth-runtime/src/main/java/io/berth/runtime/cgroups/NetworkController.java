package io.berth.runtime.cgroups;

import io.berth.runtime.spec.LinuxResources;
import io.berth.runtime.spec.LinuxResources.InterfacePriority;
import io.berth.runtime.spec.LinuxResources.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * net_cls and net_prio (linux.resources.network): two v1 controllers, often co-mounted, so one
 * planner per controller. cgroup v2 has neither (traffic is matched by cgroup path or BPF), and
 * silently dropping a limit would be worse than refusing it.
 */
sealed abstract class NetworkController implements Controller permits NetworkController.Classid,
        NetworkController.Priorities {

    @Override
    public List<CgroupWrite> planV2(LinuxResources r, CgroupFiles dir) {
        if (requested(r)) {
            throw new CgroupException("cgroup: linux.resources.network (" + name() + ") has no cgroup v2 equivalent");
        }
        return List.of();
    }

    /** net_cls.classid: the tc class id, 0xAAAABBBB for class AAAA:BBBB. */
    static final class Classid extends NetworkController {
        @Override
        public String name() {
            return "net_cls";
        }

        @Override
        public boolean requested(LinuxResources r) {
            return r.network() != null && r.network().classID() != null;
        }

        @Override
        public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
            if (!requested(r)) {
                return List.of();
            }
            return List.of(new CgroupWrite(name(), "net_cls.classid",
                    Integer.toUnsignedString(r.network().classID())));
        }
    }

    /** net_prio.ifpriomap: one "interface priority" write per interface. */
    static final class Priorities extends NetworkController {
        @Override
        public String name() {
            return "net_prio";
        }

        @Override
        public boolean requested(LinuxResources r) {
            Network n = r.network();
            return n != null && n.priorities() != null && !n.priorities().isEmpty();
        }

        @Override
        public List<CgroupWrite> planV1(LinuxResources r, CgroupFiles dir) {
            List<CgroupWrite> writes = new ArrayList<>();
            if (!requested(r)) {
                return writes;
            }
            for (InterfacePriority p : r.network().priorities()) {
                if (p.name() == null || !p.name().matches("[^\\s/]{1,15}")) {
                    throw new CgroupException("cgroup: network priority interface \"" + p.name()
                            + "\" is not an interface name");
                }
                writes.add(new CgroupWrite(name(), "net_prio.ifpriomap", p.name() + " " + p.priority()));
            }
            return writes;
        }
    }
}
