package io.acu.stateingest.messaging;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Publishes messages accepted by the state-message intake as {@link ClientStateMessageReceived} to
 * {@code acu.client.state-messages}, one record per message keyed by client ID, with a Kafka producer of its own
 * (acks=all, idempotent, lz4-compressed batches); the returned {@link Uni} completes only when Kafka acknowledged
 * every record of the report.
 *
 * <p>Why not a SmallRye emitter: at fleet scale every message paid for a reactive message, its metadata, context
 * capture and a hop through the sink's queue, which cost more CPU than encoding the event itself. The producer is
 * thread-safe and batches records of concurrent reports by itself; when its buffer is full, {@code send} blocks the
 * calling worker thread (up to {@code max.block.ms}), which is the intake's back-pressure.
 *
 * <p>Settings: the broker connection from {@code kafka.*} (Quarkus' default Kafka configuration), overridden by
 * any Kafka producer property under {@value #CONFIG_PREFIX}, e.g. {@code acu.producer.client-state-messages.linger.ms}.
 */
@Startup
@ApplicationScoped
public class ClientStateMessagePublisher {

    /** The envelope's {@code source}. */
    public static final String SOURCE = "state-ingest";
    /** Prefix of this producer's Kafka properties in the configuration. */
    public static final String CONFIG_PREFIX = "acu.producer.client-state-messages.";

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics producerMetrics;

    ClientStateMessagePublisher(@Identifier("default-kafka-broker") Map<String, Object> broker, Config config, MeterRegistry metrics) {
        Map<String, Object> settings = new HashMap<>(broker);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONFIG_PREFIX)) {
                settings.put(name.substring(CONFIG_PREFIX.length()), config.getValue(name, String.class));
            }
        }
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "state-ingest-intake");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(metrics);
    }

    /**
     * Publishes one report's messages, each as its own event, in document order (one client, one partition).
     * Call it from a worker thread: it blocks while the producer's buffer is full.
     *
     * @param messages the messages, in document order
     * @param receivedAt when the request was accepted
     * @param remoteAddress the sender's IP address
     * @return completes when Kafka acknowledged all records; fails with the producer's first error otherwise (some
     *     records may then be stored: a retried report is deduplicated by the consumers)
     */
    public Uni<Void> publish(List<ReportedStateMessage> messages, Instant receivedAt, String remoteAddress) {
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
                EventEnvelope<ClientStateMessageReceived> event =
                        EventEnvelope.of(new ClientStateMessageReceived(message, receivedAt, remoteAddress), SOURCE, receivedAt);
                producer.send(new ProducerRecord<>(Topics.CLIENT_STATE_MESSAGES, event.key(), EventJson.encodeBytes(event)), callback);
            }
        } catch (RuntimeException e) {
            // Buffer still full after max.block.ms, producer closed, ...: the report is refused, never half acknowledged.
            acknowledged.completeExceptionally(e);
        }
        return Uni.createFrom().completionStage(acknowledged);
    }

    @PreDestroy
    void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
