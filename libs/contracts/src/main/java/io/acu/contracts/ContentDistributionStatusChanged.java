package io.acu.contracts;

import java.time.Instant;

/**
 * The state of a package version on a distribution point changed (ConfigMgr's per-DP package status, as in
 * SMS_PackageStatusDistPointsSummarizer). Published by dp-content's distribution manager to
 * {@code acu.content.distribution} on every change, keyed by {@code packageId/distributionPoint}; state-ingest
 * keeps the latest per pair for dashboards.
 *
 * @param packageId the ConfigMgr package ID (3-character site code and 5 hex digits), e.g. {@code CAS00006}
 * @param packageVersion the package version being distributed, 1 or more
 * @param distributionPoint the distribution point's name (its DistributionPoint resource or configuration
 *     name), e.g. {@code dp01}
 * @param state the state now
 * @param previousState the state before this change; null for the first state of this package version on this
 *     distribution point
 * @param attempt the number of transfer attempts made so far for this version on this distribution point; 0
 *     before the first
 * @param bytesTransferred bytes sent to the distribution point for this version so far (files already in its
 *     content library are not sent and not counted)
 * @param lastError why the last attempt failed, e.g. {@code hash mismatch for SCEPInstall.exe}; null when no
 *     attempt has failed or the state is INSTALLED
 * @param changedAt when the state changed, an instant (UTC; ISO-8601 in JSON)
 */
public record ContentDistributionStatusChanged(
        String packageId,
        int packageVersion,
        String distributionPoint,
        DistributionState state,
        @Nullable DistributionState previousState,
        int attempt,
        long bytesTransferred,
        @Nullable String lastError,
        Instant changedAt) implements EventPayload {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a required field is null
     * @throws IllegalArgumentException if the package ID is malformed, the version is not positive, the name is
     *     blank or a count is negative
     */
    public ContentDistributionStatusChanged {
        Checks.packageId(packageId, "packageId");
        Checks.positive(packageVersion, "packageVersion");
        Checks.text(distributionPoint, "distributionPoint");
        Checks.required(state, "state");
        Checks.notNegative(attempt, "attempt");
        Checks.notNegative(bytesTransferred, "bytesTransferred");
        Checks.required(changedAt, "changedAt");
    }

    /** @return {@link EventType#CONTENT_DISTRIBUTION_STATUS_CHANGED} */
    @Override
    public EventType eventType() {
        return EventType.CONTENT_DISTRIBUTION_STATUS_CHANGED;
    }

    /**
     * @return {@link Topics#distributionKey(String, String) packageId/distributionPoint}, e.g.
     *     {@code CAS00006/dp01}
     */
    @Override
    public String recordKey() {
        return Topics.distributionKey(packageId, distributionPoint);
    }
}
