package io.acu.outbox;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends one outbox event to Kafka through the service's {@value #CHANNEL} channel (configure it with
 * {@code acks=all} and {@code enable.idempotence=true}); the topic comes from the row, overriding the channel's.
 *
 * <p>A row's stored trace goes with the message as its {@link TracingMetadata}: when the service traces (the
 * OpenTelemetry SDK is on and the channel's {@code tracing-enabled} is true, its default), SmallRye's Kafka sink
 * starts its producer span as a child of it and writes that span's W3C {@code traceparent} into the record's headers.
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
     * @param trace the trace of the work that wrote the row; {@link TraceContext#NONE}: the producer span (if
     *     traced) has whatever context is current, as any send
     * @return completes once the broker acknowledged; fails with the producer's exception otherwise
     */
    public Uni<Void> send(String topic, String key, byte[] payload, TraceContext trace) {
        Message<byte[]> message = Message.of(payload).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build());
        Optional<Context> parent = trace.context();
        return emitter.sendMessage(parent.isPresent() ? message.addMetadata(TracingMetadata.withCurrent(parent.get())) : message);
    }
}
