package io.acu.stateingest.domain;

import io.acu.formats.catalogue.StateOutcome;
import io.acu.formats.Version;

/**
 * Where a client stands against a target version for one topic type, from its current state: the rollout's
 * compliance buckets.
 */
public enum ComplianceState {
    /** Its current state succeeded and reports a version at or above the target. */
    ON_TARGET,
    /** Not there yet: in progress, or succeeded on an older version. */
    PENDING,
    /** Its current state is a failure. */
    FAILED,
    /** Its state is not in the catalogue, or it succeeded without reporting a version. */
    UNKNOWN;

    /**
     * Classifies a client.
     *
     * @param outcome what its current state means ({@link StateOutcome#of})
     * @param reportedVersion the version its current message reports, or null when it reports none
     * @param target the version the rollout aims at
     * @return the bucket; versions compare numerically ({@code 5.0.7804.1000} equals {@code 5.00.7804.1000})
     */
    public static ComplianceState classify(StateOutcome outcome, Version reportedVersion, Version target) {
        return switch (outcome) {
            case UNKNOWN -> UNKNOWN;
            case FAILED -> FAILED;
            case IN_PROGRESS -> PENDING;
            case SUCCEEDED -> reportedVersion == null ? UNKNOWN : reportedVersion.isAtLeast(target) ? ON_TARGET : PENDING;
        };
    }
}
