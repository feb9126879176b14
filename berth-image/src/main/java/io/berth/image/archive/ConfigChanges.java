package io.berth.image.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.manifest.ExecutionConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Dockerfile instructions {@code docker import --change} applies to the new image's config:
 * CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR. CMD and ENTRYPOINT take
 * the JSON form or the shell form (run by {@code /bin/sh -c}); ENV and LABEL take
 * {@code KEY=VALUE ...} (double quotes allowed) or ENV's old {@code KEY VALUE}.
 */
public final class ConfigChanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUPPORTED =
            List.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

    private String user;
    private final Set<String> exposedPorts = new LinkedHashSet<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private final Set<String> volumes = new LinkedHashSet<>();
    private String workingDir;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String stopSignal;

    private ConfigChanges() {}

    /**
     * The config the changes make, applied in order to an empty one.
     *
     * @throws IllegalArgumentException naming the change that is malformed or not supported
     */
    public static ExecutionConfig apply(List<String> changes) {
        ConfigChanges config = new ConfigChanges();
        for (String change : changes) {
            config.apply(change);
        }
        return config.build();
    }

    private void apply(String change) {
        String text = change.strip();
        int space = indexOfWhitespace(text);
        String instruction = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space).strip();
        if (!SUPPORTED.contains(instruction)) {
            throw invalid(change, (instruction.isEmpty() ? "no instruction" : instruction + " is not supported")
                    + " (want one of " + String.join(", ", SUPPORTED) + ")");
        }
        if (args.isEmpty()) {
            throw invalid(change, instruction + " needs an argument");
        }
        switch (instruction) {
            case "CMD" -> cmd = command(args, change);
            case "ENTRYPOINT" -> entrypoint = command(args, change);
            case "ENV" -> pairs(args, change, true).forEach(env::put);
            case "LABEL" -> labels.putAll(pairs(args, change, false));
            case "EXPOSE" -> words(args).forEach(port -> exposedPorts.add(port(port, change)));
            case "VOLUME" -> volumes.addAll(args.startsWith("[") ? jsonArray(args, change) : words(args));
            case "USER" -> user = args;
            case "WORKDIR" -> workingDir = args;
            default -> stopSignal = args;
        }
    }

    private ExecutionConfig build() {
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        return new ExecutionConfig(user, exposedPorts, envList, entrypoint, cmd, volumes, workingDir, labels,
                stopSignal, false, null, null);
    }

    private static List<String> command(String args, String change) {
        return args.startsWith("[") ? jsonArray(args, change) : List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonArray(String args, String change) {
        JsonNode node;
        try {
            node = JSON.readTree(args);
        } catch (JacksonException e) {
            throw invalid(change, "malformed JSON array: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            throw invalid(change, "want a JSON array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw invalid(change, "want a JSON array of strings, found " + element);
            }
            values.add(element.asText());
        }
        return values;
    }

    /** KEY=VALUE pairs, values optionally double-quoted; ENV also takes the old "KEY VALUE". */
    private static Map<String, String> pairs(String args, String change, boolean allowSpaceForm) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int first = indexOfWhitespace(args);
        String firstWord = first < 0 ? args : args.substring(0, first);
        if (allowSpaceForm && !firstWord.contains("=")) {
            if (first < 0) {
                throw invalid(change, "ENV " + args + " needs a value (ENV KEY=VALUE or ENV KEY VALUE)");
            }
            pairs.put(firstWord, args.substring(first).strip());
            return pairs;
        }
        for (String word : quotedWords(args, change)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw invalid(change, "\"" + word + "\" is not KEY=VALUE");
            }
            pairs.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return pairs;
    }

    private static List<String> quotedWords(String args, String change) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean started = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                word.append(args.charAt(++i));
                started = true;
            } else if (c == '"') {
                quoted = !quoted;
                started = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (started) {
                    words.add(word.toString());
                    word.setLength(0);
                    started = false;
                }
            } else {
                word.append(c);
                started = true;
            }
        }
        if (quoted) {
            throw invalid(change, "unterminated quote");
        }
        if (started) {
            words.add(word.toString());
        }
        return words;
    }

    private static String port(String port, String change) {
        String[] parts = port.split("/", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9]{1,5}") || Integer.parseInt(parts[0]) > 65535
                || (parts.length == 2 && !parts[1].matches("tcp|udp|sctp"))) {
            throw invalid(change, "invalid port \"" + port + "\" (want PORT[/tcp|udp|sctp])");
        }
        return parts.length == 2 ? port : port + "/tcp";
    }

    private static List<String> words(String args) {
        return List.of(args.strip().split("\\s+"));
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String change, String problem) {
        return new IllegalArgumentException("invalid --change \"" + change + "\": " + problem);
    }
}
