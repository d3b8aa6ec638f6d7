package io.acu.launcher.load;

import io.acu.contracts.Topics;
import io.acu.contracts.kafka.ConsumerLag;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Counts the records on acu's dead-letter topics ({@code <topic>.<consumer>.dlq}, e.g.
 * {@code acu.fsp.messages.state-ingest.dlq}: a consumer that cannot read a record copies it to its own dead-letter
 * topic of the record's topic with the cause in the {@code dead-letter-reason} header and moves on, so the topic
 * names the service that refused it; a database outage is retried, never dead-lettered): the end offset minus the
 * earliest offset of every partition, which is the number of records as long as nothing was deleted (acu's topics
 * keep everything for the broker's default 7 days).
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * @param bootstrapServers the cluster
     * @return records per dead-letter topic (every topic named {@code *}{@link Topics#DLQ_SUFFIX}), e.g.
     *         {@code acu.fsp.messages.rollout.dlq=2}; topics not created yet (nothing dead-lettered) are absent
     * @throws IllegalStateException when the cluster does not answer within 30 s
     */
    public static Map<String, Long> count(String bootstrapServers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(Topics.DLQ_SUFFIX)).collect(Collectors.toSet());
            return topics.isEmpty() ? new HashMap<>() : ConsumerLag.recordsByTopic(admin, topics, Duration.ofSeconds(30));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count dead letters at " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting dead letters", e);
        }
    }
}
