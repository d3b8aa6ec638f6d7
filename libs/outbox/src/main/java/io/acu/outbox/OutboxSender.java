package io.acu.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends one outbox event to Kafka through the service's {@value #CHANNEL} channel (configure it with
 * {@code acks=all} and {@code enable.idempotence=true}); the topic comes from the row, overriding the channel's.
 */
@ApplicationScoped
public class OutboxSender {

    /** The outgoing channel every outbox relays through. */
    public static final String CHANNEL = "outbox";

    private final MutinyEmitter<byte[]> emitter;

    /** @param emitter the {@value #CHANNEL} channel's emitter (tests may subclass with null) */
    public OutboxSender(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * @return completes once the broker acknowledged; fails with the producer's exception otherwise
     */
    public Uni<Void> send(String topic, String key, byte[] payload) {
        return emitter.sendMessage(Message.of(payload).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build()));
    }
}
