package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for emulators that must be told their port before they start. */
final class Ports {
    private Ports() {
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
