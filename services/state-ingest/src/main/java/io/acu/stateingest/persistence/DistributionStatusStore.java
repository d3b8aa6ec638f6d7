package io.acu.stateingest.persistence;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The latest status per package version and distribution point, in {@code state_ingest.distribution_status}. */
@ApplicationScoped
public class DistributionStatusStore {

    private final Pool pool;

    DistributionStatusStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores a status change unless a later one (by {@code changedAt}, then event ID) is stored: redelivery and late
     * arrival change nothing.
     *
     * @return whether the stored status changed
     */
    public Uni<Boolean> apply(UUID eventId, ContentDistributionStatusChanged change) {
        return pool.preparedQuery("""
                INSERT INTO state_ingest.distribution_status AS d (package_id, package_version, distribution_point, state, attempt, bytes_transferred,
                        last_error, changed_at, event_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (package_id, package_version, distribution_point) DO UPDATE SET
                    state = EXCLUDED.state, attempt = EXCLUDED.attempt, bytes_transferred = EXCLUDED.bytes_transferred,
                    last_error = EXCLUDED.last_error, changed_at = EXCLUDED.changed_at, event_id = EXCLUDED.event_id
                WHERE (EXCLUDED.changed_at, EXCLUDED.event_id) > (d.changed_at, d.event_id)
                """).execute(Tuple.from(java.util.Arrays.<Object>asList(change.packageId(), change.packageVersion(), change.distributionPoint(),
                        change.state().name(), change.attempt(), change.bytesTransferred(), change.lastError(),
                        change.changedAt().atOffset(ZoneOffset.UTC), eventId)))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * One distribution point's status of a package version.
     *
     * @param state a {@link io.acu.contracts.DistributionState} name, e.g. {@code INSTALLED}
     * @param lastError why the last attempt failed; null when none did
     */
    public record DistributionPointStatus(String packageId, int packageVersion, String distributionPoint, String state, int attempt,
            long bytesTransferred, String lastError, Instant changedAt) {
    }

    /**
     * Every stored status, by package, version (newest first) and distribution point.
     *
     * @param packageId restricts to one package; null for all
     */
    public Uni<List<DistributionPointStatus>> list(String packageId) {
        return pool.preparedQuery("""
                SELECT package_id, package_version, distribution_point, state, attempt, bytes_transferred, last_error, changed_at
                FROM state_ingest.distribution_status WHERE $1::text IS NULL OR package_id = $1
                ORDER BY package_id, package_version DESC, distribution_point
                """).execute(Tuple.of(packageId))
                .map(rows -> {
                    List<DistributionPointStatus> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new DistributionPointStatus(row.getString("package_id"), row.getInteger("package_version"),
                                row.getString("distribution_point"), row.getString("state"), row.getInteger("attempt"),
                                row.getLong("bytes_transferred"), row.getString("last_error"),
                                row.getOffsetDateTime("changed_at").toInstant()));
                    }
                    return list;
                });
    }

    private static Object nullable(String value) {
        return value;
    }
}
