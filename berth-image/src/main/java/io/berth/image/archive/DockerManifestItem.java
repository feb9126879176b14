package io.berth.image.archive;

import java.util.List;

/**
 * One entry of a docker-archive's manifest.json: the image's config and layers as member names,
 * and the tags docker gives it ({@code busybox:latest}; skopeo writes them fully qualified).
 */
record DockerManifestItem(String config, List<String> repoTags, List<String> layers) {
    DockerManifestItem {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }
}
