package io.berth.cli;

import io.berth.linux.Xattrs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A rootfs as a user sees it, read without following a single symlink: every path (relative, the
 * root itself as ".") with its {@link RootfsEntry}, and the groups of paths that share an inode.
 */
record RootfsTree(SortedMap<String, RootfsEntry> entries, Set<List<String>> hardlinkGroups) {

    /** Reads the tree under {@code root}, leaving out xattrs whose names {@code ignoredXattr} accepts. */
    static RootfsTree read(Path root, Predicate<String> ignoredXattr) throws IOException {
        SortedMap<String, RootfsEntry> entries = new TreeMap<>();
        Map<String, List<String>> byInode = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Map<String, Object> unix = add(file);
                byInode.computeIfAbsent(unix.get("dev") + ":" + unix.get("ino"), k -> new ArrayList<>())
                        .add(relative(root, file));
                return FileVisitResult.CONTINUE;
            }

            private Map<String, Object> add(Path path) throws IOException {
                Map<String, Object> unix = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
                entries.put(relative(root, path), entry(path, unix, ignoredXattr));
                return unix;
            }
        });
        Set<List<String>> groups = byInode.values().stream().filter(g -> g.size() > 1)
                .map(g -> g.stream().sorted().toList()).collect(Collectors.toCollection(() -> new TreeSet<>(
                        (a, b) -> String.join("\n", a).compareTo(String.join("\n", b)))));
        return new RootfsTree(entries, groups);
    }

    /** A readable diff against {@code other}: missing paths, differing fields, differing link groups. */
    List<String> differences(RootfsTree other, boolean withMtime) {
        List<String> lines = new ArrayList<>();
        Set<String> paths = new TreeSet<>(entries.keySet());
        paths.addAll(other.entries.keySet());
        for (String path : paths) {
            RootfsEntry ours = entries.get(path);
            RootfsEntry theirs = other.entries.get(path);
            if (ours == null || theirs == null) {
                lines.add((ours == null ? "only in umoci: " : "only in berth: ") + path);
            } else {
                ours.differences(theirs, withMtime).forEach(d -> lines.add(path + ": " + d));
            }
        }
        if (!hardlinkGroups.equals(other.hardlinkGroups)) {
            lines.add("hard link groups: berth " + hardlinkGroups + " ≠ umoci " + other.hardlinkGroups);
        }
        return lines;
    }

    private static RootfsEntry entry(Path path, Map<String, Object> unix, Predicate<String> ignoredXattr) throws IOException {
        int mode = (Integer) unix.get("mode");
        String type = switch (mode & 0170000) {
            case 0040000 -> "dir";
            case 0100000 -> "file";
            case 0120000 -> "symlink";
            case 0020000 -> "char";
            case 0060000 -> "block";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "unknown " + Integer.toOctalString(mode);
        };
        long rdev = (Long) unix.get("rdev");
        String detail = switch (type) {
            case "file" -> unix.get("size") + " sha256:" + sha256(path);
            case "symlink" -> Files.readSymbolicLink(path).toString();
            case "char", "block" -> major(rdev) + ":" + minor(rdev);
            default -> "";
        };
        SortedMap<String, String> xattrs = new TreeMap<>();
        for (String name : Xattrs.list(path.toString())) {
            if (!ignoredXattr.test(name)) {
                xattrs.put(name, HexFormat.of().formatHex(Xattrs.get(path.toString(), name).orElse(new byte[0])));
            }
        }
        java.time.Instant mtime = ((FileTime) unix.get("lastModifiedTime")).toInstant();
        long nanos = mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano();
        return new RootfsEntry(type, mode & 07777, (Integer) unix.get("uid"), (Integer) unix.get("gid"), detail,
                xattrs, nanos);
    }

    // The glibc encoding of dev_t (sys/sysmacros.h).
    private static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    private static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    private static String relative(Path root, Path path) {
        String relative = root.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    digest.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
