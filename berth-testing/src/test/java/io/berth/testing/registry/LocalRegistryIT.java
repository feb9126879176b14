package io.berth.testing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalRegistryIT {

    @Test
    void servesTheV2ApiOnLoopbackAndCleansUpOnClose() throws IOException {
        Path dir;
        long pid;
        try (LocalRegistry registry = LocalRegistry.start()) {
            assertTrue(registry.host().matches("127\\.0\\.0\\.1:\\d+"), registry.host());
            HttpResponse<byte[]> v2 = registry.getAnonymously("/v2/");
            assertEquals(200, v2.statusCode());
            assertEquals("registry/2.0", v2.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
            assertEquals(List.of(), registry.tags("never/pushed"));
            IOException missing = assertThrows(IOException.class, () -> registry.manifest("never/pushed", "latest"));
            assertTrue(missing.getMessage().contains("404"), missing.getMessage());
            assertTrue(Files.readString(registry.storageDir().resolve("../config.yml")).contains("enabled: true"));
            dir = registry.storageDir().getParent();
            pid = registry.pid();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "registry pid " + pid + " still runs");
        assertFalse(Files.exists(dir), dir + " was not deleted");
    }

    @Test
    void twoRegistriesRunSideBySide() throws IOException {
        try (LocalRegistry first = LocalRegistry.start(); LocalRegistry second = LocalRegistry.start()) {
            assertFalse(first.host().equals(second.host()));
            assertEquals(200, second.getAnonymously("/v2/").statusCode());
        }
    }

    @Test
    void basicAuthRefusesAnonymousAndWrongPasswordsAndAcceptsTheUser() throws IOException {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth("alice", "s3cret")) {
            HttpResponse<byte[]> anonymous = registry.getAnonymously("/v2/");
            assertEquals(401, anonymous.statusCode());
            assertEquals("Basic realm=\"berth-test\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(200, registry.get("/v2/").statusCode());
            assertEquals(Optional.of(new RegistryCredentials("alice", "s3cret")), registry.credentials());
            assertEquals(401, registry.getAs(new RegistryCredentials("alice", "wrong"), "/v2/").statusCode());
            assertEquals(401, registry.getAs(new RegistryCredentials("bob", "s3cret"), "/v2/").statusCode());
        }
    }

    @Test
    void aRegistryThatCannotStartReportsItsLog() {
        IOException e = assertThrows(IOException.class, () -> LocalRegistry.launch(Optional.empty(),
                yaml -> yaml.replace("level: warn", "level: shouting")));
        assertTrue(e.getMessage().contains("exited") && e.getMessage().contains("shouting"), e.getMessage());
    }

    @Test
    void credentialsAreCheckedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalRegistry.startWithBasicAuth("a:b", "pw"));
        assertTrue(e.getMessage().contains("a:b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalRegistry.startWithBasicAuth("a", ""));
    }
}
