package io.acu.manifestbuilder.domain;

import io.acu.contracts.ClientUpgradePolicy;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab), checked and in
 * canonical form: what an admin sets, what manifest-builder stores, and what clients receive as client policy
 * ({@link #policy()}).
 *
 * <p>Rules, as the ConfigMgr console enforces them: the advertisement duration ("automatically upgrade clients
 * within days") is 1 to 31 days; the exclusion list holds SMS unique identifiers, {@code GUID:} followed by a
 * hyphenated GUID ({@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}), at most {@value #MAX_EXCLUDED_CLIENTS}.
 * Client IDs compare case-insensitively: they are kept upper-case, each once, sorted.
 *
 * @param enabled whether clients upgrade automatically to a new package version
 * @param advertisementDurationDays days within which each client picks its random upgrade time, 1..31
 * @param excludedClientIds clients that never upgrade automatically: upper-case, distinct, sorted; empty when none
 * @param overrideMaintenanceWindows true to upgrade outside maintenance windows; false to wait for the next one
 */
public record ClientUpgradeSettings(boolean enabled, int advertisementDurationDays, List<String> excludedClientIds,
        boolean overrideMaintenanceWindows) {

    /** Shortest advertisement duration, in days. */
    public static final int MIN_ADVERTISEMENT_DURATION_DAYS = 1;
    /** Longest advertisement duration, in days. */
    public static final int MAX_ADVERTISEMENT_DURATION_DAYS = 31;
    /** Most client IDs the exclusion list may hold (after duplicates are removed). */
    public static final int MAX_EXCLUDED_CLIENTS = 100_000;

    private static final Pattern CLIENT_ID = Pattern.compile(
            "GUID:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", Pattern.CASE_INSENSITIVE);

    /**
     * Checks the settings and brings the exclusion list to canonical form.
     *
     * @throws InvalidClientUpgradeSettingsException naming the rule broken: duration outside 1..31, a missing
     *     exclusion list, a client ID not in {@code GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} form, or more than
     *     {@value #MAX_EXCLUDED_CLIENTS} distinct IDs
     */
    public ClientUpgradeSettings {
        if (advertisementDurationDays < MIN_ADVERTISEMENT_DURATION_DAYS || advertisementDurationDays > MAX_ADVERTISEMENT_DURATION_DAYS) {
            throw new InvalidClientUpgradeSettingsException("advertisementDurationDays must be between " + MIN_ADVERTISEMENT_DURATION_DAYS
                    + " and " + MAX_ADVERTISEMENT_DURATION_DAYS + ", was " + advertisementDurationDays);
        }
        if (excludedClientIds == null) {
            throw new InvalidClientUpgradeSettingsException("excludedClientIds is required ([] for none)");
        }
        TreeSet<String> canonical = new TreeSet<>();
        for (int i = 0; i < excludedClientIds.size(); i++) {
            canonical.add(clientId(excludedClientIds.get(i), i));
            if (canonical.size() > MAX_EXCLUDED_CLIENTS) {
                throw new InvalidClientUpgradeSettingsException("excludedClientIds holds more than " + MAX_EXCLUDED_CLIENTS
                        + " distinct client IDs");
            }
        }
        excludedClientIds = List.copyOf(canonical);
    }

    /** The settings as clients receive them, in client policy and in ManifestUpdated. */
    public ClientUpgradePolicy policy() {
        return new ClientUpgradePolicy(enabled, advertisementDurationDays, excludedClientIds, overrideMaintenanceWindows);
    }

    private static String clientId(String text, int index) {
        if (text == null) {
            throw new InvalidClientUpgradeSettingsException("excludedClientIds[" + index + "] is null");
        }
        if (!CLIENT_ID.matcher(text).matches()) {
            String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            throw new InvalidClientUpgradeSettingsException("excludedClientIds[" + index + "] '" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a client ID; expected GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)");
        }
        return text.toUpperCase(Locale.ROOT);
    }
}
