package io.acu.rollout.domain;

import java.time.Instant;

/**
 * What a ring's clients reported for one package version, as the gate reads it.
 *
 * @param offered clients offered the version (their policy named it)
 * @param succeeded of those, clients that reported success at the target version (FSP 800/400 and, when the package
 *     carries the Endpoint Protection agent, 2001/3 at its version)
 * @param failed of those, clients whose latest state is a catalogue failure state (e.g. 800/309, 800/325, 2001/4)
 *     with an error code the gate does not ignore
 * @param stalled of those, clients granted a download and silent past the grant's expiry
 * @param firstSuccessAt when the ring's first success arrived; null before
 */
public record RingCounts(long offered, long succeeded, long failed, long stalled, Instant firstSuccessAt) {

    /** No client offered yet. */
    public static final RingCounts NONE = new RingCounts(0, 0, 0, 0, null);

    /** @return offered clients with no final state yet (neither succeeded, failed nor stalled) */
    public long inProgress() {
        return Math.max(0, offered - succeeded - failed - stalled);
    }
}
