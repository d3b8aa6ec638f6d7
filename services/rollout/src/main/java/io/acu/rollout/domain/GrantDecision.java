package io.acu.rollout.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a client may start downloading a package version from a distribution point now: the server-side throttle
 * in front of the distribution points (ConfigMgr's DP rate limits, Nebraska's updates per period).
 */
public sealed interface GrantDecision {

    /**
     * The client may download until {@code expiresAt}; after that, without a final state, it counts as stalled.
     *
     * @param expiresAt when the grant lapses
     * @param renewed whether the client already held the grant (a repeated request answers the same grant)
     */
    record Granted(Instant expiresAt, boolean renewed) implements GrantDecision {
    }

    /**
     * Full now: ask again after {@code retryAfter} (HTTP 429 with Retry-After).
     *
     * @param retryAfter how long to wait, at least a second
     * @param reason which limit, with the figures
     */
    record Full(Duration retryAfter, String reason) implements GrantDecision {
    }

    /**
     * The limits of one decision.
     *
     * @param maxInFlight most grants in flight on the distribution point, 1 or more
     * @param perBoundaryGroupPerHour most new grants per boundary group in any hour; 0 for no such limit
     * @param ttl how long a grant lasts without a final state, e.g. 2 hours
     * @param retryAfter what a client told "full" waits when the distribution point is at its cap
     */
    record Limits(int maxInFlight, int perBoundaryGroupPerHour, Duration ttl, Duration retryAfter) {
    }

    /**
     * Decides one request.
     *
     * @param limits the distribution point's limits
     * @param existingExpiry the client's grant for this version on any DP, if still in flight; null otherwise
     * @param inFlight grants in flight on the distribution point now (not expired, no final state)
     * @param boundaryGroupLastHour new grants in the client's boundary group in the last hour
     * @param oldestInLastHour the oldest of those; null when none
     * @param now the request time
     * @return the decision; a held grant is answered again whatever the counts (idempotent)
     */
    static GrantDecision decide(Limits limits, Instant existingExpiry, long inFlight, long boundaryGroupLastHour, Instant oldestInLastHour,
            Instant now) {
        if (existingExpiry != null && existingExpiry.isAfter(now)) {
            return new Granted(existingExpiry, true);
        }
        if (inFlight >= limits.maxInFlight()) {
            return new Full(limits.retryAfter(), inFlight + " downloads in flight on the distribution point, at most " + limits.maxInFlight());
        }
        if (limits.perBoundaryGroupPerHour() > 0 && boundaryGroupLastHour >= limits.perBoundaryGroupPerHour()) {
            Duration wait = oldestInLastHour == null ? limits.retryAfter()
                    : Duration.between(now, oldestInLastHour.plus(Duration.ofHours(1)));
            return new Full(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait,
                    boundaryGroupLastHour + " new downloads in the boundary group in the last hour, at most " + limits.perBoundaryGroupPerHour());
        }
        return new Granted(now.plus(limits.ttl()), false);
    }
}
