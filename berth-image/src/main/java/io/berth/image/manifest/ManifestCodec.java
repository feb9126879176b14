package io.berth.image.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.image.manifest.internal.ConfigTranslator;
import io.berth.image.manifest.internal.ImageConfigJson;
import io.berth.image.manifest.internal.ImageIndexJson;
import io.berth.image.manifest.internal.ImageManifestJson;
import io.berth.image.manifest.internal.ManifestTranslator;
import io.berth.image.manifest.internal.WireJson;
import java.util.Optional;

/**
 * Reads and writes manifests, indexes and image configs. Reading validates what the specs
 * require and ignores members it does not know (image configs keep them); every error is an
 * {@link ImageFormatException} naming the document and field. Writing gives compact JSON with
 * members in the spec examples' order and null or empty members left out: the canonical bytes
 * for an image Berth makes itself (import, commit, save).
 */
public final class ManifestCodec {
    private static final String SCHEMA1_REFUSAL = "Docker schema 1 manifests are not supported (the image was"
            + " pushed by a client older than Docker 1.10; push it again with a current client)";

    private ManifestCodec() {}

    /**
     * Parses a manifest or index. Its kind comes from the JSON {@code mediaType} member, else the
     * HTTP content type, else its shape ({@code manifests} makes an index, {@code config} and
     * {@code layers} a manifest).
     *
     * @param contentType what the registry said the document is; nullable
     */
    public static Manifest parse(byte[] json, String contentType) {
        JsonNode tree = WireJson.readObject(json, ManifestTranslator.MANIFEST);
        JsonNode mediaTypeNode = tree.get("mediaType");
        if (mediaTypeNode != null && !mediaTypeNode.isNull() && !mediaTypeNode.isTextual()) {
            throw ImageFormatException.at(ManifestTranslator.MANIFEST, "mediaType", "want a string");
        }
        String mediaType = mediaTypeNode == null || mediaTypeNode.isNull() ? null : mediaTypeNode.asText();
        JsonNode schemaVersion = tree.get("schemaVersion");
        if (MediaTypes.isSchema1(mediaType) || MediaTypes.isSchema1(contentType)
                || (schemaVersion != null && schemaVersion.isInt() && schemaVersion.intValue() == 1)) {
            throw new ImageFormatException("", SCHEMA1_REFUSAL);
        }
        return switch (kindOf(tree, mediaType, contentType)) {
            case MANIFEST -> ManifestTranslator.toDomain(
                    WireJson.bind(tree, ImageManifestJson.class, ManifestTranslator.MANIFEST));
            case INDEX -> ManifestTranslator.toDomain(
                    WireJson.bind(tree, ImageIndexJson.class, ManifestTranslator.INDEX));
        };
    }

    /** Parses an image config; rootfs.type must be "layers" and every diff ID a valid digest. */
    public static ImageConfig parseConfig(byte[] json) {
        JsonNode tree = WireJson.readObject(json, ConfigTranslator.DOCUMENT);
        return ConfigTranslator.toDomain(WireJson.bind(tree, ImageConfigJson.class, ConfigTranslator.DOCUMENT));
    }

    public static byte[] write(ImageManifest manifest) {
        return WireJson.write(ManifestTranslator.toWire(manifest));
    }

    public static byte[] write(ImageIndex index) {
        return WireJson.write(ManifestTranslator.toWire(index));
    }

    /**
     * @throws IllegalArgumentException if an {@code otherFields} value is not valid JSON or
     *                                  shadows a member the record has a component for
     */
    public static byte[] write(ImageConfig config) {
        return WireJson.write(ConfigTranslator.toWire(config));
    }

    private enum Kind { MANIFEST, INDEX }

    private static Kind kindOf(JsonNode tree, String mediaType, String contentType) {
        if (mediaType != null) {
            return kindOfMediaType(mediaType).orElseThrow(() -> ImageFormatException.at(ManifestTranslator.MANIFEST,
                    "mediaType", "\"" + mediaType + "\" is not an image manifest or index (want one of "
                            + String.join(", ", MediaTypes.PULLABLE_MANIFESTS) + ")"));
        }
        Optional<Kind> fromContentType = kindOfMediaType(contentType);
        if (fromContentType.isPresent()) {
            return fromContentType.get();
        }
        if (tree.has("manifests")) {
            return Kind.INDEX;
        }
        if (tree.has("config") && tree.has("layers")) {
            return Kind.MANIFEST;
        }
        throw ImageFormatException.at(ManifestTranslator.MANIFEST, "", "neither an image manifest nor an index: no"
                + " mediaType, content type " + (contentType == null ? "unknown" : "\"" + contentType + "\"")
                + ", and neither \"manifests\" nor \"config\" with \"layers\"");
    }

    private static Optional<Kind> kindOfMediaType(String mediaType) {
        if (MediaTypes.isManifest(mediaType)) {
            return Optional.of(Kind.MANIFEST);
        }
        if (MediaTypes.isIndex(mediaType)) {
            return Optional.of(Kind.INDEX);
        }
        return Optional.empty();
    }
}
