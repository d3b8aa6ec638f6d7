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
 * Copies a record a batch consumer cannot use to its topic's dead-letter topic ({@code <topic>.dlq}), byte for byte
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
     * Sends one record to {@code <its topic>.dlq}.
     *
     * @param record the record as consumed
     * @param cause why it was refused; its message becomes {@code dead-letter-reason}
     * @return completes when Kafka acknowledged the dead-letter record (acks=all)
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
                .withTopic(Topics.deadLetterTopic(record.getTopic()))
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
