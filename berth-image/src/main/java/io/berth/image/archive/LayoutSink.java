package io.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where save writes an archive's members: a tar stream or a directory. Nothing is complete until
 * {@link #finish}; closing an unfinished sink leaves no half-written layout behind where it can.
 */
interface LayoutSink extends AutoCloseable {

    void directory(String name) throws IOException;

    void file(String name, byte[] data) throws IOException;

    /** A member of exactly {@code size} bytes; a source that gives more or fewer is an error. */
    void blob(String name, long size, BlobContent content) throws IOException;

    void finish() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens a blob's bytes when the sink is ready for them. */
    @FunctionalInterface
    interface BlobContent {
        InputStream open() throws IOException;
    }
}
