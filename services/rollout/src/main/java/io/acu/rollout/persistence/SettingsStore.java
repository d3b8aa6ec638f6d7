package io.acu.rollout.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The site's automatic client upgrade settings and its excluded collection in rollout's tables. Exclusions are
 * rows, not a list in a settings row or an event, so a collection of any size costs one index lookup per policy
 * request.
 */
@ApplicationScoped
public class SettingsStore {

    /** Exclusions are written in chunks of this many IDs per statement. */
    static final int CHUNK = 10_000;

    private final Pool pool;

    SettingsStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The stored settings.
     *
     * @param enabled whether clients upgrade automatically
     * @param advertisementDurationDays 1..31
     * @param overrideMaintenanceWindows whether clients upgrade outside maintenance windows
     * @param excludedClients how many clients the excluded collection holds
     * @param updatedAt when they were last set
     */
    public record Settings(boolean enabled, int advertisementDurationDays, boolean overrideMaintenanceWindows, long excludedClients,
            Instant updatedAt) {
    }

    /** @return the settings, or empty before the first start stored them */
    public Uni<Optional<Settings>> current() {
        return pool.query("SELECT s.*, (SELECT count(*) FROM rollout.excluded_client) AS excluded FROM rollout.client_upgrade_settings s")
                .execute().map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Settings(row.getBoolean("enabled"), row.getInteger("advertisement_duration_days"),
                            row.getBoolean("override_maintenance_windows"), row.getLong("excluded"),
                            row.getOffsetDateTime("updated_at").toInstant()));
                });
    }

    /**
     * Stores the settings; when {@code exclusions} is given, replaces the excluded collection with it in the same
     * transaction.
     *
     * @param exclusions canonical client IDs, or empty to keep the collection as it is
     * @param onlyIfAbsent true to store only when no settings exist yet (the first start's configuration)
     * @return whether anything was stored
     */
    public Uni<Boolean> replace(boolean enabled, int durationDays, boolean overrideWindows, Optional<List<String>> exclusions, Instant at,
            boolean onlyIfAbsent) {
        String upsert = "INSERT INTO rollout.client_upgrade_settings (id, enabled, advertisement_duration_days, override_maintenance_windows, updated_at)"
                + " VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO "
                + (onlyIfAbsent ? "NOTHING" : "UPDATE SET enabled = EXCLUDED.enabled, advertisement_duration_days = EXCLUDED.advertisement_duration_days,"
                        + " override_maintenance_windows = EXCLUDED.override_maintenance_windows, updated_at = EXCLUDED.updated_at");
        return pool.withTransaction(connection -> connection.preparedQuery(upsert)
                .execute(Tuple.of(enabled, durationDays, overrideWindows, at.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> rows.rowCount() == 0 || exclusions.isEmpty()
                        ? Uni.createFrom().item(rows.rowCount() > 0)
                        : replaceExclusions(connection, exclusions.get()).replaceWith(true)));
    }

    /**
     * Replaces the excluded collection in one transaction, touching the settings' {@code updatedAt}.
     *
     * @param clientIds canonical client IDs, distinct
     * @return how many the collection holds now
     */
    public Uni<Long> replaceExclusions(List<String> clientIds, Instant at) {
        return pool.withTransaction(connection -> replaceExclusions(connection, clientIds)
                .chain(() -> connection.preparedQuery("UPDATE rollout.client_upgrade_settings SET updated_at = $1")
                        .execute(Tuple.of(at.atOffset(ZoneOffset.UTC))))
                .replaceWith((long) clientIds.size()));
    }

    /** @return whether the client is in the excluded collection */
    public Uni<Boolean> isExcluded(String clientId) {
        return pool.preparedQuery("SELECT 1 FROM rollout.excluded_client WHERE client_id = $1").execute(Tuple.of(clientId))
                .map(rows -> rows.size() > 0);
    }

    /** @return the excluded collection, sorted */
    public Uni<List<String>> exclusions() {
        return pool.query("SELECT client_id FROM rollout.excluded_client ORDER BY client_id").execute()
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    private static Uni<Void> replaceExclusions(SqlConnection connection, List<String> clientIds) {
        Uni<Void> chain = connection.query("DELETE FROM rollout.excluded_client").execute().replaceWithVoid();
        for (int from = 0; from < clientIds.size(); from += CHUNK) {
            String[] chunk = clientIds.subList(from, Math.min(clientIds.size(), from + CHUNK)).toArray(String[]::new);
            chain = chain.chain(() -> connection.preparedQuery(
                    "INSERT INTO rollout.excluded_client (client_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(chunk)).replaceWithVoid());
        }
        return chain;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
