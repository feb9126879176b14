package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadStreamTest {
    @Test
    void deliversEveryByteInOrder() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        try (ReadAheadStream ahead = new ReadAheadStream(new ByteArrayInputStream(data), 4096, 3)) {
            assertArrayEquals(data, ahead.readAllBytes());
            assertEquals(-1, ahead.read());
        }
    }

    @Test
    void rethrowsTheFailureBelowAsIs() {
        IOException broken = new IOException("disk gone");
        InputStream failing = new InputStream() {
            private int left = 10_000;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw broken;
                }
                left--;
                return 'x';
            }
        };
        try (ReadAheadStream ahead = new ReadAheadStream(failing, 1024, 2)) {
            assertSame(broken, assertThrows(IOException.class, ahead::readAllBytes));
        }
    }

    @Test
    void closeStopsTheProducerWithoutReadingToTheEnd() throws Exception {
        int[] reads = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                reads[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reads[0]++;
                return len;
            }
        };
        ReadAheadStream ahead = new ReadAheadStream(endless, 1024, 2);
        ahead.read(new byte[10]);
        ahead.close();
        Thread.sleep(200);
        int after = reads[0];
        Thread.sleep(200);
        assertEquals(after, reads[0], "the producer stopped");
    }
}
