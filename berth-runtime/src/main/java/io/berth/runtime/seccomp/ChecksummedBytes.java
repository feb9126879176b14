package io.berth.runtime.seccomp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Bytes followed by their CRC-32C, for the programs kept on disk: the kernel checks a filter's
 * structure only, so a flipped bit in a jump or a constant would be installed as it is.
 */
final class ChecksummedBytes {
    private static final int CRC_BYTES = Integer.BYTES;

    private ChecksummedBytes() {}

    static byte[] seal(byte[] payload) {
        return ByteBuffer.allocate(payload.length + CRC_BYTES).put(payload).putInt(crc(payload, payload.length)).array();
    }

    /** The payload, or empty if the bytes are too short or their checksum does not match. */
    static Optional<byte[]> open(byte[] sealed) {
        int length = sealed.length - CRC_BYTES;
        if (length < 0 || ByteBuffer.wrap(sealed).getInt(length) != crc(sealed, length)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(sealed, length));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
