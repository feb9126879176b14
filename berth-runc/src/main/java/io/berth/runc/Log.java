package io.berth.runc;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * runc-style logging: text to stderr, or to --log in text or JSON lines, which is where
 * containerd and podman look for the reason a command failed.
 */
final class Log {
    private final Path file;
    private final boolean json;
    private final boolean debug;

    Log(Path file, String format, boolean debug) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("invalid log-format: " + format);
        }
        this.file = file;
        this.json = format.equals("json");
        this.debug = debug;
    }

    void error(String message) {
        write("error", message);
        if (file != null) {
            // callers without a log file reader still see the error, as with runc
            System.err.println("berth-runc: " + message);
        }
    }

    void warn(String message) {
        write("warning", message);
    }

    void debug(String message) {
        if (debug) {
            write("debug", message);
        }
    }

    private void write(String level, String message) {
        String line = json
                ? "{\"level\":\"" + level + "\",\"msg\":" + quote(message) + ",\"time\":\"" + Instant.now() + "\"}"
                : (file == null ? "berth-runc: " + (level.equals("error") ? "" : level + ": ") + message
                        : "time=\"" + Instant.now() + "\" level=" + level + " msg=" + quote(message));
        if (file == null) {
            PrintStream err = System.err;
            err.println(line);
            return;
        }
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            System.err.println("berth-runc: cannot write log " + file + ": " + e.getMessage());
            System.err.println("berth-runc: " + message);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
