package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.berth.testing.BusyboxRootfs;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's Docker daemon (docker.io) drives berth-runc the way users configure it:
 * {@code dockerd --add-runtime berth=.../bin/berth-runc} and {@code docker run --runtime berth}.
 * Each test starts a private containerd (as in {@link ContainerdIT}) and a private dockerd on it,
 * everything under one temporary directory: dockerd's --data-root, --exec-root (where the runtime's
 * --root lives: exec-root/runtime-runc/moby, shared by every runtime), --pidfile and socket, its
 * config file, the client's --config, and containerd's root, state (the bundles, with the runtime's
 * log.json) and socket. No host networking changes (--bridge=none, no iptables, ip forwarding or
 * masquerading), containers under a cgroup parent of their own, and the image is a busybox rootfs
 * brought in with {@code docker import} (no registry).
 *
 * <p>Things dockerd does outside those roots, and how the test undoes them: it creates
 * /run/docker/plugins (hard-coded; removed afterwards if it was not there before), and it would
 * write /etc/docker/key.json unless the config file names another path (deprecated-key-path).
 * dockerd refuses to register a runtime called "runc" (reserved for its built-in one), so the
 * reference runc is registered as "runc-ref" with the same --add-runtime flag; its scenarios run
 * as setup checks, so a failure there points at the host, not at berth-runc.
 */
@RequiresRoot
class DockerdIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** docker.io's binaries by absolute path: another docker CLI may come first in PATH. */
    private static final String DOCKERD = "/usr/sbin/dockerd";
    private static final String DOCKER = "/usr/bin/docker";
    private static final String BERTH = "berth";
    private static final String RUNC_REF = "runc-ref";
    private static final String IMAGE = "berth-it-busybox:latest";
    /** Docker's 14 default capabilities (CHOWN ... AUDIT_WRITE) as /proc/PID/status prints them. */
    private static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";
    private static final Path RUN_DOCKER = Path.of("/run/docker");
    private static final Path RUN_DOCKER_PLUGINS = RUN_DOCKER.resolve("plugins");

    /**
     * Why the berth-runc scenarios are disabled. Docker puts linux.resources.blockIO.weight = 0 in
     * every container's config.json (and in the resources of `docker update`): HostConfig.BlkioWeight
     * defaults to 0 and is always copied. runc (libcontainer) treats 0 as "not set" and writes
     * nothing; berth-runc's BlkioController.checkWeight only skips null and refuses the container.
     */

    private Path dir;
    private Path socket;
    private Path dockerdLog;
    private String cgroupParent;
    private PrivateContainerd containerd;
    private Process dockerd;
    private boolean runDockerExisted;
    private boolean runDockerPluginsExisted;
    private final List<String> names = new ArrayList<>();

    @BeforeEach
    void startDockerd() throws Exception {
        runDockerExisted = Files.exists(RUN_DOCKER);
        runDockerPluginsExisted = Files.exists(RUN_DOCKER_PLUGINS);
        dir = Files.createTempDirectory("berth-dockerd-it-");
        cgroupParent = "berth-dockerd-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        containerd = PrivateContainerd.start(dir);

        socket = dir.resolve("docker.sock");
        dockerdLog = dir.resolve("dockerd.log");
        Path config = dir.resolve("daemon.json");
        Files.writeString(config, "{\"deprecated-key-path\": \"%s\"}\n".formatted(dir.resolve("key.json")));
        dockerd = new ProcessBuilder(DOCKERD, "--config-file", config.toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + socket,
                "--containerd", containerd.socket().toString(),
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
                "--cgroup-parent", "/" + cgroupParent,
                "--add-runtime", BERTH + "=" + berthRunc(), "--add-runtime", RUNC_REF + "=" + EngineSupport.RUNC)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(dockerdLog.toFile())
                .start();
        boolean up = EngineSupport.await(Duration.ofSeconds(60),
                () -> dockerd.isAlive() && Files.exists(socket) && docker("info").code() == 0);
        if (!up) {
            fail("dockerd did not come up on " + socket + "\n" + Files.readString(dockerdLog));
        }

        Path tar = dir.resolve("rootfs.tar");
        var pack = EngineSupport.exec(dir, TIMEOUT, List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
        assertEquals(0, pack.code(), pack.toString());
        var imported = docker("import", tar.toString(), IMAGE);
        assertEquals(0, imported.code(), diagnostics(imported));
    }

    @AfterEach
    void stopDockerd() throws Exception {
        try {
            if (dockerd != null && dockerd.isAlive()) {
                for (String name : names) { // through dockerd, so that it stops what it started
                    docker("rm", "--force", name);
                }
            }
        } finally {
            try {
                stop(dockerd, Duration.ofSeconds(30));
                if (containerd != null && containerd.alive()) {
                    // tasks a dead dockerd left behind: all of this private containerd's are ours
                    for (String id : ctr("--namespace", "moby", "task", "list", "--quiet").out().lines().toList()) {
                        ctr("--namespace", "moby", "task", "kill", "--signal", "SIGKILL", id);
                        ctr("--namespace", "moby", "task", "delete", "--force", id);
                    }
                }
            } finally {
                if (containerd != null) {
                    containerd.stop();
                }
                if (dir != null) {
                    EngineSupport.removeEngineDir(dir);
                }
                if (cgroupParent != null) {
                    EngineSupport.removeCgroupParents(cgroupParent, List.of());
                }
                if (!runDockerPluginsExisted) {
                    deleteIfEmpty(RUN_DOCKER_PLUGINS);
                }
                if (!runDockerExisted) {
                    deleteIfEmpty(RUN_DOCKER);
                }
            }
        }
    }

    // --- setup checks with the real runc

    @Test
    void runcRunsAContainerSetupCheck() throws Exception {
        var r = run(RUNC_REF, "sh", "-c", "echo hello; exit 3");
        assertEquals(3, r.code(), diagnostics(r));
        assertEquals("hello\n", r.out(), diagnostics(r));
    }

    @Test
    void runcDetachedExecStopRemoveSetupCheck() throws Exception {
        detachedExecStopRemove(RUNC_REF, EngineSupport.RUNC);
    }

    @Test
    void runcAppliesDockersDefaultCapabilitiesAndSeccompSetupCheck() throws Exception {
        defaultCapabilitiesAndSeccomp(RUNC_REF);
    }

    // --- berth-runc

    @Test
    void berthRuncRunsAContainer() throws Exception {
        var r = run(BERTH, "sh", "-c", "echo hello; exit 3");
        assertEquals(3, r.code(), diagnostics(r));
        assertEquals("hello\n", r.out(), diagnostics(r));
    }

    @Test
    void berthRuncDetachedExecStopRemove() throws Exception {
        detachedExecStopRemove(BERTH, berthRunc());
    }

    @Test
    void berthRuncAppliesDockersDefaultCapabilitiesAndSeccomp() throws Exception {
        defaultCapabilitiesAndSeccomp(BERTH);
    }

    // --- scenarios

    private void detachedExecStopRemove(String runtime, String binary) throws Exception {
        String name = newName();
        var started = docker("run", "--detach", "--name", name, "--runtime", runtime, IMAGE,
                "sh", "-c", "echo started; exec sleep 1000");
        assertEquals(0, started.code(), diagnostics(started));
        String id = started.out().strip();

        var running = docker("inspect", "--format", "{{.State.Status}} {{.HostConfig.Runtime}} {{.Id}}", name);
        assertEquals("running " + runtime + " " + id, running.out().strip(), diagnostics(running));
        long pid = Long.parseLong(docker("inspect", "--format", "{{.State.Pid}}", name).out().strip());
        assertTrue(pid > 0, "pid " + pid);
        assertTrue(EngineSupport.await(Duration.ofSeconds(10), () -> docker("logs", name).out().equals("started\n")),
                diagnostics(docker("logs", name)));
        // dockerd's cgroupfs driver asks for /<cgroup-parent>/<id> in every hierarchy
        List<String> cgroups = EngineSupport.cgroupsOf(pid);
        assertFalse(cgroups.isEmpty());
        for (String line : cgroups) {
            assertTrue(line.endsWith(":/" + cgroupParent + "/" + id), "not in its cgroup: " + line + "\nall: " + cgroups);
        }

        // the runtime's own view of the container dockerd made through containerd
        var state = EngineSupport.exec(dir, TIMEOUT, List.of(binary, "--root", runtimeRoot().toString(), "state", id));
        assertEquals(0, state.code(), state.toString());
        var json = RuncFixture.JSON.readTree(state.out());
        assertEquals("running", json.get("status").asText(), state.toString());
        assertEquals(pid, json.get("pid").asLong(), state.toString());

        var exec = docker("exec", name, "/bin/sh", "-c", "echo from exec; exit 4");
        assertEquals(4, exec.code(), diagnostics(exec));
        assertEquals("from exec\n", exec.out(), diagnostics(exec));

        var stop = docker("stop", "--time", "1", name);
        assertEquals(0, stop.code(), diagnostics(stop));
        var stopped = docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name);
        assertEquals("exited 137", stopped.out().strip(), diagnostics(stopped)); // sleep as pid 1 ignores SIGTERM

        var rm = docker("rm", name);
        assertEquals(0, rm.code(), diagnostics(rm));
        var all = docker("ps", "--all", "--format", "{{.Names}}");
        assertEquals(0, all.code(), diagnostics(all));
        assertFalse(all.out().lines().anyMatch(name::equals), diagnostics(all));
        var runtimeList = EngineSupport.exec(dir, TIMEOUT, List.of(binary, "--root", runtimeRoot().toString(), "list", "-q"));
        assertFalse(runtimeList.out().contains(id), runtimeList.toString());
    }

    private void defaultCapabilitiesAndSeccomp(String runtime) {
        var r = run(runtime, "cat", "/proc/self/status");
        assertEquals(0, r.code(), diagnostics(r));
        List<String> status = r.out().lines().toList();
        for (String set : List.of("CapPrm", "CapEff", "CapBnd")) {
            assertTrue(status.contains(set + ":\t" + DOCKER_DEFAULT_CAPS), set + " " + diagnostics(r));
        }
        assertTrue(status.contains("CapAmb:\t0000000000000000"), diagnostics(r));
        assertTrue(status.contains("NoNewPrivs:\t0"), diagnostics(r));
        assertTrue(status.contains("Seccomp:\t2"), diagnostics(r)); // filter mode: Docker's default profile
    }

    // --- helpers

    private static String berthRunc() {
        return Path.of(EngineSupport.berthRunc()).toAbsolutePath().normalize().toString();
    }

    private String newName() {
        String name = "berth-it-" + UUID.randomUUID().toString().substring(0, 8);
        names.add(name);
        return name;
    }

    /** dockerd gives every io.containerd.runc.v2 runtime the same --root, whatever its name. */
    private Path runtimeRoot() {
        return dir.resolve("exec/runtime-runc/moby");
    }

    private RuncFixture.Result run(String runtime, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", newName(), "--runtime", runtime, IMAGE));
        args.addAll(List.of(command));
        return docker(args.toArray(String[]::new));
    }

    private RuncFixture.Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of(DOCKER, "--config", dir.resolve("cli").toString(),
                "-H", "unix://" + socket));
        command.addAll(List.of(args));
        return EngineSupport.exec(dir, TIMEOUT, command);
    }

    private RuncFixture.Result ctr(String... args) {
        return containerd.ctr(TIMEOUT, args);
    }

    /** SIGTERM to a daemon this test started, then SIGKILL if it has not exited in time. */
    private static void stop(Process daemon, Duration grace) throws InterruptedException {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        if (!daemon.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            daemon.destroyForcibly();
            daemon.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static void deleteIfEmpty(Path d) throws IOException {
        try {
            Files.delete(d);
        } catch (NoSuchFileException | DirectoryNotEmptyException e) {
            // gone already, or in use by another daemon now: leave it
        }
    }

    /** The result plus the tails of dockerd's and containerd's logs and the runtime's log.json files. */
    private String diagnostics(RuncFixture.Result r) {
        StringBuilder b = new StringBuilder(r.toString());
        try {
            tail(b, "dockerd", dockerdLog, 40);
            if (containerd != null) {
                containerd.appendDiagnostics(b, "moby", 20);
            }
        } catch (IOException e) {
            b.append("(").append(e).append(")\n");
        }
        return b.toString();
    }

    private static void tail(StringBuilder b, String what, Path log, int count) throws IOException {
        b.append("--- ").append(what).append(" log (tail)\n");
        if (log != null && Files.exists(log)) {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - count), lines.size()).forEach(l -> b.append(l).append('\n'));
        }
    }
}
