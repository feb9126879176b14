package io.berth.image.reference;

/** An image reference that does not follow Docker's reference grammar; the message says what is wrong. */
public class InvalidReferenceException extends IllegalArgumentException {
    private final String reference;

    /** For a reference that is well formed but not allowed where it is used; {@link #reference()} is null. */
    public InvalidReferenceException(String message) {
        this(null, message);
    }

    public InvalidReferenceException(String reference, String message) {
        super(message);
        this.reference = reference;
    }

    /** The text that was refused, as given; null when only the message says. */
    public String reference() {
        return reference;
    }
}
