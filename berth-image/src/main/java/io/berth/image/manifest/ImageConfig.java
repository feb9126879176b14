package io.berth.image.manifest;

import io.berth.image.content.Digest;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image config (config.md; Docker's "container image" JSON): the platform, the defaults a
 * container runs with, the layers' uncompressed digests and the build history. {@code docker
 * image inspect} shows it, so members that are not in the OCI spec (Docker's {@code container},
 * {@code docker_version}, ...) are kept in {@code otherFields}.
 *
 * <p>The image ID is the digest of the config's bytes as stored; writing this record back gives
 * equivalent JSON, not necessarily the same bytes, so keep the original blob for an existing image.
 *
 * @param created      nullable
 * @param author       nullable
 * @param architecture e.g. "amd64"
 * @param os           e.g. "linux"
 * @param osVersion    nullable
 * @param osFeatures   never null
 * @param variant      nullable, e.g. "v8"
 * @param config       never null; {@link ExecutionConfig#EMPTY} when absent
 * @param diffIds      the digests of the uncompressed layer tars, base first ({@code rootfs.diff_ids})
 * @param history      never null
 * @param otherFields  other top-level members: name to JSON value as text, in document order
 */
public record ImageConfig(Instant created, String author, String architecture, String os, String osVersion,
                          List<String> osFeatures, String variant, ExecutionConfig config, List<Digest> diffIds,
                          List<HistoryEntry> history, Map<String, String> otherFields) {

    public ImageConfig {
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("an image config needs an architecture");
        }
        if (os == null || os.isBlank()) {
            throw new IllegalArgumentException("an image config needs an os");
        }
        author = author == null || author.isEmpty() ? null : author;
        osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
        variant = variant == null || variant.isEmpty() ? null : variant;
        osFeatures = ImmutableCopies.list(osFeatures);
        config = config == null ? ExecutionConfig.EMPTY : config;
        diffIds = ImmutableCopies.list(diffIds);
        history = ImmutableCopies.list(history);
        otherFields = otherFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }

    /** The platform this image is for. */
    public Platform platform() {
        return new Platform(os, architecture, variant, osVersion, osFeatures);
    }
}
