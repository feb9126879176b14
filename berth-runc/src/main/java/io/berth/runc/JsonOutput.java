package io.berth.runc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.runtime.spec.SpecReader;

/** JSON on stdout through the runtime's one mapper: each new mapper costs start-up time. */
final class JsonOutput {
    private JsonOutput() {}

    static String compact(Object value) throws JsonProcessingException {
        return SpecReader.mapper().writeValueAsString(value);
    }

    static String pretty(Object value) throws JsonProcessingException {
        return SpecReader.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
