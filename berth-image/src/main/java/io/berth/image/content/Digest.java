package io.berth.image.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest as the OCI image spec writes it, {@code algorithm:hex}. Only sha256 and sha512
 * are accepted: they are the registered algorithms, and anything else could not be verified.
 */
public record Digest(String algorithm, String hex) {

    public Digest {
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException(
                    "unsupported digest algorithm \"" + algorithm + "\" (sha256 and sha512 are supported)");
        };
        if (hex.length() != length || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException(
                    "invalid " + algorithm + " digest \"" + hex + "\": want " + length + " lower-case hex digits");
        }
    }

    /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}; anything else is an error naming the text. */
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": want algorithm:hex, e.g. sha256:...");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] data) {
        return new Digest("sha256", HexFormat.of().formatHex(messageDigest("sha256").digest(data)));
    }

    /** Wraps a finished {@link MessageDigest} of this algorithm. */
    public static Digest of(String algorithm, MessageDigest finished) {
        return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    /** A fresh hasher for an algorithm {@link Digest} accepts. */
    public static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha256" -> "SHA-256";
                case "sha512" -> "SHA-512";
                default -> throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\"");
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public MessageDigest newHasher() {
        return messageDigest(algorithm);
    }

    /** The first 12 hex digits, as Docker shows image IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
