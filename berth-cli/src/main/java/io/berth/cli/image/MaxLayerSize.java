package io.berth.cli.image;

import io.berth.storage.layer.LayerRejectedException;
import io.berth.storage.volume.ByteSize;
import java.io.IOException;
import java.util.Optional;

/**
 * The cap on what one layer may unpack to, from {@code --max-layer-size} or else
 * {@code $BERTH_MAX_LAYER_SIZE}, remembering which one set it so a refusal can say what to change.
 *
 * @param bytes the cap; {@link Long#MAX_VALUE} for none
 * @param setBy how the user set it ({@code --max-layer-size 16M} or {@code BERTH_MAX_LAYER_SIZE=16M}); empty for none
 */
public record MaxLayerSize(long bytes, Optional<String> setBy) {
    static final String ENV = "BERTH_MAX_LAYER_SIZE";

    /** The cap from the option's value (null when not given), else from the environment. */
    public static MaxLayerSize resolve(String option) {
        String text = option != null ? option : System.getenv(ENV);
        if (text == null || text.isBlank()) {
            return new MaxLayerSize(Long.MAX_VALUE, Optional.empty());
        }
        String setBy = option != null ? "--max-layer-size " + option : ENV + "=" + text;
        try {
            return new MaxLayerSize(ByteSize.parse(text), Optional.of(setBy));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + (option != null ? "--max-layer-size" : "$" + ENV)
                    + " \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** {@code failure}, or when it is a layer over this cap, the same with the setting named. */
    public IOException explain(IOException failure) {
        if (setBy.isEmpty() || !overCap(failure)) {
            return failure;
        }
        return new IOException(failure.getMessage() + " (the limit set by " + setBy.get() + ")", failure);
    }

    private static boolean overCap(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LayerRejectedException rejected && rejected.reason() == LayerRejectedException.Reason.TOO_LARGE) {
                return true;
            }
        }
        return false;
    }
}
