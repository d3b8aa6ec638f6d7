package io.acu.manifestbuilder.persistence;

import io.acu.manifestbuilder.domain.ClientUpgradeSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The site's automatic client upgrade settings in schema {@code manifest_builder} (V3): one settings row and the
 * exclusion list. Writers take the row's lock first, and the hotfix path reads it with a shared lock, so a
 * ManifestUpdated committed after a settings change always carries the new settings. Readers keep the exclusion
 * list (up to 100,000 IDs) in memory and read it again only when the row's revision has changed, so every client
 * policy read costs one single-row query. Methods without {@code @WithSession} run in the caller's transaction
 * ({@code Panache.withTransaction}).
 */
@ApplicationScoped
public class ClientUpgradeSettingsStore {

    /** The settings last read, with the revision they were read at. */
    private record Cached(long revision, Stored stored) {
    }

    private volatile Cached cached;

    /** Native SQL sees no Hibernate default schema, so the table is qualified with the service's schema. */
    private static final String SETTINGS_TABLE = "manifest_builder.client_upgrade_settings";
    private static final String EXCLUSION_TABLE = "manifest_builder.client_upgrade_exclusion";

    /**
     * Settings as stored.
     *
     * @param settings the values
     * @param updatedAt when they were last set (or first initialised), UTC
     */
    public record Stored(ClientUpgradeSettings settings, Instant updatedAt) {
    }

    /**
     * The current settings, read-only.
     *
     * @throws IllegalStateException (as a failed Uni) when the settings were never initialised
     */
    @WithSession
    public Uni<Stored> current() {
        return session().flatMap(session -> session.find(ClientUpgradeSettingsEntity.class, ClientUpgradeSettingsEntity.ID)
                .flatMap(row -> read(session, row)));
    }

    /**
     * The current settings under a shared lock held until the caller's transaction ends: a concurrent change waits
     * for that transaction, and one in progress is waited for and then seen.
     */
    public Uni<Stored> currentLocked() {
        return session().flatMap(session -> session.find(ClientUpgradeSettingsEntity.class, ClientUpgradeSettingsEntity.ID,
                        LockMode.PESSIMISTIC_READ)
                .flatMap(row -> read(session, row)));
    }

    /**
     * Replaces the settings and the whole exclusion list; in the caller's transaction.
     *
     * @param updatedAt the change's time, stored as {@code updatedAt}
     * @return what is now stored
     */
    public Uni<Stored> replace(ClientUpgradeSettings settings, Instant updatedAt) {
        // The row lock comes first: a concurrent change or hotfix then orders itself before or after this one.
        return session().flatMap(session -> session.find(ClientUpgradeSettingsEntity.class, ClientUpgradeSettingsEntity.ID,
                        LockMode.PESSIMISTIC_WRITE)
                .flatMap(row -> {
                    if (row == null) {
                        return Uni.createFrom().failure(notInitialised());
                    }
                    return session.createNativeQuery("DELETE FROM " + EXCLUSION_TABLE).executeUpdate()
                            .call(() -> insertExclusions(session, settings.excludedClientIds()))
                            .invoke(() -> {
                                row.enabled = settings.enabled();
                                row.advertisementDurationDays = settings.advertisementDurationDays();
                                row.overrideMaintenanceWindows = settings.overrideMaintenanceWindows();
                                row.updatedAt = updatedAt;
                                row.revision++;
                            })
                            .call(session::flush)
                            .replaceWith(new Stored(settings, updatedAt));
                }));
    }

    /**
     * Stores {@code settings} unless settings are stored already (several instances may start at once); in the
     * caller's transaction.
     *
     * @return true when this call stored them
     */
    public Uni<Boolean> initialise(ClientUpgradeSettings settings, Instant updatedAt) {
        return session().flatMap(session -> session.createNativeQuery("INSERT INTO " + SETTINGS_TABLE
                                + " (settings_id, enabled, advertisement_duration_days, override_maintenance_windows, updated_at, revision)"
                                + " VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS timestamptz), 1) ON CONFLICT (settings_id) DO NOTHING")
                        .setParameter(1, ClientUpgradeSettingsEntity.ID).setParameter(2, settings.enabled())
                        .setParameter(3, settings.advertisementDurationDays()).setParameter(4, settings.overrideMaintenanceWindows())
                        .setParameter(5, updatedAt.toString())
                        .executeUpdate()
                .flatMap(inserted -> inserted == 0 ? Uni.createFrom().item(false)
                        : insertExclusions(session, settings.excludedClientIds()).replaceWith(true)));
    }

    /** One statement for the whole list (up to 100,000 IDs): the IDs are checked, so none contains the comma. */
    private static Uni<Void> insertExclusions(Mutiny.Session session, List<String> clientIds) {
        if (clientIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("INSERT INTO " + EXCLUSION_TABLE + " (client_id) SELECT unnest(string_to_array(CAST(?1 AS text), ','))")
                .setParameter(1, String.join(",", clientIds))
                .executeUpdate().replaceWithVoid();
    }

    /** The row's settings with the exclusion list: the one in memory when its revision is the row's, else read now. */
    private Uni<Stored> read(Mutiny.Session session, ClientUpgradeSettingsEntity row) {
        if (row == null) {
            return Uni.createFrom().failure(notInitialised());
        }
        Cached known = cached;
        if (known != null && known.revision() == row.revision) {
            return Uni.createFrom().item(known.stored());
        }
        long revision = row.revision;
        boolean enabled = row.enabled;
        int durationDays = row.advertisementDurationDays;
        boolean overrideWindows = row.overrideMaintenanceWindows;
        Instant updatedAt = row.updatedAt;
        return session.createNativeQuery("SELECT client_id FROM " + EXCLUSION_TABLE + " ORDER BY client_id COLLATE \"C\"", String.class)
                .getResultList()
                .map(ids -> {
                    Stored stored = new Stored(new ClientUpgradeSettings(enabled, durationDays, ids, overrideWindows), updatedAt);
                    // Only committed revisions are cached: a change's own revision is never put here before it commits.
                    cached = new Cached(revision, stored);
                    return stored;
                });
    }

    private static IllegalStateException notInitialised() {
        return new IllegalStateException("the client upgrade settings were not initialised at start");
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
