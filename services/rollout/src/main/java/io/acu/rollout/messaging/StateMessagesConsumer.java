package io.acu.rollout.messaging;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.rollout.domain.ClientIds;
import io.acu.rollout.domain.ReportedState;
import io.acu.rollout.persistence.OfferStore;
import io.acu.rollout.service.RolloutDriver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.fsp.messages} and {@code acu.client.state-messages} with rollout's own consumer group and
 * applies the client deployment (800) and Endpoint Protection deployment (2001) states to the clients' offers
 * ({@link OfferStore#applyStates}), in batches, one transaction per batch; the batch is acknowledged (its offsets
 * committed) only after that transaction committed. A record that is not a valid event goes to rollout's own
 * dead-letter topic of its topic ({@code <topic>.rollout.dlq}, e.g. {@code acu.fsp.messages.rollout.dlq}) with the
 * cause; a database outage is retried, never dead-lettered. One consumer per
 * partition, so rollout scales out with the partitions like state-ingest.
 */
@ApplicationScoped
public class StateMessagesConsumer {

    /** Incoming channel of {@code acu.fsp.messages}. */
    public static final String FSP_CHANNEL = "fsp-messages";
    /** Incoming channel of {@code acu.client.state-messages}. */
    public static final String CLIENT_CHANNEL = "client-state-messages";
    /** Outgoing channel of dead letters (the topic is set per record, {@link #deadLetterTopic}). */
    public static final String DEAD_LETTERS = "dead-letters";

    private static final Logger LOG = Logger.getLogger(StateMessagesConsumer.class);

    private final OfferStore offers;
    private final RolloutDriver driver;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MeterRegistry metrics;
    private final Clock clock;

    StateMessagesConsumer(OfferStore offers, RolloutDriver driver, @Channel(DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters,
            MeterRegistry metrics, Clock clock) {
        this.offers = offers;
        this.driver = driver;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        for (String result : List.of("applied", "dead-lettered")) {
            Counter.builder("acu.rollout.state.messages").tag("result", result)
                    .description("State messages rollout applied to its offers, or dead-lettered").register(metrics);
        }
    }

    /**
     * Rollout's dead-letter topic of a topic it consumes.
     *
     * @param topic a topic rollout reads, e.g. {@code acu.fsp.messages}
     * @return {@code <topic>.rollout.dlq}, e.g. {@code acu.fsp.messages.rollout.dlq}
     * @throws IllegalArgumentException if rollout is not listed in {@link Topics#SUBSCRIPTIONS} as a consumer of
     *         that topic
     */
    public static String deadLetterTopic(String topic) {
        return Topics.subscription(topic, Topics.ConsumerGroups.ROLLOUT).deadLetterTopic();
    }

    /** Applies a batch of fallback status point messages; acks it once stored. */
    @Incoming(FSP_CHANNEL)
    public Uni<Void> consumeFsp(KafkaRecordBatch<String, byte[]> batch) {
        return consume(batch, bytes -> {
            EventEnvelope<FspStateMessageReceived> event = EventJson.decode(bytes, FspStateMessageReceived.class);
            return input(event.eventId(), event.payload().message(), event.payload().receivedAt());
        });
    }

    /** Applies a batch of management point state messages; acks it once stored. */
    @Incoming(CLIENT_CHANNEL)
    public Uni<Void> consumeClient(KafkaRecordBatch<String, byte[]> batch) {
        return consume(batch, bytes -> {
            EventEnvelope<ClientStateMessageReceived> event = EventJson.decode(bytes, ClientStateMessageReceived.class);
            return input(event.eventId(), event.payload().message(), event.payload().receivedAt());
        });
    }

    private static OfferStore.StateInput input(UUID eventId, ReportedStateMessage m, java.time.Instant receivedAt) {
        Version version = StateCatalogue.reportedVersion(m.topicType(), m.userParameters());
        String clientId = ClientIds.canonical(m.clientId()).orElse(m.clientId());
        return new OfferStore.StateInput(clientId, m.topicType(), new ReportedState(m.stateId(), m.messageTime(), m.serialNumber(), eventId,
                version == null ? null : version.toString(), m.errorCode()), receivedAt);
    }

    private Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch, Function<byte[], OfferStore.StateInput> decode) {
        List<OfferStore.StateInput> inputs = new ArrayList<>(batch.getRecords().size());
        Uni<Void> dead = Uni.createFrom().voidItem();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                inputs.add(decode.apply(record.getPayload()));
            } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
                dead = dead.chain(() -> deadLetter(record, e));
            }
        }
        return dead
                .chain(() -> Retry.untilStored("Applying " + inputs.size() + " state messages", () -> offers.applyStates(inputs, clock.instant())))
                .invoke(changed -> {
                    metrics.counter("acu.rollout.state.messages", "result", "applied").increment(inputs.size());
                    if (changed > 0) {
                        driver.wake();
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, Throwable cause) {
        LOG.warnf("Dead-lettering a record of %s: %s", record.getTopic(), cause.getMessage());
        RecordHeaders headers = new RecordHeaders();
        record.getHeaders().forEach(headers::add);
        headers.add("dead-letter-reason", String.valueOf(cause.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.getTopic().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(deadLetterTopic(record.getTopic())).withKey(record.getKey()).withHeaders(headers).build();
        return Uni.createFrom().deferred(() -> deadLetters.sendMessage(Message.of(record.getPayload()).addMetadata(metadata)))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(() -> metrics.counter("acu.rollout.state.messages", "result", "dead-lettered").increment());
    }
}
