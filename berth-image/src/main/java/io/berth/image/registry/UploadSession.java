package io.berth.image.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * An open blob upload: the URL the registry told us to use next (opaque: it may be relative to the
 * request, point at another host, or carry query parameters the registry needs, like
 * distribution's {@code _state}), and the smallest chunk it takes.
 *
 * @param location       the latest Location, resolved against the request that returned it
 * @param minChunkLength the registry's {@code OCI-Chunk-Min-Length}, 0 if it sent none
 */
record UploadSession(URI location, long minChunkLength) {

    static UploadSession from(RegistryTransport transport, HttpResponse<?> response, long minChunkLength)
            throws RegistryException {
        return new UploadSession(RegistryClient.resolveLocation(transport, response), minChunkLength);
    }

    /** The session after a response that may have moved it (each PATCH answer carries a Location). */
    UploadSession next(RegistryTransport transport, HttpResponse<?> response) throws RegistryException {
        return response.headers().firstValue("Location").isPresent() ? from(transport, response, minChunkLength) : this;
    }

    /** The location with one more query parameter, kept after the ones the registry put there. */
    URI withQuery(String name, String value) {
        String text = location.toString();
        int fragment = text.indexOf('#');
        String base = fragment < 0 ? text : text.substring(0, fragment);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return URI.create(base + separator + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /**
     * The last byte offset a {@code Range: 0-END} (or {@code bytes=0-END}) header acknowledges, or
     * empty when there is no such header. Note that distribution answers "0-0" for an empty upload.
     */
    static OptionalLong acknowledgedEnd(HttpResponse<?> response) {
        String range = response.headers().firstValue("Range").orElse(null);
        if (range == null) {
            return OptionalLong.empty();
        }
        String value = range.startsWith("bytes=") ? range.substring(6) : range;
        int dash = value.indexOf('-');
        try {
            if (dash <= 0 || Long.parseLong(value.substring(0, dash).strip()) != 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(value.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static long minChunkLength(HttpResponse<?> response) {
        try {
            return Math.max(0, response.headers().firstValueAsLong("OCI-Chunk-Min-Length").orElse(0));
        } catch (NumberFormatException e) {
            return 0; // a hint only: a garbled one is ignored
        }
    }
}
