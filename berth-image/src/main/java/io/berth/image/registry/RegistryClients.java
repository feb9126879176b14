package io.berth.image.registry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link RegistryClient} per registry host, sharing credentials and the insecure-registry list. */
public final class RegistryClients {
    private final CredentialStore credentials;
    private final Set<String> insecureRegistries;
    private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

    public RegistryClients(CredentialStore credentials, Set<String> insecureRegistries) {
        this.credentials = credentials;
        this.insecureRegistries = Set.copyOf(insecureRegistries);
    }

    public RegistryClient forHost(String registryHost) {
        return clients.computeIfAbsent(registryHost, h -> new RegistryClient(h, insecureRegistries, credentials));
    }
}
