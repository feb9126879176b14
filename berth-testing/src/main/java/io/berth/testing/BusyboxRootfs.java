package io.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal root filesystem made from Debian's busybox-static: /bin/busybox plus a symlink per
 * applet, and the usual top-level directories. Good enough to probe a container from inside.
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    public static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    public static final String GROUP = "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n";
    /** The top-level directories a container expects to find. */
    public static final List<String> DIRECTORIES =
            List.of("bin", "dev", "etc", "proc", "sys", "tmp", "root", "home", "var", "run", "usr/bin");

    private BusyboxRootfs() {}

    public static Path create(Path rootfs) throws IOException {
        requireBusybox();
        for (String dir : DIRECTORIES) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : applets()) {
            Path link = rootfs.resolve("bin").resolve(applet);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
        Files.writeString(rootfs.resolve("etc/group"), GROUP);
        Files.setPosixFilePermissions(rootfs.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        return rootfs;
    }

    public static void requireBusybox() {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: install the busybox-static package");
        }
    }

    /** The applet names busybox answers to, each of which the rootfs links to /bin/busybox. */
    public static List<String> applets() throws IOException {
        requireBusybox();
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("busybox --list failed: " + out);
            }
            return out.lines().filter(l -> !l.isBlank() && !l.equals("busybox")).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
