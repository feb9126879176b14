package io.berth.storage.layer;

import io.berth.storage.layer.LayerRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;

/**
 * A streaming tar reader over one big buffer: headers are parsed in place and entry data is
 * handed out as slices of the buffer, so nothing is copied twice. Reads ustar, PAX (binary
 * xattr values kept exact), GNU long names and v7; refuses sparse and multi-volume members.
 * It never calls {@link InputStream#skip}: every byte passes through the stream below, which
 * digests them.
 */
final class TarReader {
    /** Receives entry data; the array is the reader's buffer, valid only during the call. */
    interface DataSink {
        void write(byte[] data, int offset, int length) throws IOException;
    }

    // Go's archive/tar limit for PAX and GNU long-name data: names are never near this
    private static final int MAX_META_SIZE = 1 << 20;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long bufStart; // stream offset of buf[0]
    private long remaining; // data bytes of the current entry not yet handed out
    private long padding; // zero bytes after them, up to the next block
    private String current = null;

    TarReader(InputStream in, int bufferSize) {
        if (bufferSize < 2 * TarHeader.SIZE || bufferSize % TarHeader.SIZE != 0) {
            throw new IllegalArgumentException("buffer must be a multiple of 512 bytes, at least 1024");
        }
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** The next member, or null at the end-of-archive block (or a clean end of stream). */
    TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        PaxRecords pax = PaxRecords.none();
        byte[] longName = null;
        byte[] longLink = null;
        while (true) {
            int available = fill(TarHeader.SIZE);
            if (available == 0) {
                return null; // no end-of-archive marker; Go's reader accepts that too
            }
            if (available < TarHeader.SIZE) {
                throw malformed("the stream ends inside a tar header");
            }
            TarHeader header = new TarHeader(buf, pos);
            long headerOffset = bufStart + pos;
            if (header.isZero()) {
                pos += TarHeader.SIZE;
                return null;
            }
            if (!header.checksumMatches()) {
                throw headerOffset == 0
                        ? LayerRejectedException.layer(Reason.MALFORMED,
                                "the layer is not a tar archive (nor gzip or zstd compressed)", null)
                        : malformed("tar header at byte " + headerOffset + " is corrupt (checksum mismatch)");
            }
            char type = header.typeFlag();
            long size = number(header::size, "size");
            pos += TarHeader.SIZE;
            switch (type) {
                case 'x' -> pax = parsePax(readMeta(size, "PAX header"));
                case 'L' -> longName = cString(readMeta(size, "GNU long name"));
                case 'K' -> longLink = cString(readMeta(size, "GNU long link name"));
                case 'g', 'V' -> skip(size + padTo512(size)); // global PAX defaults and volume labels: ignored, as containerd does
                default -> {
                    TarEntry entry = entry(header, type, size, pax, longName, longLink);
                    remaining = entry.size();
                    // Go's reader, which wrote and checked most layers, reads no data after links,
                    // directories and devices whatever their size field says; a GNU dumpdir has some
                    padding = entry.type().hasData() ? padTo512(entry.size()) : type == 'D' ? size + padTo512(size) : 0;
                    return entry;
                }
            }
        }
    }

    /** Hands all data of the current entry to {@code sink}, in buffer-sized slices. */
    void transferData(DataSink sink) throws IOException {
        while (remaining > 0) {
            if (pos == limit && fill(1) == 0) {
                throw LayerRejectedException.entry(current, Reason.MALFORMED, "the stream ends inside its data");
            }
            int n = (int) Math.min(remaining, limit - pos);
            sink.write(buf, pos, n);
            pos += n;
            remaining -= n;
        }
    }

    /** Reads past the end-of-archive marker to the end of the stream; returns how many bytes, up to {@code max + 1}. */
    long drain(long max) throws IOException {
        long total = limit - pos;
        pos = limit;
        while (total <= max) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            bufStart += limit;
            pos = limit = 0;
            total += n;
        }
        return total;
    }

    private TarEntry entry(TarHeader header, char type, long size, PaxRecords pax, byte[] longName, byte[] longLink)
            throws IOException {
        String name = utf8(pax.has("path") ? pax.bytes("path") : longName != null ? longName : joined(header), null);
        current = name;
        String linkName = utf8(pax.has("linkpath") ? pax.bytes("linkpath")
                : longLink != null ? longLink : header.linkName(), name);
        if (pax.describesSparseFile() || type == 'S') {
            throw LayerRejectedException.entry(name, Reason.UNSUPPORTED, "sparse tar members are not supported");
        }
        TarEntryType kind = switch (type) {
            case '0', '7' -> TarEntryType.REGULAR;
            case '\0' -> name.endsWith("/") ? TarEntryType.DIRECTORY : TarEntryType.REGULAR;
            case '1' -> TarEntryType.HARDLINK;
            case '2' -> TarEntryType.SYMLINK;
            case '3' -> TarEntryType.CHAR_DEVICE;
            case '4' -> TarEntryType.BLOCK_DEVICE;
            case '5', 'D' -> TarEntryType.DIRECTORY; // D: GNU dumpdir, a directory plus a listing we skip
            case '6' -> TarEntryType.FIFO;
            default -> throw LayerRejectedException.entry(name, Reason.UNSUPPORTED,
                    "unsupported tar member type " + describe(type));
        };
        try {
            long dataSize = kind.hasData() ? pax.number("size", size) : 0;
            Instant mtime = pax.time("mtime", Instant.ofEpochSecond(number(header::mtime, "mtime")));
            long gnuAtime = header.gnuAtime();
            Instant atime = pax.time("atime", gnuAtime != 0 ? Instant.ofEpochSecond(gnuAtime) : mtime);
            Map<String, byte[]> xattrs = pax.xattrs();
            return new TarEntry(name, kind, (int) (number(header::mode, "mode") & 07777),
                    id(pax.number("uid", number(header::uid, "uid")), "uid"),
                    id(pax.number("gid", number(header::gid, "gid")), "gid"),
                    nonNegative(dataSize), mtime, atime, linkName,
                    (int) pax.number("SCHILY.devmajor", number(header::devMajor, "devmajor")),
                    (int) pax.number("SCHILY.devminor", number(header::devMinor, "devminor")),
                    xattrs);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw LayerRejectedException.entry(name, Reason.MALFORMED, e.getMessage());
        }
    }

    private interface Field {
        long get();
    }

    private long number(Field field, String what) throws LayerRejectedException {
        try {
            return field.get();
        } catch (NumberFormatException e) {
            throw malformed("tar header field " + what + ": " + e.getMessage());
        }
    }

    private static int id(long value, String what) {
        if (value < 0 || value > 0xfffffffeL) {
            throw new IllegalArgumentException(what + " " + value + " is out of range");
        }
        return (int) value;
    }

    private static long nonNegative(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return size;
    }

    private static byte[] joined(TarHeader header) {
        byte[] prefix = header.prefix();
        byte[] name = header.name();
        if (prefix.length == 0) {
            return name;
        }
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
    }

    private PaxRecords parsePax(byte[] data) throws LayerRejectedException {
        try {
            return PaxRecords.parse(data, data.length);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private byte[] readMeta(long size, String what) throws IOException {
        if (size < 0 || size > MAX_META_SIZE) {
            throw malformed(what + " of " + size + " bytes (at most " + MAX_META_SIZE + " allowed)");
        }
        byte[] data = new byte[(int) size];
        int done = 0;
        while (done < size) {
            if (pos == limit && fill(1) == 0) {
                throw malformed("the stream ends inside a " + what);
            }
            int n = Math.min((int) size - done, limit - pos);
            System.arraycopy(buf, pos, data, done, n);
            pos += n;
            done += n;
        }
        skip(padTo512(size));
        return data;
    }

    /** Names and link targets must be UTF-8: they reach the kernel through Java strings. */
    private static String utf8(byte[] bytes, String entry) throws LayerRejectedException {
        for (byte b : bytes) {
            if (b == 0) {
                throw LayerRejectedException.entry(entry != null ? entry : latin1(bytes), Reason.MALFORMED,
                        "name contains a NUL byte");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LayerRejectedException.entry(entry != null ? entry : latin1(bytes), Reason.UNSUPPORTED,
                    (entry != null ? "link target " : "name ") + "is not valid UTF-8");
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return java.util.Arrays.copyOf(data, end);
    }

    private static long padTo512(long size) {
        return (TarHeader.SIZE - (size % TarHeader.SIZE)) % TarHeader.SIZE;
    }

    private static String describe(char type) {
        return type >= 0x21 && type < 0x7f ? "'" + type + "'" : String.format("0x%02x", (int) type);
    }

    private LayerRejectedException malformed(String why) {
        return LayerRejectedException.layer(Reason.MALFORMED,
                current == null ? why : why + " (the last entry read was " + EntryNames.quote(current) + ")", null);
    }

    /** Consumes {@code count} bytes by reading them (so the digest below sees them). */
    private void skip(long count) throws IOException {
        while (count > 0) {
            if (pos == limit && fill(1) == 0) {
                throw malformed("the stream ends inside an entry");
            }
            int n = (int) Math.min(count, limit - pos);
            pos += n;
            count -= n;
        }
    }

    /** Makes at least {@code need} bytes available at {@code pos} unless the stream ends; returns how many are. */
    private int fill(int need) throws IOException {
        if (limit - pos >= need) {
            return limit - pos;
        }
        if (pos + need > buf.length || pos == limit) {
            int left = limit - pos;
            System.arraycopy(buf, pos, buf, 0, left);
            bufStart += pos;
            pos = 0;
            limit = left;
        }
        while (limit - pos < need) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        return limit - pos;
    }
}
