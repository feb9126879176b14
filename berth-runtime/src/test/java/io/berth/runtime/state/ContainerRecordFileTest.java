package io.berth.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerRecordFileTest {
    /** Annotations as Kubernetes and podman write them, and worse. */
    private static final Map<String, String> ANNOTATIONS = Map.of(
            "io.kubernetes.cri.sandbox-id", "0123abcd",
            "key with = and : and spaces", "value = with : #hash and !bang",
            "#starts-like-a-comment", "\\backslash\\",
            "unicode-é-日本", "multi\nline\r\nvalue\ttab",
            "empty", "",
            "padded", "  leading and trailing  ",
            "emoji-\uD83D\uDE00", "\u0000\u007f\u00ff");
    private static final ContainerRecord RECORD = new ContainerRecord("box", "/b undle", "/b/rootfs", 42,
            Long.MAX_VALUE, "2026-11-22T16:00:00Z", "/box", "root", ANNOTATIONS, true, false);

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryField() throws IOException {
        assertEquals(RECORD, ContainerRecordFile.read(ContainerRecordFile.write(RECORD)));
        ContainerRecord sparse = new ContainerRecord("old", null, null, 1, 2, null, null, null, Map.of(), false, null);
        ContainerRecord read = ContainerRecordFile.read(ContainerRecordFile.write(sparse));
        assertEquals(sparse, read);
        assertTrue(read.mayHaveLifecycleHooks(), "unknown hooks must still be looked for");
    }

    @Test
    void isPlainTextAnOperatorCanRead() throws IOException {
        String text = new String(ContainerRecordFile.write(RECORD), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\nid=box\n"), text);
        assertTrue(text.contains("\npid=42\n"), text);
        assertTrue(text.chars().allMatch(c -> c < 128), "ASCII only, the rest escaped: " + text);
    }

    @Test
    void ignoresKeysItDoesNotKnow() throws IOException {
        String newer = "id=box\npid=7\nfuture.field=x\ndirectSpawn=true\n";
        ContainerRecord r = ContainerRecordFile.read(newer.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(7, r.pid());
        assertTrue(r.directSpawn());
    }

    @Test
    void aDamagedRecordIsAClearError() throws IOException {
        StateStore store = new StateStore(dir);
        for (var c : List.of(
                List.of("id=box\npid=many\n", "pid: expected an integer, found \"many\""),
                List.of("id=box\npid=99999999999\n", "pid: expected an integer"),
                List.of("id=box\ndirectSpawn=yes\n", "directSpawn: expected true or false, found \"yes\""),
                List.of("pid=1\n", "no id"),
                List.of("id=box\nbundle=\\u12\n", "Malformed"))) {
            store.reserve("box");
            Files.writeString(dir.resolve("box").resolve(ContainerRecordFile.NAME), c.get(0));
            var e = assertThrows(UncheckedIOException.class, () -> store.load("box"), c.get(0));
            assertTrue(e.getMessage().contains("cannot read state of box"), e.getMessage());
            assertTrue(e.getCause().getMessage().contains(c.get(1)), c.get(0) + ": " + e.getCause().getMessage());
            store.remove("box");
        }
    }

    @Test
    void aContainerAnOlderBerthCreatedIsStillReadListedAndUpgradedOnSave() throws IOException {
        StateStore store = new StateStore(dir);
        store.reserve("old");
        Path legacy = dir.resolve("old/container.json");
        Files.writeString(legacy, new ObjectMapper().writeValueAsString(
                new ContainerRecord("old", "/b", "/r", 7, 9, "t", "/old", "root", Map.of("a", "1"), true, true)));
        assertEquals(7, store.require("old").pid());
        assertEquals(List.of("old"), store.ids());

        store.save(new ContainerRecord("old", "/b", "/r", 8, 9, "t", "/old", "root", Map.of("a", "1"), true, true));
        assertFalse(Files.exists(legacy), "the new record supersedes the old file");
        assertTrue(Files.exists(dir.resolve("old").resolve(ContainerRecordFile.NAME)));
        assertEquals(8, store.require("old").pid());
        assertEquals(List.of("old"), store.ids());
    }
}
