/**
 * OCI layers in and out of directories: {@link io.berth.storage.layer.LayerUnpacker} turns a
 * layer blob into an overlayfs lower directory, {@link io.berth.storage.layer.TreeTar} writes a
 * tree (or an overlay upper directory, as the layer of its changes) as a tar.
 * {@link io.berth.storage.layer.Compression} tells gzip, zstd and plain streams apart by their
 * magic bytes and {@link io.berth.storage.layer.ReadFailureStream} names a stream in its read
 * errors; image archives use both too.
 *
 * <p>The unpacking pipeline, one layer at a time:
 * <pre>
 *  blob ─► SourceStream ─► gzip/zstd ─► ReadFailureStream ─► DiffIdStream ─► ReadAheadStream ─► TarReader
 *          (blob failures   (told by     (decoder errors      (sha256 =        (its own thread:   (headers, PAX,
 *           kept apart)      magic)       = corrupt layer)     diffID)          decompress+digest)  GNU names)
 *                                                                                                 │
 *                        LayerTree (fds, openat2 RESOLVE_BENEATH|NO_SYMLINKS) ◄── EntryApplier ◄──┘
 *                        SpaceGuard (cap, free space)  DirectoryTimes (set last)
 * </pre>
 *
 * <p>On disk, a layer directory holds the layer's files plus overlayfs's deletion markers:
 * character devices 0/0 for whiteouts and {@code trusted.overlay.opaque=y} on opaque
 * directories ({@link io.berth.storage.layer.OverlayFormat}). Nothing else is added. Writing a
 * diff turns these (and overlayfs's other whiteout form, an empty file with
 * {@code trusted.overlay.whiteout}) back into OCI's {@code .wh.} members.
 */
package io.berth.storage.layer;
