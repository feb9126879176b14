package io.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The hand binder against databind, which bound config.json before it and still writes it. */
class SpecBinderTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SpecBinderTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static <T> T databind(byte[] json, Class<T> type) throws IOException {
        return SpecReader.mapper().readValue(json, type);
    }

    @Test
    void everyMemberBindsAsDatabindBindsIt() throws Exception {
        byte[] json = resource("/spec/every-member.json");
        Spec expected = databind(json, Spec.class);
        assertNoGaps(expected, "");  // the fixture really sets every component
        assertEquals(expected, SpecReader.parse(json));
    }

    @Test
    void theDefaultSpecAndDockersSeccompProfileRoundTrip() throws Exception {
        Spec spec = DefaultSpec.create();
        byte[] written = SpecReader.mapper().writeValueAsBytes(spec);
        assertEquals(databind(written, Spec.class), SpecReader.parse(written));
        ObjectNode config = (ObjectNode) SpecReader.mapper().readTree(written);
        ObjectNode profile = (ObjectNode) SpecReader.mapper().readTree(resource("/seccomp/docker-default.json"));
        profile.remove("archMap");
        profile.put("defaultErrnoRet", 1);
        ((ObjectNode) config.get("linux")).set("seccomp", profile);
        byte[] withSeccomp = SpecReader.mapper().writeValueAsBytes(config);
        Spec bound = SpecReader.parse(withSeccomp);
        assertEquals(databind(withSeccomp, Spec.class), bound);
        assertTrue(bound.linux().seccomp().syscalls().stream().mapToInt(r -> r.names().size()).sum() > 300);
    }

    @Test
    void processAndResourcesBindOnTheirOwn() throws Exception {
        byte[] json = resource("/spec/every-member.json");
        var tree = SpecReader.mapper().readTree(json);
        byte[] process = SpecReader.mapper().writeValueAsBytes(tree.get("process"));
        byte[] resources = SpecReader.mapper().writeValueAsBytes(tree.get("linux").get("resources"));
        assertEquals(databind(process, Process.class), SpecReader.parse(process, Process.class));
        assertEquals(databind(resources, LinuxResources.class), SpecReader.parse(resources, LinuxResources.class));
    }

    @Test
    void nullsReadAsAbsentExceptForRequiredNumbers() {
        Spec spec = SpecReader.parse("""
                {"ociVersion": null, "process": {"args": ["sh"], "env": null, "user": {"uid": 5}}, "mounts": null}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(null, spec.ociVersion());
        assertEquals(0, spec.process().user().gid(), "an absent uid/gid is 0");
        assertTrue(spec.process().env().isEmpty() && spec.mounts().isEmpty());
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(
                "{\"process\": {\"user\": {\"uid\": null}}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/process/user/uid", e.problems().getFirst().pointer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"process\": {\"args\": \"sh\"}}                       | /process/args   | expected an array, found a string",
        "{\"process\": {\"args\": [\"sh\", 1]}}                  | /process/args/1 | expected a string, found the number 1",
        "{\"process\": {\"env\": [null]}}                        | /process/env/0  | found null",
        "{\"process\": {\"terminal\": \"yes\"}}                  | /process/terminal | expected true or false",
        "{\"process\": {\"oomScoreAdj\": 1.5}}                   | /process/oomScoreAdj | a number with a fraction",
        "{\"process\": {\"oomScoreAdj\": 4294967296}}            | /process/oomScoreAdj | does not fit in a 32-bit integer",
        "{\"process\": {\"user\": {\"uid\": \"0\"}}}             | /process/user/uid | expected an integer, found a string",
        "{\"process\": {\"rlimits\": [{\"hard\": -2}]}}          | /process/rlimits/0/hard | unsigned",
        "{\"process\": {\"rlimits\": [{\"soft\": 18446744073709551616}]}} | /process/rlimits/0/soft | does not fit in 64 bits",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 9223372036854775808}}}} | /linux/resources/memory/limit | 64-bit",
        "{\"linux\": {\"sysctl\": {\"a/b~c\": 1}}}                | /linux/sysctl/a~1b~0c | expected a string",
        "{\"linux\": {\"seccomp\": {\"syscalls\": [{\"args\": [{\"index\": null}]}]}}} | /linux/seccomp/syscalls/0/args/0/index | null",
        "{\"root\": []}                                          | /root | expected an object, found an array",
        "[]                                                      | ''   | expected an object, found an array",
    })
    void wrongShapesNameTheirPointer(String json, String pointer, String message) {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecReader.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(pointer, e.problems().getFirst().pointer(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"ociVersion\": }  | (line 1, column 16)",
        "''                  | empty",
        "{} {}               | trailing content",
        "{\"a\": {             | /a: malformed JSON",
        "null                | found null",
    })
    void malformedDocumentsSayWhere(String json, String message) {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecReader.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Every record component in the tree is set, and every list and map has an element. */
    private static void assertNoGaps(Object value, String at) throws Exception {
        if (value instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(record);
                assertNotNull(v, "the fixture leaves " + at + "/" + c.getName() + " unset");
                assertNoGaps(v, at + "/" + c.getName());
            }
        } else if (value instanceof Collection<?> items) {
            assertFalse(items.isEmpty(), "the fixture has no element in " + at);
            for (Object item : items) {
                assertNoGaps(item, at + "/0");
            }
        } else if (value instanceof Map<?, ?> map) {
            assertFalse(map.isEmpty(), "the fixture has no member in " + at);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                assertNoGaps(e.getValue(), at + "/" + e.getKey());
            }
        }
    }
}
