package io.berth.image.archive;

import java.io.IOException;

/**
 * An archive, layout or rootfs tarball that cannot be loaded or imported: not a tar, truncated,
 * a manifest naming something the archive lacks, a blob whose digest does not match its name,
 * a hostile layer. The message names the archive member or image at fault.
 */
public final class ArchiveException extends IOException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
