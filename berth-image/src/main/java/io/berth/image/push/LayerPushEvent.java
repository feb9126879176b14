package io.berth.image.push;

/**
 * One step of one layer's push.
 *
 * @param shortId     the layer digest's first 12 hex digits, as docker shows it
 * @param current     bytes sent so far while {@link PushState#PUSHING}, else 0
 * @param total       the blob's size while {@link PushState#PUSHING}, else 0
 * @param mountedFrom the repository path the registry linked the blob from; set only for {@link PushState#MOUNTED}
 */
public record LayerPushEvent(String shortId, PushState state, long current, long total, String mountedFrom) {

    public static LayerPushEvent of(String shortId, PushState state) {
        return new LayerPushEvent(shortId, state, 0, 0, null);
    }

    /** What docker prints after "ID: ": "Pushed", "Mounted from library/busybox", ... */
    public String text() {
        return state == PushState.MOUNTED ? state.text() + " " + mountedFrom : state.text();
    }
}
