package io.berth.runtime.state;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * container.properties: the {@link ContainerRecord} as a java.util.Properties file (ISO 8859-1,
 * other characters escaped, so any annotation survives). Not JSON because every command
 * but create reads this file and nothing else: jackson-core's first parser initializes
 * java.math.BigDecimal, whose JDK 25 class initializer computes 5^(2^16) by squaring, ~11 ms of
 * each `state`, `start`, `kill` and `delete`. Properties are in the JVM from its first moment.
 *
 * <p>A field that is null is absent; annotations are {@code annotation.KEY}; unknown keys are
 * ignored, so newer records stay readable.
 */
final class ContainerRecordFile {
    static final String NAME = "container.properties";
    private static final String ANNOTATION = "annotation.";

    private ContainerRecordFile() {}

    static byte[] write(ContainerRecord r) {
        StringBuilder out = new StringBuilder("# berth container record\n");
        put(out, "id", r.id());
        put(out, "bundle", r.bundle());
        put(out, "rootfs", r.rootfs());
        put(out, "pid", Integer.toString(r.pid()));
        put(out, "pidStartTime", Long.toString(r.pidStartTime()));
        put(out, "created", r.created());
        put(out, "cgroupsPath", r.cgroupsPath());
        put(out, "owner", r.owner());
        for (Map.Entry<String, String> a : r.annotations().entrySet()) {
            put(out, ANNOTATION + a.getKey(), a.getValue());
        }
        put(out, "directSpawn", Boolean.toString(r.directSpawn()));
        if (r.lifecycleHooks() != null) {
            put(out, "lifecycleHooks", Boolean.toString(r.lifecycleHooks()));
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static ContainerRecord read(byte[] file) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(file));
        } catch (IllegalArgumentException e) { // a malformed unicode escape
            throw new IOException(e.getMessage(), e);
        }
        String id = p.getProperty("id");
        if (id == null) {
            throw new IOException("no id");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(ANNOTATION)) {
                annotations.put(key.substring(ANNOTATION.length()), p.getProperty(key));
            }
        }
        String hooks = p.getProperty("lifecycleHooks");
        return new ContainerRecord(id, p.getProperty("bundle"), p.getProperty("rootfs"),
                (int) number(p, "pid", Integer.MIN_VALUE, Integer.MAX_VALUE),
                number(p, "pidStartTime", Long.MIN_VALUE, Long.MAX_VALUE), p.getProperty("created"),
                p.getProperty("cgroupsPath"), p.getProperty("owner"), annotations,
                bool(p.getProperty("directSpawn", "false"), "directSpawn"),
                hooks == null ? null : bool(hooks, "lifecycleHooks"));
    }

    /**
     * One line as Properties.store writes it, escapes and all (its reader is Properties.load).
     * Not Properties.store itself: it heads the file with the date, and Date.toString loads the
     * time zone names, ~30 ms in a fresh JVM.
     */
    private static void put(StringBuilder out, String key, String value) {
        if (value != null) {
            escape(out, key, true);
            out.append('=');
            escape(out, value, false);
            out.append('\n');
        }
    }

    private static void escape(StringBuilder out, String text, boolean key) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(key || i == 0 ? "\\ " : " "); // a value's leading space would be dropped
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        String hex = Integer.toHexString(c);
                        out.append("\\u").append("0000", hex.length(), 4).append(hex);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static long number(Properties p, String key, long min, long max) throws IOException {
        String text = p.getProperty(key, "0");
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException(key + ": expected an integer, found \"" + text + "\"");
        }
    }

    private static boolean bool(String text, String key) throws IOException {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IOException(key + ": expected true or false, found \"" + text + "\"");
        };
    }
}
