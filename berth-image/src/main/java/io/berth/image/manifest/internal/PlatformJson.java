package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The wire shape of a descriptor's {@code platform} (image-index.md), in the Go struct's order. */
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record PlatformJson(String architecture, String os, @JsonProperty("os.version") String osVersion,
                           @JsonProperty("os.features") List<String> osFeatures, String variant) {
}
