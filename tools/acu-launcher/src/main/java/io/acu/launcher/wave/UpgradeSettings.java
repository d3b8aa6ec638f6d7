package io.acu.launcher.wave;

import java.util.List;
import java.util.Objects;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab) as the demo and
 * the load harness store them: the JSON body of rollout's {@code PUT /api/settings/client-upgrade}, e.g.
 * {@code {"enabled":true,"advertisementDurationDays":7,"excludedClientIds":[],"overrideMaintenanceWindows":false}}.
 * rollout checks the values and answers 400 naming the field.
 *
 * @param enabled whether clients upgrade automatically to a new package version
 * @param advertisementDurationDays the window, in days (1–31), within which each client picks its random upgrade time
 * @param excludedClientIds the excluded collection's members, e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42};
 *     empty when none (this body carries at most 100,000; larger collections go to {@code …/exclusions} as text)
 * @param overrideMaintenanceWindows true to install at the scheduled time even outside maintenance windows
 */
public record UpgradeSettings(boolean enabled, int advertisementDurationDays, List<String> excludedClientIds,
        boolean overrideMaintenanceWindows) {

    /** Copies the exclusion list. */
    public UpgradeSettings {
        excludedClientIds = List.copyOf(Objects.requireNonNull(excludedClientIds, "excludedClientIds"));
    }

    /**
     * Automatic upgrade on, within {@code days}, maintenance windows respected, no client excluded.
     *
     * @param days the window in days, 1–31
     * @return the settings
     */
    public static UpgradeSettings within(int days) {
        return new UpgradeSettings(true, days, List.of(), false);
    }
}
