package io.acu.outbox;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which send failures Kafka will repeat forever for the same record (so the outbox parks the event) and which may
 * pass on a later try (so it retries): too large for the producer's {@code max.request.size} or the topic's
 * {@code max.message.bytes}, refused as an invalid record, an invalid topic name, or not serializable. Timeouts,
 * unavailable brokers, authorization (fixable by an ACL) and everything else are retried.
 */
public final class KafkaRefusals {

    private KafkaRefusals() {
    }

    /** @return whether {@code failure}, or any of its causes, is a refusal Kafka will repeat for this record */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof InvalidTopicException
                    || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /** @return a one-line reason for the parked row: the exception's class and message, at most 1,000 characters */
    public static String reason(Throwable failure) {
        String text = failure.getClass().getName() + ": " + failure.getMessage();
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }
}
