package io.berth.image.registry;

import java.net.URI;
import java.util.Set;

/**
 * Where a registry is reached: its host (with port) and whether plain HTTP is allowed. Docker
 * treats loopback registries as insecure by default and anything else only when the user says so.
 */
public record RegistryEndpoint(String host, boolean insecure) {

    /** docker.io is served at registry-1.docker.io, as Docker resolves it. */
    public static RegistryEndpoint of(String registryHost, Set<String> insecureRegistries) {
        String host = registryHost.equals("docker.io") ? "registry-1.docker.io" : registryHost;
        return new RegistryEndpoint(host, insecureRegistries.contains(registryHost) || isLoopback(registryHost));
    }

    public URI base() {
        return URI.create((insecure ? "http://" : "https://") + host);
    }

    static boolean isLoopback(String host) {
        String h = host;
        if (h.startsWith("[")) {
            h = h.substring(1, h.indexOf(']') > 0 ? h.indexOf(']') : h.length());
        } else if (h.indexOf(':') == h.lastIndexOf(':') && h.contains(":")) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
    }
}
