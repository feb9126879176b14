package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.Command;
import io.berth.testing.TempDirs;
import io.berth.testing.registry.LocalRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which registries get plain HTTP: only insecure ones (loopback, or named by the user); any other
 * registry gets verified HTTPS only. Uses a real docker-registry serving TLS with a self-signed
 * certificate, and a plain one.
 */
class RegistryTlsIT {
    private static Path dir;
    private static Process registry;
    private static int port;

    @BeforeAll
    static void startTlsRegistry() throws Exception {
        dir = Files.createTempDirectory("berth-tls-registry-");
        Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()).check();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log: {level: error}
                storage: {filesystem: {rootdirectory: %s}}
                http:
                  addr: 127.0.0.1:%d
                  secret: berth-test
                  tls: {certificate: %s, key: %s}
                """.formatted(dir.resolve("storage"), port, dir.resolve("cert.pem"), dir.resolve("key.pem")));
        registry = new ProcessBuilder(LocalRegistry.PROGRAM.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !registry.isAlive()) {
                    throw new IOException("TLS registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor();
        }
        if (dir != null) {
            TempDirs.delete(dir);
        }
    }

    private static RegistryClient client(String host, boolean insecure) {
        return new RegistryClient(host, new RegistryEndpoint(host, insecure), CredentialStore.none(),
                new RetryPolicy(2, Duration.ofMillis(10)));
    }

    @Test
    void anInsecureRegistryIsReachedOverPlainHttp() throws IOException {
        try (LocalRegistry plain = LocalRegistry.start()) {
            RegistryClient c = client(plain.host(), true);
            c.ping();
            assertEquals("http", c.transport().uri("/v2/").getScheme());
        }
    }

    @Test
    void aSecureRegistryMustPresentATrustedCertificate() {
        RegistryClient c = client("127.0.0.1:" + port, false);
        RegistryException e = assertThrows(RegistryException.class, c::ping);
        assertTrue(e.getMessage().contains("TLS failed") && e.getMessage().contains("--insecure-registry 127.0.0.1:" + port),
                e.getMessage());
    }

    @Test
    void aSecureRegistryIsNeverReachedOverPlainHttp() throws IOException {
        try (LocalRegistry plain = LocalRegistry.start()) {
            RegistryClient c = client(plain.host(), false);
            RegistryException e = assertThrows(RegistryException.class, c::ping);
            assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
            assertEquals("https", c.transport().uri("/v2/").getScheme());
        }
    }

    @Test
    void loopbackRegistriesAreInsecureByDefaultOthersOnlyWhenNamed() {
        assertTrue(RegistryEndpoint.of("127.0.0.1:5000", Set.of()).insecure());
        assertTrue(RegistryEndpoint.of("localhost:5000", Set.of()).insecure());
        assertTrue(RegistryEndpoint.of("[::1]:5000", Set.of()).insecure());
        assertTrue(!RegistryEndpoint.of("registry.example:5000", Set.of()).insecure());
        assertTrue(RegistryEndpoint.of("registry.example:5000", Set.of("registry.example:5000")).insecure());
        assertEquals("https", RegistryEndpoint.of("registry.example", Set.of()).base().getScheme());
        assertEquals("http", RegistryEndpoint.of("127.0.0.1:5000", Set.of()).base().getScheme());
    }
}
