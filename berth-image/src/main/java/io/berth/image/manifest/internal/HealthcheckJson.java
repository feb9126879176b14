package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** Docker's HealthConfig as it appears in an image config; durations are nanoseconds. */
@JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"})
public record HealthcheckJson(@JsonProperty("Test") List<String> test, @JsonProperty("Interval") Long interval,
                              @JsonProperty("Timeout") Long timeout, @JsonProperty("StartPeriod") Long startPeriod,
                              @JsonProperty("StartInterval") Long startInterval,
                              @JsonProperty("Retries") Integer retries) {
}
