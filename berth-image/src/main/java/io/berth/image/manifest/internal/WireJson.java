package io.berth.image.manifest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.image.manifest.ImageFormatException;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * JSON in and out for the wire records. Reading is strict about types (no "12" for 12, no 1.5
 * for a size) and lenient about unknown members, as the specs ask; Jackson's errors become
 * {@link ImageFormatException}s naming the document and the field. Writing is compact, omits
 * null and empty members, and keeps each record's declared member order.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS))
            .build();

    private WireJson() {}

    /** The document as a tree; malformed JSON or anything but an object is an error. */
    public static JsonNode readObject(byte[] json, String document) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw ImageFormatException.at(document, "",
                    "malformed JSON: " + firstLine(e.getOriginalMessage()) + where(e));
        } catch (IOException e) {
            throw ImageFormatException.at(document, "", "unreadable: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ImageFormatException.at(document, "", "want a JSON object, found "
                    + (tree == null || tree.isMissingNode() ? "nothing"
                            : tree.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return tree;
    }

    /** Binds a tree to a wire record; a member of the wrong JSON type is an error naming its field. */
    public static <T> T bind(JsonNode tree, Class<T> type, String document) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw ImageFormatException.at(document, path(e), problem(e));
        } catch (JsonProcessingException e) {
            throw ImageFormatException.at(document, "", firstLine(e.getOriginalMessage()));
        }
    }

    public static byte[] write(Object wire) {
        try {
            return MAPPER.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write " + wire.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A member's value as compact JSON text. */
    public static String text(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON text back to a tree, for members kept as text; bad text is an error naming the member. */
    public static JsonNode parseText(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** {@code layers[2].digest}, from Jackson's path of field names and indexes. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "want " + jsonTypeOf(mismatch.getTargetType());
        }
        return firstLine(e.getOriginalMessage());
    }

    /** What a Java target type looks like in JSON, so the message speaks JSON, not Java. */
    private static String jsonTypeOf(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }

    private static String firstLine(String message) {
        String first = message == null ? "invalid" : message.lines().findFirst().orElse("invalid");
        return first.replaceAll("\\s*at \\[Source: [^]]*]", "");
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
