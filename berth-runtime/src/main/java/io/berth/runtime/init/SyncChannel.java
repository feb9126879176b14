package io.berth.runtime.init;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Length-prefixed JSON {@link SyncMessage}s over one end of the stage socketpair. */
public final class SyncChannel implements AutoCloseable {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final int MAX = 16 << 20;

    private final Fd fd;

    public SyncChannel(Fd fd) {
        this.fd = fd;
    }

    public void send(SyncMessage message) {
        try {
            byte[] body = MAPPER.writeValueAsBytes(message);
            ByteBuffer frame = ByteBuffer.allocate(4 + body.length);
            frame.putInt(body.length).put(body);
            FileCalls.writeAll(fd, frame.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes {@code open} to the peer (SCM_RIGHTS), between messages. */
    public void sendFd(Fd open) {
        io.berth.linux.UnixSockets.sendFd(fd, open, new byte[] {'F'});
    }

    /** The fd the peer passed with {@link #sendFd}. */
    public Fd receiveFd() {
        return io.berth.linux.UnixSockets.receiveFd(fd);
    }

    /** The next message, or null if the peer closed the channel (e.g. init died). */
    public SyncMessage receive() {
        byte[] header = readFully(4);
        if (header == null) {
            return null;
        }
        int length = ByteBuffer.wrap(header).getInt();
        if (length < 0 || length > MAX) {
            throw new IllegalStateException("sync channel: bad frame length " + length);
        }
        byte[] body = readFully(length);
        if (body == null) {
            return null;
        }
        try {
            return MAPPER.readValue(body, SyncMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException("sync channel: bad message", e);
        }
    }

    /** Receives a message of the expected type; a Failure or a closed channel becomes an exception. */
    public <T extends SyncMessage> T expect(Class<T> type) {
        SyncMessage message = receive();
        if (message == null) {
            throw new InitFailedException("the init process exited before it was "
                    + (type == SyncMessage.class ? "ready" : "done with " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
        if (message instanceof SyncMessage.Failure(String why)) {
            throw new InitFailedException(why);
        }
        if (!type.isInstance(message)) {
            throw new IllegalStateException("sync channel: expected " + type.getSimpleName() + ", got " + message);
        }
        return type.cast(message);
    }

    private byte[] readFully(int n) {
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            byte[] chunk = FileCalls.read(fd, n - off);
            if (chunk.length == 0) {
                return null;
            }
            System.arraycopy(chunk, 0, out, off, chunk.length);
            off += chunk.length;
        }
        return out;
    }

    public Fd fd() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }
}
