package io.acu.rollout.service;

import io.acu.rollout.domain.ClientIds;
import io.acu.rollout.persistence.SettingsStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab). The first start
 * stores the {@code acu.client-upgrade.*} configuration; from then on the stored settings are the site's, changed
 * through the admin API.
 */
@ApplicationScoped
public class SettingsService {

    private static final Logger LOG = Logger.getLogger(SettingsService.class);

    private final SettingsStore store;
    private final Clock clock;
    private final boolean enabled;
    private final int durationDays;
    private final Optional<List<String>> excluded;
    private final boolean overrideWindows;

    SettingsService(SettingsStore store, Clock clock,
            @ConfigProperty(name = "acu.client-upgrade.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "acu.client-upgrade.advertisement-duration-days", defaultValue = "7") int durationDays,
            @ConfigProperty(name = "acu.client-upgrade.excluded-client-ids") Optional<List<String>> excluded,
            @ConfigProperty(name = "acu.client-upgrade.override-maintenance-windows", defaultValue = "false") boolean overrideWindows) {
        this.store = store;
        this.clock = clock;
        this.enabled = enabled;
        this.durationDays = durationDays;
        this.excluded = excluded;
        this.overrideWindows = overrideWindows;
    }

    /** At start: stores the configured settings if none are stored yet; invalid configured values stop the start. */
    void initialise(@Observes StartupEvent start) throws Throwable {
        if (durationDays < 1 || durationDays > 31) {
            throw new IllegalStateException("acu.client-upgrade.advertisement-duration-days must be between 1 and 31, was " + durationDays);
        }
        List<String> ids = excluded.orElse(List.of()).stream().map(id -> ClientIds.require(id, "acu.client-upgrade.excluded-client-ids"))
                .distinct().toList();
        boolean stored = VertxContextSupport.subscribeAndAwait(() -> store.replace(enabled, durationDays, overrideWindows, Optional.of(ids),
                clock.instant(), true));
        if (stored) {
            LOG.infof("Client upgrade settings initialised from acu.client-upgrade.*: enabled=%s, within %d days, %d excluded clients,"
                    + " override maintenance windows=%s", enabled, durationDays, ids.size(), overrideWindows);
        }
    }
}
