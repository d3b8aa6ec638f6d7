package io.acu.launcher.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records on acu's dead-letter topics ({@code acu.*.dlq}: a consumer that cannot read a record copies it
 * to its topic's {@code .dlq} twin with the cause in the {@code dead-letter-reason} header and moves on; a
 * database outage is retried, never dead-lettered): the end offset minus the earliest
 * offset of every partition, which is the number of records as long as nothing was deleted (acu's topics keep
 * everything for the broker's default 7 days).
 */
public final class DeadLetters {

    /** The dead-letter topics' suffix. */
    public static final String SUFFIX = ".dlq";

    private DeadLetters() {
    }

    /**
     * @param bootstrapServers the cluster
     * @return records per dead-letter topic; topics not created yet (nothing dead-lettered) are absent
     * @throws IllegalStateException when the cluster does not answer within 30 s
     */
    public static Map<String, Long> count(String bootstrapServers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(SUFFIX)).collect(Collectors.toSet());
            Map<String, Long> counts = new HashMap<>();
            if (topics.isEmpty()) {
                return counts;
            }
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            described.values().forEach(topic -> topic.partitions().forEach(partition -> {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            ends.forEach((tp, end) -> counts.merge(tp.topic(), end.offset() - starts.get(tp).offset(), Long::sum));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count dead letters at " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting dead letters", e);
        }
    }
}
