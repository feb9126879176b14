package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** mounts, the default /dev, devices, masked and read-only paths, read-only root. */
class MountsIT extends ContainerTest {

    @Test
    void tmpfsWithSizeAndMode() throws Exception {
        String out = probe("grep ' /scratch ' /proc/self/mounts; stat -c %a /scratch",
                c -> ObjectNodes.mount(c, "/scratch", "tmpfs", "tmpfs", "size=1m", "mode=1777", "nodev"));
        assertTrue(out.startsWith("tmpfs /scratch tmpfs rw,nodev,relatime,size=1024k"), out);
        assertTrue(out.endsWith("1777\n"), out);
    }

    @Test
    void readOnlyBindMountOfAHostDirectory() throws Exception {
        Files.writeString(fx.dir.resolve("hello.txt"), "from the host\n");
        String out = probe("cat /data/hello.txt; touch /data/x 2>&1 || echo refused",
                c -> ObjectNodes.bind(c, fx.dir.toString(), "/data", "ro"));
        assertTrue(out.startsWith("from the host\n"), out);
        assertTrue(out.contains("Read-only file system") && out.endsWith("refused\n"), out);
        assertFalse(Files.exists(fx.dir.resolve("x")));
    }

    @Test
    void bindMountOfASingleFileCreatesItsMountPoint() throws Exception {
        Files.writeString(fx.dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        String out = probe("cat /etc/resolv.conf",
                c -> ObjectNodes.bind(c, fx.dir.resolve("resolv.conf").toString(), "/etc/resolv.conf"));
        assertEquals("nameserver 192.0.2.1\n", out);
    }

    @Test
    void aSymlinkInTheImageCannotRedirectAMountOutOfTheRoot() throws Exception {
        // /evil -> /../../../..HOST_TARGET resolves inside the rootfs, never on the host
        var target = fx.dir.resolve("host-target");
        Files.createDirectories(target);
        var rootfs = fx.rootfs();
        Files.createSymbolicLink(rootfs.resolve("evil"), java.nio.file.Path.of("/../../../../../.." + target));
        try {
            String out = probe("grep -c ' " + target + "/inner ' /proc/self/mountinfo; stat -f -c %T /evil/inner",
                    c -> ObjectNodes.mount(c, "/evil/inner", "tmpfs", "tmpfs"));
            assertEquals("1\ntmpfs\n", out, "the tmpfs is on the link's target inside the rootfs");
            assertTrue(Files.isDirectory(rootfs.resolve(target.toString().substring(1)).resolve("inner")));
            assertEquals("", String.join(",", java.util.Objects.requireNonNull(target.toFile().list())),
                    "nothing was created on the host");
        } finally {
            Files.delete(rootfs.resolve("evil"));
        }
    }

    @Test
    void aMountOntoADanglingSymlinkGoesWhereTheLinkPoints() throws Exception {
        // as an image's /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf: runc (securejoin)
        // creates the link's target and mounts there
        String name = "link-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var rootfs = fx.rootfs();
        Files.createSymbolicLink(rootfs.resolve("etc/" + name + ".conf"),
                java.nio.file.Path.of("../run/" + name + "/stub.conf"));
        Files.createSymbolicLink(rootfs.resolve(name), java.nio.file.Path.of("/srv/" + name + "/data"));
        Files.writeString(fx.dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        String out = probe("cat /etc/" + name + ".conf; touch /" + name + "/f && ls /srv/" + name + "/data;"
                + " grep -c -e ' /run/" + name + "/stub.conf ' -e ' /srv/" + name + "/data ' /proc/self/mountinfo",
                c -> {
                    ObjectNodes.bind(c, fx.dir.resolve("resolv.conf").toString(), "/etc/" + name + ".conf");
                    ObjectNodes.mount(c, "/" + name, "tmpfs", "tmpfs");
                });
        assertEquals("nameserver 192.0.2.1\nf\n2\n", out);
        assertTrue(Files.isRegularFile(rootfs.resolve("run/" + name + "/stub.conf")), "the file mount point");
        assertTrue(Files.isDirectory(rootfs.resolve("srv/" + name + "/data")), "the directory mount point");
    }

    @Test
    void aSymlinkLoopAtAMountTargetIsRefusedByName() throws Exception {
        String name = "loop-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var rootfs = fx.rootfs();
        Files.createSymbolicLink(rootfs.resolve(name), java.nio.file.Path.of(name));
        var bundle = fx.bundle(c -> {
            ObjectNodes.mount(c, "/" + name + "/x", "tmpfs", "tmpfs");
            RuncFixture.args(c, "true");
        });
        var r = fx.run("run", "--bundle", bundle.toString(), fx.id());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("too many levels of symbolic links in /" + name + "/x"), r.toString());
    }

    /** A volume whose files belong to host uid and gid 1000 and 2000; the directory to 1000. */
    private java.nio.file.Path volume() throws Exception {
        var volume = Files.createDirectory(fx.dir.resolve("volume"));
        Files.createFile(volume.resolve("mine"));
        Files.createFile(volume.resolve("other"));
        for (var p : new java.nio.file.Path[] {volume, volume.resolve("mine")}) {
            Files.setAttribute(p, "unix:uid", 1000);
            Files.setAttribute(p, "unix:gid", 1000);
        }
        Files.setAttribute(volume.resolve("other"), "unix:uid", 2000);
        Files.setAttribute(volume.resolve("other"), "unix:gid", 2000);
        Files.setPosixFilePermissions(volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return volume;
    }

    @Test
    void anIdMappedBindMountShowsAndWritesOwnersThroughItsMaps() throws Exception {
        var volume = volume();
        String out = probe("stat -c '%n %u %g' /data/mine /data/other /data; touch /data/new;"
                + " grep ' /data ' /proc/self/mountinfo | grep -c idmapped", c -> {
                    var m = ObjectNodes.mount(c, "/data", "bind", volume.toString(), "bind");
                    for (String field : new String[] {"uidMappings", "gidMappings"}) {
                        m.putArray(field).addObject().put("containerID", 1000).put("hostID", 0).put("size", 1);
                    }
                });
        assertEquals("/data/mine 0 0\n/data/other 65534 65534\n/data 0 0\n1\n", out);
        assertEquals(1000, Files.getAttribute(volume.resolve("new"), "unix:uid"), "root's new file, on disk");
        assertEquals(1000, Files.getAttribute(volume.resolve("new"), "unix:gid"));
    }

    @Test
    void idMappedMountsThatCannotBeAreRefusedByPointer() throws Exception {
        var notBind = runFailing(c -> ObjectNodes.mount(c, "/scratch", "tmpfs", "tmpfs", "idmap"));
        assertEquals(1, notBind.code(), notBind.toString());
        assertTrue(notBind.err().contains("must be bind mounts"), notBind.toString());
        var oneMap = runFailing(c -> ObjectNodes.mount(c, "/data", "bind", fx.dir.toString(), "bind")
                .putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 1000).put("size", 1));
        assertEquals(1, oneMap.code(), oneMap.toString());
        assertTrue(oneMap.err().contains("gidMappings") && oneMap.err().contains("needs both"), oneMap.toString());
        var noUserNamespace = runFailing(c -> ObjectNodes.mount(c, "/data", "bind", fx.dir.toString(), "rbind", "ridmap"));
        assertEquals(1, noUserNamespace.code(), noUserNamespace.toString());
        assertTrue(noUserNamespace.err().contains("/linux/uidMappings"), noUserNamespace.toString());
        assertEquals("", fx.run("list", "-q").out(), "nothing was created");
    }

    @Test
    void aFilesystemThatCannotBeIdMappedIsNamed() throws Exception {
        // sysfs has no id-mapped mounts: the kernel's EINVAL becomes an error naming the source
        var r = runFailing(c -> {
            var m = ObjectNodes.mount(c, "/data", "bind", "/sys/kernel", "bind");
            for (String field : new String[] {"uidMappings", "gidMappings"}) {
                m.putArray(field).addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
            }
        });
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("the filesystem of /sys/kernel cannot be id-mapped"), r.toString());
        assertEquals("", fx.run("list", "-q").out(), "nothing was created");
    }

    @Test
    void defaultDevicesExistWithTheRightNumbers() throws Exception {
        String out = probe("stat -c '%n %t:%T %a' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty;"
                + " readlink /dev/fd; readlink /dev/stdin; readlink /dev/ptmx; readlink /dev/core || echo no-core");
        assertEquals("""
                /dev/null 1:3 666
                /dev/zero 1:5 666
                /dev/full 1:7 666
                /dev/random 1:8 666
                /dev/urandom 1:9 666
                /dev/tty 5:0 666
                /proc/self/fd
                /proc/self/fd/0
                pts/ptmx
                %s
                """.formatted(Files.exists(Path.of("/proc/kcore")) ? "/proc/kcore" : "no-core"), out,
                "/dev/core only where the kernel has /proc/kcore, as runc");
    }

    @Test
    void configuredDevicesAreCreated() throws Exception {
        String out = probe("stat -c '%n %t:%T %a %u:%g' /dev/fuse /dev/sub/loopx", c -> {
            var devices = RuncFixture.linux(c).putArray("devices");
            devices.addObject().put("path", "/dev/fuse").put("type", "c").put("major", 10).put("minor", 229)
                    .put("fileMode", 0600).put("uid", 0).put("gid", 0);
            devices.addObject().put("path", "/dev/sub/loopx").put("type", "b").put("major", 7).put("minor", 42)
                    .put("fileMode", 0640).put("uid", 7).put("gid", 6);
        });
        assertEquals("/dev/fuse a:e5 600 0:0\n/dev/sub/loopx 7:2a 640 7:6\n", out);
    }

    @Test
    void maskedAndReadOnlyPaths() throws Exception {
        // /proc/keys (a file) reads as /dev/null, /proc/acpi (a directory) as an empty tmpfs
        // a masked file is the container's own /dev/null (on its /dev tmpfs), as with runc, not
        // the host's from devtmpfs: the mount's filesystem type shows which one was bound
        String out = probe("wc -c < /proc/keys; stat -f -c %T /proc/acpi; ls /proc/acpi | wc -l;"
                + " (echo 1 > /proc/sys/kernel/domainname) 2>&1 | grep -c 'Read-only';"
                + " grep ' /proc/keys ' /proc/self/mountinfo | sed 's/.* - //' | cut -d' ' -f1");
        assertEquals("0\ntmpfs\n0\n1\ntmpfs\n", out);
    }

    @Test
    void readOnlyRoot() throws Exception {
        String out = probe("touch /file 2>&1 | grep -c 'Read-only'; touch /dev/shm/ok && echo tmpfs-ok",
                c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("root")).put("readonly", true));
        assertEquals("1\ntmpfs-ok\n", out);
    }

    @Test
    void noPivotStillJailsTheProcess() throws Exception {
        var bundle = fx.bundle("sh", "-c", "ls /bin/busybox && test ! -e /work && echo jailed");
        var r = fx.run("run", "--no-pivot", "--bundle", bundle.toString(), fx.id());
        assertEquals("/bin/busybox\njailed\n", r.out(), r.toString());
    }
}
