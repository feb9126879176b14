package io.berth.storage.volume;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The e2fsprogs tools a disk image needs, run as child processes. */
final class E2fsprogs {
    // a daemon started by systemd or sudo often has no sbin directory in PATH
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    private E2fsprogs() {}

    /** An empty ext4 in {@code target}: inode tables and journal zeroed lazily, no blocks kept for root. */
    static void makeFileSystem(Path target) {
        run(0, "mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=1,lazy_journal_init=1", "-m", "0",
                target.toString());
    }

    /** e2fsck -f -p: resize2fs refuses an unmounted file system that was not just checked. */
    static void check(String target) {
        // 1 means errors were found and corrected, which still leaves a clean file system
        run(1, "e2fsck", "-f", "-p", target);
    }

    /** Grows the ext4 on {@code device} to fill it; online when the device is mounted. */
    static void resize(String device) {
        run(0, "resize2fs", device);
    }

    private static void run(int highestGoodExit, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(locate(tool).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.waitFor();
            if (exit > highestGoodExit) {
                throw new DiskImageException(String.join(" ", command) + " failed with exit status " + exit
                        + (output.isEmpty() ? "" : ": " + output));
            }
        } catch (IOException e) {
            throw new DiskImageException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskImageException("interrupted while running " + String.join(" ", command), e);
        }
    }

    static Path locate(String tool) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new DiskImageException(tool + " was not found in PATH or " + String.join(", ", SBIN)
                + ": size-capped volumes need e2fsprogs (install the e2fsprogs package)");
    }
}
