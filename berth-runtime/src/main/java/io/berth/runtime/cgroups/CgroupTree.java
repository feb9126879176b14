package io.berth.runtime.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Walks a cgroup directory and its descendants: listing processes, removing leaf-first. */
final class CgroupTree {
    // rmdir is refused (EBUSY) until the last task has left, which lags its exit a little
    private static final long RMDIR_PATIENCE_MS = 2_000;

    private CgroupTree() {}

    /** The directory and all descendant cgroups, deepest first; empty if it does not exist. */
    static List<Path> leafFirst(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isDirectory)
                    .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount())).toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cgroup: walking " + dir, e);
        }
    }

    static List<Integer> pids(Path dir) {
        List<Integer> pids = new ArrayList<>();
        for (Path cgroup : leafFirst(dir).reversed()) {
            new CgroupFiles(cgroup).read("cgroup.procs").ifPresent(text ->
                    text.lines().filter(l -> !l.isBlank()).forEach(l -> pids.add(Integer.parseInt(l.strip()))));
        }
        return pids;
    }

    /** Removes {@code dir} and its descendants; a missing directory is already done. */
    static void remove(Path dir) {
        remove(dir, deadline());
    }

    /** As {@link #remove(Path)}, with a deadline shared by the hierarchies of one v1 cgroup. */
    static void remove(Path dir, long deadline) {
        for (Path cgroup : leafFirst(dir)) {
            removeOne(cgroup, deadline);
        }
    }

    static long deadline() {
        return System.currentTimeMillis() + RMDIR_PATIENCE_MS;
    }

    private static void removeOne(Path cgroup, long deadline) {
        long pause = 5;
        while (true) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new CgroupException("cgroup: rmdir " + cgroup + ": " + e.getMessage()
                            + " (processes still inside: " + pids(cgroup) + ")", e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 100);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("cgroup: interrupted while waiting", e);
        }
    }
}
