package io.berth.storage.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A named volume as {@code docker volume inspect} shows it, plus what a size cap adds.
 *
 * @param mountpoint where the data is: {@code ROOT/volumes/NAME/_data}
 * @param createdAt  when it was made, to the second (RFC 3339 through {@link Instant#toString()})
 * @param sizeBytes  the cap of a size-capped volume; empty for a plain directory volume
 * @param mounted    whether the data is reachable at the mountpoint: always true for a plain
 *                   directory, true for a size-capped volume while its disk image is mounted
 * @param usage      df for a mounted size-capped volume; empty otherwise
 */
public record Volume(String name, String driver, Path mountpoint, Instant createdAt, Map<String, String> labels,
        Map<String, String> options, String scope, OptionalLong sizeBytes, boolean mounted,
        Optional<DiskUsage> usage) {

    public Volume {
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
    }

    public boolean sizeCapped() {
        return sizeBytes.isPresent();
    }
}
