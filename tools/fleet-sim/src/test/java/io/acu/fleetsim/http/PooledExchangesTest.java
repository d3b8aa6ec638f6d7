package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PooledExchangesTest {

    @Test
    void everyAnswerArrivesWholeOverReusedConnectionsFromManyThreads() throws Exception {
        byte[] page = new byte[100]; // small: it arrives with the headers, as a grant or a policy does
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) ('a' + i % 26);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            byte[] sent;
            try (InputStream in = exchange.getRequestBody()) {
                sent = in.readAllBytes();
            }
            // The answer names the request it answers, so a body handed to the wrong caller shows.
            byte[] answer = concat(sent, page);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try (PooledExchanges exchanges = new PooledExchanges(Duration.ofSeconds(2))) {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 640; i++) {
                byte[] id = ("request-" + i + ";").getBytes(StandardCharsets.US_ASCII);
                results.add(callers.submit(() -> {
                    HttpResponse<byte[]> response = exchanges.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(id)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    return response.statusCode() == 200 && Arrays.equals(response.body(), concat(id, page))
                            && response.headers().firstValue("content-type").orElse("").equals("application/octet-stream");
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            callers.shutdownNow();
            server.stop(0);
        }
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsAnHttpTimeoutException() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); PooledExchanges exchanges = new PooledExchanges(Duration.ofSeconds(2))) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long began = System.nanoTime();
            assertThatThrownBy(() -> exchanges.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"))
                    .timeout(Duration.ofMillis(300)).GET().build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("no complete answer").hasMessageContaining("within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (PooledExchanges exchanges = new PooledExchanges(Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> exchanges.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).GET().build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
