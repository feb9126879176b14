package io.berth.image.archive;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import java.io.IOException;
import java.util.Optional;

/**
 * The members of an archive or layout directory being loaded. Metadata (manifest.json,
 * index.json) is read as bytes; everything else goes into the content store on request, verified
 * against its digest where its name or a descriptor gives one.
 */
interface ArchiveSource extends AutoCloseable {

    /** A metadata file at the top of the archive ({@code manifest.json}, {@code index.json}), if present. */
    Optional<byte[]> metadata(String name) throws IOException;

    /**
     * Puts member {@code name} into the content store and returns its digest.
     *
     * @param role what the member is for, to name it in errors ("manifest.json[0] Layers[1]")
     * @throws ArchiveException when the archive has no such member
     */
    Digest ingest(String name, String role) throws IOException;

    /** The content store members are put into. */
    ContentStore content();

    /** The blob a descriptor points to ({@code blobs/ALG/HEX}), in the store and of the size it says. */
    default Digest blob(Descriptor descriptor, String role) throws IOException {
        Digest digest = ingest(ArchiveNames.blobName(descriptor.digest()), role);
        long size = content().size(digest).orElseThrow();
        if (size != descriptor.size()) {
            throw new ArchiveException(role + " " + digest + " is " + size + " bytes, but its descriptor says "
                    + descriptor.size());
        }
        return digest;
    }

    /** Removes whatever the source spooled while reading. */
    @Override
    void close() throws IOException;
}
