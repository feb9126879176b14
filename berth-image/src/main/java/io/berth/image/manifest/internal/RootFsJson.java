package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** An image config's {@code rootfs}: always type "layers" with the layers' diff IDs. */
@JsonPropertyOrder({"diff_ids", "type"})
public record RootFsJson(String type,
                         @JsonProperty("diff_ids") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> diffIds) {
}
