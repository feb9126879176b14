package io.berth.testing.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * Wire shapes of the OCI image spec that test images are written in, kept apart from the builders.
 * Null fields are left out, as the spec's optional properties are.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/spec.md">OCI image spec</a>
 */
final class OciJson {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    // sorted map keys keep labels and annotations in one order, so digests repeat across runs
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OciJson() {}

    static byte[] bytes(Object wire) {
        try {
            return MAPPER.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + wire.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** descriptor.md */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Descriptor(String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {}

    /** image-index.md, platform of a manifest */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Platform(String architecture, String os, String variant) {}

    /** manifest.md */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Manifest(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers) {}

    /** image-index.md, also the layout's index.json (image-layout.md) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Index(int schemaVersion, String mediaType, List<Descriptor> manifests) {}

    /** image-layout.md, the oci-layout file */
    record LayoutMarker(String imageLayoutVersion) {}

    /** config.md */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Config(String created, String architecture, String os, String variant, RunConfig config, RootFs rootfs,
            List<History> history) {}

    /** config.md, the execution parameters ({@code config} property) */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record RunConfig(
            @JsonProperty("User") String user,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels) {}

    /** config.md, rootfs */
    record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {}

    /** config.md, history */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(String created, @JsonProperty("created_by") String createdBy, String comment) {}
}
