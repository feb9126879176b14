package io.berth.storage.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars for tests with commons-compress, PAX style, as image builders write them. */
final class TestLayer {
    static final Instant MTIME = Instant.parse("2021-03-04T05:06:07Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    TestLayer() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    TestLayer dir(String name) {
        return dir(name, e -> {});
    }

    TestLayer dir(String name, Consumer<TarArchiveEntry> customize) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        e.setMode(0755);
        return add(e, null, customize);
    }

    TestLayer file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), e -> {});
    }

    TestLayer file(String name, byte[] content, Consumer<TarArchiveEntry> customize) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(0644);
        e.setSize(content.length);
        return add(e, content, customize);
    }

    TestLayer symlink(String name, String target) {
        return symlink(name, target, e -> {});
    }

    TestLayer symlink(String name, String target, Consumer<TarArchiveEntry> customize) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0777);
        return add(e, null, customize);
    }

    TestLayer hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        e.setMode(0644);
        return add(e, null, x -> {});
    }

    TestLayer device(String name, byte type, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0620);
        return add(e, null, x -> {});
    }

    TestLayer fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        e.setMode(0640);
        return add(e, null, x -> {});
    }

    private TestLayer add(TarArchiveEntry e, byte[] content, Consumer<TarArchiveEntry> customize) {
        e.setModTime(FileTime.from(MTIME));
        customize.accept(e);
        try {
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** The finished tar, padded to commons-compress's 10 KiB record as GNU tar pads. */
    byte[] tar() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Compressed by the zstd tool itself, not by the library that decompresses. */
    static byte[] zstd(byte[] data, Path scratch) throws IOException, InterruptedException {
        Path in = Files.createTempFile(scratch, "layer", ".tar");
        Path out = scratch.resolve(in.getFileName() + ".zst");
        Files.write(in, data);
        Process p = new ProcessBuilder("zstd", "-q", "-f", "-3", in.toString(), "-o", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("zstd failed: " + output);
        }
        byte[] compressed = Files.readAllBytes(out);
        Files.delete(in);
        Files.delete(out);
        return compressed;
    }
}
