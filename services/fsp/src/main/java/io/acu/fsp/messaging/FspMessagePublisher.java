package io.acu.fsp.messaging;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ReportedStateMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes accepted fallback status point messages as {@link FspStateMessageReceived} to {@code acu.fsp.messages},
 * keyed by client ID so one client's messages stay in order. The channel's producer uses {@code acks=all} with
 * idempotence, and the returned {@link Uni} completes only when Kafka acknowledged every record.
 */
@ApplicationScoped
public class FspMessagePublisher {

    /** Outgoing channel name, shared with application.properties. */
    public static final String CHANNEL = "fsp-messages";
    /** The envelope's {@code source}. */
    public static final String SOURCE = "fsp";

    private final MutinyEmitter<byte[]> emitter;

    // Many concurrent reports of many messages each: the emitter queues up to 16,384 records (about 16 MiB) for
    // the Kafka sink; beyond that a send fails and the request is answered 503, never acknowledged falsely.
    FspMessagePublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16_384) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * Publishes one report's messages, each as its own event.
     *
     * @param messages the messages, in document order
     * @param receivedAt when the request was accepted
     * @param remoteAddress the sender's IP address
     * @return completes when Kafka acknowledged all records; fails with the producer's error otherwise
     */
    public Uni<Void> publish(List<ReportedStateMessage> messages, Instant receivedAt, String remoteAddress) {
        List<Uni<Void>> sends = messages.stream().map(message -> {
            EventEnvelope<FspStateMessageReceived> event =
                    EventEnvelope.of(new FspStateMessageReceived(message, receivedAt, remoteAddress), SOURCE, receivedAt);
            return emitter.sendMessage(Message.of(EventJson.encodeBytes(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        }).toList();
        return sends.size() == 1 ? sends.get(0) : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
