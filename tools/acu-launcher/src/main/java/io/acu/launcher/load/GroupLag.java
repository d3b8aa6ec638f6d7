package io.acu.launcher.load;

import io.acu.contracts.Topics;
import io.acu.contracts.kafka.ConsumerLag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The lag of consumer groups on the state-message topics ({@code acu.fsp.messages}, {@code acu.client.state-messages}),
 * read from Kafka with its admin client: per partition the end offset minus the group's committed offset (its earliest
 * offset where the group committed nothing yet), summed. Both state-ingest and rollout commit a batch's offsets only
 * after its database transaction, so this is what they have not stored yet, measured the same way for both (rollout
 * exports no lag metric; state-ingest's gauge {@code acu_consumer_lag_records} is refreshed every 5 s).
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
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String group : groups) {
                lag.put(group, ConsumerLag.byTopic(admin, group, TOPICS, Duration.ofSeconds(TIMEOUT_SECONDS)).values().stream()
                        .mapToLong(Long::longValue).sum());
            }
            return Optional.of(lag);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
