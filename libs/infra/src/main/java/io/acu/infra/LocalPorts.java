package io.acu.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers: pick a free port, wait until a server answers on one. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** Ports this JVM handed out: a server that binds another address (PostgreSQL on ::1) leaves 127.0.0.1 free to be picked again. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it) and that this JVM has not
     * handed out before. A race with another process is possible but rare; starters report the port in
     * their error if it happens.
     *
     * @return a port number in the ephemeral range
     * @throws UncheckedIOException when no port can be had
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new UncheckedIOException(new IOException("no loopback port that was not handed out before, after 100 tries"));
    }

    /**
     * Whether something accepts TCP connections on 127.0.0.1:{@code port} right now.
     *
     * @param port the port to probe
     * @param timeout connect timeout
     * @return true when a connection was accepted
     */
    public static boolean isListening(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
