package io.acu.intake;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.EventPayload;
import io.acu.contracts.ReportedStateMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Publishes the messages of an accepted report as events, one Kafka record per message on the payload's topic
 * ({@link EventEnvelope#topic()}), keyed by client ID ({@link EventEnvelope#key()}) so one client's messages stay in
 * order on one partition; the returned future completes only when Kafka acknowledged every record of the report.
 * Used by both intakes: fsp publishes {@code FspStateMessageReceived} to {@code acu.fsp.messages}, state-ingest
 * {@code ClientStateMessageReceived} to {@code acu.client.state-messages}.
 *
 * <p>A plain Kafka producer rather than a SmallRye emitter: at fleet scale every message paid for a reactive message,
 * its metadata, context capture and a hop through the sink's queue, which cost more CPU than encoding the event. The
 * producer is thread-safe and batches the records of concurrent reports by itself.
 *
 * <p>{@link #publish} never waits for the broker, so it may be called on an event loop ({@link IntakeRoute}): the
 * producer runs with {@code max.block.ms=0} unless configured otherwise, so a full buffer (the broker is slower than
 * the intake, or down) fails the report at once, and the intake answers 503 with Retry-After (its back-pressure). The
 * topic's metadata, the other thing a send would wait for, is fetched by a background thread from construction on
 * and kept ({@code metadata.max.idle.ms} of a day); a report published before it is known is sent once it is, or
 * fails after {@link #METADATA_WAIT}.
 */
public final class StateMessagePublisher implements AutoCloseable {

    /** How one accepted message becomes its event payload, e.g. {@code FspStateMessageReceived::new}. */
    @FunctionalInterface
    public interface PayloadFactory {

        /**
         * @param message the accepted state message
         * @param receivedAt when the intake accepted the request
         * @param remoteAddress the sender's IP address as text
         * @return the payload; its event type names the topic
         */
        EventPayload payload(ReportedStateMessage message, Instant receivedAt, String remoteAddress);
    }

    /** How long a report published before the topic's metadata is known waits for it, as a send would block. */
    public static final Duration METADATA_WAIT = Duration.ofSeconds(10);

    /** Pause between two metadata requests while the broker does not answer. */
    private static final long METADATA_RETRY_MILLIS = 100;

    private final Producer<String, byte[]> producer;
    private final PayloadFactory payloads;
    private final String source;
    private final String topic;
    private final CompletableFuture<Void> metadataKnown = new CompletableFuture<>();
    private volatile boolean closed;

    /**
     * Starts fetching {@code topic}'s metadata on a daemon thread.
     *
     * @param producer the producer; this publisher owns it and closes it in {@link #close()}
     * @param payloads how a message becomes its event payload
     * @param source the envelope's {@code source}, the publishing service's name, e.g. {@code fsp}
     * @param topic the topic every payload's event goes to, e.g. {@code acu.fsp.messages}
     */
    public StateMessagePublisher(Producer<String, byte[]> producer, PayloadFactory payloads, String source, String topic) {
        this.producer = producer;
        this.payloads = payloads;
        this.source = source;
        this.topic = topic;
        Thread fetcher = new Thread(this::fetchMetadata, "intake-metadata-" + topic);
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** Asks for the topic's partitions until the broker answered (or this publisher closed). */
    private void fetchMetadata() {
        while (!closed) {
            try {
                producer.partitionsFor(topic);
                metadataKnown.complete(null);
                return;
            } catch (RuntimeException notYet) {
                try {
                    Thread.sleep(METADATA_RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return whether the topic's metadata is known, i.e. a publish sends at once */
    public boolean ready() {
        return metadataKnown.isDone();
    }

    /**
     * A publisher on a new {@link KafkaProducer} (String keys, byte[] values).
     *
     * @param broker the broker connection, e.g. Quarkus' {@code default-kafka-broker} map ({@code bootstrap.servers}, ...)
     * @param producerProperties Kafka producer properties that override {@code broker}, e.g. {@code acks=all},
     *     {@code request.timeout.ms=5000}
     * @param clientId the producer's {@code client.id} unless {@code producerProperties} name one
     * @param payloads how a message becomes its event payload
     * @param source the envelope's {@code source}
     * @param topic the topic the payloads' events go to
     * @return the publisher; {@code max.block.ms} is 0 and {@code metadata.max.idle.ms} a day unless the properties
     *     say otherwise
     * @throws org.apache.kafka.common.KafkaException if the settings are invalid
     */
    public static StateMessagePublisher create(Map<String, ?> broker, Map<String, String> producerProperties, String clientId,
            PayloadFactory payloads, String source, String topic) {
        Map<String, Object> settings = new HashMap<>(broker);
        settings.putAll(producerProperties);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        settings.putIfAbsent(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
        return new StateMessagePublisher(new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer()),
                payloads, source, topic);
    }

    /**
     * Publishes one report's messages, each as its own event, in document order. Does not wait for the broker (with
     * {@code max.block.ms=0}): before the topic's metadata is known the records are sent by the metadata thread once
     * it is (at most {@link #METADATA_WAIT} later).
     *
     * @param messages the messages, in document order, at least one
     * @param receivedAt when the request was accepted (the events' {@code occurredAt} and {@code receivedAt})
     * @param remoteAddress the sender's IP address
     * @return completes when Kafka acknowledged all records; fails with the producer's first error otherwise, e.g.
     *     {@link org.apache.kafka.clients.producer.BufferExhaustedException} when the buffer is full (some records may
     *     then be stored: a retried report is deduplicated by the consumers)
     * @throws IllegalArgumentException if a payload's event goes to another topic than this publisher's
     */
    public CompletableFuture<Void> publish(List<ReportedStateMessage> messages, Instant receivedAt, String remoteAddress) {
        if (metadataKnown.isDone()) {
            return send(messages, receivedAt, remoteAddress);
        }
        return metadataKnown.copy().orTimeout(METADATA_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(known -> send(messages, receivedAt, remoteAddress));
    }

    private CompletableFuture<Void> send(List<ReportedStateMessage> messages, Instant receivedAt, String remoteAddress) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(messages.size());
        Callback callback = (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                acknowledged.complete(null);
            }
        };
        try {
            for (ReportedStateMessage message : messages) {
                EventEnvelope<EventPayload> event =
                        EventEnvelope.of(payloads.payload(message, receivedAt, remoteAddress), source, receivedAt);
                if (!event.topic().equals(topic)) {
                    throw new IllegalArgumentException("this publisher sends to " + topic + ", not " + event.topic());
                }
                producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.encodeBytes(event)), callback);
            }
        } catch (RuntimeException e) {
            // Buffer full, producer closed, ...: the report is refused, never half acknowledged.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /**
     * The Kafka producer properties a service configures under a prefix, e.g. {@code acu.producer.fsp-messages.}:
     * {@code acu.producer.fsp-messages.linger.ms=5} gives {@code linger.ms=5}.
     *
     * @param config the service's configuration
     * @param prefix the prefix, ending in a dot
     * @return the properties without the prefix
     */
    public static Map<String, String> propertiesUnder(Config config, String prefix) {
        Map<String, String> properties = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                properties.put(name.substring(prefix.length()), config.getValue(name, String.class));
            }
        }
        return properties;
    }

    /** @return the producer, e.g. to bind its metrics */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Sends what is buffered, waiting at most 10 s, then closes the producer. */
    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(10));
    }
}
