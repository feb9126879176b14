package io.berth.image.store;

import io.berth.image.content.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs name a layer together with everything under it (OCI image spec, "Layer ChainID"):
 * ChainID(L0) = DiffID(L0), ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). Two images
 * sharing a base share its snapshots because their chain IDs agree.
 */
public final class ChainIds {
    private ChainIds() {
    }

    /** The chain ID of each layer, bottom first, from the config's rootfs.diff_ids. */
    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest previous = null;
        for (Digest diffId : diffIds) {
            previous = previous == null
                    ? diffId
                    : Digest.sha256((previous + " " + diffId).getBytes(StandardCharsets.UTF_8));
            chain.add(previous);
        }
        return chain;
    }
}
