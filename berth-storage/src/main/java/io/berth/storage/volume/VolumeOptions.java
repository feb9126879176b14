package io.berth.storage.volume;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The driver options of a local volume. Only "size" is known: with it the volume is a disk image
 * of that size, without it a plain directory, as Docker's local driver makes by default.
 *
 * @param values    the options as given, kept for inspect
 * @param sizeBytes the parsed size rounded up to {@link DiskImage#ALIGNMENT}, if any
 */
record VolumeOptions(Map<String, String> values, OptionalLong sizeBytes) {
    static final String SIZE = "size";

    /** The options of a create request: a size may come as an argument or as the option "size". */
    static VolumeOptions requested(VolumeName name, Optional<String> size, Map<String, String> options) {
        Map<String, String> values = new TreeMap<>(options);
        for (String key : values.keySet()) {
            if (!key.equals(SIZE)) {
                throw invalid("invalid option \"" + key + "\" for volume " + name + ": the local driver takes only \""
                        + SIZE + "\"");
            }
        }
        if (size.isPresent()) {
            String previous = values.putIfAbsent(SIZE, size.get());
            if (previous != null && !previous.equals(size.get())) {
                throw invalid("volume " + name + " was given two sizes: " + size.get() + " and option size=" + previous);
            }
        }
        return parse(name, values);
    }

    /** The options a volume was made with, read back from its volume.json. */
    static VolumeOptions stored(VolumeName name, Map<String, String> options) {
        return parse(name, options);
    }

    /** Parses a size for volume {@code name}, with the volume named in the error. */
    static long sizeBytes(VolumeName name, String size) {
        try {
            return DiskImage.checkedSize(ByteSize.parse(size));
        } catch (IllegalArgumentException e) {
            throw new VolumeException(VolumeException.Reason.INVALID, "volume " + name + ": " + e.getMessage(), e);
        }
    }

    boolean sameAs(VolumeOptions other) {
        return sizeBytes.equals(other.sizeBytes);
    }

    VolumeOptions withSize(String size, long bytes) {
        Map<String, String> changed = new TreeMap<>(values);
        changed.put(SIZE, size);
        return new VolumeOptions(changed, OptionalLong.of(bytes));
    }

    private static VolumeOptions parse(VolumeName name, Map<String, String> values) {
        String size = values.get(SIZE);
        OptionalLong bytes = size == null ? OptionalLong.empty() : OptionalLong.of(sizeBytes(name, size));
        return new VolumeOptions(Map.copyOf(values), bytes);
    }

    private static VolumeException invalid(String message) {
        return new VolumeException(VolumeException.Reason.INVALID, message);
    }
}
