package io.acu.fleetsim.domain;

import java.time.Duration;
import java.time.Instant;

/** What one client's automatic client upgrade will do for a new package version. */
public sealed interface UpgradePlan {

    /** The client is in the site's exclusion list: it never upgrades. */
    record Excluded() implements UpgradePlan {
    }

    /** Automatic client upgrade is off for the site: nothing is scheduled. */
    record Disabled() implements UpgradePlan {
    }

    /**
     * The upgrade task fires at {@code taskTime}; installation runs at {@code installTime}, which is
     * later than {@code taskTime} only when the client had to wait for a maintenance window.
     */
    record Scheduled(Instant taskTime, Instant installTime) implements UpgradePlan {

        /** @return how long the client waited for its maintenance window (zero if none) */
        public Duration waitedForWindow() {
            return Duration.between(taskTime, installTime);
        }
    }
}
