package io.berth.image.push;

import java.util.List;

/** Progress of a push, per layer; called from the upload threads. */
public interface PushListener {
    /** The layers to push are known; {@code shortIds} are their 12-digit IDs, top layer first as docker lists them. */
    default void layers(List<String> shortIds) {
    }

    void layer(LayerPushEvent event);

    static PushListener none() {
        return event -> { };
    }
}
