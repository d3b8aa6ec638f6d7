package io.acu.stateingest.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the state-message history ({@code state_message}, partitioned by MessageTime per UTC day, migration V6)
 * within its retention period: every {@code acu.history.maintenance-interval} (default 1 h) one replica creates the
 * day partitions ahead ({@code acu.history.partitions-ahead}, default 7 days) and, when
 * {@code acu.history.retention} is set (default {@code P90D}; {@code none} keeps everything), drops the day partitions
 * wholly older than now minus the retention and deletes older rows from the DEFAULT partition. Only history goes:
 * current states, the ops counts and the first-reached times are separate tables and stay. The client history API
 * answers for the retained period.
 *
 * <p>Replicas: each round runs in one transaction under a transaction-scoped advisory lock
 * ({@code pg_try_advisory_xact_lock}), so one replica does a round while the others skip it; every step is idempotent
 * anyway. Dropping a partition briefly locks {@code state_message} exclusively: the round waits at most
 * {@value #LOCK_TIMEOUT} for it and otherwise fails, is logged, and the next round retries.
 */
@Startup // reads and checks its settings at start, not at the first round
@ApplicationScoped
public class HistoryRetention {

    /** Second key of this round's advisory lock; the first is acu's lock space ("acu\0", as dp-content's leadership). */
    static final int LOCK_KEY = 2001;
    static final String LOCK_TIMEOUT = "10s";
    private static final int ACU_LOCK_SPACE = 0x61637500;
    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

    /**
     * What one round did.
     *
     * @param ran false when another replica held the round's lock (nothing was done)
     * @param created day partitions created, e.g. {@code state_message_p20261206}
     * @param dropped day partitions dropped with their rows
     * @param pruned rows deleted from the DEFAULT partition
     */
    public record Round(boolean ran, List<String> created, List<String> dropped, long pruned) {
    }

    private final Pool pool;
    private final Clock clock;
    private final Optional<Duration> retention;
    private final String retentionSetting;
    private final int partitionsAhead;
    private final Counter droppedPartitions;
    private final Counter prunedRows;

    HistoryRetention(Pool pool, Clock clock, MeterRegistry metrics,
            @ConfigProperty(name = "acu.history.retention", defaultValue = "P90D") String retention,
            @ConfigProperty(name = "acu.history.partitions-ahead", defaultValue = "7") int partitionsAhead) {
        this.pool = pool;
        this.clock = clock;
        this.retention = parseRetention(retention);
        this.retentionSetting = retention;
        if (partitionsAhead < 1 || partitionsAhead > 366) {
            throw new IllegalArgumentException("acu.history.partitions-ahead must be 1 to 366 days, not " + partitionsAhead);
        }
        this.partitionsAhead = partitionsAhead;
        this.droppedPartitions = Counter.builder("acu.history.partitions.dropped")
                .description("Day partitions of the state-message history dropped by retention").register(metrics);
        this.prunedRows = Counter.builder("acu.history.default.rows.pruned")
                .description("State messages older than the retention deleted from the history's DEFAULT partition").register(metrics);
    }

    /**
     * @param text an ISO-8601 duration in days or hours (java.time.Duration: {@code P90D}, not {@code P1Y}) of at least
     *     one day, or {@code none}
     * @return the retention, empty for {@code none}
     * @throws IllegalArgumentException naming the setting when the text is not one
     */
    static Optional<Duration> parseRetention(String text) {
        if (text.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("acu.history.retention must be an ISO-8601 duration in days or hours such as P90D or P400D,"
                    + " or none: " + text);
        }
        if (duration.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("acu.history.retention must be at least one day (P1D), not " + text);
        }
        return Optional.of(duration);
    }

    @Scheduled(every = "${acu.history.maintenance-interval:1h}", delayed = "${acu.history.maintenance-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return maintain(clock.instant())
                .onFailure().invoke(e -> LOG.warnf("History maintenance failed, the next round retries: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * One maintenance round as of {@code at} (tests move the clock by passing a later instant).
     *
     * @param at the instant whose UTC day starts the partitions ahead and from which the retention counts back
     * @return what the round did; fails with the database error (the round's transaction is rolled back)
     */
    public Uni<Round> maintain(Instant at) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1, $2) AS locked").execute(Tuple.of(ACU_LOCK_SPACE, LOCK_KEY))
                .flatMap(locked -> {
                    if (!locked.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(new Round(false, List.of(), List.of(), 0));
                    }
                    return connection.query("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'").execute()
                            .flatMap(ignored -> connection
                                    .preparedQuery("SELECT created, dropped, pruned FROM state_ingest.state_message_maintain($1, $2::bigint * interval '1 second', $3)")
                                    .execute(Tuple.of(at.atOffset(ZoneOffset.UTC), retention.map(Duration::getSeconds).orElse(null),
                                            partitionsAhead)))
                            .map(rows -> round(rows.iterator().next()));
                }))
                .invoke(round -> {
                    droppedPartitions.increment(round.dropped().size());
                    prunedRows.increment(round.pruned());
                    if (!round.ran()) {
                        LOG.debug("History maintenance: another replica holds this round");
                    } else if (round.created().isEmpty() && round.dropped().isEmpty() && round.pruned() == 0) {
                        LOG.debugf("History maintenance: nothing to do (retention %s)", retentionSetting);
                    } else {
                        LOG.infof("History maintenance: created %s, dropped %s (retention %s), %d older rows deleted from DEFAULT",
                                round.created(), round.dropped(), retentionSetting, round.pruned());
                    }
                });
    }

    private static Round round(Row row) {
        return new Round(true, List.of(row.getArrayOfStrings("created")), List.of(row.getArrayOfStrings("dropped")), row.getLong("pruned"));
    }
}
