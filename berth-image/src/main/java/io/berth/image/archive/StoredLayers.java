package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.MediaTypes;
import io.berth.storage.layer.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Layer blobs of the content store as tar streams: how they are compressed, what they hold uncompressed. */
final class StoredLayers {
    private StoredLayers() {}

    /** How a stored layer is compressed, by its first bytes. */
    static Compression compression(ContentStore content, Digest blob) throws IOException {
        try (BufferedInputStream in = new BufferedInputStream(content.open(blob), 64)) {
            return CompressedInput.detect(in, "layer " + blob);
        }
    }

    /** The OCI layer media type for a layer blob compressed as {@code blob} is. */
    static String mediaType(ContentStore content, Digest blob) throws IOException {
        return switch (compression(content, blob)) {
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case NONE -> MediaTypes.OCI_LAYER;
        };
    }

    /** The layer's uncompressed tar stream. */
    static InputStream openUncompressed(ContentStore content, Digest blob) throws IOException {
        InputStream raw = content.open(blob);
        try {
            return CompressedInput.open(raw, "layer " + blob);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The size of the layer's uncompressed tar, checking that it is {@code diffId}: an archive
     * must say what its layers are before their bytes follow, and the store's copy must be sound.
     */
    static long uncompressedSize(ContentStore content, Digest blob, Digest diffId) throws IOException {
        if (blob.equals(diffId) && compression(content, blob) == Compression.NONE) {
            return content.size(blob).orElseThrow();
        }
        MessageDigest hasher = diffId.newHasher();
        long size = 0;
        try (InputStream in = openUncompressed(content, blob)) {
            byte[] buffer = new byte[1 << 17];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                hasher.update(buffer, 0, n);
                size += n;
            }
        }
        Digest actual = Digest.of(diffId.algorithm(), hasher);
        if (!actual.equals(diffId)) {
            throw new ArchiveException("stored layer " + blob + " decompresses to " + actual
                    + " but the image config says its diff ID is " + diffId);
        }
        return size;
    }
}
