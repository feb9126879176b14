package io.berth.image.archive;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code berth image save --format} writes; the names are podman's and skopeo's transport names. */
public enum ArchiveFormat {
    /** What {@code docker save} writes: manifest.json and an OCI layout with uncompressed layers. */
    DOCKER_ARCHIVE("docker-archive"),
    /** A tar of an OCI image layout, the blobs as stored (compressed layers, original manifests). */
    OCI_ARCHIVE("oci-archive"),
    /** An OCI image layout written out as a directory. */
    OCI_LAYOUT("oci-dir");

    private final String cliName;

    ArchiveFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the format is a single tar stream rather than a directory. */
    public boolean isStream() {
        return this != OCI_LAYOUT;
    }

    /** Parses a {@code --format} value; anything else is an error listing the choices. */
    public static ArchiveFormat parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (ArchiveFormat format : values()) {
            if (format.cliName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown archive format \"" + name + "\" (want one of "
                + Arrays.stream(values()).map(ArchiveFormat::cliName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
