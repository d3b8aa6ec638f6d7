package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared publisher on kafka-clients' MockProducer: acknowledgements are completed or failed one by one. */
class StateMessagePublisherTest {

    static final String CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    static final Instant RECEIVED_AT = Instant.parse("2026-11-29T10:59:30Z");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final StateMessagePublisher publisher = ready(new StateMessagePublisher(producer, FspStateMessageReceived::new, "fsp", "acu.fsp.messages"));

    /** @return {@code publisher} once its metadata thread has seen the topic (MockProducer answers at once) */
    static StateMessagePublisher ready(StateMessagePublisher publisher) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!publisher.ready()) {
            assertThat(System.nanoTime()).as("publisher ready within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return publisher;
    }

    /** @return the FSP sample with its one state message repeated {@code count} times, serial numbers 1.. */
    static byte[] fspReport(int count) {
        String report = new String(StateMessageReportsTest.sample("fsp-client-deployment-succeeded.xml"), StandardCharsets.UTF_8);
        int start = report.indexOf("<StateMessage ");
        int end = report.indexOf("</StateMessage>") + "</StateMessage>".length();
        StringBuilder messages = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            messages.append(report.substring(start, end).replace("<StateMessage ", "<StateMessage SerialNumber=\"" + i + "\" "));
        }
        return (report.substring(0, start) + messages + report.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<ReportedStateMessage> messages(int count) {
        return StateMessageReports.standard().read(fspReport(count), "text/xml");
    }

    @Test
    void publishesEachMessageKeyedByClientAndCompletesOnlyWhenKafkaAcknowledgedAll() throws Exception {
        CompletableFuture<Void> acknowledged = publisher.publish(messages(3), RECEIVED_AT, "192.0.2.10");

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly(Topics.FSP_MESSAGES);
        assertThat(sent).extracting(ProducerRecord::key).containsOnly(CLIENT);
        List<EventEnvelope<FspStateMessageReceived>> events =
                sent.stream().map(r -> EventJson.decode(r.value(), FspStateMessageReceived.class)).toList();
        assertThat(events).extracting(e -> e.payload().message().serialNumber()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(EventEnvelope::source).containsOnly("fsp");
        assertThat(events).extracting(EventEnvelope::occurredAt).containsOnly(RECEIVED_AT);
        assertThat(events).extracting(e -> e.payload().remoteAddress()).containsOnly("192.0.2.10");

        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.completeNext()).isTrue();
        assertThat(acknowledged).isNotDone();
        assertThat(producer.completeNext()).isTrue();
        assertThat(acknowledged).isCompleted();
        assertThat(acknowledged.get()).isNull();
    }

    @Test
    void failsWithTheFirstErrorEvenIfOtherRecordsWereAcknowledged() {
        CompletableFuture<Void> acknowledged = publisher.publish(messages(2), RECEIVED_AT, "192.0.2.10");
        producer.completeNext();
        TimeoutException expired = new TimeoutException("Expiring 1 record(s) for acu.fsp.messages-0: 10000 ms has passed");
        producer.errorNext(expired);

        assertThatThrownBy(acknowledged::get).isInstanceOf(ExecutionException.class).hasCauseReference(expired);
    }

    @Test
    void aSendThatThrowsFailsTheReportInsteadOfThrowing() {
        // A closed producer throws from send(), as a full buffer does after max.block.ms.
        producer.close();
        CompletableFuture<Void> acknowledged = publisher.publish(messages(1), RECEIVED_AT, "192.0.2.10");

        assertThat(acknowledged).isCompletedExceptionally();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aReportPublishedBeforeTheTopicIsKnownIsSentOnceItIs() throws Exception {
        AtomicBoolean brokerAnswers = new AtomicBoolean(false);
        MockProducer<String, byte[]> starting = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized List<PartitionInfo> partitionsFor(String topic) {
                if (!brokerAnswers.get()) {
                    throw new TimeoutException("Topic " + topic + " not present in metadata after 0 ms.");
                }
                return super.partitionsFor(topic);
            }
        };
        StateMessagePublisher early = new StateMessagePublisher(starting, FspStateMessageReceived::new, "fsp", Topics.FSP_MESSAGES);

        CompletableFuture<Void> acknowledged = early.publish(messages(2), RECEIVED_AT, "192.0.2.10");
        Thread.sleep(300);
        assertThat(early.ready()).isFalse();
        assertThat(starting.history()).isEmpty();
        assertThat(acknowledged).isNotDone();

        brokerAnswers.set(true);
        acknowledged.get(5, TimeUnit.SECONDS);
        assertThat(early.ready()).isTrue();
        assertThat(starting.history()).extracting(ProducerRecord::key).containsExactly(CLIENT, CLIENT);
        early.close();
    }
}
