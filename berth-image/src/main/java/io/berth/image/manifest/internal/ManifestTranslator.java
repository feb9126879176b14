package io.berth.image.manifest.internal;

import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageFormatException;
import io.berth.image.manifest.ImageIndex;
import io.berth.image.manifest.ImageManifest;
import java.util.ArrayList;
import java.util.List;

/** Image manifests and indexes between wire and domain, checking what the specs require. */
public final class ManifestTranslator {
    public static final String MANIFEST = "manifest";
    public static final String INDEX = "index";

    private ManifestTranslator() {}

    public static ImageManifest toDomain(ImageManifestJson json) {
        schemaVersion(json.schemaVersion(), MANIFEST);
        Descriptor config = DescriptorTranslator.toDomain(json.config(), MANIFEST, "config");
        if (json.layers() == null) {
            throw ImageFormatException.at(MANIFEST, "layers", "missing");
        }
        Descriptor subject = json.subject() == null ? null
                : DescriptorTranslator.toDomain(json.subject(), MANIFEST, "subject");
        return new ImageManifest(2, json.mediaType(), json.artifactType(), config,
                descriptors(json.layers(), MANIFEST, "layers"), subject,
                Strings.map(json.annotations(), MANIFEST, "annotations"));
    }

    public static ImageIndex toDomain(ImageIndexJson json) {
        schemaVersion(json.schemaVersion(), INDEX);
        if (json.manifests() == null) {
            throw ImageFormatException.at(INDEX, "manifests", "missing");
        }
        Descriptor subject = json.subject() == null ? null
                : DescriptorTranslator.toDomain(json.subject(), INDEX, "subject");
        return new ImageIndex(2, json.mediaType(), json.artifactType(),
                descriptors(json.manifests(), INDEX, "manifests"), subject,
                Strings.map(json.annotations(), INDEX, "annotations"));
    }

    public static ImageManifestJson toWire(ImageManifest manifest) {
        return new ImageManifestJson(manifest.schemaVersion(), manifest.mediaType(), manifest.artifactType(),
                DescriptorTranslator.toWire(manifest.config()), wire(manifest.layers()),
                DescriptorTranslator.toWire(manifest.subject()), manifest.annotations());
    }

    public static ImageIndexJson toWire(ImageIndex index) {
        return new ImageIndexJson(index.schemaVersion(), index.mediaType(), index.artifactType(),
                wire(index.manifests()), DescriptorTranslator.toWire(index.subject()), index.annotations());
    }

    private static void schemaVersion(Integer version, String document) {
        if (version == null) {
            throw ImageFormatException.at(document, "schemaVersion", "missing (want 2)");
        }
        if (version != 2) {
            throw ImageFormatException.at(document, "schemaVersion", version + " is not supported (want 2)");
        }
    }

    private static List<Descriptor> descriptors(List<DescriptorJson> json, String document, String field) {
        List<Descriptor> result = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            result.add(DescriptorTranslator.toDomain(json.get(i), document, field + "[" + i + "]"));
        }
        return result;
    }

    private static List<DescriptorJson> wire(List<Descriptor> descriptors) {
        return descriptors.stream().map(DescriptorTranslator::toWire).toList();
    }
}
