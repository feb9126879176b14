package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.image.content.Digest;
import io.berth.image.manifest.ExecutionConfig;
import io.berth.image.manifest.HistoryEntry;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Image configs between wire and domain; what config.md requires is checked, the rest is kept. */
public final class ConfigTranslator {
    public static final String DOCUMENT = "image config";
    private static final String LAYERS = "layers";
    private static final Set<String> KNOWN_MEMBERS =
            Set.of(ImageConfigJson.class.getAnnotation(JsonPropertyOrder.class).value());

    private ConfigTranslator() {}

    public static ImageConfig toDomain(ImageConfigJson json) {
        required(json.architecture(), "architecture");
        required(json.os(), "os");
        ExecutionConfig config = json.config() == null ? ExecutionConfig.EMPTY
                : ExecutionConfigTranslator.toDomain(json.config(), DOCUMENT, "config");
        return new ImageConfig(time(json.created(), "created"), json.author(), json.architecture(), json.os(),
                json.osVersion(), Strings.list(json.osFeatures(), DOCUMENT, "os.features"), json.variant(), config,
                diffIds(json.rootfs()), history(json.history()), Members.toText(json.other()));
    }

    public static ImageConfigJson toWire(ImageConfig config) {
        List<String> diffIds = config.diffIds().stream().map(Digest::toString).toList();
        List<HistoryJson> history = config.history().stream().map(ConfigTranslator::toWire).toList();
        return new ImageConfigJson(config.created() == null ? null : Rfc3339.format(config.created()),
                config.author(), config.architecture(), config.os(), config.osVersion(), config.osFeatures(),
                config.variant(), config.config().isEmpty() ? null : ExecutionConfigTranslator.toWire(config.config()),
                new RootFsJson(LAYERS, diffIds), history,
                Members.fromText(config.otherFields(), KNOWN_MEMBERS, DOCUMENT));
    }

    private static List<Digest> diffIds(RootFsJson rootfs) {
        if (rootfs == null) {
            throw ImageFormatException.at(DOCUMENT, "rootfs", "missing");
        }
        if (!LAYERS.equals(rootfs.type())) {
            throw ImageFormatException.at(DOCUMENT, "rootfs.type", rootfs.type() == null ? "missing (want \"layers\")"
                    : "\"" + rootfs.type() + "\" is not supported (want \"layers\")");
        }
        List<Digest> digests = new ArrayList<>();
        List<String> texts = rootfs.diffIds() == null ? List.of() : rootfs.diffIds();
        for (int i = 0; i < texts.size(); i++) {
            digests.add(DescriptorTranslator.digest(texts.get(i), DOCUMENT, "rootfs.diff_ids[" + i + "]"));
        }
        return digests;
    }

    private static List<HistoryEntry> history(List<HistoryJson> json) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; json != null && i < json.size(); i++) {
            HistoryJson h = json.get(i);
            if (h == null) {
                throw ImageFormatException.at(DOCUMENT, "history[" + i + "]", "want an object, found null");
            }
            entries.add(new HistoryEntry(time(h.created(), "history[" + i + "].created"), h.createdBy(), h.author(),
                    h.comment(), Boolean.TRUE.equals(h.emptyLayer())));
        }
        return entries;
    }

    private static HistoryJson toWire(HistoryEntry entry) {
        return new HistoryJson(entry.created() == null ? null : Rfc3339.format(entry.created()), entry.createdBy(),
                entry.author(), entry.comment(), entry.emptyLayer() ? Boolean.TRUE : null);
    }

    private static Instant time(String text, String field) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Rfc3339.parse(text);
        } catch (IllegalArgumentException e) {
            throw ImageFormatException.at(DOCUMENT, field, e.getMessage());
        }
    }

    private static void required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ImageFormatException.at(DOCUMENT, field, "missing");
        }
    }

    /** Members kept as JSON text, so the domain model needs no JSON library's types. */
    static final class Members {
        private Members() {}

        static Map<String, String> toText(Map<String, JsonNode> members) {
            Map<String, String> text = new LinkedHashMap<>();
            if (members != null) {
                members.forEach((name, value) -> text.put(name, WireJson.text(value)));
            }
            return text;
        }

        static Map<String, JsonNode> fromText(Map<String, String> members, Set<String> known, String document) {
            Map<String, JsonNode> nodes = new LinkedHashMap<>();
            members.forEach((name, text) -> {
                if (known.contains(name)) {
                    throw new IllegalArgumentException(document + " member \"" + name
                            + "\" is a known member; set it through its own component, not otherFields");
                }
                nodes.put(name, WireJson.parseText(text, document + " member \"" + name + "\""));
            });
            return nodes;
        }
    }
}
