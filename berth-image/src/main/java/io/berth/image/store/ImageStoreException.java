package io.berth.image.store;

/** A lookup or change the image store refuses: no such image, an ambiguous ID prefix, an image in use. */
public final class ImageStoreException extends RuntimeException {
    public ImageStoreException(String message) {
        super(message);
    }

    public ImageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
