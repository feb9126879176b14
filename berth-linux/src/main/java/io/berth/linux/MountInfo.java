package io.berth.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One line of /proc/PID/mountinfo (proc_pid_mountinfo(5)). Paths are unescaped: the kernel
 * writes space, tab, newline and backslash as \ooo octal.
 */
public record MountInfo(int mountId, int parentId, int major, int minor, String root, String mountPoint,
        String options, String fsType, String source, String superOptions) {

    /** The mount table of the calling thread's mount namespace. */
    public static List<MountInfo> readSelf() {
        Path file = Path.of("/proc/thread-self/mountinfo");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    public static List<MountInfo> parse(String mountinfo) {
        return mountinfo.lines().filter(l -> !l.isBlank()).map(MountInfo::parseLine).toList();
    }

    static MountInfo parseLine(String line) {
        String[] f = line.split(" ");
        int separator = List.of(f).indexOf("-");
        if (separator < 6 || separator + 2 >= f.length) {
            throw new IllegalArgumentException("not a mountinfo line: " + line);
        }
        String[] device = f[2].split(":");
        return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(device[0]),
                Integer.parseInt(device[1]), unescape(f[3]), unescape(f[4]), f[5], f[separator + 1],
                unescape(f[separator + 2]), separator + 3 < f.length ? f[separator + 3] : "");
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
