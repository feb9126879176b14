package io.berth.image.manifest.internal;

import io.berth.image.manifest.ImageFormatException;
import java.util.List;
import java.util.Map;

/** Arrays and maps of strings from the wire, where a JSON null member is an error naming its place. */
final class Strings {
    private Strings() {}

    static List<String> list(List<String> values, String document, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw ImageFormatException.at(document, field + "[" + i + "]", "want a string, found null");
            }
        }
        return values;
    }

    static Map<String, String> map(Map<String, String> values, String document, String field) {
        if (values == null) {
            return Map.of();
        }
        values.forEach((key, value) -> {
            if (value == null) {
                throw ImageFormatException.at(document, field + "." + key, "want a string, found null");
            }
        });
        return values;
    }
}
