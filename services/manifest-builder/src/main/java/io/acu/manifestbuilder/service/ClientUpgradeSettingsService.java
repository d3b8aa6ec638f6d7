package io.acu.manifestbuilder.service;

import io.acu.manifestbuilder.domain.ClientUpgradeSettings;
import io.acu.manifestbuilder.domain.InvalidClientUpgradeSettingsException;
import io.acu.manifestbuilder.persistence.ClientUpgradeSettingsStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The site's automatic client upgrade settings: read and replaced through the admin API, carried by every
 * ManifestUpdated and served to clients as client policy. The first start stores the {@code acu.client-upgrade.*}
 * configuration values; from then on the stored settings are the site's and the configuration is not read again.
 */
@ApplicationScoped
public class ClientUpgradeSettingsService {

    private static final Logger LOG = Logger.getLogger(ClientUpgradeSettingsService.class);

    private final ClientUpgradeSettingsStore store;
    private final boolean configuredEnabled;
    private final int configuredDurationDays;
    private final Optional<List<String>> configuredExclusions;
    private final boolean configuredOverride;
    private final Clock clock = Clock.systemUTC();

    ClientUpgradeSettingsService(ClientUpgradeSettingsStore store,
            @ConfigProperty(name = "acu.client-upgrade.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "acu.client-upgrade.advertisement-duration-days", defaultValue = "7") int durationDays,
            @ConfigProperty(name = "acu.client-upgrade.excluded-client-ids") Optional<List<String>> excluded,
            @ConfigProperty(name = "acu.client-upgrade.override-maintenance-windows", defaultValue = "false") boolean overrideWindows) {
        this.store = store;
        this.configuredEnabled = enabled;
        this.configuredDurationDays = durationDays;
        this.configuredExclusions = excluded;
        this.configuredOverride = overrideWindows;
    }

    /** The stored settings with the time they were last set. */
    public Uni<ClientUpgradeSettingsStore.Stored> current() {
        return store.current();
    }

    /**
     * Replaces the settings in their own transaction. The ManifestUpdated of every later package version carries
     * them.
     *
     * @return what is now stored; {@code updatedAt} is now, to the millisecond
     */
    public Uni<ClientUpgradeSettingsStore.Stored> replace(ClientUpgradeSettings settings) {
        return Panache.withTransaction(() -> store.replace(settings, clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .invoke(stored -> LOG.infof("Client upgrade settings set: %s", summary(settings)));
    }

    /** At start: stores the configured settings if none are stored yet; invalid configured values stop the start. */
    void initialise(@Observes StartupEvent start) throws Throwable {
        ClientUpgradeSettings configured;
        try {
            configured = new ClientUpgradeSettings(configuredEnabled, configuredDurationDays, configuredExclusions.orElse(List.of()),
                    configuredOverride);
        } catch (InvalidClientUpgradeSettingsException e) {
            throw new IllegalStateException("acu.client-upgrade.*: " + e.getMessage(), e);
        }
        boolean stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> store.initialise(configured, clock.instant().truncatedTo(ChronoUnit.MILLIS))));
        if (stored) {
            LOG.infof("Client upgrade settings initialised from acu.client-upgrade.*: %s", summary(configured));
        }
    }

    /** The exclusion list by its size: it may hold 100,000 IDs. */
    private static String summary(ClientUpgradeSettings settings) {
        return "enabled=" + settings.enabled() + ", within " + settings.advertisementDurationDays() + " days, "
                + settings.excludedClientIds().size() + " excluded clients, override maintenance windows=" + settings.overrideMaintenanceWindows();
    }
}
