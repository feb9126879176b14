package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.runtime.seccomp.SeccompProgramStore;
import io.berth.testing.BusyboxRootfs;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's podman (with conmon) drives berth-runc through {@code podman --runtime}, on a busybox
 * --rootfs (no image pull), with its storage, run root and tmpdir in a temporary directory. The
 * flags that make podman work on this host at all: cgroupfs (no systemd), a file events backend,
 * explicit nofile/nproc ulimits (podman's defaults exceed the host's hard limits) and no network.
 * The runtime keeps its state in its default --root (/run/runc, /run/berth-runc): podman's cleanup
 * process does not pass --runtime-flag on, so a private runtime root would leak containers.
 */
@RequiresRoot
class PodmanIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** runc's default device cgroup allow-list, which podman leaves to the runtime. */
    private static final List<String> DEFAULT_DEVICE_RULES = List.of("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
            "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm");

    private Path dir;
    private Path rootfs;
    private final List<String> names = new ArrayList<>();
    private final List<String> runtimes = new ArrayList<>();

    private List<Path> cgroupParentsBefore;
    /** berth-runc's seccomp programs in its default root, which podman's containers add to. */
    private static final Path SECCOMP_STORE = Path.of("/run/berth-runc", SeccompProgramStore.DIRECTORY);
    private List<Path> seccompProgramsBefore;

    @BeforeEach
    void setUp() throws Exception {
        cgroupParentsBefore = EngineSupport.cgroupParents("libpod_parent");
        seccompProgramsBefore = seccompPrograms();
        dir = Files.createTempDirectory("berth-podman-it-");
        rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (String runtime : runtimes) {
                for (String name : names) {
                    var id = podman(runtime, "inspect", "--format", "{{.Id}}", name);
                    podman(runtime, "rm", "--force", "--time", "0", name);
                    if (id.code() == 0 && !id.out().isBlank()) { // in case podman lost track of it
                        EngineSupport.exec(dir, Duration.ofSeconds(60), List.of(runtime, "delete", "--force", id.out().strip()));
                    }
                }
            }
        } finally {
            EngineSupport.removeEngineDir(dir);
            EngineSupport.removeCgroupParents("libpod_parent", cgroupParentsBefore);
            removeSeccompProgramsAdded();
        }
    }

    private static List<Path> seccompPrograms() throws IOException {
        if (!Files.isDirectory(SECCOMP_STORE)) {
            return null;
        }
        try (var entries = Files.list(SECCOMP_STORE)) {
            return entries.toList();
        }
    }

    /** The programs this test's containers stored; the store itself too if the test made it. */
    private void removeSeccompProgramsAdded() throws IOException {
        List<Path> now = seccompPrograms();
        if (now == null) {
            return;
        }
        for (Path entry : now) {
            if (seccompProgramsBefore == null || !seccompProgramsBefore.contains(entry)) {
                Files.deleteIfExists(entry);
            }
        }
        if (seccompProgramsBefore == null) {
            try {
                Files.deleteIfExists(SECCOMP_STORE);
            } catch (DirectoryNotEmptyException othersStillThere) {
                // another run's containers stored programs meanwhile: theirs to remove
            }
        }
    }

    // --- setup checks with the real runc

    @Test
    void runcRunsAContainerSetupCheck() throws Exception {
        var r = run(EngineSupport.RUNC, List.of(), "echo hello; exit 3");
        assertEquals(3, r.code(), r.toString());
        assertEquals("hello\n", r.out(), r.toString());
    }

    @Test
    void runcDetachedStopRemoveSetupCheck() throws Exception {
        detachedStopRemove(EngineSupport.RUNC, List.of());
    }

    @Test
    void runcExecSetupCheck() throws Exception {
        execInRunningContainer(EngineSupport.RUNC);
    }

    // --- berth-runc

    @Test
    void berthRuncRunsAContainer() throws Exception {
        var r = run(EngineSupport.berthRunc(), List.of(), "echo hello; exit 3");
        assertEquals(3, r.code(), r.toString());
        assertEquals("hello\n", r.out(), r.toString());
    }

    @Test
    void berthRuncRunsAContainerWhenTheDefaultDevicesAreAllowedExplicitly() throws Exception {
        var r = run(EngineSupport.berthRunc(), deviceRules(), "echo hello; exit 3");
        assertEquals(3, r.code(), r.toString());
        assertEquals("hello\n", r.out(), r.toString());
    }

    @Test
    void berthRuncRunsAPrivilegedContainer() throws Exception {
        var r = run(EngineSupport.berthRunc(), List.of("--privileged"), "echo hello; exit 0");
        assertEquals(0, r.code(), r.toString());
        assertEquals("hello\n", r.out(), r.toString());
    }

    @Test
    void berthRuncDetachedStopRemove() throws Exception {
        detachedStopRemove(EngineSupport.berthRunc(), deviceRules());
    }

    @Test
    void berthRuncExec() throws Exception {
        execInRunningContainer(EngineSupport.berthRunc());
    }

    // --- scenarios

    @Test
    void berthRuncRunsAUserNamespacedContainerWithAnIdMappedVolume() throws Exception {
        // podman --uidmap: the container's root is host uid 200000, so the rootfs is chowned to it
        // as an engine's remapped storage would be; podman's own bind sources (hosts, hostname, shm)
        // sit in its 0700 directories, and the volume, owned by the host's root, is id-mapped
        Path userRootfs = BusyboxRootfs.create(dir.resolve("userns-rootfs"));
        var chown = EngineSupport.exec(dir, Duration.ofSeconds(60), List.of("chown", "-R", "200000:200000",
                userRootfs.toString()));
        assertEquals(0, chown.code(), chown.toString());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path volume = Files.createDirectories(dir.resolve("volume"));
        Files.setPosixFilePermissions(volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(volume.resolve("from-host"), "x");
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", newName()));
        args.addAll(containerOptions(List.of("--uidmap", "0:200000:65536", "--gidmap", "0:200000:65536",
                "-v", volume + ":/data:idmap")));
        args.addAll(List.of("--rootfs", userRootfs.toString(), "/bin/sh", "-c",
                "cat /proc/self/uid_map; stat -c '%u %g' /data/from-host; touch /data/from-container && exit 4"));
        var r = podman(EngineSupport.berthRunc(), args.toArray(String[]::new));
        // conmon waits for pid 1 itself: it saw 255 while pid 1 was unshare(1)'s child
        assertEquals(4, r.code(), "the container's exit status reaches podman: " + r);
        String[] lines = r.out().split("\n");
        assertEquals("0 200000 65536", lines[0].trim().replaceAll("\\s+", " "), r.toString());
        assertEquals("0 0", lines[1], "the host root's file is root's inside, through the mapping: " + r);
        assertEquals(0, Files.getAttribute(volume.resolve("from-container"), "unix:uid"),
                "and the container's root writes as the host's root");
    }

    private void detachedStopRemove(String runtime, List<String> extra) throws Exception {
        String name = startDetached(runtime, extra, "echo started; exec sleep 1000");
        var ps = podman(runtime, "ps", "--format", "{{.Names}}");
        assertEquals(0, ps.code(), ps.toString());
        assertTrue(ps.out().lines().anyMatch(name::equals), ps.toString());
        var running = podman(runtime, "inspect", "--format", "{{.State.Status}}", name);
        assertEquals("running", running.out().strip(), running.toString());
        assertTrue(EngineSupport.await(Duration.ofSeconds(10), () -> podman(runtime, "logs", name).out().equals("started\n")),
                podman(runtime, "logs", name).toString());

        var stop = podman(runtime, "stop", "--time", "1", name);
        assertEquals(0, stop.code(), stop.toString());
        var state = podman(runtime, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name);
        assertEquals("exited 137", state.out().strip(), state.toString()); // sleep as pid 1 ignores SIGTERM

        var rm = podman(runtime, "rm", name);
        assertEquals(0, rm.code(), rm.toString());
        var all = podman(runtime, "ps", "--all", "--format", "{{.Names}}");
        assertFalse(all.out().lines().anyMatch(name::equals), all.toString());
    }

    private void execInRunningContainer(String runtime) throws Exception {
        String name = startDetached(runtime, EngineSupport.RUNC.equals(runtime) ? List.of() : deviceRules(),
                "exec sleep 1000");
        var exec = podman(runtime, "exec", name, "/bin/sh", "-c", "echo from exec; exit 4");
        assertEquals(4, exec.code(), exec.toString());
        assertEquals("from exec\n", exec.out(), exec.toString());
    }

    // --- helpers

    private String newName() {
        String name = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
        names.add(name);
        return name;
    }

    private RuncFixture.Result run(String runtime, List<String> extra, String script) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", newName()));
        args.addAll(containerOptions(extra));
        args.addAll(List.of("--rootfs", rootfs.toString(), "/bin/sh", "-c", script));
        return podman(runtime, args.toArray(String[]::new));
    }

    private String startDetached(String runtime, List<String> extra, String script) {
        String name = newName();
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name));
        args.addAll(containerOptions(extra));
        args.addAll(List.of("--rootfs", rootfs.toString(), "/bin/sh", "-c", script));
        var r = podman(runtime, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        return name;
    }

    /** Options must come before --rootfs: everything after the rootfs path is the command. */
    private static List<String> containerOptions(List<String> extra) {
        List<String> options = new ArrayList<>(List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                "--network", "none"));
        options.addAll(extra);
        return options;
    }

    private static List<String> deviceRules() {
        List<String> rules = new ArrayList<>();
        for (String rule : DEFAULT_DEVICE_RULES) {
            rules.add("--device-cgroup-rule=" + rule);
        }
        return rules;
    }

    private RuncFixture.Result podman(String runtime, String... args) {
        if (!runtimes.contains(runtime)) {
            runtimes.add(runtime);
        }
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", runtime,
                "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("runroot").toString(),
                "--tmpdir", dir.resolve("tmp").toString(), "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return EngineSupport.exec(dir, TIMEOUT, command);
    }
}
