package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespacesIT extends ContainerTest {
    private static final List<String> KINDS = List.of("pid", "net", "ipc", "uts", "mnt", "cgroup");

    @Test
    void everyConfiguredNamespaceIsNew() throws Exception {
        String out = probe("for n in pid net ipc uts mnt cgroup; do readlink /proc/self/ns/$n; done");
        List<String> inside = out.lines().toList();
        assertEquals(KINDS.size(), inside.size(), out);
        for (int i = 0; i < KINDS.size(); i++) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + KINDS.get(i))).toString();
            assertNotEquals(host, inside.get(i), KINDS.get(i) + " namespace must be the container's own");
        }
    }

    @Test
    void aNamespaceLeftOutIsTheHosts() throws Exception {
        String out = probe("readlink /proc/self/ns/net", c -> removeNamespace(c, "network"));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")) + "\n", out);
    }

    @Test
    void aNamespaceGivenByPathIsJoined() throws Exception {
        // the test JVM's own uts namespace stands in for "another container's"
        String out = probe("readlink /proc/self/ns/uts", c -> {
            ArrayNode namespaces = (ArrayNode) RuncFixture.linux(c).get("namespaces");
            for (var ns : namespaces) {
                if (ns.get("type").asText().equals("uts")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) ns).put("path", "/proc/self/ns/uts");
                }
            }
            c.remove("hostname");
        });
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")) + "\n", out);
    }

    @Test
    void theContainerSeesOnlyItsOwnProcesses() throws Exception {
        // echo and the glob are shell built-ins: pid 1 is the only process at that moment
        assertEquals("/proc/1\n", probe("echo /proc/[0-9]*"));
    }

    @Test
    void aNewTimeNamespaceHasTheConfiguredOffsets() throws Exception {
        double hostUptime = uptime(Files.readString(Path.of("/proc/uptime")));
        String out = probe("readlink /proc/self/ns/time; cat /proc/self/timens_offsets /proc/uptime", c -> {
            ((ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject().put("type", "time");
            var offsets = RuncFixture.linux(c).putObject("timeOffsets");
            offsets.putObject("monotonic").put("secs", 86400).put("nanosecs", 500);
            offsets.putObject("boottime").put("secs", 1_000_000).put("nanosecs", 0);
        });
        String[] lines = out.split("\n");
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString(), lines[0]);
        assertEquals(List.of("monotonic 86400 500", "boottime 1000000 0"),
                List.of(lines[1].trim().replaceAll("\\s+", " "), lines[2].trim().replaceAll("\\s+", " ")));
        double seen = uptime(lines[3]) - hostUptime;
        assertTrue(seen > 1_000_000 && seen < 1_000_060, "uptime runs 1000000 s ahead of the host's: " + out);
    }

    @Test
    void aTimeNamespaceGivenByPathIsJoined() throws Exception {
        // another process's time namespace, with an offset, stands in for another container's
        Process holder = new ProcessBuilder("unshare", "--time", "--boottime", "5000000", "--", "sleep", "300").start();
        try {
            Path ns = Path.of("/proc/" + holder.pid() + "/ns/time");
            for (int i = 0; i < 500 && Files.readSymbolicLink(ns).equals(Files.readSymbolicLink(
                    Path.of("/proc/self/ns/time"))); i++) {
                Thread.sleep(10);
            }
            String out = probe("readlink /proc/self/ns/time; cat /proc/uptime",
                    c -> ((ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject()
                            .put("type", "time").put("path", ns.toString()));
            String[] lines = out.split("\n");
            assertEquals(Files.readSymbolicLink(ns).toString(), lines[0]);
            assertTrue(uptime(lines[1]) > 5_000_000, out);
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    private static double uptime(String procUptime) {
        return Double.parseDouble(procUptime.trim().split(" ")[0]);
    }

    static void removeNamespace(com.fasterxml.jackson.databind.node.ObjectNode config, String type) {
        ArrayNode namespaces = (ArrayNode) RuncFixture.linux(config).get("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).get("type").asText().equals(type)) {
                namespaces.remove(i);
            }
        }
    }
}
