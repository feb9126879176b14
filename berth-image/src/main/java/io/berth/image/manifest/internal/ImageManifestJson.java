package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The wire shape of an image manifest (manifest.md), fields in the spec examples' order. */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record ImageManifestJson(Integer schemaVersion, String mediaType, String artifactType, DescriptorJson config,
                                @JsonInclude(JsonInclude.Include.ALWAYS) List<DescriptorJson> layers,
                                DescriptorJson subject, Map<String, String> annotations) {
}
