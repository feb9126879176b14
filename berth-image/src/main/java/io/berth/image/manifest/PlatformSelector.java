package io.berth.image.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the manifest for one platform from an index, following containerd's {@code
 * platforms.Only}: the wanted platform if the index has it, else the best one the machine
 * can also run (see {@link #acceptable()}): amd64/v3 takes v2, then v1, then 386; arm/v7
 * takes v6, then v5; arm64 takes older arm64 variants, then arm/v8 down to arm/v5. Among
 * entries equally good the first in the index wins. Platforms are compared normalised, so
 * arm64 with no variant is arm64/v8. Only image manifests with a platform are candidates:
 * entries without one, nested indexes, and attestation manifests (annotation {@code
 * vnd.docker.reference.type=attestation-manifest}, or platform unknown/unknown) are skipped.
 */
public final class PlatformSelector {
    static final String REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";
    static final String ATTESTATION = "attestation-manifest";

    private final Platform wanted;
    private final List<Platform> acceptable;

    public PlatformSelector(Platform wanted) {
        this.wanted = wanted;
        this.acceptable = List.copyOf(PlatformCompatibility.acceptable(wanted));
    }

    public Platform wanted() {
        return wanted;
    }

    /** The platforms accepted, normalised, best first; the wanted one is first. */
    public List<Platform> acceptable() {
        return acceptable;
    }

    /**
     * The entry of {@code index} to pull for the wanted platform.
     *
     * @throws NoMatchingPlatformException listing the platforms the index has
     */
    public Descriptor select(ImageIndex index) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        List<Platform> available = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (!isImageEntry(entry)) {
                continue;
            }
            available.add(entry.platform());
            int rank = rank(entry.platform());
            if (rank >= 0 && rank < bestRank) {
                best = entry;
                bestRank = rank;
            }
        }
        if (best == null) {
            throw new NoMatchingPlatformException(wanted, available);
        }
        return best;
    }

    /** Whether a machine of the wanted platform can run images of this one. */
    public boolean accepts(Platform candidate) {
        return rank(candidate) >= 0;
    }

    /** An index entry that is an image for some platform, not an attestation or a nested index. */
    public static boolean isImageEntry(Descriptor entry) {
        Platform platform = entry.platform();
        return platform != null && MediaTypes.isManifest(entry.mediaType())
                && !ATTESTATION.equals(entry.annotations().get(REFERENCE_TYPE_ANNOTATION))
                && !(platform.os().equals("unknown") && platform.architecture().equals("unknown"));
    }

    /** The position of the first acceptable platform the candidate is, or -1. */
    private int rank(Platform candidate) {
        for (int i = 0; i < acceptable.size(); i++) {
            if (candidate.matches(acceptable.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
