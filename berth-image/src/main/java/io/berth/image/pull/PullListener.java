package io.berth.image.pull;

/** Progress of a pull, per layer; called from the download threads. */
public interface PullListener {
    /** The layers to fetch are known; {@code shortIds} are their 12-digit IDs, base first. */
    default void layers(java.util.List<String> shortIds) {
    }

    void layer(String shortId, LayerState state, long current, long total);

    static PullListener none() {
        return (id, state, current, total) -> { };
    }
}
