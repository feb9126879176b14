package io.berth.testing.image;

/** The os/architecture(/variant) an image is for, as image configs and index entries name it. */
public record ImagePlatform(String os, String architecture, String variant) {
    public static final ImagePlatform LINUX_AMD64 = new ImagePlatform("linux", "amd64", null);
    public static final ImagePlatform LINUX_ARM64 = new ImagePlatform("linux", "arm64", "v8");

    public ImagePlatform {
        if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("a platform needs an os and an architecture, got " + os + "/" + architecture);
        }
    }

    OciJson.Platform wire() {
        return new OciJson.Platform(architecture, os, variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
