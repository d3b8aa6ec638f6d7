package io.acu.stateingest.messaging;

import io.acu.contracts.Topics;
import io.acu.contracts.kafka.ConsumerLag;
import io.micrometer.core.instrument.FunctionCounter;
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
 * What the broker knows that operators watch, read with Kafka's admin client every 5 s on a thread of its own (while
 * the broker cannot be asked the last values stay):
 *
 * <p><b>Dead letters</b>: {@code acu_dead_letters_total{dead_letter_topic,topic,consumer}}, the records ever written
 * to each dead-letter topic of {@link Topics#SUBSCRIPTIONS} (its end offsets), whichever service wrote them: SmallRye's
 * dead-letter strategy in manifest-builder, dp-content and rollout, or the batch consumers' own {@code DeadLetters}.
 * Every subscription has its series from the start (0 until its topic exists). Read from the broker rather than
 * counted in each service, so one place sees every consumer's dead letters and a restart loses no count.
 *
 * <p><b>Consumer group lag</b> of every consumer group of {@link Topics#SUBSCRIPTIONS}, as operators read it from
 * {@code /q/metrics}: {@code acu_consumer_lag_records{group="state-ingest",topic="acu.fsp.messages"}}, the records on
 * the topic that the group has not committed yet (end offset minus committed offset, summed over partitions).
 *
 * <p>Why not the Kafka consumer's own {@code records-lag-max}: it measures from the consumer's fetch position. The
 * batch consumers fetch a batch and hold it, unacknowledged, while PostgreSQL is slow or away; their position is then
 * at the end of the topic and that metric says 0 although nothing was stored. Committed offsets move only when a batch
 * is stored, so this lag is what stands between the topics and the database.
 *
 * <p>Every replica reports the same figures (they come from the broker): dashboards take {@code max}, not {@code sum}.
 */
@Startup
@ApplicationScoped
public class BrokerFigures {

    /** The lag gauge's name (Prometheus: {@code acu_consumer_lag_records}). */
    public static final String METRIC = "acu.consumer.lag";
    /** The dead-letter counter's name (Prometheus: {@code acu_dead_letters_total}). */
    public static final String DEAD_LETTERS_METRIC = "acu.dead.letters";
    private static final Logger LOG = Logger.getLogger(BrokerFigures.class);
    private static final long REFRESH_SECONDS = 5;

    private final Admin admin;
    /** Consumer group → topic → its lag. */
    private final Map<String, Map<String, AtomicLong>> lagByGroup = new HashMap<>();
    private final Map<String, AtomicLong> deadLettersByTopic = new HashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "broker-figures");
        thread.setDaemon(true);
        return thread;
    });

    BrokerFigures(@Identifier("default-kafka-broker") Map<String, Object> broker, Config config, MeterRegistry metrics) {
        Set<String> adminSettings = AdminClientConfig.configNames();
        Map<String, Object> settings = broker.entrySet().stream().filter(e -> adminSettings.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "state-ingest-lag");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        this.admin = Admin.create(settings);
        // state-ingest's own group may be renamed in its configuration; the other services' are the contract's.
        String ownGroup = config.getOptionalValue("mp.messaging.incoming." + StateMessageConsumer.FSP_CHANNEL + ".group.id", String.class)
                .orElse(Topics.ConsumerGroups.STATE_INGEST);
        for (Topics.Subscription subscription : Topics.SUBSCRIPTIONS) {
            String group = subscription.consumer().equals(Topics.ConsumerGroups.STATE_INGEST) ? ownGroup : subscription.consumer();
            AtomicLong lag = new AtomicLong();
            lagByGroup.computeIfAbsent(group, g -> new HashMap<>()).put(subscription.topic(), lag);
            Gauge.builder(METRIC, lag, AtomicLong::get).tag("group", group).tag("topic", subscription.topic()).baseUnit("records")
                    .description("Records on the topic the consumer group has not committed (processed) yet").register(metrics);
        }
        for (Topics.Subscription subscription : Topics.SUBSCRIPTIONS) {
            AtomicLong written = new AtomicLong();
            deadLettersByTopic.put(subscription.deadLetterTopic(), written);
            FunctionCounter.builder(DEAD_LETTERS_METRIC, written, AtomicLong::get)
                    .tag("dead_letter_topic", subscription.deadLetterTopic()).tag("topic", subscription.topic())
                    .tag("consumer", subscription.consumer())
                    .description("Records a consumer gave up on and copied to its dead-letter topic, with the cause in the dead-letter-reason header")
                    .register(metrics);
        }
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        try {
            // The broker refuses to describe a topic that does not exist yet (nothing published or dead-lettered).
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            Map<String, Set<String>> topicsByGroup = new HashMap<>();
            lagByGroup.forEach((group, topics) -> topicsByGroup.put(group,
                    topics.keySet().stream().filter(existing::contains).collect(Collectors.toSet())));
            Set<String> deadLetterTopics = deadLettersByTopic.keySet().stream().filter(existing::contains).collect(Collectors.toSet());
            ConsumerLag.Figures figures = ConsumerLag.figures(admin, topicsByGroup, deadLetterTopics, Duration.ofSeconds(5));
            figures.lagByGroup().forEach((group, lags) -> lags.forEach((topic, lag) -> lagByGroup.get(group).get(topic).set(lag)));
            figures.written().forEach((topic, written) -> deadLettersByTopic.get(topic).set(written));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The broker is away or busy: the gauge keeps its last value until it answers again.
            LOG.debugf("consumer group lag and dead letters not refreshed: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
