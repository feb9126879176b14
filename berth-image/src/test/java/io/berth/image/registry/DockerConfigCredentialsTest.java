package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    private DockerConfigCredentials config(String json) throws IOException {
        return new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"), json));
    }

    private static String auth(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dockerHubIsKeyedByItsV1IndexAddress() throws IOException {
        DockerConfigCredentials creds = config("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + auth("hub:pw") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("hub", "pw")), creds.lookup("docker.io"));
        assertEquals(Optional.empty(), creds.lookup("index.docker.io:5000"));
    }

    @Test
    void keysMatchByHostWithSchemeAndPathStripped() throws IOException {
        DockerConfigCredentials creds = config("""
                {"auths": {
                  "https://registry.example/v2/": {"auth": "%s"},
                  "http://127.0.0.1:5000": {"auth": "%s"}
                }}""".formatted(auth("a:1"), auth("b:2")));
        assertEquals(Optional.of(Credentials.basic("a", "1")), creds.lookup("registry.example"));
        assertEquals(Optional.of(Credentials.basic("b", "2")), creds.lookup("127.0.0.1:5000"));
        assertEquals(Optional.empty(), creds.lookup("127.0.0.1:5001"), "the port is part of the host");
        assertEquals(Optional.empty(), creds.lookup("example"));
    }

    @Test
    void anExactKeyWinsOverOneThatOnlyMatchesByHost() throws IOException {
        DockerConfigCredentials creds = config("""
                {"auths": {
                  "https://reg.example:443/v1/": {"auth": "%s"},
                  "reg.example:443": {"auth": "%s"}
                }}""".formatted(auth("old:1"), auth("new:2")));
        assertEquals(Optional.of(Credentials.basic("new", "2")), creds.lookup("reg.example:443"));
    }

    @Test
    void passwordsMayHoldColonsAndUsernamePasswordFieldsWork() throws IOException {
        DockerConfigCredentials creds = config("""
                {"auths": {"a.example": {"auth": "%s"}, "b.example": {"username": "bob", "password": "p:w"}}}"""
                .formatted(auth("alice:x:y")));
        assertEquals(Optional.of(Credentials.basic("alice", "x:y")), creds.lookup("a.example"));
        assertEquals(Optional.of(Credentials.basic("bob", "p:w")), creds.lookup("b.example"));
    }

    @Test
    void identityTokensAreKeptAloneOrBesideAUser() throws IOException {
        DockerConfigCredentials creds = config("""
                {"auths": {"a.example": {"identitytoken": "refresh-1"},
                           "b.example": {"auth": "%s", "identitytoken": "refresh-2"}}}""".formatted(auth("bob:")));
        assertEquals(Optional.of(new Credentials(null, null, "refresh-1")), creds.lookup("a.example"));
        assertEquals(Optional.of(new Credentials("bob", "", "refresh-2")), creds.lookup("b.example"));
    }

    @Test
    void anEmptyEntryOrAMissingFileMeansNoCredentials() throws IOException {
        assertEquals(Optional.empty(), config("{\"auths\": {\"a.example\": {}}}").lookup("a.example"));
        assertEquals(Optional.empty(), new DockerConfigCredentials(dir.resolve("absent.json")).lookup("a.example"));
    }

    @Test
    void brokenEntriesAreErrorsNamingTheFileAndTheKey() throws IOException {
        DockerConfigCredentials notBase64 = config("{\"auths\": {\"a.example\": {\"auth\": \"%%%\"}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> notBase64.lookup("a.example"));
        assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()) && e.getMessage().contains("a.example")
                && e.getMessage().contains("base64"), e.getMessage());
        DockerConfigCredentials noColon = config("{\"auths\": {\"a.example\": {\"auth\": \"" + auth("nocolon") + "\"}}}");
        e = assertThrows(IllegalArgumentException.class, () -> noColon.lookup("a.example"));
        assertTrue(e.getMessage().contains("user:password"), e.getMessage());
        DockerConfigCredentials notJson = config("{\"auths\": ");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> notJson.lookup("a.example"));
        assertTrue(io.getMessage().contains(dir.resolve("config.json").toString()), io.getMessage());
    }

    @Test
    void dockerConfigNamesTheDirectory() {
        assertEquals(Path.of("/x/y/config.json"), DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", "/x/y")).configFile());
        assertEquals(Path.of(System.getProperty("user.home"), ".docker", "config.json"),
                DockerConfigCredentials.fromEnvironment(Map.of()).configFile());
    }

    @Test
    void credHelpersAreAskedWithTheServerAddressAndWinOverInlineAuths() throws IOException {
        Path seen = dir.resolve("seen");
        helper("berthtest", "cat > " + seen + "; echo '{\"ServerURL\":\"x\",\"Username\":\"helped\",\"Secret\":\"s3\"}'");
        DockerConfigCredentials creds = new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"), """
                {"auths": {"reg.example": {"auth": "%s"}},
                 "credHelpers": {"reg.example": "berthtest", "https://index.docker.io/v1/": "berthtest"}}"""
                .formatted(auth("inline:pw"))), Optional.of(dir));
        assertEquals(Optional.of(Credentials.basic("helped", "s3")), creds.lookup("reg.example"));
        assertEquals("reg.example", Files.readString(seen));
        assertEquals(Optional.of(Credentials.basic("helped", "s3")), creds.lookup("docker.io"));
        assertEquals("https://index.docker.io/v1/", Files.readString(seen));
    }

    @Test
    void aHelperAnsweringTokenGivesAnIdentityToken() throws IOException {
        helper("berthtest", "echo '{\"Username\":\"<token>\",\"Secret\":\"refresh-3\"}'");
        DockerConfigCredentials creds = new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"),
                "{\"credsStore\": \"berthtest\"}"), Optional.of(dir));
        assertEquals(Optional.of(new Credentials(null, null, "refresh-3")), creds.lookup("any.example"));
    }

    @Test
    void credsStoreIsAskedOnlyWhenAuthsHasNothingAndNotFoundMeansNone() throws IOException {
        helper("berthtest", "echo 'credentials not found in native keychain'; exit 1");
        DockerConfigCredentials creds = new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"), """
                {"auths": {"a.example": {"auth": "%s"}, "b.example": {}}, "credsStore": "berthtest"}"""
                .formatted(auth("inline:pw"))), Optional.of(dir));
        assertEquals(Optional.of(Credentials.basic("inline", "pw")), creds.lookup("a.example"));
        assertEquals(Optional.empty(), creds.lookup("b.example"));
    }

    @Test
    void aHelperThatAnswersWithoutReadingStdinIsFine() throws IOException {
        helper("berthtest", "echo '{\"Username\":\"u\",\"Secret\":\"s\"}'");
        DockerConfigCredentials creds = new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"),
                "{\"credsStore\": \"berthtest\"}"), Optional.of(dir));
        // the helper is often gone before its stdin is written: that used to fail with "Stream closed"
        for (int i = 0; i < 20; i++) {
            assertEquals(Optional.of(Credentials.basic("u", "s")), creds.lookup("any.example"));
        }
    }

    @Test
    void aMissingHelperIsAnErrorNamingIt() throws IOException {
        DockerConfigCredentials missing = new DockerConfigCredentials(Files.writeString(dir.resolve("config.json"),
                "{\"credsStore\": \"berth-absent\"}"), Optional.of(dir));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> missing.lookup("a.example"));
        assertTrue(e.getMessage().contains("docker-credential-berth-absent") && e.getMessage().contains("config.json"), e.getMessage());
    }

    private void helper(String name, String script) throws IOException {
        Path program = dir.resolve("docker-credential-" + name);
        Files.writeString(program, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\n" + script + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    }
}
