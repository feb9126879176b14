package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

    static void removeNamespace(com.fasterxml.jackson.databind.node.ObjectNode config, String type) {
        ArrayNode namespaces = (ArrayNode) RuncFixture.linux(config).get("namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).get("type").asText().equals(type)) {
                namespaces.remove(i);
            }
        }
    }
}
