package io.acu.stateingest.messaging;

import io.acu.postgres.PgFailures;
import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.Topics;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.stateingest.domain.StateMessageRecord;
import io.acu.stateingest.persistence.StateMessageStore;
import io.micrometer.core.instrument.Counter;
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
 * catalogue) is copied to state-ingest's dead-letter topic of the topic ({@code <topic>.state-ingest.dlq}) with the
 * cause, and the rest of the batch is stored. So is a record PostgreSQL refuses for its values (found by splitting
 * the batch, see {@link #store}). Any other database failure is not the records' fault: the write is retried with
 * backoff (200 ms doubling to 10 s) until it succeeds, the batch stays unacknowledged meanwhile, and the connector
 * stops polling when its queue is full, so an outage delays messages but neither loses nor dead-letters them.
 *
 * <p>Each channel runs as many consumers as the topic has partitions ({@code concurrency} in application.properties),
 * each with at most one batch in flight: bounded memory, and one client's messages (one key, one partition) are
 * stored in order by one consumer.
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
        // Registered at 0 so dashboards and alerts see a series (and a rate of 0) before the first message or dead letter.
        for (String topic : List.of(Topics.FSP_MESSAGES, Topics.CLIENT_STATE_MESSAGES)) {
            Counter.builder("acu.stateingest.messages.ingested").tag("topic", topic)
                    .description("State messages stored (new rows in state_message)").register(metrics);
            Counter.builder("acu.stateingest.messages.duplicate").tag("topic", topic)
                    .description("State messages already stored, dropped (redelivered events, re-posted reports)").register(metrics);
            Counter.builder("acu.stateingest.messages.deadlettered").tag("topic", topic)
                    .description("Records of the topic copied to state-ingest's dead-letter topic").register(metrics);
        }
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
        List<Decoded> valid = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                valid.add(new Decoded(record, decode.apply(record.getPayload())));
            } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
                deadLettered.add(deadLetter(record, e, topic));
            }
        }
        Uni<Void> dead = deadLettered.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        return dead
                .chain(() -> store(valid, topic))
                .invoke(stored -> {
                    metrics.counter("acu.stateingest.messages.ingested", "topic", topic).increment(stored.inserted());
                    metrics.counter("acu.stateingest.messages.duplicate", "topic", topic).increment(stored.duplicates());
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A record and what it decoded to. */
    private record Decoded(KafkaRecord<String, byte[]> record, StateMessageRecord message) {
    }

    /** What storing some records did: inserted now, already stored before, dead-lettered because the database refused them. */
    private record Stored(long inserted, long duplicates, long refused) {
        Stored plus(Stored other) {
            return new Stored(inserted + other.inserted, duplicates + other.duplicates, refused + other.refused);
        }
    }

    /**
     * Stores records in one statement. The database being away (or any failure that is not the data's fault) is
     * retried with backoff until it succeeds: nothing is lost or dead-lettered for an outage. A refusal caused by the
     * data ({@link PgFailures#refusedForItsData}) rolls back the whole statement, so the records are split in halves and stored
     * again, until the culprit is alone and goes to the dead-letter topic: about 2·log2(n) extra statements per
     * bad record, and every good record of the batch stored.
     */
    private Uni<Stored> store(List<Decoded> records, String topic) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new Stored(0, 0, 0));
        }
        return Uni.createFrom().deferred(() -> store.write(records.stream().map(Decoded::message).toList()))
                .onFailure(e -> !PgFailures.refusedForItsData(e)).invoke(e -> LOG.warnf("Storing %d messages of %s failed, retrying: %s", records.size(), topic, e.toString()))
                .onFailure(e -> !PgFailures.refusedForItsData(e)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .map(written -> new Stored(written.inserted(), records.size() - written.inserted(), 0))
                .onFailure().recoverWithUni(refusal -> {
                    if (records.size() == 1) {
                        return deadLetter(records.get(0).record(), refusal, topic).replaceWith(new Stored(0, 0, 1));
                    }
                    int half = records.size() / 2;
                    return store(records.subList(0, half), topic)
                            .flatMap(first -> store(records.subList(half, records.size()), topic).map(first::plus));
                });
    }

    /** Copies a record to the dead-letter topic with the cause, retrying until Kafka has it. */
    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, Throwable cause, String topic) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), DeadLetters.offset(record), cause.getMessage());
        return Uni.createFrom().deferred(() -> deadLetters.send(record, cause))
                .onFailure().invoke(e -> LOG.warnf("Dead-lettering to %s failed, retrying: %s", DeadLetters.deadLetterTopic(topic), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(() -> metrics.counter("acu.stateingest.messages.deadlettered", "topic", topic).increment());
    }
}
