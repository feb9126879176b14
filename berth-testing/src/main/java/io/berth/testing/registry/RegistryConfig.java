package io.berth.testing.registry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The config.yml of one test registry: filesystem storage in a temp dir, deletes allowed (so
 * tests can exercise DELETE), plain HTTP on 127.0.0.1, and htpasswd basic auth or bearer tokens
 * from a {@link TokenServer} when asked. Distribution 2.8 accepts both over plain HTTP, so no TLS
 * is needed for auth tests.
 */
record RegistryConfig(Path storage, int port, Optional<Path> htpasswd, Optional<TokenServer> token) {
    static final String REALM = "berth-test";

    String yaml() {
        String auth = token.map(RegistryConfig::tokenAuth).orElseGet(() -> htpasswd.map(file -> """
                auth:
                  htpasswd:
                    realm: %s
                    path: %s
                """.formatted(REALM, file)).orElse(""));
        return """
                version: 0.1
                log:
                  level: warn
                  formatter: text
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  # a fixed secret silences the multi-instance warning; upload state never leaves this process
                  secret: berth-test-registry
                """.formatted(storage, port) + auth;
    }

    private static String tokenAuth(TokenServer server) {
        return """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(server.realm(), TokenServer.SERVICE, TokenServer.ISSUER, server.rootCertBundle());
    }
}
