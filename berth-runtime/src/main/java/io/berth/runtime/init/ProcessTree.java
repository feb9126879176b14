package io.berth.runtime.init;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parent/child relations from /proc (proc(5)). */
final class ProcessTree {
    private ProcessTree() {}

    /** A child of {@code pid}, or -1 if it has none (yet). */
    static int firstChild(int pid) {
        Path children = Path.of("/proc", Integer.toString(pid), "task", Integer.toString(pid), "children");
        try {
            String list = Files.readString(children).trim();
            return list.isEmpty() ? -1 : Integer.parseInt(list.split(" ")[0]);
        } catch (IOException e) {
            return scan(pid); // kernels without CONFIG_PROC_CHILDREN
        }
    }

    private static int scan(int parent) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Integer.parseInt(fields[1]) == parent) {
                        return Integer.parseInt(p.getFileName().toString());
                    }
                } catch (IOException | RuntimeException e) {
                    // the process went away while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
