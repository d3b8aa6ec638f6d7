package io.acu.manifestbuilder.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends one already-encoded event record to Kafka and completes when the broker acknowledged it
 * ({@code acks=all}, idempotent producer: see application.properties, channel {@value #CHANNEL}).
 */
@ApplicationScoped
public class EventSender {

    /** Outgoing channel of the outbox relay. */
    public static final String CHANNEL = "outbox";

    private final MutinyEmitter<byte[]> emitter;

    /** @param emitter the {@value #CHANNEL} channel's emitter */
    public EventSender(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends a record.
     *
     * @param topic the topic, e.g. {@code acu.manifest.updated}
     * @param key the record key, e.g. {@code CAS00006}
     * @param value the record value (UTF-8 JSON)
     * @return completes once the broker acknowledged; fails if the send failed
     */
    public Uni<Void> send(String topic, String key, byte[] value) {
        return emitter.sendMessage(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build()));
    }
}
