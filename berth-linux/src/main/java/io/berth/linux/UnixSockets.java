package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** AF_UNIX stream sockets, including fd passing with SCM_RIGHTS (unix(7)). */
public final class UnixSockets {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final long SOCKADDR_UN = 110;
    private static final long MSGHDR = 56;
    private static final long CMSG_SPACE_ONE_FD = 24;

    // socketpair(2)
    private static final LibcFunction SOCKETPAIR = LibcFunction.ofInt("socketpair");
    // socket(2)
    private static final LibcFunction SOCKET = LibcFunction.ofInt("socket");
    // connect(2)
    private static final LibcFunction CONNECT = LibcFunction.ofInt("connect");
    // bind(2)
    private static final LibcFunction BIND = LibcFunction.ofInt("bind");
    // listen(2)
    private static final LibcFunction LISTEN = LibcFunction.ofInt("listen");
    // accept4(2)
    private static final LibcFunction ACCEPT4 = LibcFunction.ofInt("accept4");
    // sendmsg(2)
    private static final LibcFunction SENDMSG = LibcFunction.ofLong("sendmsg");
    // recvmsg(2)
    private static final LibcFunction RECVMSG = LibcFunction.ofLong("recvmsg");

    private UnixSockets() {}

    /** A connected pair of close-on-exec stream sockets. */
    public static Fd[] pair() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            SOCKETPAIR.check("AF_UNIX", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.address());
            return new Fd[] {Fd.adopt(fds.getAtIndex(JAVA_INT, 0)), Fd.adopt(fds.getAtIndex(JAVA_INT, 1))};
        }
    }

    public static Fd connect(String path) {
        Fd fd = socket();
        try (Arena arena = Arena.ofConfined()) {
            CONNECT.check(path, fd.number(), address(arena, path).address(), SOCKADDR_UN);
            return fd;
        } catch (RuntimeException | Error e) {
            fd.close();
            throw e;
        }
    }

    public static Fd listen(String path) {
        Fd fd = socket();
        try (Arena arena = Arena.ofConfined()) {
            BIND.check(path, fd.number(), address(arena, path).address(), SOCKADDR_UN);
            LISTEN.check(path, fd.number(), 16);
            return fd;
        } catch (RuntimeException | Error e) {
            fd.close();
            throw e;
        }
    }

    public static Fd accept(Fd listening) {
        return Fd.adopt((int) ACCEPT4.check(listening.toString(), listening.number(), 0L, 0L, SOCK_CLOEXEC));
    }

    /** Sends {@code fd} with a one-byte-or-more payload (runc sends the pty path as payload). */
    public static void sendFd(Fd socket, Fd fd, byte[] payload) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(JAVA_BYTE, payload);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, payload.length);
            MemorySegment control = arena.allocate(CMSG_SPACE_ONE_FD, 8);
            control.set(JAVA_LONG, 0, 20); // CMSG_LEN(sizeof(int))
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            control.set(JAVA_INT, 16, fd.number());
            MemorySegment msg = message(arena, iov, control);
            SENDMSG.check(socket.toString(), socket.number(), msg.address(), 0);
        }
    }

    /** Receives one fd sent with {@link #sendFd}; the payload is discarded. */
    public static Fd receiveFd(Fd socket) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(4096);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, 4096);
            MemorySegment control = arena.allocate(CMSG_SPACE_ONE_FD, 8);
            MemorySegment msg = message(arena, iov, control);
            RECVMSG.check(socket.toString(), socket.number(), msg.address(), SOCK_CLOEXEC_MSG);
            if (control.get(JAVA_INT, 8) != SOL_SOCKET || control.get(JAVA_INT, 12) != SCM_RIGHTS) {
                throw new SyscallException("recvmsg", socket + ": no file descriptor was sent", Errno.EINVAL);
            }
            return Fd.adopt(control.get(JAVA_INT, 16));
        }
    }

    private static final int SOCK_CLOEXEC_MSG = 0x40000000; // MSG_CMSG_CLOEXEC

    private static MemorySegment message(Arena arena, MemorySegment iov, MemorySegment control) {
        MemorySegment msg = arena.allocate(MSGHDR, 8);
        msg.set(JAVA_LONG, 16, iov.address()); // pointers as longs: see CStrings
        msg.set(JAVA_LONG, 24, 1);
        msg.set(JAVA_LONG, 32, control.address());
        msg.set(JAVA_LONG, 40, control.byteSize());
        return msg;
    }

    private static Fd socket() {
        return Fd.adopt((int) SOCKET.check("AF_UNIX", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    }

    /** A path, or "@name" for a name in the abstract namespace (unix(7)): nothing on disk to clean up. */
    private static MemorySegment address(Arena arena, String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (path.startsWith("@")) {
            bytes[0] = 0;
        }
        if (bytes.length >= SOCKADDR_UN - 2) {
            throw new IllegalArgumentException("unix socket path too long (max 107 bytes): " + path);
        }
        MemorySegment addr = arena.allocate(SOCKADDR_UN, 2);
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
        return addr;
    }
}
