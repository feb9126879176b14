package io.berth.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader of container.json, the record older Berth builds wrote. */
class ContainerRecordJsonTest {
    private static final ContainerRecord RECORD = new ContainerRecord("box", "/b", "/b/rootfs", 42, 12345L,
            "2026-11-22T16:00:00Z", "/box", "root", Map.of("a", "1", "b/c", "x\"y"), true, false);

    @TempDir
    Path dir;

    @Test
    void aRecordWithoutTheHooksFieldMayHaveHooks() throws IOException {
        String json = """
                {"id":"old","bundle":null,"rootfs":null,"pid":1,"pidStartTime":2,"annotations":{},
                 "directSpawn":false}""";
        ContainerRecord r = ContainerRecordJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(new ContainerRecord("old", null, null, 1, 2, null, null, null, Map.of(), false, null), r);
        assertTrue(r.mayHaveLifecycleHooks());
    }

    @Test
    void readsWhatDatabindWroteAndSkipsFieldsItDoesNotKnow() throws IOException {
        String json = new ObjectMapper().writeValueAsString(RECORD);
        assertEquals(RECORD, ContainerRecordJson.read(json.getBytes(StandardCharsets.UTF_8)));
        String older = """
                {"id":"old","bundle":"/b","rootfs":"/r","pid":7,"pidStartTime":9,"created":"t",
                 "cgroupsPath":"/old","owner":"root","annotations":{},"future":{"x":[1,2]}}""";
        ContainerRecord r = ContainerRecordJson.read(older.getBytes(StandardCharsets.UTF_8));
        assertEquals(7, r.pid());
        assertTrue(r.mayHaveLifecycleHooks(), "a record from before the field must still run its hooks");
    }

    @Test
    void aDamagedRecordIsAClearError() throws IOException {
        StateStore store = new StateStore(dir);
        store.reserve("box");
        Files.writeString(dir.resolve("box/container.json"), "{\"id\":\"box\",\"pid\":\"many\"}");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> store.load("box"));
        assertTrue(e.getMessage().contains("cannot read state of box"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("pid: an integer"), e.getCause().getMessage());
    }
}
