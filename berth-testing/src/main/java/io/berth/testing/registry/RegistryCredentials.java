package io.berth.testing.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password for a {@link LocalRegistry} started with basic auth. */
public record RegistryCredentials(String username, String password) {
    public RegistryCredentials {
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("registry user name must be non-empty and without ':', got: " + username);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("registry password for " + username + " must be non-empty");
        }
    }

    /** The {@code USER:PASSWORD} form skopeo's {@code --creds} options take. */
    public String colonJoined() {
        return username + ":" + password;
    }

    /** The value of an {@code Authorization} header for HTTP basic auth. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(colonJoined().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + ":***]";
    }
}
