package io.berth.storage.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ReadFailureStreamTest {
    /** A stream whose every read fails with {@code failure}. */
    private static InputStream failing(RuntimeException failure) {
        return new InputStream() {
            @Override
            public int read() {
                throw failure;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw failure;
            }
        };
    }

    private static IOException named(Exception e) {
        return e instanceof FileNotFoundException kept ? kept : new IOException("cannot read the thing: " + e.getMessage(), e);
    }

    @Test
    void failuresOfReadsAndSkipsAreTranslated() {
        IllegalStateException cause = new IllegalStateException("bad block");
        ReadFailureStream in = new ReadFailureStream(failing(cause), ReadFailureStreamTest::named);
        IOException read = assertThrows(IOException.class, () -> in.read(new byte[4]));
        assertEquals("cannot read the thing: bad block", read.getMessage());
        assertSame(cause, read.getCause());
        assertEquals("cannot read the thing: bad block", assertThrows(IOException.class, in::read).getMessage());
        assertEquals("cannot read the thing: bad block", assertThrows(IOException.class, () -> in.skip(3)).getMessage());
    }

    @Test
    void whatTheTranslationReturnsAsIsPassesThrough() {
        FileNotFoundException own = new FileNotFoundException("the source is gone");
        ReadFailureStream in = new ReadFailureStream(failing(new UncheckedIOException(own)),
                e -> e.getCause() instanceof FileNotFoundException f ? f : named(e));
        assertSame(own, assertThrows(IOException.class, in::read));
    }

    @Test
    void readsThatWorkAreUntouched() throws IOException {
        ReadFailureStream in = new ReadFailureStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), ReadFailureStreamTest::named);
        assertEquals(3, in.readAllBytes().length);
    }
}
