package io.berth.cli.image;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.RootedPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid and supplementary groups an image's {@code User} ("name", "uid", "name:group",
 * "uid:gid", ...) means, looked up in the image's own /etc/passwd and /etc/group as Docker does.
 * The files are read inside the rootfs (openat2 RESOLVE_IN_ROOT): an image's symlinks cannot
 * point the lookup at the host's files.
 */
record ImageUser(long uid, long gid, List<Long> additionalGids) {
    private static final int MAX_FILE = 4 << 20;

    static ImageUser resolve(String user, Fd rootfs) {
        if (user == null || user.isEmpty()) {
            // no User: uid 0, whether or not the image has a passwd file (as Docker)
            user = "0";
        }
        int colon = user.indexOf(':');
        String userPart = colon < 0 ? user : user.substring(0, colon);
        String groupPart = colon < 0 ? null : user.substring(colon + 1);
        List<String[]> passwd = entries(rootfs, "/etc/passwd");
        List<String[]> groups = entries(rootfs, "/etc/group");

        long uid;
        long gid = 0;
        String name = null;
        Optional<String[]> pw = passwd.stream()
                .filter(e -> e.length >= 4 && (e[0].equals(userPart) || e[2].equals(userPart))).findFirst();
        if (pw.isPresent()) {
            name = pw.get()[0];
            uid = parseId(pw.get()[2], user);
            gid = parseId(pw.get()[3], user);
        } else if (userPart.matches("\\d+")) {
            uid = parseId(userPart, user);
        } else {
            throw new IllegalArgumentException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart != null) {
            Optional<String[]> gr = groups.stream()
                    .filter(e -> e.length >= 3 && (e[0].equals(groupPart) || e[2].equals(groupPart))).findFirst();
            if (gr.isPresent()) {
                gid = parseId(gr.get()[2], user);
            } else if (groupPart.matches("\\d+")) {
                gid = parseId(groupPart, user);
            } else {
                throw new IllegalArgumentException("unable to find group " + groupPart + ": no matching entries in group file");
            }
        }
        List<Long> additional = new ArrayList<>();
        if (name != null) {
            for (String[] g : groups) {
                if (g.length >= 4 && List.of(g[3].split(",")).contains(name)) {
                    long id = parseId(g[2], user);
                    if (id != gid && !additional.contains(id)) {
                        additional.add(id);
                    }
                }
            }
        }
        return new ImageUser(uid, gid, additional);
    }

    private static long parseId(String text, String user) {
        try {
            long id = Long.parseLong(text);
            if (id < 0 || id > 0xFFFFFFFEL) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid id \"" + text + "\" while resolving user \"" + user + "\"");
        }
    }

    private static List<String[]> entries(Fd rootfs, String path) {
        List<String[]> out = new ArrayList<>();
        Fd fd;
        try {
            fd = RootedPaths.openInRoot(rootfs, path, FileCalls.O_RDONLY | FileCalls.O_CLOEXEC, 0);
        } catch (RuntimeException missing) {
            return out;
        }
        try (fd) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (byte[] chunk; bytes.size() < MAX_FILE && (chunk = FileCalls.read(fd, 65536)).length > 0; ) {
                bytes.writeBytes(chunk);
            }
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
        }
        return out;
    }
}
