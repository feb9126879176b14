package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The wire shape of an image config's {@code config} object (config.md), in the spec example's
 * order; members it does not name land in {@code other} and are written back after the rest.
 * ExposedPorts and Volumes are JSON objects whose values are always {@code {}}.
 */
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
        "StopSignal", "ArgsEscaped", "Healthcheck"})
public record ExecutionConfigJson(@JsonProperty("User") String user,
                                  @JsonProperty("ExposedPorts") Map<String, JsonNode> exposedPorts,
                                  @JsonProperty("Env") List<String> env,
                                  @JsonProperty("Entrypoint") List<String> entrypoint,
                                  @JsonProperty("Cmd") List<String> cmd,
                                  @JsonProperty("Volumes") Map<String, JsonNode> volumes,
                                  @JsonProperty("WorkingDir") String workingDir,
                                  @JsonProperty("Labels") Map<String, String> labels,
                                  @JsonProperty("StopSignal") String stopSignal,
                                  @JsonProperty("ArgsEscaped") Boolean argsEscaped,
                                  @JsonProperty("Healthcheck") HealthcheckJson healthcheck,
                                  @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {
}
