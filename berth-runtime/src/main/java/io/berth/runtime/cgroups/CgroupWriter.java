package io.berth.runtime.cgroups;

import io.berth.linux.Errno;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The executor for plans: one open + one write(2) per value (O_TRUNC, as runc, so fixture files
 * read back cleanly), because cgroup files take one value
 * per write and report rejection as the write's errno, which we must not lose.
 */
final class CgroupWriter {
    private CgroupWriter() {}

    static void write(Path dir, CgroupWrite w) {
        write(dir.resolve(w.file()), w.value());
    }

    static void write(Path file, String value) {
        try (Fd fd = FileCalls.open(file.toString(), FileCalls.O_WRONLY | FileCalls.O_TRUNC | FileCalls.O_CLOEXEC, 0)) {
            FileCalls.writeAll(fd, value.getBytes(StandardCharsets.UTF_8));
        } catch (SyscallException e) {
            String hint = e.is(Errno.ENOENT) ? " (no such control file: controller missing or not enabled)" : "";
            throw new CgroupException("cgroup: write \"" + value + "\" to " + file + ": "
                    + Errno.describe(e.errno()) + hint, e);
        }
    }
}
