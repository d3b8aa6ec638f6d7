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
 * producer is thread-safe and batches the records of concurrent reports by itself; when its buffer is full,
 * {@code send} blocks the calling thread (up to {@code max.block.ms}), which is the intake's back-pressure. Call
 * {@link #publish} from a worker thread, never from an event loop.
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

    private final Producer<String, byte[]> producer;
    private final PayloadFactory payloads;
    private final String source;

    /**
     * @param producer the producer; this publisher owns it and closes it in {@link #close()}
     * @param payloads how a message becomes its event payload
     * @param source the envelope's {@code source}, the publishing service's name, e.g. {@code fsp}
     */
    public StateMessagePublisher(Producer<String, byte[]> producer, PayloadFactory payloads, String source) {
        this.producer = producer;
        this.payloads = payloads;
        this.source = source;
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
     * @return the publisher
     * @throws org.apache.kafka.common.KafkaException if the settings are invalid
     */
    public static StateMessagePublisher create(Map<String, ?> broker, Map<String, String> producerProperties, String clientId,
            PayloadFactory payloads, String source) {
        Map<String, Object> settings = new HashMap<>(broker);
        settings.putAll(producerProperties);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new StateMessagePublisher(new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer()),
                payloads, source);
    }

    /**
     * Publishes one report's messages, each as its own event, in document order. Blocks while the producer's buffer
     * is full, at most {@code max.block.ms}.
     *
     * @param messages the messages, in document order, at least one
     * @param receivedAt when the request was accepted (the events' {@code occurredAt} and {@code receivedAt})
     * @param remoteAddress the sender's IP address
     * @return completes when Kafka acknowledged all records; fails with the producer's first error otherwise (some
     *     records may then be stored: a retried report is deduplicated by the consumers)
     */
    public CompletableFuture<Void> publish(List<ReportedStateMessage> messages, Instant receivedAt, String remoteAddress) {
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
                producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.encodeBytes(event)), callback);
            }
        } catch (RuntimeException e) {
            // Buffer still full after max.block.ms, no metadata, producer closed, ...: the report is refused, never half
            // acknowledged.
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
        producer.close(Duration.ofSeconds(10));
    }
}
