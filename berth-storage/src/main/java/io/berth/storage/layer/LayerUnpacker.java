package io.berth.storage.layer;

import io.berth.linux.FdWriter;
import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns one OCI layer blob (gzip, zstd or plain tar, told by its magic bytes) into a directory
 * overlayfs can stack: whiteouts become 0/0 character devices, opaque markers the
 * trusted.overlay.opaque xattr. Needs root (it sets owners, makes device nodes, writes
 * trusted.* xattrs).
 *
 * <p>Hostile layers: names that climb out with ".." are refused, absolute names are taken as
 * relative to the target, and nothing is ever written through a symlink: an entry below one of
 * the layer's own symlinks is refused (see {@link LayerTree}). A failed unpack leaves a partly
 * filled target for the caller to delete; nothing outside it is touched.
 */
public final class LayerUnpacker {
    // headers are parsed and data handed out from one buffer of this size; the writes go
    // through a native buffer of the same size
    private static final int BUFFER_SIZE = 1 << 20;
    // a tar's end marker is padded to its record size (GNU tar: 10 KiB; -b 2048: 1 MiB); more
    // is not a tar any tool writes, and a bomb of trailing zeros would cost a long read
    private static final long MAX_TRAILING_BYTES = 16L << 20;
    // decompression runs this far ahead of the writes, on its own thread
    private static final int READ_AHEAD_CHUNK = 1 << 20;
    private static final int READ_AHEAD_CHUNKS = 4;

    /**
     * Unpacks {@code blob}, read to its end but not closed, into {@code target}, an existing
     * empty directory.
     *
     * @throws LayerRejectedException when the layer is hostile, corrupt, unsupported or over a limit
     * @throws IOException             when reading the blob or writing the target fails
     */
    public UnpackResult unpack(InputStream blob, Path target, LayerLimits limits) throws IOException {
        requireEmptyDirectory(target);
        BufferedInputStream source = new BufferedInputStream(new SourceStream(blob), 256 * 1024);
        try {
            Compression compression = compressionOf(source);
            DiffIdStream tar = new DiffIdStream(new ReadFailureStream(compression.decompress(source),
                    failure -> failure instanceof SourceStream.SourceFailure ? (IOException) failure
                            : corrupt(compression, failure)));
            try (ReadAheadStream ahead = new ReadAheadStream(tar, READ_AHEAD_CHUNK, READ_AHEAD_CHUNKS);
                    LayerTree tree = LayerTree.open(target); FdWriter writer = new FdWriter(BUFFER_SIZE)) {
                SpaceGuard space = new SpaceGuard(target, limits);
                EntryApplier applier = new EntryApplier(tree, space, writer);
                TarReader reader = new TarReader(ahead, BUFFER_SIZE);
                int entries = 0;
                for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    applier.apply(entry, reader);
                    entries++;
                }
                if (reader.drain(MAX_TRAILING_BYTES) > MAX_TRAILING_BYTES) {
                    throw LayerRejectedException.layer(Reason.MALFORMED, "more than "
                            + SpaceGuard.human(MAX_TRAILING_BYTES) + " of data follow the end of the tar archive", null);
                }
                applier.finish();
                return new UnpackResult(tar.diffId(), space.unpackedBytes(), entries);
            }
        } catch (SourceStream.SourceFailure e) {
            throw e.original();
        }
    }

    private static Compression compressionOf(BufferedInputStream source) throws IOException {
        try {
            return Compression.peek(source, "the layer blob");
        } catch (CompressionException e) {
            throw LayerRejectedException.layer(e.isEmpty() ? Reason.MALFORMED : Reason.UNSUPPORTED, e.getMessage(), null);
        }
    }

    /** A gzip or zstd error, or a tar cut short, means the layer is corrupt; failures of the blob stream pass. */
    private static LayerRejectedException corrupt(Compression compression, Exception e) {
        return LayerRejectedException.layer(Reason.MALFORMED, "the layer's " + compression.displayName()
                + " data is corrupt or truncated: " + e.getMessage(), e);
    }

    private static void requireEmptyDirectory(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("layer target " + target + " is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            if (entries.iterator().hasNext()) {
                throw new IllegalArgumentException("layer target " + target + " is not empty");
            }
        }
    }
}
