/**
 * OCI layer unpacking into overlayfs lower directories: {@link io.berth.storage.layer.LayerUnpacker}.
 *
 * <p>The pipeline, one layer at a time:
 * <pre>
 *  blob ─► SourceStream ─► gzip/zstd ─► DecompressedStream ─► DiffIdStream ─► ReadAheadStream ─► TarReader
 *          (blob failures   (told by     (decoder errors       (sha256 =        (its own thread:   (headers, PAX,
 *           kept apart)      magic)       = corrupt layer)      diffID)          decompress+digest)  GNU names)
 *                                                                                                  │
 *                        LayerTree (fds, openat2 RESOLVE_BENEATH|NO_SYMLINKS) ◄── EntryApplier ◄──┘
 *                        SpaceGuard (cap, free space)  DirectoryTimes (set last)
 * </pre>
 *
 * <p>On disk, a layer directory holds the layer's files plus overlayfs's deletion markers:
 * character devices 0/0 for whiteouts and {@code trusted.overlay.opaque=y} on opaque
 * directories ({@link io.berth.storage.layer.OverlayFormat}). Nothing else is added.
 */
package io.berth.storage.layer;
