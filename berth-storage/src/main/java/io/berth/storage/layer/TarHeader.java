package io.berth.storage.layer;

import java.nio.charset.StandardCharsets;

/**
 * Field access to one 512-byte tar header block: ustar (POSIX), GNU and old v7 layouts.
 * Numbers may be octal text or GNU base-256; names are raw bytes up to the first NUL.
 */
final class TarHeader {
    static final int SIZE = 512;

    private final byte[] block;
    private final int at;

    /** Reads the block at {@code block[at, at+512)} in place; the array must not change meanwhile. */
    TarHeader(byte[] block, int at) {
        this.block = block;
        this.at = at;
    }

    boolean isZero() {
        for (int i = 0; i < SIZE; i++) {
            if (block[at + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The stored checksum matches the unsigned (or, as old tars wrote, signed) byte sum. */
    boolean checksumMatches() {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < SIZE; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : block[at + i];
            unsigned += b & 0xff;
            signed += b;
        }
        long stored;
        try {
            stored = number(148, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        return stored == unsigned || stored == signed;
    }

    char typeFlag() {
        return (char) (block[at + 156] & 0xff);
    }

    byte[] name() {
        return bytes(0, 100);
    }

    byte[] linkName() {
        return bytes(157, 100);
    }

    /** The ustar name prefix, joined to {@link #name()} with "/"; empty for GNU and v7 headers. */
    byte[] prefix() {
        if (!isPosixUstar()) {
            return new byte[0];
        }
        boolean star = block[at + 508] == 't' && block[at + 509] == 'a' && block[at + 510] == 'r'
                && block[at + 511] == 0;
        return bytes(345, star ? 131 : 155);
    }

    long mode() {
        return number(100, 8);
    }

    long uid() {
        return number(108, 8);
    }

    long gid() {
        return number(116, 8);
    }

    long size() {
        return number(124, 12);
    }

    long mtime() {
        return number(136, 12);
    }

    /** GNU headers carry an access time; 0 when absent. */
    long gnuAtime() {
        return isGnu() ? number(345, 12) : 0;
    }

    long devMajor() {
        return isPosixUstar() || isGnu() ? number(329, 8) : 0;
    }

    long devMinor() {
        return isPosixUstar() || isGnu() ? number(337, 8) : 0;
    }

    private boolean isPosixUstar() {
        return magic("ustar\0");
    }

    private boolean isGnu() {
        return magic("ustar ");
    }

    private boolean magic(String expected) {
        for (int i = 0; i < 6; i++) {
            if (block[at + 257 + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private byte[] bytes(int off, int len) {
        int end = 0;
        while (end < len && block[at + off + end] != 0) {
            end++;
        }
        byte[] out = new byte[end];
        System.arraycopy(block, at + off, out, 0, end);
        return out;
    }

    /** A numeric field: GNU base-256 if the top bit of its first byte is set, else octal text. */
    long number(int off, int len) {
        int start = at + off;
        if ((block[start] & 0x80) != 0) {
            return base256(start, len);
        }
        int i = start;
        int end = start + len;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        long value = 0;
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            int digit = block[i] - '0';
            if (digit < 0 || digit > 7 || (value >>> 60) != 0) {
                throw new NumberFormatException("bad octal number \""
                        + new String(block, start, len, StandardCharsets.ISO_8859_1).trim() + "\"");
            }
            value = (value << 3) | digit;
        }
        return value;
    }

    // two's complement, big-endian, over the whole field minus the marker bit
    private long base256(int start, int len) {
        int invert = (block[start] & 0x40) != 0 ? 0xff : 0;
        long value = 0;
        for (int i = 0; i < len; i++) {
            int b = (block[start + i] & 0xff) ^ invert;
            if (i == 0) {
                b &= 0x7f;
            }
            if ((value >>> 55) != 0) {
                throw new NumberFormatException("base-256 number does not fit 64 bits");
            }
            value = (value << 8) | b;
        }
        return invert == 0 ? value : ~value;
    }
}
