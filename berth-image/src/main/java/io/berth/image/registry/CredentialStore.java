package io.berth.image.registry;

import java.util.Optional;

/** Where credentials for a registry host come from. */
@FunctionalInterface
public interface CredentialStore {
    /** Credentials for a registry host as the user names it ("docker.io", "127.0.0.1:5000"). */
    Optional<Credentials> lookup(String registryHost);

    static CredentialStore none() {
        return host -> Optional.empty();
    }
}
