package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.FspStateMessageReceived;
import io.acu.intake.Throttle.Limit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request from body to HTTP answer, with the counters it leaves; Kafka is kafka-clients' MockProducer. */
class IntakeEndpointTest {

    private static final Clock CLOCK = Clock.fixed(StateMessagePublisherTest.RECEIVED_AT, ZoneOffset.UTC);

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final IntakeEndpoint endpoint = new IntakeEndpoint(
            new StateMessageIntake(StateMessageReports.standard(),
                    new Throttle(Limit.NONE, new Limit(3, Duration.ofHours(1)), Limit.NONE), CLOCK),
            StateMessagePublisherTest.ready(new StateMessagePublisher(producer, FspStateMessageReceived::new, "fsp", "acu.fsp.messages")), metrics, "fsp", CLOCK, ClientAddresses.NO_PROXIES);

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void everyRefusalStatusHasItsSeriesAtZeroBeforeTheFirstRefusal() {
        assertThat(metrics.find("acu.intake.requests.refused").tag("intake", "fsp").counters())
                .extracting(counter -> counter.getId().getTag("status"))
                .containsExactlyInAnyOrder("400", "401", "403", "405", "408", "413", "415", "422", "429", "503");
        assertThat(metrics.find("acu.intake.requests.refused").tag("status", "503").counter().count()).isZero();
    }

    @Test
    void anAcceptedReportIsAnswered202OnlyAfterKafkaAcknowledgedEveryMessage() {
        CompletableFuture<IntakeReply> reply =
                endpoint.receive(StateMessagePublisherTest.fspReport(2), "text/xml", "192.0.2.10").toCompletableFuture();
        assertThat(producer.history()).hasSize(2);
        producer.completeNext();
        assertThat(reply).isNotDone();
        producer.completeNext();

        assertThat(reply.join()).isEqualTo(IntakeReply.ACCEPTED);
        assertThat(reply.join().isProblem()).isFalse();
        assertThat(metrics.counter("acu.intake.messages.published", "intake", "fsp").count()).isEqualTo(2.0);
    }

    @Test
    void kafkaNotAcknowledgingIsA503WithRetryAfter() {
        CompletableFuture<IntakeReply> reply =
                endpoint.receive(StateMessagePublisherTest.fspReport(1), "text/xml", "192.0.2.10").toCompletableFuture();
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for acu.fsp.messages-0: 10000 ms has passed"));

        assertThat(reply.join()).isEqualTo(new IntakeReply(503,
                "the messages could not be stored; retry later", 30));
        assertThat(reply.join().problem().body()).containsEntry("type", "about:blank").containsEntry("title", "Service Unavailable")
                .containsEntry("status", 503);
        assertThat(metrics.counter("acu.intake.requests.refused", "intake", "fsp", "status", "503").count()).isEqualTo(1.0);
        assertThat(metrics.counter("acu.intake.messages.published", "intake", "fsp").count()).isZero();
    }

    @Test
    void anInvalidReportIsRefusedWithItsReasonAndNothingIsPublished() {
        IntakeReply reply = endpoint.receive("<Report/>".getBytes(), "application/xml", "192.0.2.10").toCompletableFuture().join();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problem().title()).isEqualTo("Bad Request");
        assertThat(reply.retryAfterSeconds()).isZero();
        assertThat(producer.history()).isEmpty();
        assertThat(metrics.counter("acu.intake.requests.refused", "intake", "fsp", "status", "400").count()).isEqualTo(1.0);
    }

    @Test
    void aThrottledReportIsA429WithRetryAfterAndCountedAsThrottled() {
        CompletableFuture<IntakeReply> first =
                endpoint.receive(StateMessagePublisherTest.fspReport(2), "text/xml", "192.0.2.10").toCompletableFuture();
        producer.completeNext();
        producer.completeNext();
        assertThat(first.join()).isEqualTo(IntakeReply.ACCEPTED);

        // Two more messages exceed the client's 3 per hour; the hour ends 30 s after the fixed clock.
        IntakeReply reply = endpoint.receive(StateMessagePublisherTest.fspReport(2), "text/xml", "192.0.2.10").toCompletableFuture().join();
        assertThat(reply).isEqualTo(new IntakeReply(429, "client " + StateMessagePublisherTest.CLIENT
                + " has used its 3 state messages per 3600 s; retry after 30 s", 30));
        assertThat(producer.history()).hasSize(2);
        assertThat(metrics.counter("acu.intake.requests.refused", "intake", "fsp", "status", "429").count()).isEqualTo(1.0);
    }
}
