package io.berth.storage;

import io.berth.linux.Xattrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Test support: a tree as what a tar of it must keep, one line per entry ("." for the root):
 * type and permission bits, owner, mtime in whole seconds (not for directories, whose mtimes
 * change as entries come and go), content, which earlier name a hardlink shares its inode with,
 * symlink target, device number and every xattr in hex. Two trees are alike when their
 * listings are equal.
 */
public final class TreeListing {
    private TreeListing() {
    }

    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Map<Object, String> firstNameOfInode = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted().toList();
        }
        for (Path path : paths) {
            String name = root.equals(path) ? "." : root.relativize(path).toString();
            entries.put(name, line(path, name, firstNameOfInode));
        }
        return entries;
    }

    private static String line(Path path, String name, Map<Object, String> firstNameOfInode) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino,nlink,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        StringBuilder line = new StringBuilder("mode=" + Integer.toOctalString(mode) + " owner=" + a.get("uid") + ":"
                + a.get("gid"));
        if (type != 0040000) {
            line.append(" mtime=").append(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond());
        }
        if (type == 0100000) {
            line.append(" content=").append(HexFormat.of().formatHex(Files.readAllBytes(path)));
            if ((Integer) a.get("nlink") > 1) {
                String first = firstNameOfInode.putIfAbsent(a.get("ino"), name);
                line.append(" linked-to=").append(first == null ? name : first).append(" nlink=").append(a.get("nlink"));
            }
        } else if (type == 0120000) {
            line.append(" target=").append(Files.readSymbolicLink(path));
        } else if (type == 0020000 || type == 0060000) {
            line.append(" rdev=").append(a.get("rdev"));
        }
        for (String x : new TreeSet<>(Xattrs.list(path.toString()))) {
            line.append(" ").append(x).append("=").append(HexFormat.of().formatHex(Xattrs.get(path.toString(), x).orElseThrow()));
        }
        return line.toString();
    }
}
