package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The wire shape of an image config (config.md), in the order of the spec's field list;
 * members it does not name (Docker's container, container_config, docker_version, ...) land
 * in {@code other} and are written back after the rest.
 */
@JsonPropertyOrder({"created", "author", "architecture", "os", "os.version", "os.features", "variant",
        "config", "rootfs", "history"})
public record ImageConfigJson(String created, String author, String architecture, String os,
                              @JsonProperty("os.version") String osVersion,
                              @JsonProperty("os.features") List<String> osFeatures, String variant,
                              ExecutionConfigJson config, RootFsJson rootfs, List<HistoryJson> history,
                              @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {
}
