package io.berth.image.pull;

/** Where one layer of a pull is, in the words docker pull prints. */
public enum LayerState {
    WAITING("Waiting"),
    ALREADY_EXISTS("Already exists"),
    DOWNLOADING("Downloading"),
    VERIFYING("Verifying Checksum"),
    DOWNLOAD_COMPLETE("Download complete"),
    EXTRACTING("Extracting"),
    PULL_COMPLETE("Pull complete");

    private final String text;

    LayerState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean finished() {
        return this == ALREADY_EXISTS || this == PULL_COMPLETE;
    }
}
