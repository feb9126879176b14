package io.berth.runtime.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's start time and state from /proc/PID/stat (proc(5)). */
public final class ProcessIdentity {
    private ProcessIdentity() {}

    /** Field 22, starttime in clock ticks since boot; -1 if the process does not exist. */
    public static long startTime(int pid) {
        String[] fields = fields(pid);
        return fields == null ? -1 : Long.parseLong(fields[19]);
    }

    /** Field 3, the state letter (R, S, D, Z, T, ...); 0 if the process does not exist. */
    public static char state(int pid) {
        String[] fields = fields(pid);
        return fields == null ? 0 : fields[0].charAt(0);
    }

    /** Whether {@code pid} is still the process that started at {@code startTime} and not a zombie. */
    public static boolean isAlive(int pid, long startTime) {
        String[] fields = fields(pid);
        return fields != null && Long.parseLong(fields[19]) == startTime && fields[0].charAt(0) != 'Z'
                && fields[0].charAt(0) != 'X';
    }

    /** The fields after "(comm)"; index 0 is field 3. */
    private static String[] fields(int pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
