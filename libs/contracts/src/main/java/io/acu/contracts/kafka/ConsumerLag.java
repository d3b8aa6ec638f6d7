package io.acu.contracts.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on acu's topics, as Kafka's own {@code kafka-consumer-groups --describe} computes it:
 * per partition the end offset minus the group's committed offset, or minus the earliest offset where the group has
 * committed nothing yet (acu's consumers start from the earliest record). Used by state-ingest's lag gauge and by
 * the load harness.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /**
     * Reads the group's lag from the broker: topic descriptions, earliest and end offsets, the group's commits.
     *
     * @param admin a connected admin client
     * @param group the consumer group ID, e.g. {@code state-ingest}
     * @param topics the topics, e.g. {@code acu.fsp.messages}
     * @param timeout the most each of the four requests may take
     * @return records not yet committed, per topic (every topic given, 0 where none)
     * @throws ExecutionException if the broker refused a request
     * @throws TimeoutException if it did not answer in time (e.g. busy)
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public static Map<String, Long> byTopic(Admin admin, String group, Collection<String> topics, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long millis = timeout.toMillis();
        Offsets offsets = offsets(admin, topics, millis);
        Map<TopicPartition, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> groupOffsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(millis, TimeUnit.MILLISECONDS);
        groupOffsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        Map<String, Long> lag = byTopic(offsets.ends(), offsets.starts(), committed);
        topics.forEach(topic -> lag.putIfAbsent(topic, 0L));
        return lag;
    }

    /**
     * The lag per topic from offsets already read. A commit ahead of the end offset (the ends were read first) counts
     * as no lag, never a negative one.
     *
     * @param ends end offset per partition (the next offset to be written)
     * @param starts earliest offset per partition
     * @param committed the group's committed offset per partition, where it has one
     * @return records not yet committed, per topic of {@code ends}
     */
    public static Map<String, Long> byTopic(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> committed) {
        Map<String, Long> lag = new HashMap<>();
        ends.forEach((tp, end) -> {
            long from = committed.getOrDefault(tp, starts.getOrDefault(tp, 0L));
            lag.merge(tp.topic(), Math.max(0, end - from), Long::sum);
        });
        return lag;
    }

    /**
     * The records each topic holds now: end offset minus earliest offset, summed over partitions (a group that has
     * committed nothing would lag by this much). Used to count dead letters.
     *
     * @return records per topic (every topic given)
     * @throws ExecutionException if the broker refused a request
     * @throws TimeoutException if it did not answer in time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public static Map<String, Long> recordsByTopic(Admin admin, Collection<String> topics, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Offsets offsets = offsets(admin, topics, timeout.toMillis());
        Map<String, Long> records = byTopic(offsets.ends(), offsets.starts(), Map.of());
        topics.forEach(topic -> records.putIfAbsent(topic, 0L));
        return records;
    }

    /**
     * The records ever written to each topic: its end offsets summed over partitions. Unlike
     * {@link #recordsByTopic} it never falls when the broker deletes old records, so it serves as a counter.
     *
     * @param topics topics that exist (the broker refuses to describe others)
     * @return records written per topic (every topic given)
     * @throws ExecutionException if the broker refused a request
     * @throws TimeoutException if it did not answer in time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public static Map<String, Long> writtenByTopic(Admin admin, Collection<String> topics, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Offsets offsets = offsets(admin, topics, timeout.toMillis());
        Map<String, Long> written = new HashMap<>();
        offsets.ends().forEach((tp, end) -> written.merge(tp.topic(), end, Long::sum));
        topics.forEach(topic -> written.putIfAbsent(topic, 0L));
        return written;
    }

    /** Earliest and end offsets of every partition of some topics. */
    private record Offsets(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
    }

    private static Offsets offsets(Admin admin, Collection<String> topics, long millis)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(partition -> {
            TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        }));
        return new Offsets(list(admin, earliest, millis), list(admin, latest, millis));
    }

    private static Map<TopicPartition, Long> list(Admin admin, Map<TopicPartition, OffsetSpec> spec, long millis)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(spec).all().get(millis, TimeUnit.MILLISECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
