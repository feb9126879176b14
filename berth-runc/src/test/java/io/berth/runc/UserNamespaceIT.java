package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A new user namespace: container root is an unprivileged uid on the host. */
class UserNamespaceIT extends ContainerTest {
    private static final int HOST_ID = 200000;

    @BeforeEach
    void chownRootfs() throws Exception {
        // the mapped root must be able to walk down to the rootfs (temp dirs are 0700)
        Files.setPosixFilePermissions(fx.dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        // the image's files belong to the container's root, as a userns-remapping engine makes them
        Process chown = new ProcessBuilder("chown", "-hR", HOST_ID + ":" + HOST_ID, fx.dir.resolve("rootfs").toString())
                .inheritIO().start();
        assertTrue(chown.waitFor(60, TimeUnit.SECONDS) && chown.exitValue() == 0);
    }

    private static void userNamespace(ObjectNode config) {
        ((ArrayNode) RuncFixture.linux(config).get("namespaces")).addObject().put("type", "user");
        for (String field : new String[] {"uidMappings", "gidMappings"}) {
            RuncFixture.linux(config).putArray(field).addObject()
                    .put("containerID", 0).put("hostID", HOST_ID).put("size", 65536);
        }
    }

    @Test
    void theIdmapOptionMapsAVolumeWithTheContainersMaps() throws Exception {
        // a volume the host's root owns: without idmap the container's root would see nobody's files
        var volume = Files.createDirectory(fx.dir.resolve("volume"));
        Files.setPosixFilePermissions(volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(volume.resolve("host-file"), "x");
        String out = probe("stat -c '%u %g' /data /data/host-file /plain/host-file; touch /data/from-container", c -> {
            userNamespace(c);
            ObjectNodes.mount(c, "/data", "bind", volume.toString(), "rbind", "idmap");
            ObjectNodes.mount(c, "/plain", "bind", volume.toString(), "rbind");
        });
        assertEquals("0 0\n0 0\n65534 65534\n", out);
        assertEquals(0, Files.getAttribute(volume.resolve("from-container"), "unix:uid"),
                "the container's root writes as the host's root through the mapping");
    }

    @Test
    void bindMountsFromDirectoriesTheContainersRootCannotEnter() throws Exception {
        // as an engine's 0700 state directories (podman's userdata/hosts): runc opens the
        // sources on the host's side, and so does Berth
        var hidden = Files.createDirectories(fx.dir.resolve("engine-state/userdata"));
        Files.setPosixFilePermissions(hidden.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(hidden.resolve("hosts"), "127.0.0.1 localhost\n");
        String out = probe("cat /etc/hosts; ls /mnt/state", c -> {
            userNamespace(c);
            ObjectNodes.mount(c, "/etc/hosts", "bind", hidden.resolve("hosts").toString(), "bind", "ro");
            ObjectNodes.mount(c, "/mnt/state", "bind", hidden.toString(), "rbind");
        });
        assertEquals("127.0.0.1 localhost\nhosts\n", out);
    }

    @Test
    void aUserNamespaceWithoutACgroupNamespaceGetsItsCgroupsBound() throws Exception {
        // cgroup v1 cannot be mounted from a user namespace outside a cgroup namespace of its own
        // (podman --uidmap on a v1 host); runc binds the container's cgroup directories instead
        String out = probe("cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max", c -> {
            userNamespace(c);
            CgroupsIT.noCgroupNamespace(c);
            RuncFixture.linux(c).putObject("resources").putObject("pids").put("limit", 30);
        });
        assertEquals("30\n", out);
    }

    @Test
    void runReportsTheExitStatusOfAUserNamespacedContainer() throws Exception {
        var bundle = fx.bundle(c -> {
            userNamespace(c);
            RuncFixture.args(c, "sh", "-c", "exit 7");
        });
        var r = fx.run("run", "--bundle", bundle.toString(), fx.id());
        assertEquals(7, r.code(), r.toString());
    }

    @Test
    void joinsAnExistingUserNamespaceByPath() throws Exception {
        // a user namespace someone else made and mapped, as a pod sandbox would have
        Process holder = new ProcessBuilder("unshare", "--user", "--", "sleep", "300").start();
        try {
            Path ns = Path.of("/proc/" + holder.pid() + "/ns/user");
            for (int i = 0; i < 500 && Files.readSymbolicLink(ns).equals(Files.readSymbolicLink(
                    Path.of("/proc/self/ns/user"))); i++) {
                Thread.sleep(10);
            }
            Files.writeString(Path.of("/proc/" + holder.pid() + "/uid_map"), "0 " + HOST_ID + " 65536\n");
            Files.writeString(Path.of("/proc/" + holder.pid() + "/gid_map"), "0 " + HOST_ID + " 65536\n");
            String out = probe("id -u; cat /proc/self/uid_map; readlink /proc/self/ns/user",
                    c -> ((ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject()
                            .put("type", "user").put("path", ns.toString()));
            String[] lines = out.split("\n");
            assertEquals("0", lines[0]);
            assertEquals("0 " + HOST_ID + " 65536", lines[1].trim().replaceAll("\\s+", " "));
            assertEquals(Files.readSymbolicLink(ns).toString(), lines[2], "the holder's namespace, not a new one");
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void rootInsideIsAnUnprivilegedUidOutside() throws Exception {
        String out = probe("id -u; cat /proc/self/uid_map /proc/self/gid_map; touch /owned && stat -c %u /owned;"
                + " stat -c '%t:%T' /dev/null; hostname", c -> {
                    userNamespace(c);
                    c.put("hostname", "userns-box");
                });
        String[] lines = out.split("\n");
        assertEquals("0", lines[0]);
        assertEquals("0 " + HOST_ID + " 65536", lines[1].trim().replaceAll("\\s+", " "));
        assertEquals("0 " + HOST_ID + " 65536", lines[2].trim().replaceAll("\\s+", " "));
        assertEquals("0", lines[3], "files it creates belong to its root");
        assertEquals("1:3", lines[4], "/dev/null is the host's, bind-mounted (mknod is refused in a user namespace)");
        assertEquals("userns-box", lines[5]);
        assertEquals(HOST_ID, (int) Files.getAttribute(fx.dir.resolve("rootfs/owned"), "unix:uid"),
                "on the host the file belongs to the mapped uid");
    }

    @Test
    void theHostSeesTheMappedUidAndExecJoinsTheUserNamespace() throws Exception {
        String id = fx.id();
        var bundle = fx.bundle(c -> {
            userNamespace(c);
            RuncFixture.args(c, "sleep", "300");
        });
        var r = fx.run("run", "-d", "--bundle", bundle.toString(), id);
        assertEquals(0, r.code(), r.toString());
        int pid = fx.state(id).get("pid").asInt();
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + HOST_ID + "\\s+" + HOST_ID + ".*")), status);

        var exec = fx.run("exec", id, "sh", "-c", "id -u; readlink /proc/self/ns/user; readlink /proc/1/ns/user");
        assertEquals(0, exec.code(), exec.toString());
        String[] lines = exec.out().split("\n");
        assertEquals("0", lines[0]);
        assertEquals(lines[1], lines[2], "exec is in the container's user namespace");
    }

    @Test
    void aTimeNamespaceWithOffsetsAlongsideAUserNamespace() throws Exception {
        String out = probe("id -u; cat /proc/self/timens_offsets", c -> {
            userNamespace(c);
            ((ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject().put("type", "time");
            RuncFixture.linux(c).putObject("timeOffsets").putObject("monotonic").put("secs", 3600).put("nanosecs", 7);
        });
        String[] lines = out.split("\n");
        assertEquals("0", lines[0]);
        assertEquals("monotonic 3600 7", lines[1].trim().replaceAll("\\s+", " "));
    }

    @Test
    void mappingsWithoutAUserNamespaceAreRefused() throws Exception {
        var r = runFailing(c -> RuncFixture.linux(c).putArray("uidMappings").addObject()
                .put("containerID", 0).put("hostID", HOST_ID).put("size", 1));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/linux/uidMappings: id mappings need a user namespace"), r.toString());
    }

    @Test
    void aNewUserNamespaceNeedsMappings() throws Exception {
        var r = runFailing(c -> ((ArrayNode) RuncFixture.linux(c).get("namespaces")).addObject().put("type", "user"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("a new user namespace needs uidMappings and gidMappings"), r.toString());
    }
}
