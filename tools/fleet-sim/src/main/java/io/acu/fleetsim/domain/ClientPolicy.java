package io.acu.fleetsim.domain;

import java.util.Objects;

/**
 * One client's policy for a client package as rollout hands it out ({@code GET /api/client-policy/{packageId}}): the
 * version it should run now, its ring, the rollout's status and the site's automatic client upgrade settings as they
 * apply to this client. ConfigMgr clients read it with their machine policy.
 *
 * @param packageId e.g. {@code CAS00006}
 * @param offeredVersion the package version the client should run now; null for none (excluded, upgrade off)
 * @param candidateVersion the version being rolled out; null when there is none
 * @param ring the client's ring in the candidate's plan, e.g. {@code pilot}; null when none takes it
 * @param rolloutStatus the candidate's rollout status, e.g. {@code RUNNING}, {@code HALTED}; null when none
 * @param halted whether the rollout is halted (no downloads)
 * @param excluded whether this client is in the excluded collection
 * @param enabled whether automatic client upgrade is on for the site
 * @param advertisementDurationDays the upgrade window: the task runs at a random time within this many days of the offer
 * @param overrideMaintenanceWindows whether the client installs outside its maintenance windows
 * @param reason why the client is not offered the candidate (ring not started, halted …); null when it is
 */
public record ClientPolicy(String packageId, Integer offeredVersion, Integer candidateVersion, String ring, String rolloutStatus, boolean halted,
        boolean excluded, boolean enabled, int advertisementDurationDays, boolean overrideMaintenanceWindows, String reason) {

    /** Rollout statuses in which a client offered the version must not start a download. */
    private static final java.util.Set<String> NO_DOWNLOADS = java.util.Set.of("HALTED", "PAUSED", "REVOKED");

    /** @throws IllegalArgumentException for a window outside 0..31 days */
    public ClientPolicy {
        Objects.requireNonNull(packageId, "packageId");
        if (advertisementDurationDays < 0 || advertisementDurationDays > 31) {
            throw new IllegalArgumentException("advertisementDurationDays is 0..31, was " + advertisementDurationDays);
        }
    }

    /** @return whether this policy offers {@code version} (the client has been offered it, halted or not) */
    public boolean offers(int version) {
        return offeredVersion != null && offeredVersion == version;
    }

    /** @return whether the client may start a download now: not halted, paused or revoked */
    public boolean downloadsAllowed() {
        return !halted && (rolloutStatus == null || !NO_DOWNLOADS.contains(rolloutStatus));
    }
}
