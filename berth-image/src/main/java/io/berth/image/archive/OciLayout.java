package io.berth.image.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/** The fixed parts of an OCI image layout (image-layout.md): the oci-layout marker and the blobs tree. */
final class OciLayout {
    static final String MARKER = "oci-layout";
    static final byte[] MARKER_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private OciLayout() {}

    /** Writes blobs/, blobs/ALG/ and the blobs, in the order given. */
    static void writeBlobs(LayoutSink sink, Collection<LayoutBlob> blobs) throws IOException {
        TreeSet<String> directories = new TreeSet<>();
        for (LayoutBlob blob : blobs) {
            directories.add(blob.name().substring(0, blob.name().lastIndexOf('/')));
        }
        sink.directory("blobs");
        for (String directory : directories) {
            sink.directory(directory);
        }
        for (LayoutBlob blob : blobs) {
            sink.blob(blob.name(), blob.size(), blob.content());
        }
    }
}
