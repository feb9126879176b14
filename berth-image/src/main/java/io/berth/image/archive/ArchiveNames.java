package io.berth.image.archive;

import io.berth.image.content.Digest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Member names inside an archive or layout, compared in one normal form: relative, "/"-separated,
 * without "." components or a trailing slash. They are only ever looked up, never used as paths
 * on disk, but a name that climbs out of the archive with ".." is still refused as malformed.
 */
final class ArchiveNames {
    private ArchiveNames() {}

    /** {@code ./blobs//sha256/x/} is {@code blobs/sha256/x}; the archive root is "". */
    static String normalize(String raw) throws ArchiveException {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ArchiveException("archive member \"" + raw + "\" climbs out of the archive");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** Where a symlink member points: relative to its own directory, or from the archive root if absolute. */
    static String linkTarget(String linkName, String target) throws ArchiveException {
        if (target.startsWith("/")) {
            return normalize(target);
        }
        int slash = linkName.lastIndexOf('/');
        return normalize(slash < 0 ? target : linkName.substring(0, slash + 1) + target);
    }

    /** The digest a {@code blobs/ALGORITHM/HEX} member is named by, if it is named so. */
    static Optional<Digest> blobDigest(String name) {
        String[] parts = name.split("/");
        if (parts.length != 3 || !parts[0].equals("blobs")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Digest(parts[1], parts[2]));
        } catch (IllegalArgumentException notADigest) {
            return Optional.empty();
        }
    }

    static String blobName(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }
}
