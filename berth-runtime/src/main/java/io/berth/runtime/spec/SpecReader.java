package io.berth.runtime.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads config.json into a {@link Spec}. Unknown properties are ignored, as the spec requires;
 * a value of the wrong shape is an error naming its JSON pointer. Spec, Process and
 * LinuxResources are bound by hand ({@link SpecBinder}); other types, and writing, go through
 * databind.
 */
public final class SpecReader {
    /** Made on first use: building a mapper costs ~30 ms, and `run` reads config.json without one. */
    private static final class Databind {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private SpecReader() {}

    public static Spec read(Path configJson) {
        return parse(readBytes(configJson));
    }

    /** The file's bytes, or a SpecException saying why there are none. */
    public static byte[] readBytes(Path configJson) {
        try {
            return Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            throw new SpecException("", "no config.json at " + configJson);
        } catch (IOException e) {
            throw new SpecException("", "cannot read " + configJson + ": " + e.getMessage());
        }
    }

    public static Spec parse(byte[] json) {
        return parse(json, Spec.class);
    }

    /** Parses any spec object (e.g. a {@link Process} from an exec's process.json). */
    public static <T> T parse(byte[] json, Class<T> type) {
        if (type == Spec.class || type == Process.class || type == LinuxResources.class) {
            return type.cast(bind(json, type));
        }
        try {
            T value = Databind.MAPPER.readValue(json, type);
            if (value == null) {
                throw new SpecException("", "expected a JSON object, found null");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new SpecException(pointer(e), clean(e.getOriginalMessage()) + where(e));
        } catch (JacksonException e) {
            throw new SpecException("", "malformed JSON: " + clean(e.getOriginalMessage()) + where(e));
        } catch (IOException e) {
            throw new SpecException("", e.getMessage());
        }
    }

    private static Object bind(byte[] json, Class<?> type) {
        Object value;
        try {
            value = JsonValues.parse(json);
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            // where the document broke off: "/process" for an object left open
            String at = e.getProcessor() == null ? "" : e.getProcessor().getParsingContext().pathAsPointer().toString();
            throw new SpecException(at, "malformed JSON: " + clean(e.getOriginalMessage()) + where(e));
        } catch (IOException e) {
            throw new SpecException("", e.getMessage());
        }
        if (value == JsonValues.NULL) {
            throw new SpecException("", "expected a JSON object, found null");
        }
        JsonObject root = JsonObject.of(value, "");
        if (type == Spec.class) {
            return SpecBinder.spec(root);
        }
        return type == Process.class ? SpecBinder.process(root) : SpecBinder.resources(root);
    }

    public static ObjectMapper mapper() {
        return Databind.MAPPER;
    }

    /** Jackson's first line, without its "(start marker at [Source: REDACTED ...])" noise. */
    private static String clean(String message) {
        String first = message == null ? "invalid" : message.lines().findFirst().orElse("invalid");
        return first.replaceAll("\\s*\\(start marker at \\[Source: [^]]*]\\)", "")
                .replaceAll("\\s*at \\[Source: [^]]*]", "");
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            sb.append('/');
            if (ref.getFieldName() != null) {
                sb.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                sb.append(ref.getIndex());
            }
        }
        return sb.toString();
    }
}
