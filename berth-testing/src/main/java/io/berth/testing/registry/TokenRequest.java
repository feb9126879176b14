package io.berth.testing.registry;

import java.util.List;
import java.util.Optional;

/**
 * One request a {@link TokenServer} answered, kept so tests can check what a client asked for:
 * who (the user, if it authenticated or tried to), how, which scopes, and the status it got.
 */
public record TokenRequest(Grant grant, Optional<String> user, String service, List<ResourceScope> scopes, int status) {
    public TokenRequest {
        scopes = List.copyOf(scopes);
    }

    /** How the client asked. */
    public enum Grant {
        /** GET without credentials. */
        ANONYMOUS,
        /** GET with HTTP basic auth, as docker and skopeo do with a user name and password. */
        BASIC,
        /** OAuth2 POST with {@code grant_type=password}. */
        PASSWORD,
        /** OAuth2 POST with {@code grant_type=refresh_token}: the identity token of {@code docker login}. */
        REFRESH_TOKEN
    }

    /** The scopes as the client wrote them, e.g. {@code repository:test/busybox:pull}. */
    public List<String> scopeStrings() {
        return scopes.stream().map(ResourceScope::toString).toList();
    }
}
