package io.acu.fleetsim.domain;

import io.acu.contracts.ClientUpgradePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ConfigMgr's automatic client upgrade, as a client evaluates it when it receives the policy for a
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
     * @param clientId the client's ID ({@code GUID:…}), checked against the exclusion list
     * @param windows the client's maintenance windows; empty means it may install at any time
     * @param policy the site's automatic client upgrade settings
     * @param policyReceivedAt when the client received the policy for the new version
     * @param random the client's own random source (seeded per client for reproducible runs)
     * @return excluded, disabled, or the task and install times
     */
    public static UpgradePlan plan(String clientId, List<MaintenanceWindow> windows, ClientUpgradePolicy policy, Instant policyReceivedAt,
            RandomGenerator random) {
        if (policy.excludedClientIds().contains(clientId)) {
            return new UpgradePlan.Excluded();
        }
        if (!policy.enabled()) {
            return new UpgradePlan.Disabled();
        }
        long windowMillis = Duration.ofDays(policy.advertisementDurationDays()).toMillis();
        Instant taskTime = policyReceivedAt.plusMillis(windowMillis == 0 ? 0 : random.nextLong(windowMillis));
        Instant installTime = policy.overrideMaintenanceWindows() ? taskTime
                : MaintenanceWindow.nextOpenAtOrAfter(windows, taskTime).orElse(taskTime);
        return new UpgradePlan.Scheduled(taskTime, installTime);
    }
}
