package io.berth.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.testing.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageUserTest {
    private Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createTempDirectory("berth-user-");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000::/home/app:/bin/sh
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                app:x:1000:
                audio:x:29:app
                video:x:44:app,root
                """);
    }

    @AfterEach
    void tearDown() throws IOException {
        TempDirs.delete(rootfs);
    }

    private ImageUser resolve(String user) {
        try (Fd root = FileCalls.open(rootfs.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0)) {
            return ImageUser.resolve(user, root);
        }
    }

    @Test
    void namesAndNumbersResolveAsDockerDoes() {
        assertEquals(new ImageUser(0, 0, List.of(44L)), resolve(""));
        assertEquals(new ImageUser(1000, 1000, List.of(29L, 44L)), resolve("app"));
        assertEquals(new ImageUser(1000, 29, List.of(44L)), resolve("app:audio"));
        assertEquals(new ImageUser(1000, 7, List.of(29L, 44L)), resolve("1000:7"));
        assertEquals(new ImageUser(4242, 0, List.of()), resolve("4242"));
    }

    @Test
    void unknownNamesAreClearErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> resolve("nobody")).getMessage()
                .contains("unable to find user nobody"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> resolve("app:nogroup")).getMessage()
                .contains("unable to find group nogroup"));
    }

    @Test
    void anImageSymlinkCannotPointTheLookupAtTheHostsFiles() throws IOException {
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
        // the link resolves inside the rootfs, to itself's target there: no file, so names fail
        assertThrows(IllegalArgumentException.class, () -> resolve("root"));
        assertEquals(0, resolve("").uid());
    }
}
