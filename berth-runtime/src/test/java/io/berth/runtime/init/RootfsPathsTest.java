package io.berth.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount targets resolved as runc's securejoin does: links followed inside the root, as far as they exist. */
class RootfsPathsTest {
    @TempDir
    Path root;

    private Fd rootFd;
    private RootfsPaths paths;

    @BeforeEach
    void open() {
        rootFd = FileCalls.open(root.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
        paths = new RootfsPaths(rootFd);
    }

    @AfterEach
    void close() {
        rootFd.close();
    }

    private void link(String at, String target) throws Exception {
        Path link = root.resolve(at);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    @Test
    void aPathWithoutLinksStaysAsWritten() {
        assertEquals("/a/b", paths.resolve("/a/./b/"));
        assertEquals("/x", paths.resolve("/../../x"));
        assertEquals("/", paths.resolve("/"));
    }

    @Test
    void aDanglingRelativeLinkLeadsToItsTarget() throws Exception {
        link("etc/resolv.conf", "../run/systemd/resolve/stub-resolv.conf");
        assertEquals("/run/systemd/resolve/stub-resolv.conf", paths.resolve("/etc/resolv.conf"));
    }

    @Test
    void anAbsoluteLinkStaysInsideTheRoot() throws Exception {
        link("evil", "/../../../../etc");
        assertEquals("/etc/shadow", paths.resolve("/evil/shadow"));
    }

    @Test
    void linksInTheMiddleAndDotDotAfterThemResolveInOrder() throws Exception {
        Files.createDirectories(root.resolve("usr/lib/x"));
        link("lib", "usr/lib");
        assertEquals("/usr/lib/x/y", paths.resolve("/lib/x/y"));
        assertEquals("/usr/z", paths.resolve("/lib/../z"), "'..' applies to where the link led");
    }

    @Test
    void aChainOfLinksIsFollowed() throws Exception {
        link("a", "b");
        link("b", "/c/d");
        assertEquals("/c/d/e", paths.resolve("/a/e"));
    }

    @Test
    void aLoopIsRefused() throws Exception {
        link("loop", "loop");
        var e = assertThrows(IllegalArgumentException.class, () -> paths.resolve("/loop/x"));
        assertEquals("too many levels of symbolic links in /loop/x", e.getMessage());
    }

    @Test
    void mkdirsCreatesTheTargetOfADanglingLink() throws Exception {
        link("data", "/srv/data");
        paths.mkdirs("/data").close();
        assertEquals(true, Files.isDirectory(root.resolve("srv/data")));
        paths.touch("/data/file").close();
        assertEquals(true, Files.isRegularFile(root.resolve("srv/data/file")));
    }
}
