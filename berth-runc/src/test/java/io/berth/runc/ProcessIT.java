package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * process.*: args, env, cwd, user, umask, capabilities, no_new_privs, rlimits, oomScoreAdj,
 * scheduler and ioPriority; linux.personality.
 */
class ProcessIT extends ContainerTest {

    @Test
    void envAndCwd() throws Exception {
        String out = probe("echo $GREETING; pwd", c -> {
            ObjectNodes.strings(RuncFixture.process(c), "env", "PATH=/bin", "GREETING=hi there");
            RuncFixture.process(c).put("cwd", "/tmp");
        });
        assertEquals("hi there\n/tmp\n", out);
    }

    @Test
    void userGroupsAndUmask() throws Exception {
        String out = probe("id -u; id -g; cat /proc/self/status | grep Groups; umask", c -> {
            ObjectNode user = RuncFixture.process(c).putObject("user");
            user.put("uid", 1000).put("gid", 1001).put("umask", 0077);
            user.putArray("additionalGids").add(5).add(1002);
        });
        assertEquals("1000\n1001\nGroups:\t5 1002 \n0077\n", out);
    }

    @Test
    void capabilitySetsAreExactlyTheConfigured() throws Exception {
        Map<String, String> caps = status(probe("grep -E '^Cap' /proc/self/status"));
        long expected = (1L << 5) | (1L << 10) | (1L << 29); // KILL, NET_BIND_SERVICE, AUDIT_WRITE
        assertEquals(expected, Long.parseLong(caps.get("CapBnd"), 16));
        assertEquals(expected, Long.parseLong(caps.get("CapEff"), 16));
        assertEquals(expected, Long.parseLong(caps.get("CapPrm"), 16));
        assertEquals(0, Long.parseLong(caps.get("CapInh"), 16));
    }

    @Test
    void ambientCapabilitiesReachANonRootUser() throws Exception {
        Map<String, String> caps = status(probe("grep -E '^Cap' /proc/self/status", c -> {
            RuncFixture.process(c).putObject("user").put("uid", 1000).put("gid", 1000);
            ObjectNode set = RuncFixture.process(c).putObject("capabilities");
            for (String kind : new String[] {"bounding", "effective", "permitted", "inheritable", "ambient"}) {
                ObjectNodes.strings(set, kind, "CAP_NET_BIND_SERVICE");
            }
        }));
        assertEquals(1L << 10, Long.parseLong(caps.get("CapAmb"), 16));
        assertEquals(1L << 10, Long.parseLong(caps.get("CapEff"), 16));
    }

    @Test
    void noNewPrivilegesFollowsTheConfig() throws Exception {
        assertEquals("NoNewPrivs:\t1\n", probe("grep NoNewPrivs /proc/self/status"));
        assertEquals("NoNewPrivs:\t0\n", probe("grep NoNewPrivs /proc/self/status",
                c -> RuncFixture.process(c).put("noNewPrivileges", false)));
    }

    @Test
    void rlimitsAndOomScoreAdj() throws Exception {
        String out = probe("ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj", c -> {
            var rl = RuncFixture.process(c).putArray("rlimits").addObject();
            rl.put("type", "RLIMIT_NOFILE").put("soft", 123).put("hard", 456);
            RuncFixture.process(c).put("oomScoreAdj", 500);
        });
        assertEquals("123\n456\n500\n", out);
    }

    @Test
    void anRlimitAboveTheHostHardLimitIsAClearError() throws Exception {
        var r = runFailing(c -> {
            var rl = RuncFixture.process(c).putArray("rlimits").addObject();
            rl.put("type", "RLIMIT_NOFILE").put("soft", 1024).put("hard", 1L << 40);
        });
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("rlimit RLIMIT_NOFILE: cannot raise the hard limit"), r.toString());
    }

    @Test
    void sysctlIsSetInsideTheNamespace() throws Exception {
        String out = probe("cat /proc/sys/net/ipv4/ip_forward; cat /proc/sys/kernel/shmmni", c -> {
            ObjectNode sysctl = RuncFixture.linux(c).putObject("sysctl");
            sysctl.put("net.ipv4.ip_forward", "1");
            sysctl.put("kernel.shmmni", "1234");
        });
        assertEquals("1\n1234\n", out);
    }

    @Test
    void schedulerAndIoPriority() throws Exception {
        String out = probe("grep -E '^policy' /proc/self/sched | tr -s ' '; cut -d' ' -f19 /proc/self/stat; ionice", c -> {
            RuncFixture.process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 7);
            RuncFixture.process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE").put("priority", 0);
        });
        assertEquals("policy : 3\n7\nidle\n", out);
    }

    @Test
    void aRealTimeSchedulerAndIoClass() throws Exception {
        String out = probe("grep -E '^(policy|prio) ' /proc/self/sched | tr -s ' '; ionice", c -> {
            RuncFixture.process(c).putObject("scheduler").put("policy", "SCHED_RR").put("priority", 10);
            RuncFixture.process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_RT").put("priority", 3);
            if (Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.rt_runtime_us"))) {
                // this kernel budgets real-time tasks per cgroup, and a new one gets none
                RuncFixture.linux(c).putObject("resources").putObject("cpu").put("realtimeRuntime", 10000)
                        .put("realtimePeriod", 1000000);
            }
        });
        assertEquals("policy : 2\nprio : 89\nrealtime: prio 3\n", out);
    }

    @Test
    void aRealTimePolicyTheCgroupHasNoBudgetForIsAClearError() throws Exception {
        assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.rt_runtime_us")), "real-time group scheduling");
        var r = runFailing(c -> RuncFixture.process(c).putObject("scheduler").put("policy", "SCHED_FIFO")
                .put("priority", 1));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("process.scheduler: cannot apply SCHED_FIFO")
                && r.err().contains("linux.resources.cpu.realtimeRuntime"), r.toString());
        assertEquals("", fx.run("list", "-q").out(), "nothing is left of it");
    }

    @Test
    void personalityDomainAndFlags() throws Exception {
        String out = probe("cat /proc/self/personality; uname -m", c -> ObjectNodes.strings(
                RuncFixture.linux(c).putObject("personality").put("domain", "LINUX32"), "flags", "ADDR_NO_RANDOMIZE"));
        String[] lines = out.split("\n");
        assertEquals("00040008", lines[0]);
        if (System.getProperty("os.arch").equals("amd64")) {
            assertEquals("i686", lines[1], "uname reports the 32-bit machine");
        }
    }

    static Map<String, String> status(String lines) {
        return lines.lines().map(l -> l.split(":\\s*", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1].strip()));
    }
}
