package io.acu.stateingest.messaging;

import io.acu.contracts.Topics;
import io.acu.contracts.kafka.ConsumerLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Consumer group lag of the state-message consumers, as operators read it from {@code /q/metrics}:
 * {@code acu_stateingest_consumer_lag_records{group="state-ingest",topic="acu.fsp.messages"}}, the records on the topic
 * that the group has not committed yet (end offset minus committed offset, summed over partitions).
 *
 * <p>Why not the Kafka consumer's own {@code records-lag-max}: it measures from the consumer's fetch position. The
 * batch consumers fetch a batch and hold it, unacknowledged, while PostgreSQL is slow or away; their position is then
 * at the end of the topic and that metric says 0 although nothing was stored. Committed offsets move only when a batch
 * is stored, so this lag is what stands between the topics and the database. Refreshed every 5 s on a thread of its
 * own with Kafka's admin client; while the broker cannot be asked the last value stays.
 */
@Startup
@ApplicationScoped
public class ConsumerGroupLag {

    /** The gauge's name (Prometheus: {@code acu_stateingest_consumer_lag_records}). */
    public static final String METRIC = "acu.stateingest.consumer.lag";
    static final List<String> TOPICS = List.of(Topics.FSP_MESSAGES, Topics.CLIENT_STATE_MESSAGES);
    private static final Logger LOG = Logger.getLogger(ConsumerGroupLag.class);
    private static final long REFRESH_SECONDS = 5;

    private final Admin admin;
    private final String group;
    private final Map<String, AtomicLong> lagByTopic = new HashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consumer-group-lag");
        thread.setDaemon(true);
        return thread;
    });

    ConsumerGroupLag(@Identifier("default-kafka-broker") Map<String, Object> broker, Config config, MeterRegistry metrics) {
        Set<String> adminSettings = AdminClientConfig.configNames();
        Map<String, Object> settings = broker.entrySet().stream().filter(e -> adminSettings.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "state-ingest-lag");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        this.admin = Admin.create(settings);
        this.group = config.getOptionalValue("mp.messaging.incoming." + StateMessageConsumer.FSP_CHANNEL + ".group.id", String.class)
                .orElse("state-ingest");
        for (String topic : TOPICS) {
            AtomicLong lag = new AtomicLong();
            lagByTopic.put(topic, lag);
            Gauge.builder(METRIC, lag, AtomicLong::get).tag("group", group).tag("topic", topic).baseUnit("records")
                    .description("Records on the topic the consumer group has not committed (stored) yet").register(metrics);
        }
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        try {
            ConsumerLag.byTopic(admin, group, TOPICS, Duration.ofSeconds(5))
                    .forEach((topic, lag) -> lagByTopic.computeIfAbsent(topic, t -> new AtomicLong()).set(lag));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The broker is away or busy: the gauge keeps its last value until it answers again.
            LOG.debugf("consumer group lag not refreshed: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
