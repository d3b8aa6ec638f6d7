package io.acu.stateingest.messaging;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.Topics;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.stateingest.domain.StateMessageRecord;
import io.acu.stateingest.persistence.StateMessageStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.fsp.messages} and {@code acu.client.state-messages} in batches and stores them with
 * {@link StateMessageStore} (one statement per batch).
 *
 * <p>A record that is not a valid event of the topic (undecodable JSON, wrong type, a topic type outside the
 * catalogue) is copied to the topic's dead-letter topic with the cause, and the rest of the batch is stored. A
 * database failure is not the records' fault: the write is retried with backoff (200 ms doubling to 10 s) until it
 * succeeds, the batch stays unacknowledged meanwhile, and the connector stops polling when its queue is full, so an
 * outage delays messages but neither loses nor dead-letters them.
 */
@ApplicationScoped
public class StateMessageConsumer {

    /** Incoming channel of {@code acu.fsp.messages}. */
    public static final String FSP_CHANNEL = "fsp-messages";
    /** Incoming channel of {@code acu.client.state-messages}. */
    public static final String CLIENT_CHANNEL = "client-state-messages";

    private static final Logger LOG = Logger.getLogger(StateMessageConsumer.class);

    private final StateMessageStore store;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    StateMessageConsumer(StateMessageStore store, DeadLetters deadLetters, MeterRegistry metrics) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Stores a batch of fallback status point messages; acks it once stored. */
    @Incoming(FSP_CHANNEL)
    public Uni<Void> consumeFsp(KafkaRecordBatch<String, byte[]> batch) {
        return ingest(batch, Topics.FSP_MESSAGES, bytes -> {
            EventEnvelope<FspStateMessageReceived> event = EventJson.decode(bytes, FspStateMessageReceived.class);
            FspStateMessageReceived payload = event.payload();
            return StateMessageRecord.of(event.eventId(), Topics.FSP_MESSAGES, payload.message(), payload.receivedAt(),
                    payload.remoteAddress(), catalogue);
        });
    }

    /** Stores a batch of management point (intake) state messages; acks it once stored. */
    @Incoming(CLIENT_CHANNEL)
    public Uni<Void> consumeClient(KafkaRecordBatch<String, byte[]> batch) {
        return ingest(batch, Topics.CLIENT_STATE_MESSAGES, bytes -> {
            EventEnvelope<ClientStateMessageReceived> event = EventJson.decode(bytes, ClientStateMessageReceived.class);
            ClientStateMessageReceived payload = event.payload();
            return StateMessageRecord.of(event.eventId(), Topics.CLIENT_STATE_MESSAGES, payload.message(), payload.receivedAt(),
                    payload.remoteAddress(), catalogue);
        });
    }

    private Uni<Void> ingest(KafkaRecordBatch<String, byte[]> batch, String topic, Function<byte[], StateMessageRecord> decode) {
        List<StateMessageRecord> valid = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                valid.add(decode.apply(record.getPayload()));
            } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
                LOG.warnf("Dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), DeadLetters.offset(record), e.getMessage());
                deadLettered.add(deadLetters.send(record, e)
                        .invoke(() -> metrics.counter("acu.stateingest.messages.deadlettered", "topic", topic).increment()));
            }
        }
        // Kafka or PostgreSQL being away is nobody's fault in the batch: retry, never drop, never dead-letter.
        Uni<Void> dead = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andFailFast().replaceWithVoid()
                        .onFailure().invoke(e -> LOG.warnf("Dead-lettering to %s failed, retrying: %s", Topics.deadLetterTopic(topic), e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
        return dead
                .chain(() -> Uni.createFrom().deferred(() -> store.write(valid))
                        .onFailure().invoke(e -> LOG.warnf("Storing %d messages of %s failed, retrying: %s", valid.size(), topic, e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely())
                .invoke(written -> {
                    metrics.counter("acu.stateingest.messages.ingested", "topic", topic).increment(written.inserted());
                    metrics.counter("acu.stateingest.messages.duplicate", "topic", topic).increment(valid.size() - written.inserted());
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
