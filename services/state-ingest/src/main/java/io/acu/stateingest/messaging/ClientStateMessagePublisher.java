package io.acu.stateingest.messaging;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
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
 * Publishes messages accepted by the state-message intake as {@link ClientStateMessageReceived} to
 * {@code acu.client.state-messages}, keyed by client ID (acks=all, idempotent producer); the returned {@link Uni}
 * completes only when Kafka acknowledged every record.
 */
@ApplicationScoped
public class ClientStateMessagePublisher {

    /** Outgoing channel name, shared with application.properties. */
    public static final String CHANNEL = "client-state-messages-out";
    /** The envelope's {@code source}. */
    public static final String SOURCE = "state-ingest";

    private final MutinyEmitter<byte[]> emitter;

    // Many concurrent reports of many messages each: the emitter queues up to 16,384 records (about 16 MiB) for
    // the Kafka sink; beyond that a send fails and the request is answered 503, never acknowledged falsely.
    ClientStateMessagePublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16_384) MutinyEmitter<byte[]> emitter) {
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
            EventEnvelope<ClientStateMessageReceived> event =
                    EventEnvelope.of(new ClientStateMessageReceived(message, receivedAt, remoteAddress), SOURCE, receivedAt);
            return emitter.sendMessage(Message.of(EventJson.encodeBytes(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        }).toList();
        return sends.size() == 1 ? sends.get(0) : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
