package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One {@code history} entry of an image config, in the Go struct's order. */
@JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
public record HistoryJson(String created, @JsonProperty("created_by") String createdBy, String author,
                          String comment, @JsonProperty("empty_layer") Boolean emptyLayer) {
}
