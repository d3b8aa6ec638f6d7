package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.FspStateMessageReceived;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route on a real Vert.x HTTP server, spoken to over a raw socket: what a slow or oversized sender gets. Kafka is
 * kafka-clients' MockProducer (acknowledging at once).
 */
class IntakeRouteTest {

    private static final Clock CLOCK = Clock.fixed(StateMessagePublisherTest.RECEIVED_AT, ZoneOffset.UTC);

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final IntakeEndpoint endpoint = new IntakeEndpoint(new StateMessageIntake(StateMessageReports.standard(),
            new Throttle(Throttle.Limit.NONE, Throttle.Limit.NONE, Throttle.Limit.NONE), CLOCK),
            StateMessagePublisherTest.ready(new StateMessagePublisher(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()),
                    FspStateMessageReceived::new, "fsp", "acu.fsp.messages")), metrics, "fsp", CLOCK, ClientAddresses.NO_PROXIES);
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        // A 1 s body deadline, looked for every 200 ms.
        new IntakeRoute(endpoint, 4096, false, 1_000, 200).mount(router, "/SMS_FSP/.sms_fsp");
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        endpoint.close();
    }

    /** Sends {@code request} and reads until the server closes the connection (at most 10 s). */
    private String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeGets408AndItsConnectionCloses() throws Exception {
        long started = System.nanoTime();
        String answer = exchange("POST /SMS_FSP/.sms_fsp HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<Report>");

        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json")
                .contains("\"detail\":\"the body did not arrive within 1000 ms\"");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(900L, 5_000L);
        assertThat(metrics.counter("acu.intake.requests.refused", "intake", "fsp", "status", "408").count()).isEqualTo(1.0);
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefusedBeforeItIsSent() throws Exception {
        // Far over the cap plus what is drained: answered at once, the connection closed; no body byte was sent.
        String answer = exchange("POST /SMS_FSP/.sms_fsp HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000000000\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"detail\":\"the body exceeds the limit of 4096 bytes\"");
    }

    @Test
    void anotherMethodGets405WithAllow() throws Exception {
        String answer = exchange("GET /SMS_FSP/.sms_fsp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: POST").contains("GET is not allowed here: POST a report");
    }

    @Test
    void aValidReportIsAccepted() throws Exception {
        byte[] report = StateMessagePublisherTest.fspReport(1);
        String answer = exchange("POST /SMS_FSP/.sms_fsp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\nContent-Length: "
                + report.length + "\r\n\r\n" + new String(report, StandardCharsets.UTF_8));

        assertThat(answer).startsWith("HTTP/1.1 202 ");
    }
}
