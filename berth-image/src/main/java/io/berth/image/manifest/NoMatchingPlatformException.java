package io.berth.image.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** An index has no image for the wanted platform; the message lists the platforms it has. */
public class NoMatchingPlatformException extends RuntimeException {
    private final Platform wanted;
    private final List<Platform> available;

    public NoMatchingPlatformException(Platform wanted, List<Platform> available) {
        super("no manifest for platform " + wanted + " in the index (available: "
                + (available.isEmpty() ? "none" : available.stream().map(Platform::toString)
                        .collect(Collectors.joining(", "))) + ")");
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    /** The image platforms the index lists, as written, attestations left out. */
    public List<Platform> available() {
        return available;
    }
}
