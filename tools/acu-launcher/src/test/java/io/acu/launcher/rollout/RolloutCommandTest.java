package io.acu.launcher.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./acu rollout} against a stand-in HTTP server: a refusal prints the status and rollout's detail, never "null". */
class RolloutCommandTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/rollouts/CAS00006/5/promote", exchange -> answer(exchange, 409,
                "{\"status\":409,\"title\":\"Conflict\",\"detail\":\"the rollout of CAS00006 v5 is halted (ring pilot: 2 of 2 reported clients failed): resume it before promoting\"}"));
        server.createContext("/api/rollouts/CAS00006/5/pause", exchange -> answer(exchange, 500, ""));
        server.start();
        Files.writeString(dir.resolve("admin.jwt"), "token");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private int run(String url, String... action) {
        CommandLine command = new CommandLine(RolloutCommand.class);
        command.setErr(new PrintWriter(err, true));
        String[] args = new String[action.length + 6];
        System.arraycopy(action, 0, args, 0, action.length);
        System.arraycopy(new String[] {"--url", url, "--token-file", dir.resolve("admin.jwt").toString(), "--version", "5"}, 0, args, action.length, 6);
        return command.execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aRefusalPrintsTheStatusAndRolloutsDetail() {
        assertThat(run(url(), "promote")).isEqualTo(RolloutCommand.REFUSED);
        assertThat(err.toString().strip()).isEqualTo("acu rollout: rollout answered 409 Conflict: the rollout of CAS00006 v5 is halted"
                + " (ring pilot: 2 of 2 reported clients failed): resume it before promoting");
    }

    @Test
    void anAnswerWithoutADetailSaysSo() {
        assertThat(run(url(), "pause")).isEqualTo(RolloutCommand.REFUSED);
        assertThat(err.toString().strip()).isEqualTo("acu rollout: rollout answered 500 Internal Server Error with no detail");
    }

    @Test
    void anUnreachableRolloutIsNamedWithTheReasonNeverNull() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run("http://127.0.0.1:" + closed, "status")).isEqualTo(RolloutCommand.UNREACHABLE);
        assertThat(err.toString()).startsWith("acu rollout: rollout at http://127.0.0.1:" + closed + " is unreachable: GET http://127.0.0.1:"
                + closed + "/api/rollouts/CAS00006/5 failed: ").doesNotContain("null");
    }
}
