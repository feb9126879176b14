package io.berth.storage.layer;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Links;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * Removes a directory a later layer entry replaces, relative to open directory fds
 * (the JDK's SecureDirectoryStream: openat/unlinkat underneath), never following a symlink.
 */
final class TreeRemoval {
    private TreeRemoval() {}

    /** Removes the directory {@code name} in {@code parent} and everything in it. */
    static void removeDirectory(Fd parent, String name) throws IOException {
        // the caller has just seen a directory here; /proc/self/fd/N pins the parent itself
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of(parent.procPath(), name))) {
            if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this JDK offers no SecureDirectoryStream to remove " + name + " safely");
            }
            empty(secure);
        }
        Links.unlinkAt(parent, name, FileCalls.AT_REMOVEDIR);
    }

    private static void empty(SecureDirectoryStream<Path> dir) throws IOException {
        for (Path entry : dir) {
            Path name = entry.getFileName();
            boolean isDirectory = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
            if (isDirectory) {
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    empty(child);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }
}
