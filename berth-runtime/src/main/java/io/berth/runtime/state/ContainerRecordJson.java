package io.berth.runtime.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * container.json, the record of containers created by Berth before {@link ContainerRecordFile},
 * read through jackson-core's streaming parser (databind's first use costs ~100 ms). Unknown
 * fields are skipped.
 */
final class ContainerRecordJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ContainerRecordJson() {}

    static ContainerRecord read(byte[] json) throws IOException {
        String id = null;
        String bundle = null;
        String rootfs = null;
        int pid = 0;
        long pidStartTime = 0;
        String created = null;
        String cgroupsPath = null;
        String owner = null;
        Map<String, String> annotations = new LinkedHashMap<>();
        boolean directSpawn = false;
        Boolean lifecycleHooks = null;
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = text(p, value, field);
                    case "bundle" -> bundle = text(p, value, field);
                    case "rootfs" -> rootfs = text(p, value, field);
                    case "pid" -> pid = (int) number(p, value, field);
                    case "pidStartTime" -> pidStartTime = number(p, value, field);
                    case "created" -> created = text(p, value, field);
                    case "cgroupsPath" -> cgroupsPath = text(p, value, field);
                    case "owner" -> owner = text(p, value, field);
                    case "annotations" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String key = p.currentName();
                                annotations.put(key, text(p, p.nextToken(), "annotations/" + key));
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new IOException("annotations: expected an object");
                        }
                    }
                    case "directSpawn" -> directSpawn = bool(value, field);
                    case "lifecycleHooks" -> lifecycleHooks = value == JsonToken.VALUE_NULL ? null : bool(value, field);
                    default -> p.skipChildren();
                }
            }
        }
        if (id == null) {
            throw new IOException("no id");
        }
        return new ContainerRecord(id, bundle, rootfs, pid, pidStartTime, created, cgroupsPath, owner, annotations,
                directSpawn, lifecycleHooks);
    }

    private static String text(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.VALUE_STRING, field + ": a string");
        return p.getText();
    }

    private static long number(JsonParser p, JsonToken token, String field) throws IOException {
        expect(token, JsonToken.VALUE_NUMBER_INT, field + ": an integer");
        return p.getLongValue();
    }

    private static boolean bool(JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw new IOException(field + ": expected true or false");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static void expect(JsonToken token, JsonToken wanted, String what) throws IOException {
        if (token != wanted) {
            throw new IOException("expected " + what + ", found " + token);
        }
    }
}
