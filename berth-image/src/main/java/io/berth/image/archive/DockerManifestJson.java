package io.berth.image.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * manifest.json and the legacy repositories file of a docker-archive, as moby's image/tarexport
 * reads and writes them: {@code [{"Config": NAME, "RepoTags": [...], "Layers": [NAME, ...]}]}.
 * Members Berth does not use (Parent, LayerSources) are ignored.
 */
final class DockerManifestJson {
    static final String FILE = "manifest.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerManifestJson() {}

    static List<DockerManifestItem> parse(byte[] json) throws ArchiveException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ArchiveException(FILE + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ArchiveException(FILE + ": unreadable: " + e.getMessage());
        }
        if (tree == null || !tree.isArray()) {
            throw new ArchiveException(FILE + ": want a JSON array of images");
        }
        if (tree.isEmpty()) {
            throw new ArchiveException(FILE + " lists no images");
        }
        List<DockerManifestItem> items = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            items.add(item(tree.get(i), FILE + "[" + i + "]"));
        }
        return items;
    }

    private static DockerManifestItem item(JsonNode node, String where) throws ArchiveException {
        if (!node.isObject()) {
            throw new ArchiveException(where + ": want an object");
        }
        JsonNode config = node.get("Config");
        if (config == null || !config.isTextual() || config.asText().isEmpty()) {
            throw new ArchiveException(where + " Config: want the name of the image config in the archive");
        }
        return new DockerManifestItem(config.asText(), strings(node.get("RepoTags"), where + " RepoTags"),
                strings(node.get("Layers"), where + " Layers"));
    }

    private static List<String> strings(JsonNode node, String where) throws ArchiveException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ArchiveException(where + ": want an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new ArchiveException(where + "[" + i + "]: want a string");
            }
            values.add(node.get(i).asText());
        }
        return values;
    }

    /** As docker writes it: one line, a trailing newline, RepoTags null for an untagged image. */
    static byte[] write(List<DockerManifestItem> items) {
        ArrayNode array = MAPPER.createArrayNode();
        for (DockerManifestItem item : items) {
            ObjectNode node = array.addObject();
            node.put("Config", item.config());
            if (item.repoTags().isEmpty()) {
                node.putNull("RepoTags");
            } else {
                item.repoTags().forEach(node.putArray("RepoTags")::add);
            }
            item.layers().forEach(node.putArray("Layers")::add);
        }
        return (array + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The legacy {@code repositories} file: familiar name to tag to the top layer's ID. */
    static byte[] writeRepositories(Map<String, Map<String, String>> repositories) {
        ObjectNode root = MAPPER.createObjectNode();
        repositories.forEach((name, tags) -> {
            ObjectNode byTag = root.putObject(name);
            tags.forEach(byTag::put);
        });
        return (root + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
