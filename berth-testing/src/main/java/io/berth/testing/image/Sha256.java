package io.berth.testing.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** OCI digests of test content: {@code sha256:} and 64 lowercase hex digits. */
final class Sha256 {
    private Sha256() {}

    static String of(byte[] content) {
        MessageDigest digest = newDigest();
        return format(digest.digest(content));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String format(byte[] hash) {
        return "sha256:" + HexFormat.of().formatHex(hash);
    }
}
