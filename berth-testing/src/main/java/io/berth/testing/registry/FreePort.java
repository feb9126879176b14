package io.berth.testing.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before the
 * registry binds it; {@link LocalRegistry} retries with a new port when that happens.
 */
final class FreePort {
    private FreePort() {}

    static int pick() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
