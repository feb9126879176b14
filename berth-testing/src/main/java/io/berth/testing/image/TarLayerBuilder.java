package io.berth.testing.image;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a layer tar for tests, entry by entry, in the order the calls are made (order matters to
 * an unpacker: a whiteout must come before what replaces it). PAX headers carry long names, long
 * link targets, large ids and xattrs, as in the layers Docker and containerd write.
 *
 * <p>The typed methods take tidy relative paths ({@code "usr/bin/env"}; a leading {@code /} is
 * dropped) and refuse {@code ..}; the {@code raw*} methods write any name verbatim, for hostile layers.
 * Every entry gets {@link #DEFAULT_MTIME} unless told otherwise, so the same calls give the same bytes
 * and the same digests on every run.
 */
public final class TarLayerBuilder {
    public static final Instant DEFAULT_MTIME = Instant.parse("2024-01-01T00:00:00Z");
    private static final int ZERO_CHUNK = 64 * 1024;

    /** One tar entry waiting to be written, with its content: bytes, or a run of zeros too big to hold. */
    private record Pending(TarArchiveEntry entry, byte[] data, long zeros) {}

    private final List<Pending> entries = new ArrayList<>();

    public static TarLayerBuilder create() {
        return new TarLayerBuilder();
    }

    public TarLayerBuilder dir(String path) {
        return dir(path, 0755, 0, 0);
    }

    public TarLayerBuilder dir(String path, int mode, long uid, long gid) {
        return add(entry(tidy(path) + "/", TarConstants.LF_DIR, mode, uid, gid), new byte[0]);
    }

    public TarLayerBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarLayerBuilder file(String path, byte[] content) {
        return file(path, content, 0644, 0, 0);
    }

    public TarLayerBuilder file(String path, String content, int mode, long uid, long gid) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    public TarLayerBuilder file(String path, byte[] content, int mode, long uid, long gid) {
        return file(path, content, mode, uid, gid, DEFAULT_MTIME);
    }

    public TarLayerBuilder file(String path, byte[] content, int mode, long uid, long gid, Instant mtime) {
        TarArchiveEntry entry = entry(tidy(path), TarConstants.LF_NORMAL, mode, uid, gid);
        entry.setModTime(FileTime.from(mtime));
        return add(entry, content);
    }

    /** A regular file of {@code size} zero bytes, streamed when written so huge ones cost no memory. */
    public TarLayerBuilder zeroFile(String path, long size) {
        TarArchiveEntry entry = entry(tidy(path), TarConstants.LF_NORMAL, 0644, 0, 0);
        entry.setSize(size);
        entries.add(new Pending(entry, new byte[0], size));
        return this;
    }

    /** A symlink; the target is written as given (relative, absolute, or climbing), since that is what images hold. */
    public TarLayerBuilder symlink(String path, String target) {
        TarArchiveEntry entry = entry(tidy(path), TarConstants.LF_SYMLINK, 0777, 0, 0);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    /** A hard link to an entry earlier in this layer or in a lower one, named like any entry. */
    public TarLayerBuilder hardlink(String path, String target) {
        TarArchiveEntry entry = entry(tidy(path), TarConstants.LF_LINK, 0644, 0, 0);
        entry.setLinkName(tidy(target));
        return add(entry, new byte[0]);
    }

    public TarLayerBuilder charDevice(String path, int major, int minor) {
        return device(path, TarConstants.LF_CHR, major, minor);
    }

    public TarLayerBuilder blockDevice(String path, int major, int minor) {
        return device(path, TarConstants.LF_BLK, major, minor);
    }

    public TarLayerBuilder fifo(String path) {
        return add(entry(tidy(path), TarConstants.LF_FIFO, 0644, 0, 0), new byte[0]);
    }

    /** Deletes {@code path} of a lower layer: an empty {@code .wh.NAME} next to it. */
    public TarLayerBuilder whiteout(String path) {
        String name = tidy(path);
        int slash = name.lastIndexOf('/');
        return add(entry(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1),
                TarConstants.LF_NORMAL, 0644, 0, 0), new byte[0]);
    }

    /** Hides everything lower layers put in {@code dir}: an empty {@code dir/.wh..wh..opq}. */
    public TarLayerBuilder opaque(String dir) {
        return add(entry(tidy(dir) + "/.wh..wh..opq", TarConstants.LF_NORMAL, 0644, 0, 0), new byte[0]);
    }

    /** Sets an xattr on the latest entry named {@code path}, as a PAX {@code SCHILY.xattr.NAME} record. */
    public TarLayerBuilder xattr(String path, String name, String value) {
        return xattr(path, name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets a binary xattr. commons-compress writes PAX values as UTF-8 text, so the bytes must be
     * valid UTF-8 (NUL and bytes below 0x80 are); a v2 {@code security.capability} whose mask
     * bytes stay below 0x80 qualifies.
     */
    public TarLayerBuilder xattr(String path, String name, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), value)) {
            throw new IllegalArgumentException("xattr " + name + " on " + path + ": the value is not valid UTF-8,"
                    + " which PAX records written by commons-compress cannot carry");
        }
        String entryName = tidy(path);
        for (int i = entries.size() - 1; i >= 0; i--) {
            TarArchiveEntry entry = entries.get(i).entry();
            if (entry.getName().equals(entryName) || entry.getName().equals(entryName + "/")) {
                entry.addPaxHeader("SCHILY.xattr." + name, text);
                return this;
            }
        }
        throw new IllegalArgumentException("xattr " + name + " on " + path + ": no entry named " + entryName
                + " in this layer yet; add the entry first");
    }

    /** A regular file whose name is written verbatim: {@code ../x}, {@code /etc/x}, {@code a/../../b}. */
    public TarLayerBuilder rawFile(String name, String content) {
        return add(entry(name, TarConstants.LF_NORMAL, 0644, 0, 0), content.getBytes(StandardCharsets.UTF_8));
    }

    public TarLayerBuilder rawDir(String name) {
        return add(entry(name, TarConstants.LF_DIR, 0755, 0, 0), new byte[0]);
    }

    /** A symlink whose name and target are written verbatim. */
    public TarLayerBuilder rawSymlink(String name, String target) {
        TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    /** A hard link whose name and target are written verbatim, e.g. a link to {@code ../../etc/passwd}. */
    public TarLayerBuilder rawHardlink(String name, String target) {
        TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0644, 0, 0);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    /** The uncompressed tar. */
    public byte[] tar() {
        return bytes(LayerCompression.NONE);
    }

    public byte[] gzip() {
        return bytes(LayerCompression.GZIP);
    }

    public byte[] zstd() {
        return bytes(LayerCompression.ZSTD);
    }

    /** The layer blob compressed as asked, with the digest of the uncompressed tar (its diff_id). */
    public Layer layer(LayerCompression compression) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        MessageDigest diffId = Sha256.newDigest();
        Counting tar;
        try (OutputStream compressed = compression.compressing(blob)) {
            tar = new Counting(new DigestOutputStream(compressed, diffId));
            writeTo(tar);
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a test layer to memory failed", e);
        }
        return new Layer(blob.toByteArray(), compression, Sha256.format(diffId.digest()), tar.count);
    }

    /** Writes the uncompressed tar to {@code out}, leaving {@code out} open. */
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (Pending pending : entries) {
            tar.putArchiveEntry(pending.entry());
            tar.write(pending.data());
            byte[] zeros = new byte[(int) Math.min(ZERO_CHUNK, pending.zeros())];
            for (long left = pending.zeros(); left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.close();
    }

    private byte[] bytes(LayerCompression compression) {
        return layer(compression).blob();
    }

    private TarLayerBuilder device(String path, byte type, int major, int minor) {
        TarArchiveEntry entry = entry(tidy(path), type, 0666, 0, 0);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return add(entry, new byte[0]);
    }

    private TarLayerBuilder add(TarArchiveEntry entry, byte[] data) {
        entry.setSize(data.length);
        entries.add(new Pending(entry, data, 0));
        return this;
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, long uid, long gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.from(DEFAULT_MTIME));
        return entry;
    }

    /** A well-behaved entry name: relative, no {@code .} or {@code ..} components, no empty ones. */
    private static String tidy(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("layer path " + path + " has an empty, '.' or '..' component;"
                        + " use the raw* methods to write hostile names on purpose");
            }
        }
        return name;
    }

    /** Counts the uncompressed bytes on their way to the digest and the compressor. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Lets the tar stream be closed (which pads it out) without closing the caller's stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
