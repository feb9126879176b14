package io.berth.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What state, list, ps, events and features print, without databind. */
class JsonOutputTest {
    @Test
    void compactKeepsOrderAndTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "c\"1");
        m.put("pid", 42);
        m.put("big", 1L << 40);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", Arrays.asList(1, "two", null, List.of()));
        assertEquals("{\"id\":\"c\\\"1\",\"pid\":42,\"big\":1099511627776,\"ok\":true,\"none\":null,"
                + "\"list\":[1,\"two\",null,[]]}", JsonOutput.compact(m));
    }

    @Test
    void prettyIndentsEachMember() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of("x"));
        assertEquals("{\n  \"a\" : 1,\n  \"b\" : [ \"x\" ]\n}", JsonOutput.pretty(m));
    }

    @Test
    void anythingElseIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> JsonOutput.compact(new Object()));
        assertEquals("no JSON form for java.lang.Object", e.getMessage());
    }
}
