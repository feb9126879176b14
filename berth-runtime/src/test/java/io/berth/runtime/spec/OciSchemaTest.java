package io.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.berth.runtime.state.ContainerState;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Berth writes is valid against the OCI runtime spec's own JSON schemas (test copies). */
class OciSchemaTest {
    private static final ObjectMapper JSON = SpecReader.mapper().copy()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    static Set<ValidationMessage> validate(String schemaFile, JsonNode document) {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(SchemaLocation.of("classpath:oci-runtime-spec-schema/" + schemaFile));
        return schema.validate(document);
    }

    @Test
    void theDefaultSpecMatchesConfigSchema() {
        JsonNode config = JSON.valueToTree(DefaultSpec.create());
        assertEquals(Set.of(), validate("config-schema.json", config));
    }

    @Test
    void theStateMatchesStateSchema() {
        ContainerState state = new ContainerState(ContainerState.OCI_VERSION, "abc", "running", 42, "/bundle",
                Map.of("key", "value"));
        assertEquals(Set.of(), validate("state-schema.json", JSON.valueToTree(state)));
    }

    @Test
    void theSchemaCatchesWhatItShould() {
        JsonNode broken = JSON.valueToTree(DefaultSpec.create());
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("process")).put("cwd", 7);
        assertEquals(1, validate("config-schema.json", broken).size(), "the check can fail");
    }
}
