package io.acu.stateingest.messaging;

import io.acu.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Copies a record a batch consumer cannot use to state-ingest's dead-letter topic of its topic
 * ({@code <topic>.state-ingest.dlq}, e.g. {@code acu.fsp.messages.state-ingest.dlq}), byte for byte
 * with its key, and with the same headers SmallRye's dead-letter strategy writes for the single-record consumers
 * ({@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}), so operators read every DLQ alike. Batch consumers need this because SmallRye's
 * strategy would dead-letter a whole batch for one bad record.
 */
@ApplicationScoped
public class DeadLetters {

    /** Outgoing channel name, shared with application.properties. */
    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;

    DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * State-ingest's dead-letter topic of a topic it consumes.
     *
     * @param topic a topic state-ingest reads, e.g. {@code acu.fsp.messages}
     * @return {@code <topic>.state-ingest.dlq}, e.g. {@code acu.fsp.messages.state-ingest.dlq}
     * @throws IllegalArgumentException if state-ingest is not listed in {@link Topics#SUBSCRIPTIONS} as a consumer
     *         of that topic
     */
    public static String deadLetterTopic(String topic) {
        return Topics.subscription(topic, Topics.ConsumerGroups.STATE_INGEST).deadLetterTopic();
    }

    /**
     * Sends one record to {@code <its topic>.state-ingest.dlq} ({@link #deadLetterTopic}).
     *
     * @param record the record as consumed
     * @param cause why it was refused; its message becomes {@code dead-letter-reason}
     * @return completes when Kafka acknowledged the dead-letter record (acks=all)
     * @throws IllegalArgumentException if state-ingest is not listed as a consumer of the record's topic
     */
    public Uni<Void> send(KafkaRecord<String, byte[]> record, Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        record.getHeaders().forEach(headers::add);
        headers.add("dead-letter-reason", bytes(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        if (cause.getCause() != null) {
            headers.add("dead-letter-cause", bytes(String.valueOf(cause.getCause().getMessage())));
        }
        headers.add("dead-letter-topic", bytes(record.getTopic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.getPartition())));
        headers.add("dead-letter-offset", bytes(Long.toString(offset(record))));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(deadLetterTopic(record.getTopic()))
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(record.getPayload()).addMetadata(metadata));
    }

    /** @return the record's offset in its partition, -1 if unknown */
    static long offset(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
