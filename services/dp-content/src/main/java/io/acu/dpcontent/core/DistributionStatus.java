package io.acu.dpcontent.core;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of one package version on one distribution point, and its transitions as ConfigMgr's distribution
 * manager makes them: INSTALL_PENDING → INSTALLED, or → INSTALL_RETRYING (backoff, bounded tries) →
 * INSTALL_FAILED. Immutable; each transition returns the new status.
 *
 * @param packageId e.g. {@code CAS00006}
 * @param packageVersion 1 or more
 * @param distributionPoint the DP's name
 * @param state the state (ConfigMgr code in {@link DistributionState#code()})
 * @param attempt transfer attempts made so far
 * @param bytesTransferred bytes pushed to the DP for this version so far
 * @param lastError why the last attempt failed; null when none failed or once INSTALLED
 * @param updatedAt when the state last changed
 * @param nextAttemptAt when the next attempt is due; null in INSTALLED and INSTALL_FAILED
 */
public record DistributionStatus(String packageId, int packageVersion, String distributionPoint, DistributionState state,
                                 int attempt, long bytesTransferred, String lastError, Instant updatedAt, Instant nextAttemptAt) {

    /** Checks the required fields. */
    public DistributionStatus {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(distributionPoint, "distributionPoint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A new distribution: INSTALL_PENDING, due now.
     *
     * @return the status
     */
    public static DistributionStatus pending(String packageId, int packageVersion, String distributionPoint, Instant now) {
        return new DistributionStatus(packageId, packageVersion, distributionPoint, DistributionState.INSTALL_PENDING, 0, 0, null, now, now);
    }

    /** @return whether an attempt is outstanding (INSTALL_PENDING or INSTALL_RETRYING) */
    public boolean active() {
        return state == DistributionState.INSTALL_PENDING || state == DistributionState.INSTALL_RETRYING;
    }

    /**
     * An attempt succeeded: all files are on the DP and the version is available there.
     *
     * @param bytesSent bytes pushed by this attempt
     * @param now the time
     * @return INSTALLED
     */
    public DistributionStatus installed(long bytesSent, Instant now) {
        return new DistributionStatus(packageId, packageVersion, distributionPoint, DistributionState.INSTALLED, attempt + 1,
                bytesTransferred + bytesSent, null, now, null);
    }

    /**
     * An attempt failed.
     *
     * @param error why, e.g. {@code dp02 refused SCEPInstall.exe: hash mismatch …}
     * @param bytesSent bytes pushed by this attempt before it failed
     * @param policy the retry bounds
     * @param now the time
     * @return INSTALL_RETRYING with the next attempt due after the backoff, or INSTALL_FAILED when the attempts are
     *     exhausted
     */
    public DistributionStatus failed(String error, long bytesSent, RetryPolicy policy, Instant now) {
        int attempts = attempt + 1;
        boolean retry = policy.mayRetry(attempts);
        return new DistributionStatus(packageId, packageVersion, distributionPoint,
                retry ? DistributionState.INSTALL_RETRYING : DistributionState.INSTALL_FAILED, attempts,
                bytesTransferred + bytesSent, error, now, retry ? now.plus(policy.backoff(attempts)) : null);
    }

    /**
     * An attempt failed in a way no retry can cure (e.g. the source share answered 404 for a file): INSTALL_FAILED at
     * once, whatever attempts remain, as ConfigMgr's distribution manager gives up on content missing from the package
     * source. An operator redistributes after fixing the cause.
     *
     * @param error why, with the status and URL, e.g. {@code source share answered 404 for http://…/SCEPInstall.exe}
     * @param bytesSent bytes pushed by this attempt before it failed
     * @param now the time
     * @return INSTALL_FAILED, no next attempt
     */
    public DistributionStatus failedPermanently(String error, long bytesSent, Instant now) {
        return new DistributionStatus(packageId, packageVersion, distributionPoint, DistributionState.INSTALL_FAILED, attempt + 1,
                bytesTransferred + bytesSent, error, now, null);
    }

    /**
     * The event announcing this status.
     *
     * @param previous the state before, or null for the first state of this pair
     * @return the ContentDistributionStatusChanged payload
     */
    public ContentDistributionStatusChanged changeFrom(DistributionState previous) {
        return new ContentDistributionStatusChanged(packageId, packageVersion, distributionPoint, state, previous, attempt,
                bytesTransferred, lastError, updatedAt);
    }
}
