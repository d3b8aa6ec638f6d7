package io.acu.fleetsim.domain;

import java.time.Duration;
import java.time.Instant;

/** What one client's automatic client upgrade does for a new package version, as its policy decided. */
public sealed interface UpgradePlan {

    /** The client is in the site's exclusion list: it never upgrades. */
    record Excluded() implements UpgradePlan {
    }

    /**
     * The client's policy never offered it the new version during the run: its ring had not started, the rollout
     * was halted, paused or waiting for content.
     *
     * @param reason rollout's reason in the client's last policy
     */
    record NotOffered(String reason) implements UpgradePlan {
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
