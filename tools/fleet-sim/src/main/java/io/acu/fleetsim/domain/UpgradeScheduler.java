package io.acu.fleetsim.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ConfigMgr's automatic client upgrade, as a client evaluates it when its policy first offers it a
 * new client package version: the upgrade task runs at a time drawn uniformly within
 * AdvertisementDuration days of receiving the policy (so the fleet is staggered); if the client has
 * maintenance windows and the site does not override them, installation waits for the next open
 * window rather than being skipped.
 */
public final class UpgradeScheduler {

    private UpgradeScheduler() {
    }

    /**
     * Plans one client's upgrade.
     *
     * @param policy the client's own policy (whether it is excluded, the window, the maintenance-window override)
     * @param windows the client's maintenance windows; empty means it may install at any time
     * @param policyReceivedAt when the policy first offered the client the new version
     * @param random the client's own random source (seeded per client for reproducible runs); one draw
     * @return excluded, disabled, or the task and install times
     */
    public static UpgradePlan plan(ClientPolicy policy, List<MaintenanceWindow> windows, Instant policyReceivedAt, RandomGenerator random) {
        if (policy.excluded()) {
            return new UpgradePlan.Excluded();
        }
        if (!policy.enabled()) {
            return new UpgradePlan.Disabled();
        }
        long windowMillis = Duration.ofDays(policy.advertisementDurationDays()).toMillis();
        Instant taskTime = policyReceivedAt.plusMillis(windowMillis == 0 ? 0 : random.nextLong(windowMillis));
        return new UpgradePlan.Scheduled(taskTime, installTimeAtOrAfter(policy, windows, taskTime));
    }

    /**
     * When a client whose task is due at {@code taskTime} may install: then, or at its next maintenance window when it
     * has windows and the site does not override them (ConfigMgr waits for the window rather than skipping). Also
     * what a client whose download was refused uses when it is offered the version again.
     */
    public static Instant installTimeAtOrAfter(ClientPolicy policy, List<MaintenanceWindow> windows, Instant taskTime) {
        return policy.overrideMaintenanceWindows() ? taskTime : MaintenanceWindow.nextOpenAtOrAfter(windows, taskTime).orElse(taskTime);
    }
}
