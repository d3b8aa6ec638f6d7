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
     * What {@link #byTopic(Admin, String, Collection, Duration)} and the records ever written to some topics (end offsets summed: unlike {@link #recordsByTopic}, never falling when
     * the broker deletes old records) read, for several groups
     * and topics with one read of the topics' offsets (a gauge refreshing every few seconds asks the broker once per
     * topic, not once per group reading it).
     *
     * @param topicsByGroup consumer group ID → topics it reads (topics that exist)
     * @param written topics (that exist) whose records ever written are wanted, e.g. dead-letter topics
     * @return lag per group and topic (every one given), and records written per topic of {@code written}
     * @throws ExecutionException if the broker refused a request
     * @throws TimeoutException if it did not answer in time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public static Figures figures(Admin admin, Map<String, ? extends Collection<String>> topicsByGroup, Collection<String> written,
            Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        long millis = timeout.toMillis();
        java.util.Set<String> topics = new java.util.HashSet<>(written);
        topicsByGroup.values().forEach(topics::addAll);
        if (topics.isEmpty()) {
            return new Figures(Map.of(), Map.of());
        }
        Offsets offsets = offsets(admin, topics, millis);
        Map<String, Map<String, Long>> lag = new HashMap<>();
        for (Map.Entry<String, ? extends Collection<String>> group : topicsByGroup.entrySet()) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get(millis, TimeUnit.MILLISECONDS)
                    .forEach((tp, offset) -> {
                        if (offset != null) {
                            committed.put(tp, offset.offset());
                        }
                    });
            Map<TopicPartition, Long> ends = new HashMap<>();
            offsets.ends().forEach((tp, end) -> {
                if (group.getValue().contains(tp.topic())) {
                    ends.put(tp, end);
                }
            });
            Map<String, Long> groupLag = byTopic(ends, offsets.starts(), committed);
            group.getValue().forEach(topic -> groupLag.putIfAbsent(topic, 0L));
            lag.put(group.getKey(), groupLag);
        }
        Map<String, Long> writtenByTopic = new HashMap<>();
        offsets.ends().forEach((tp, end) -> {
            if (written.contains(tp.topic())) {
                writtenByTopic.merge(tp.topic(), end, Long::sum);
            }
        });
        written.forEach(topic -> writtenByTopic.putIfAbsent(topic, 0L));
        return new Figures(lag, writtenByTopic);
    }

    /**
     * @param lagByGroup consumer group → topic → records not yet committed
     * @param written topic → records ever written (its end offsets summed)
     */
    public record Figures(Map<String, Map<String, Long>> lagByGroup, Map<String, Long> written) {
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
