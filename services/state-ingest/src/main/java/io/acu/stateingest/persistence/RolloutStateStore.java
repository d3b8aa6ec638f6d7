package io.acu.stateingest.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.EventJson;
import io.acu.contracts.RingFigures;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.RolloutStatus;
import io.acu.stateingest.domain.RolloutSnapshotStamp;
import io.acu.stateingest.domain.RolloutSnapshotStamp.Verdict;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The latest rollout snapshot per package version ({@code RolloutStateChanged}), in {@code state_ingest.rollout_state}.
 *
 * <p>Idempotent and order-safe: {@link RolloutSnapshotStamp} decides whether an arriving event replaces the stored
 * one, under the row's lock. The insert of a version's first event is {@code ON CONFLICT DO NOTHING}, so two
 * consumers (a rebalance, two replicas) racing on a new version serialise on the key, and the loser then compares
 * like any later event.
 */
@ApplicationScoped
public class RolloutStateStore {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final TypeReference<List<RingFigures>> RINGS = new TypeReference<>() { };
    private static final TypeReference<List<ErrorCodeCount>> CODES = new TypeReference<>() { };

    private final Pool pool;

    RolloutStateStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the snapshot an event carries unless the stored one is the same event or later.
     *
     * @param eventId the envelope's event ID
     * @return what the event was against the stored snapshot ({@link Verdict#replaces()} when it was stored)
     */
    public Uni<Verdict> apply(UUID eventId, RolloutStateChanged change) {
        RolloutSnapshotStamp stamp = new RolloutSnapshotStamp(change.changedAt(), eventId);
        Tuple values = Tuple.from(Arrays.<Object>asList(change.packageId(), change.packageVersion(), change.status().name(),
                change.change().name(), change.ring(), json(change.rings()), json(change.topErrorCodes()), change.reason(), change.actor(),
                stamp.changedAt().atOffset(ZoneOffset.UTC), eventId));
        return pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO state_ingest.rollout_state (package_id, package_version, status, last_change, ring, rings, top_error_codes,
                        reason, actor, changed_at, event_id)
                VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8, $9, $10, $11)
                ON CONFLICT (package_id, package_version) DO NOTHING
                """).execute(values)
                .flatMap(inserted -> inserted.rowCount() > 0
                        ? Uni.createFrom().item(Verdict.FIRST)
                        : replaceIfNewer(connection, stamp, values, change)));
    }

    private static Uni<Verdict> replaceIfNewer(SqlConnection connection, RolloutSnapshotStamp stamp, Tuple values, RolloutStateChanged change) {
        return connection.preparedQuery("""
                SELECT changed_at, event_id FROM state_ingest.rollout_state WHERE package_id = $1 AND package_version = $2 FOR UPDATE
                """).execute(Tuple.of(change.packageId(), change.packageVersion()))
                .flatMap(rows -> {
                    Row stored = rows.iterator().next();
                    Verdict verdict = stamp.against(new RolloutSnapshotStamp(stored.getOffsetDateTime("changed_at").toInstant(),
                            stored.getUUID("event_id")));
                    if (!verdict.replaces()) {
                        return Uni.createFrom().item(verdict);
                    }
                    return connection.preparedQuery("""
                            UPDATE state_ingest.rollout_state SET status = $3, last_change = $4, ring = $5, rings = $6::text::jsonb,
                                top_error_codes = $7::text::jsonb, reason = $8, actor = $9, changed_at = $10, event_id = $11, updated_at = now()
                            WHERE package_id = $1 AND package_version = $2
                            """).execute(values).replaceWith(verdict);
                });
    }

    /**
     * The latest snapshot of one version of a package's rollout.
     *
     * @param status the rollout's status after the change
     * @param lastChange the change that produced the snapshot
     * @param ring the ring that change was about; null for rollout-wide changes
     * @param rings every ring in plan order with its state and figures
     * @param topErrorCodes the most frequent failure codes, most clients first
     * @param reason why (a gate's figures, an operator's note); null when none was given
     * @param actor an operator's name or {@code rollout}; null when unknown
     */
    public record StoredRollout(String packageId, int packageVersion, RolloutStatus status, RolloutChange lastChange, String ring,
            List<RingFigures> rings, List<ErrorCodeCount> topErrorCodes, String reason, String actor, Instant changedAt, UUID eventId) {
    }

    /**
     * @param packageId restricts to one package; null for all
     * @return the stored snapshots by package, newest version first; empty when none was consumed
     */
    public Uni<List<StoredRollout>> list(String packageId) {
        return pool.preparedQuery("""
                SELECT package_id, package_version, status, last_change, ring, rings::text AS rings, top_error_codes::text AS top_error_codes,
                       reason, actor, changed_at, event_id
                FROM state_ingest.rollout_state WHERE $1::text IS NULL OR package_id = $1 ORDER BY package_id, package_version DESC
                """).execute(Tuple.of(packageId))
                .map(rows -> {
                    List<StoredRollout> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new StoredRollout(row.getString("package_id"), row.getInteger("package_version"),
                                RolloutStatus.valueOf(row.getString("status")), RolloutChange.valueOf(row.getString("last_change")),
                                row.getString("ring"), read(row.getString("rings"), RINGS), read(row.getString("top_error_codes"), CODES),
                                row.getString("reason"), row.getString("actor"), row.getOffsetDateTime("changed_at").toInstant(),
                                row.getUUID("event_id")));
                    }
                    return list;
                });
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
