package io.berth.runtime.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One JSON object of a config being bound, with its JSON pointer: typed getters that say
 * where a value of the wrong type is. Absent members and nulls read as null (the records turn
 * null lists and maps into empty ones); a null where a primitive is required is an error,
 * an absent one is 0, as databind did. Unknown members are ignored, as the spec requires.
 */
record JsonObject(Map<String, Object> members, String pointer) {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The value as an object, or a SpecException naming where it is. */
    static JsonObject of(Object value, String pointer) {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) map;
            return new JsonObject(members, pointer);
        }
        throw wrongType(pointer, "an object", value);
    }

    String string(String name) {
        return asString(get(name), at(name));
    }

    Boolean bool(String name) {
        Object v = get(name);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrongType(at(name), "true or false", v);
    }

    boolean boolRequired(String name) {
        Boolean b = bool(primitive(name));
        return b != null && b;
    }

    Integer integer(String name) {
        Long v = longValue(name);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SpecException(at(name), "the number " + v + " does not fit in a 32-bit integer");
        }
        return v.intValue();
    }

    int intRequired(String name) {
        Integer v = integer(primitive(name));
        return v == null ? 0 : v;
    }

    Long longValue(String name) {
        return asLong(get(name), at(name));
    }

    long longRequired(String name) {
        Long v = longValue(primitive(name));
        return v == null ? 0 : v;
    }

    /** A uint64 (rlimits, seccomp values) in a long holding the same 64 bits; -1 is all ones. */
    Long unsigned(String name) {
        Object v = get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            if (l < -1) {
                throw new SpecException(at(name), "the number " + l + " must be an unsigned 64-bit integer");
            }
            return l;
        }
        if (v instanceof BigInteger big) {
            if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
                throw new SpecException(at(name), "the number " + big + " does not fit in 64 bits");
            }
            return big.longValue();
        }
        throw wrongType(at(name), "an integer", v);
    }

    long unsignedRequired(String name) {
        Long v = unsigned(primitive(name));
        return v == null ? 0 : v;
    }

    /** A nested object bound by {@code bind}, or null when absent. */
    <T> T object(String name, Function<JsonObject, T> bind) {
        Object v = get(name);
        return v == null ? null : bind.apply(of(v, at(name)));
    }

    <T> List<T> list(String name, Function<JsonObject, T> bind) {
        return elements(name, (value, pointer) -> bind.apply(of(value, pointer)));
    }

    List<String> strings(String name) {
        return elements(name, JsonObject::asString);
    }

    List<Long> longs(String name) {
        return elements(name, JsonObject::asLong);
    }

    Map<String, String> stringMap(String name) {
        return members(name, JsonObject::asString);
    }

    <T> Map<String, T> objectMap(String name, Function<JsonObject, T> bind) {
        return members(name, (value, pointer) -> bind.apply(of(value, pointer)));
    }

    private interface Element<T> {
        T bind(Object value, String pointer);
    }

    private <T> List<T> elements(String name, Element<T> element) {
        Object v = get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> items)) {
            throw wrongType(at(name), "an array", v);
        }
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String pointer = at(name) + "/" + i;
            if (item == JsonValues.NULL) {
                throw wrongType(pointer, "a value", item);
            }
            out.add(element.bind(item, pointer));
        }
        return out;
    }

    private <T> Map<String, T> members(String name, Element<T> element) {
        Object v = get(name);
        if (v == null) {
            return null;
        }
        JsonObject object = of(v, at(name));
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object.members.entrySet()) {
            String pointer = object.at(e.getKey());
            if (e.getValue() == JsonValues.NULL) {
                throw wrongType(pointer, "a value", e.getValue());
            }
            out.put(e.getKey(), element.bind(e.getValue(), pointer));
        }
        return out;
    }

    /** The member, with JSON null read as absent. */
    private Object get(String name) {
        Object v = members.get(name);
        return v == JsonValues.NULL ? null : v;
    }

    /** For a primitive field: null is refused, absence is left to the caller's default. */
    private String primitive(String name) {
        if (members.get(name) == JsonValues.NULL) {
            throw new SpecException(at(name), "null where a value is required");
        }
        return name;
    }

    String at(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private static String asString(Object v, String pointer) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(pointer, "a string", v);
    }

    private static Long asLong(Object v, String pointer) {
        if (v == null || v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof BigInteger) {
            throw new SpecException(pointer, "the number " + v + " does not fit in a 64-bit integer");
        }
        throw wrongType(pointer, "an integer", v);
    }

    private static SpecException wrongType(String pointer, String expected, Object found) {
        return new SpecException(pointer, "expected " + expected + ", found " + JsonValues.describe(found));
    }
}
