package io.berth.runc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON on stdout from maps, lists, strings, numbers and booleans, through jackson-core's
 * generator: databind's first use costs ~40 ms per process (its date and locale set-up alone
 * ~20 ms), more than `state` takes otherwise.
 */
final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOutput() {}

    static String compact(Object value) {
        return write(value, false);
    }

    /** Indented, one member per line (runc indents `state` and `features` for people too). */
    static String pretty(Object value) {
        return write(value, true);
    }

    private static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            if (pretty) {
                json.useDefaultPrettyPrinter();
            }
            value(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String s -> json.writeString(s);
            case Boolean b -> json.writeBoolean(b);
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Number n -> json.writeNumber(n.toString());
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    json.writeFieldName(String.valueOf(e.getKey()));
                    value(json, e.getValue());
                }
                json.writeEndObject();
            }
            case Iterable<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    value(json, item);
                }
                json.writeEndArray();
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }
}
