package io.berth.image.push;

/** Where one layer of a push is, in the words docker push prints. */
public enum PushState {
    PREPARING("Preparing"),
    PUSHING("Pushing"),
    PUSHED("Pushed"),
    ALREADY_EXISTS("Layer already exists"),
    MOUNTED("Mounted from");

    private final String text;

    PushState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean finished() {
        return this == PUSHED || this == ALREADY_EXISTS || this == MOUNTED;
    }
}
