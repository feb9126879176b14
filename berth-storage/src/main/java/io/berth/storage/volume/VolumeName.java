package io.berth.storage.volume;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A volume name as Docker's local driver accepts it: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, so at
 * least two characters and never a path. The name is a directory under the store, so it is also
 * kept within the 255 bytes a file name may have.
 */
public record VolumeName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final int MAX_LENGTH = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    public VolumeName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("\"" + value + "\" includes invalid characters for a local volume"
                    + " name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed (at least two characters)");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("volume name is " + value.length() + " characters long; the limit is "
                    + MAX_LENGTH);
        }
    }

    /** A fresh anonymous name: 64 hex digits, as Docker gives volumes created without a name. */
    public static VolumeName random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new VolumeName(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
