package io.berth.runc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.runtime.init.SyncMessage;
import io.berth.runtime.spec.DefaultSpec;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build's training run for the AOT cache: exercises the command line and the code the
 * init stage runs (parsing, validation, sync messages), and exits normally, as
 * -XX:AOTCacheOutput requires. Built as root on a host with busybox-static, it also runs a
 * real container (run, then create/state/start/kill/delete): the classes, lambdas and method
 * handles of that path are then cached too, which takes ~100 ms off each create.
 */
final class AotTraining {
    /** Docker's default profile for amd64 without added capabilities, in OCI's linux.seccomp shape. */
    private static final String SECCOMP_PROFILE = "aot-training-seccomp.json";

    private AotTraining() {}

    static void run(Path work) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        if (System.getenv("BERTH_AOT_TRAINING_OUTPUT") == null) { // set it to see what the commands print
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        try {
            deleteTree(work); // what earlier builds' training runs left
            Files.createDirectories(work);
            Path bundle = Files.createTempDirectory(work, "bundle");
            Files.deleteIfExists(bundle.resolve("config.json"));
            Main.execute("spec", "--bundle", bundle.toString());
            var spec = SpecReader.read(bundle.resolve("config.json"));
            SpecValidator.validate(spec);
            String json = SpecReader.mapper().writeValueAsString(spec);
            SpecReader.parse(json.getBytes());
            for (SyncMessage m : new SyncMessage[] {new SyncMessage.Ready(), new SyncMessage.Warm(), new SyncMessage.HooksDone(),
                    new SyncMessage.RunHooks("createRuntime"), new SyncMessage.Failure("x"),
                    new SyncMessage.Bootstrap("/", "/", "{}", 3, -1, 0, false, true, false, "x", new byte[8], 0, List.of(1))}) {
                SpecReader.mapper().readValue(SpecReader.mapper().writeValueAsBytes(m), SyncMessage.class);
            }
            Path root = Files.createTempDirectory(work, "root");
            Main.execute("--root", root.toString(), "list");
            Main.execute("--root", root.toString(), "state", "absent");
            Main.execute("features");
            // the FFM calls every command makes, so their classes and method handles are cached;
            // none of them changes anything
            io.berth.linux.Processes.tid();
            io.berth.linux.Processes.pid();
            io.berth.linux.FileCalls.umask(io.berth.linux.FileCalls.umask(022));
            io.berth.linux.Prctl.noNewPrivileges();
            try (io.berth.linux.Fd fd = io.berth.linux.FileCalls.open(bundle.toString(),
                    io.berth.linux.FileCalls.O_PATH | io.berth.linux.FileCalls.O_DIRECTORY
                            | io.berth.linux.FileCalls.O_CLOEXEC, 0)) {
                io.berth.linux.FileCalls.readlink(fd.procPath());
            }
            containerLifecycle(work);
            for (String name : new String[] {"io.berth.runtime.init.InitStage", "io.berth.runtime.init.ExecStage", "io.berth.runtime.init.ConsoleSetup", "io.berth.runtime.init.RootfsSetup",
                    "io.berth.runtime.init.RootfsPaths", "io.berth.runtime.init.DeviceNodes",
                    "io.berth.runtime.init.ProcessSetup", "io.berth.runtime.init.ExecutableLookup",
                    "io.berth.runtime.init.CgroupMountPlan", "io.berth.runtime.hooks.HookRunner",
                    "io.berth.linux.Mounts", "io.berth.linux.Terminals", "io.berth.linux.ThreadCredentials",
                    "io.berth.linux.HostNames", "io.berth.linux.Signals", "io.berth.linux.Processes"}) {
                Class.forName(name, true, AotTraining.class.getClassLoader());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * The recording JVM of {@link AotCommandCaches}: runs each command line (arguments joined
     * by newlines) and returns, so that the JVM ends normally and writes its cache.
     */
    static void replay(String[] commandLines) {
        for (String line : commandLines) {
            Main.execute(line.split("\n"));
        }
        io.berth.linux.Processes.downcallLinked(); // Main's way out, short of exiting
    }

    /** Whether this build can run a real container: root, and a busybox that needs no libraries. */
    static boolean canRunContainers() {
        return "root".equals(System.getProperty("user.name")) && isStatic(BUSYBOX);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static final Path BUSYBOX = Path.of("/bin/busybox");

    /** Best effort: a build that cannot create containers gets a cache without this path. */
    private static void containerLifecycle(Path work) throws IOException {
        if (!canRunContainers()) {
            return;
        }
        Path bundle = Files.createTempDirectory(work, "lifecycle");
        Path rootfs = busyboxRootfs(bundle.resolve("rootfs"));
        writeConfig(bundle, rootfs, "true");
        Path sleeper = Files.createTempDirectory(work, "sleeper");
        writeConfig(sleeper, rootfs, "sleep", "60");
        confine(sleeper);
        Path confined = Files.createTempDirectory(work, "confined");
        writeConfig(confined, rootfs, "true");
        confine(confined);
        String root = Files.createTempDirectory(work, "state").toString();
        String id = "berth-aot-training-" + ProcessHandle.current().pid();
        String b = bundle.toString();
        Main.execute("--root", root, "run", "--bundle", b, id);
        Main.execute("--root", root, "run", "--bundle", confined.toString(), id);
        Main.execute("--root", root, "create", "--bundle", b, id);
        Main.execute("--root", root, "state", id);
        Main.execute("--root", root, "exec", id, "/bin/busybox", "true");
        Main.execute("--root", root, "start", id);
        Main.execute("--root", root, "kill", id, "KILL");
        Main.execute("--root", root, "delete", "--force", id);
        Main.execute("--root", root, "create", "--bundle", b, id);
        Main.execute("--root", root, "delete", "--force", id);
        // what engines do to a running container: its status reads the freezer, exec joins it
        Main.execute("--root", root, "run", "--detach", "--bundle", sleeper.toString(), id);
        Main.execute("--root", root, "state", id);
        Main.execute("--root", root, "list");
        Main.execute("--root", root, "list", "--format", "json");
        Main.execute("--root", root, "exec", id, "/bin/busybox", "true");
        Main.execute("--root", root, "pause", id);
        Main.execute("--root", root, "resume", id);
        Main.execute("--root", root, "ps", "--format", "json", id);
        Main.execute("--root", root, "update", "--pids-limit", "1000", id);
        Main.execute("--root", root, "events", "--stats", id);
        Main.execute("--root", root, "kill", id, "KILL");
        Main.execute("--root", root, "delete", "--force", id);
    }

    /** {@code rootfs} as a root filesystem of busybox-static alone: all a {@link #writeConfig} bundle needs. */
    static Path busyboxRootfs(Path rootfs) throws IOException {
        Files.copy(BUSYBOX, Files.createDirectories(rootfs.resolve("bin")).resolve("busybox"));
        return rootfs;
    }

    /**
     * A busybox bundle's config.json running {@code args} on {@code rootfs}. busybox is named
     * without its directory, as images name their commands, so the $PATH lookup is trained too.
     */
    static void writeConfig(Path bundle, Path rootfs, String... args) throws IOException {
        var spec = DefaultSpec.create();
        var process = spec.process();
        List<String> argv = new java.util.ArrayList<>(List.of("busybox"));
        argv.addAll(List.of(args));
        process = new io.berth.runtime.spec.Process(false, null, process.user(), argv, null, process.env(),
                process.cwd(), process.capabilities(), process.rlimits(), true, null, null, null, null, null, null);
        spec = new io.berth.runtime.spec.Spec(spec.ociVersion(), process,
                new io.berth.runtime.spec.Root(rootfs.toString(), false), spec.hostname(), null, spec.mounts(), null,
                spec.annotations(), spec.linux());
        Files.write(bundle.resolve("config.json"), SpecReader.mapper().writeValueAsBytes(spec));
    }

    /**
     * Confines a {@link #writeConfig} bundle's process with a seccomp profile in the shape of
     * Docker's default (an allow list, ERRNO otherwise, clone3 ENOSYS, argument filters), as
     * Docker, podman and Kubernetes' RuntimeDefault give theirs: so that compiling a filter with
     * libseccomp, ~15 ms of lambdas and method handles, is trained too.
     */
    static void confine(Path bundle) throws IOException {
        var mapper = SpecReader.mapper();
        Path config = bundle.resolve("config.json");
        var tree = (ObjectNode) mapper.readTree(config.toFile());
        try (var profile = AotTraining.class.getResourceAsStream(SECCOMP_PROFILE)) {
            if (profile == null) {
                throw new IOException("the jar lacks " + SECCOMP_PROFILE);
            }
            ((ObjectNode) tree.get("linux")).set("seccomp", mapper.readTree(profile));
        }
        mapper.writeValue(config.toFile(), tree);
    }

    /** A statically linked ELF (busybox-static), which runs in a rootfs with nothing else. */
    private static boolean isStatic(Path file) {
        try {
            byte[] elf = Files.readAllBytes(file);
            return new String(elf, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("/lib64/ld-linux") < 0
                    && elf.length > 4 && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
