package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The wire shape of a content descriptor (descriptor.md), in the order the Go structs write
 * it. {@code data} is not read: Berth fetches the blob by digest instead.
 */
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform", "artifactType"})
public record DescriptorJson(String mediaType, String digest, Long size, List<String> urls,
                             Map<String, String> annotations, PlatformJson platform, String artifactType) {
}
