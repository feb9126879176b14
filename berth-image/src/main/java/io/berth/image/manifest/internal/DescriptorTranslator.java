package io.berth.image.manifest.internal;

import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageFormatException;
import io.berth.image.manifest.Platform;

/** Descriptors and platforms between wire and domain; every problem names its field. */
public final class DescriptorTranslator {
    private DescriptorTranslator() {}

    public static Descriptor toDomain(DescriptorJson json, String document, String field) {
        if (json == null) {
            throw ImageFormatException.at(document, field, "missing");
        }
        if (json.mediaType() == null || json.mediaType().isBlank()) {
            throw ImageFormatException.at(document, field + ".mediaType", "missing");
        }
        Digest digest = digest(json.digest(), document, field + ".digest");
        if (json.size() == null) {
            throw ImageFormatException.at(document, field + ".size", "missing");
        }
        if (json.size() < 0) {
            throw ImageFormatException.at(document, field + ".size", "must not be negative, is " + json.size());
        }
        Platform platform = json.platform() == null ? null : platform(json.platform(), document, field + ".platform");
        return new Descriptor(json.mediaType(), digest, json.size(),
                Strings.list(json.urls(), document, field + ".urls"),
                Strings.map(json.annotations(), document, field + ".annotations"), platform, json.artifactType());
    }

    public static DescriptorJson toWire(Descriptor descriptor) {
        if (descriptor == null) {
            return null;
        }
        Platform p = descriptor.platform();
        PlatformJson platform = p == null ? null
                : new PlatformJson(p.architecture(), p.os(), p.osVersion(), p.osFeatures(), p.variant());
        return new DescriptorJson(descriptor.mediaType(), descriptor.digest().toString(), descriptor.size(),
                descriptor.urls(), descriptor.annotations(), platform, descriptor.artifactType());
    }

    public static Digest digest(String text, String document, String field) {
        if (text == null) {
            throw ImageFormatException.at(document, field, "missing");
        }
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw ImageFormatException.at(document, field, e.getMessage());
        }
    }

    private static Platform platform(PlatformJson json, String document, String field) {
        if (json.os() == null || json.os().isBlank()) {
            throw ImageFormatException.at(document, field + ".os", "missing");
        }
        if (json.architecture() == null || json.architecture().isBlank()) {
            throw ImageFormatException.at(document, field + ".architecture", "missing");
        }
        return new Platform(json.os(), json.architecture(), json.variant(), json.osVersion(),
                Strings.list(json.osFeatures(), document, field + ".os.features"));
    }
}
