package io.berth.image.registry;

import java.io.IOException;

/**
 * A registry answered with an error, or could not be reached. The message carries the registry's
 * own error code and text (OCI distribution spec, "Error Codes") where it sent them.
 */
public class RegistryException extends IOException {
    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = null;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** The distribution error code (MANIFEST_UNKNOWN, UNAUTHORIZED, ...), or null. */
    public String code() {
        return code;
    }

    /** Worth another try: the network, a 5xx, or being rate limited. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
