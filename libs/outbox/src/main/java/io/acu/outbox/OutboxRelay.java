package io.acu.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Publishes the service's outbox ({@link OutboxConfig#table()}) to Kafka: every {@code acu.outbox.poll-interval}
 * and on demand ({@link #drain()}), in transactions of up to {@code acu.outbox.batch-size} events.
 *
 * <p>Guarantees. An event is in the outbox only if the state it announces committed (same transaction), so nothing
 * uncommitted is announced. An event whose send fails, or whose process dies before the mark commits, stays pending
 * and is sent again, with the same eventId, so nothing is lost and consumers drop the repeat (at-least-once
 * delivery, deduplicated by eventId). One relay works a table at a time (a transaction-scoped advisory lock; rows
 * are also taken {@code FOR UPDATE SKIP LOCKED}), so with several replicas each key's events still leave in the
 * order written. A row written under a span is sent as that span's child ({@link TraceContext}, {@link OutboxSender}),
 * so a traced request and the record it announced are one trace. An event Kafka refuses for good ({@link KafkaRefusals}) is parked with its reason, counted
 * ({@code acu_outbox_parked_total}) and skipped, so it never blocks the events after it.
 *
 * <p>Published events are deleted after {@code acu.outbox.retention} (default 7 days). Metrics, tagged {@code table}: {@code acu_outbox_published_total} and {@code acu_outbox_parked_total} (also
 * tagged {@code topic}), gauges {@code acu_outbox_pending_events} and {@code acu_outbox_parked_events}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final OutboxSender sender;
    private final OutboxConfig config;
    private final OutboxTable table;
    private final MeterRegistry metrics;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile Instant nextCleanup = Instant.EPOCH;
    private volatile boolean stopping;

    OutboxRelay(Pool pool, OutboxSender sender, OutboxConfig config, OutboxTable table, MeterRegistry metrics) {
        this.pool = pool;
        this.sender = sender;
        this.config = config;
        this.table = table;
        this.metrics = metrics;
        if (config.relay()) {
            // Only a relaying instance reports the table, so a sum over pods counts it once.
            Tags tags = Tags.of("table", table.name());
            Gauge.builder("acu.outbox.pending.events", pending, AtomicLong::get).tags(tags)
                    .description("Outbox events waiting to be published").register(metrics);
            Gauge.builder("acu.outbox.parked.events", parked, AtomicLong::get).tags(tags)
                    .description("Outbox events Kafka refused for good, parked with their reason").register(metrics);
        }
    }

    /** One scheduled run, skipped while the previous one runs or when this instance does not relay; failures are logged and retried next run. */
    @Scheduled(every = "${acu.outbox.poll-interval:1s}", delayed = "${acu.outbox.initial-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.relay() || stopping) {
            return Uni.createFrom().voidItem();
        }
        return drain().onFailure().invoke(e -> LOG.warnf("Outbox %s: publishing failed, will retry: %s", table.name(), e.toString()))
                .onFailure().recoverWithNull()
                .chain(this::deleteOldPublished)
                .onFailure().invoke(e -> LOG.warnf("Outbox %s: deleting old published events failed: %s", table.name(), e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** At most hourly: deletes events published longer than {@code acu.outbox.retention} ago. */
    private Uni<Void> deleteOldPublished() {
        Instant now = Instant.now();
        if (now.isBefore(nextCleanup)) {
            return Uni.createFrom().voidItem();
        }
        nextCleanup = now.plus(Duration.ofHours(1));
        return pool.preparedQuery(table.deletePublishedSql()).execute(Tuple.of(now.minus(config.retention()).atOffset(ZoneOffset.UTC)))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Outbox %s: deleted %d events published more than %s ago", table.name(), rows.rowCount(), config.retention());
                    }
                }).replaceWithVoid();
    }

    /** At shutdown the scheduled runs stop: the database pool closes under them. */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Publishes until nothing is pending, then refreshes the gauges.
     *
     * @return how many events were published; fails on the first send that may pass later (what was sent before
     *     it stays marked), and does nothing while another relay holds the table
     */
    public Uni<Integer> drain() {
        return drainFrom(0).call(this::refreshGauges);
    }

    private Uni<Integer> drainFrom(int publishedSoFar) {
        return batch().flatMap(result -> {
            int total = publishedSoFar + result.published();
            if (result.failure() != null) {
                return Uni.createFrom().failure(result.failure());
            }
            return result.taken() == 0 ? Uni.createFrom().item(total) : drainFrom(total);
        });
    }

    /** What one transaction did: rows taken, published and parked, and the transient failure that ended it early. */
    private record Batch(int taken, int published, Throwable failure) {
    }

    private record Pending(long seq, UUID eventId, String topic, String key, byte[] payload, TraceContext trace) {
    }

    private Uni<Batch> batch() {
        return pool.withTransaction(connection -> connection.preparedQuery(table.tryRelayLockSql()).execute(Tuple.of(table.name()))
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? connection.preparedQuery(table.pendingSql()).execute(Tuple.of(config.batchSize()))
                                .flatMap(rows -> {
                                    List<Pending> events = new ArrayList<>();
                                    for (Row row : rows) {
                                        events.add(new Pending(row.getLong(0), row.getUUID(1), row.getString(2), row.getString(3),
                                                row.getString(4).getBytes(StandardCharsets.UTF_8), new TraceContext(row.getString(5), row.getString(6))));
                                    }
                                    return send(connection, events, 0, new ArrayList<>());
                                })
                        : Uni.createFrom().item(new Batch(0, 0, null))));
    }

    /** Sends events[from..] one after another (keeps order), parking permanent refusals, then marks what was sent. */
    private Uni<Batch> send(SqlConnection connection, List<Pending> events, int from, List<Long> sent) {
        if (from == events.size()) {
            return markPublished(connection, sent).replaceWith(new Batch(events.size(), sent.size(), null));
        }
        Pending event = events.get(from);
        return sender.send(event.topic(), event.key(), event.payload(), event.trace())
                .onItem().transformToUni(ok -> {
                    sent.add(event.seq());
                    Counter.builder("acu.outbox.published").tags("table", table.name(), "topic", event.topic())
                            .description("Outbox events Kafka acknowledged").register(metrics).increment();
                    return send(connection, events, from + 1, sent);
                })
                .onFailure().recoverWithUni(failure -> {
                    if (KafkaRefusals.isPermanent(failure)) {
                        String reason = KafkaRefusals.reason(failure);
                        LOG.errorf("Outbox %s: Kafka refused event %s for %s for good, parked: %s", table.name(), event.eventId(),
                                event.topic(), reason);
                        Counter.builder("acu.outbox.parked").tags("table", table.name(), "topic", event.topic())
                                .description("Outbox events Kafka refused for good").register(metrics).increment();
                        return connection.preparedQuery(table.parkSql()).execute(Tuple.of(event.seq(), reason))
                                .flatMap(parkedRow -> send(connection, events, from + 1, sent));
                    }
                    return markPublished(connection, sent).replaceWith(new Batch(from, sent.size(), failure));
                });
    }

    private Uni<Void> markPublished(SqlConnection connection, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(table.markPublishedSql()).execute(Tuple.of(seqs.toArray(Long[]::new))).replaceWithVoid();
    }

    private Uni<Void> refreshGauges() {
        return pool.preparedQuery(table.countsSql()).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            pending.set(row.getLong(0));
            parked.set(row.getLong(1));
        }).replaceWithVoid();
    }
}
