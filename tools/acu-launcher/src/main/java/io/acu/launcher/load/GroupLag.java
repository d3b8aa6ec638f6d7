package io.acu.launcher.load;

import io.acu.contracts.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of consumer groups on the state-message topics ({@code acu.fsp.messages}, {@code acu.client.state-messages}),
 * read from Kafka with its admin client: per partition the end offset minus the group's committed offset (its earliest
 * offset where the group committed nothing yet), summed. Both state-ingest and rollout commit a batch's offsets only
 * after its database transaction, so this is what they have not stored yet, measured the same way for both (rollout
 * exports no lag metric; state-ingest's {@link ConsumerLag} gauge is refreshed every 5 s and shows the largest topic).
 * The consumers commit acknowledged offsets every {@code auto.commit.interval.ms} (5 s, SmallRye's throttled
 * strategy), so a few seconds of a group's intake always show as lag.
 */
public final class GroupLag implements AutoCloseable {

    /** The topics whose lag counts. */
    public static final List<String> TOPICS = List.of(Topics.FSP_MESSAGES, Topics.CLIENT_STATE_MESSAGES);

    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final List<String> groups;

    /**
     * @param bootstrapServers the cluster
     * @param groups consumer group IDs, e.g. {@code state-ingest}, {@code rollout}
     */
    public GroupLag(String bootstrapServers, List<String> groups) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "acu-load-lag",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
        this.groups = List.copyOf(groups);
    }

    /**
     * @return records not yet committed per group, over both topics, in the order the groups were given; empty when
     *     Kafka did not answer within a few seconds (the broker is busy: the caller samples again)
     */
    public Optional<Map<String, Long>> now() {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            topics.values().forEach(topic -> topic.partitions().forEach(partition -> {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }));
            Map<TopicPartition, Long> ends = offsets(latest);
            Map<TopicPartition, Long> starts = offsets(earliest);
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String group : groups) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                offsets.forEach((tp, offset) -> {
                    if (offset != null) {
                        committed.put(tp, offset.offset());
                    }
                });
                lag.put(group, lag(ends, starts, committed));
            }
            return Optional.of(lag);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> spec) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(spec).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /**
     * One group's lag over the partitions of {@code ends}.
     *
     * @param ends end offset per partition (the next offset to be written)
     * @param starts earliest offset per partition
     * @param committed the group's committed offset per partition, where it has one
     * @return the sum over partitions of the end offset minus the committed offset (minus the earliest where none)
     */
    static long lag(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long from = committed.getOrDefault(end.getKey(), starts.getOrDefault(end.getKey(), 0L));
            lag += Math.max(0, end.getValue() - from);
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
