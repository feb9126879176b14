package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link StatFs} agrees with the JDK's FileStore and reports inodes the JDK does not. */
class StatFsTest {
    @Test
    void matchesFileStoreAndCountsInodes() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        FileSystemStats stats = StatFs.of(tmp.toString());
        FileStore store = Files.getFileStore(tmp);
        assertEquals(store.getTotalSpace(), stats.totalBytes());
        assertTrue(stats.availableBytes() <= stats.totalBytes() - stats.usedBytes());
        assertTrue(stats.usedBytes() > 0);
        assertTrue(stats.maxNameLength() >= 255);
        try (Fd fd = FileCalls.open(tmp.toString(), FileCalls.O_PATH | FileCalls.O_CLOEXEC, 0)) {
            assertEquals(stats.type(), StatFs.of(fd).type());
            assertEquals(stats.totalBytes(), StatFs.of(fd).totalBytes());
        }
    }

    @Test
    void procHasItsMagicNumber() {
        assertEquals(0x9fa0, StatFs.of("/proc").type());
    }

    @Test
    void missingPathNamesThePathAndErrno() {
        SyscallException e = assertThrows(SyscallException.class, () -> StatFs.of("/no/such/berth/path"));
        assertEquals("statfs(/no/such/berth/path): ENOENT (No such file or directory)", e.getMessage());
    }
}
