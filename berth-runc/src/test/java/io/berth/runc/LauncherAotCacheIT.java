package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bin/berth-runc starts each command with an AOT cache the JVM accepts: the command's own where
 * the build made one (AotCommandCaches), the full one otherwise. A cache the JVM rejects (made
 * with other options, or for another jar) would only make every command slower, silently. So
 * would a call site of Berth's the cache does not hold linked (a pattern switch, a record's
 * hashCode, an untrained lambda): 1-10 ms each in a fresh JVM.
 */
class LauncherAotCacheIT extends ContainerTest {
    private static final Pattern CACHE = Pattern.compile("-XX:AOTCache=\\S*/(berth-runc[a-z-]*\\.aot)");
    private static final Pattern INIT_CACHE = Pattern.compile("-Dberth\\.aot\\.cache=\\S*/(berth-runc[a-z-]*\\.aot)");
    /** What java.lang.invoke prints, on stdout, as it links a call site at run time. */
    private static final Pattern FROM_JAR = Pattern.compile("(?m) (io\\.berth\\S*) source: (?:file|jar):");
    private static final Pattern LINKED = Pattern.compile("(?m)^linkCallSite (io\\.berth\\S*)");

    @Test
    void eachCommandStartsWithItsOwnCacheOrTheFullOne() throws Exception {
        Path target = Path.of(RuncFixture.launcher()).getParent().resolveSibling("berth-runc/target");
        assumeTrue(Files.exists(target.resolve("berth-runc-run.aot")),
                "the build made no per-command caches (it needs root and busybox-static)");
        var exits = fx.bundle("true");
        // as Docker's, podman's and Kubernetes' containers come: under a seccomp filter
        var profile = RuncFixture.JSON.readTree(getClass().getResource("aot-training-seccomp.json"));
        // exec into it reads the program create kept
        var sleeps = fx.bundle(c -> {
            RuncFixture.args(c, "sleep", "30");
            RuncFixture.linux(c).set("seccomp", profile);
        });
        var confined = fx.bundle(c -> {
            RuncFixture.args(c, "true");
            RuncFixture.linux(c).set("seccomp", profile);
        });
        Path calls = fx.dir.resolve("java-calls");
        Path java = fx.dir.resolve("java");
        // records each call, and logs where its classes came from, which it initializes (placed
        // before -cp, after the launcher's -Xlog:disable) and each call site it links;
        // -XX:AOTMode=on makes a cache the JVM cannot map an error
        Files.writeString(java, """
                #!/bin/sh
                echo "$*" >> %1$s
                n=$(wc -l < %1$s)
                for a; do
                    shift
                    [ "$a" = -cp ] && set -- "$@" -Xlog:class+load=info,class+init=info:file=%1$s.$n \\
                        -Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true
                    set -- "$@" "$a"
                done
                exec %2$s -XX:AOTMode=on "$@"
                """.formatted(calls, Path.of(System.getProperty("java.home"), "bin", "java")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx.env.put("BERTH_JAVA", java.toString());

        String stopped = fx.id();
        String running = fx.id();
        List<String[]> commands = List.of(
                new String[] {"run", "--bundle", exits.toString(), fx.id()},
                new String[] {"run", "--bundle", confined.toString(), fx.id()},
                // the same profile again: its program is read from the store under --root
                new String[] {"run", "--bundle", confined.toString(), fx.id()},
                new String[] {"create", "--bundle", exits.toString(), stopped},
                new String[] {"state", stopped},
                new String[] {"start", stopped},
                new String[] {"run", "--detach", "--bundle", sleeps.toString(), running},
                new String[] {"exec", running, "true"},
                new String[] {"kill", running, "KILL"},
                new String[] {"delete", "--force", running},
                new String[] {"list"},
                new String[] {"--log-format", "json", "delete", "--force", stopped});
        List<String> linked = new ArrayList<>();
        for (String[] command : commands) {
            var r = fx.run(command);
            assertEquals(0, r.code(), String.join(" ", command) + ": " + r);
            Matcher m = LINKED.matcher(r.out());
            while (m.find()) {
                linked.add(String.join(" ", command) + ": " + m.group(1));
            }
        }
        assertEquals(List.of(), linked, "Berth's call sites linked at run time, not taken from the AOT cache");

        List<String> expected = List.of("berth-runc-run.aot", "berth-runc-run.aot", "berth-runc-run.aot", "berth-runc-create.aot",
                "berth-runc-state.aot",
                "berth-runc-start.aot", "berth-runc-run.aot", "berth-runc-exec.aot", "berth-runc-kill.aot",
                "berth-runc-delete.aot", "berth-runc.aot", "berth-runc-delete.aot");
        List<String> used = new ArrayList<>();
        List<String> notCached = new ArrayList<>();
        List<String> parsedJson = new ArrayList<>();
        List<String> lines = Files.readAllLines(calls);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            used.add(group(CACHE.matcher(line), line));
            assertEquals("berth-runc.aot", group(INIT_CACHE.matcher(line), line), "the init stage's cache: " + line);
            // a cache made for another jar is mapped all the same, and only the JDK's classes come from it
            String loaded = Files.readString(Path.of(calls + "." + (i + 1)));
            assertTrue(loaded.contains(" io.berth.runc.Main source: shared objects file"),
                    "berth-runc's classes come from the cache: " + line);
            // one class from the jar means opening it, ~5 ms (the exit path's were, once)
            String commandLine = line.substring(line.indexOf("io.berth.runc.Main"));
            Matcher fromJar = FROM_JAR.matcher(loaded);
            while (fromJar.find()) {
                notCached.add(commandLine + ": " + fromJar.group(1));
            }
            // the commands that read only the container record parse no JSON: jackson-core's
            // parser initializes BigDecimal, whose JDK 25 class initializer costs ~11 ms
            String verb = Main.verb(commandLine.substring("io.berth.runc.Main ".length()).split(" "));
            if (List.of("state", "start", "kill", "delete").contains(verb)
                    && loaded.contains("Initializing 'java/math/BigDecimal'")) {
                parsedJson.add(commandLine);
            }
        }
        assertEquals(List.of(), notCached, "Berth's classes loaded from the jar, not from the AOT cache");
        assertEquals(List.of(), parsedJson, "commands that initialized BigDecimal (parsed JSON)");
        assertEquals(expected, used);
    }

    private static String group(Matcher m, String line) {
        return m.find() ? m.group(1) : "none in: " + line;
    }
}
