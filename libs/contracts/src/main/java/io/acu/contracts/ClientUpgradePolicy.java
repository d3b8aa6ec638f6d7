package io.acu.contracts;

import java.util.List;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab) as clients
 * receive them in client policy: each client schedules its upgrade at a random time within the advertisement
 * duration after it gets the new policy, and installs inside a maintenance window unless the site overrides.
 *
 * @param enabled whether clients upgrade automatically to the new package version
 * @param advertisementDurationDays the window, in days, within which each client picks its random upgrade time
 *     (ConfigMgr's "automatically upgrade clients within days"; default 7); 1 or more
 * @param excludedClientIds client IDs that never upgrade automatically (ConfigMgr's exclusion collection,
 *     resolved to its members), e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}; empty when none
 * @param overrideMaintenanceWindows true to upgrade at the scheduled time even outside the client's maintenance
 *     windows; false to wait for the next window
 */
public record ClientUpgradePolicy(
        boolean enabled,
        int advertisementDurationDays,
        List<String> excludedClientIds,
        boolean overrideMaintenanceWindows) {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if the exclusion list or one of its IDs is null
     * @throws IllegalArgumentException if the duration is below one day
     */
    public ClientUpgradePolicy {
        Checks.positive(advertisementDurationDays, "advertisementDurationDays");
        excludedClientIds = Checks.list(excludedClientIds, "excludedClientIds");
    }
}
