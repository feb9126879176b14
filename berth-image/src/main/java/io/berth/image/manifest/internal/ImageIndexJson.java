package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The wire shape of an image index (image-index.md), fields in the spec examples' order. */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndexJson(Integer schemaVersion, String mediaType, String artifactType,
                             @JsonInclude(JsonInclude.Include.ALWAYS) List<DescriptorJson> manifests,
                             DescriptorJson subject, Map<String, String> annotations) {
}
