package io.acu.dpcontent.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded retries with exponential backoff for distribution attempts, as ConfigMgr's distribution manager retries a
 * package on a DP a limited number of times before it reports INSTALL_FAILED.
 *
 * @param maxAttempts attempts in total, 1 or more; after the last failed one the state is INSTALL_FAILED
 * @param initialBackoff wait after the first failure
 * @param maxBackoff the wait never exceeds this
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1 or a duration is negative or
     *     {@code maxBackoff} is below {@code initialBackoff}
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
        }
        if (Objects.requireNonNull(initialBackoff).isNegative() || Objects.requireNonNull(maxBackoff).compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initialBackoff + ", " + maxBackoff);
        }
    }

    /**
     * @param attemptsMade failed attempts so far, 1 or more
     * @return whether another attempt is allowed
     */
    public boolean mayRetry(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /**
     * The wait before the next attempt: {@code initialBackoff * 2^(attemptsMade-1)}, capped at {@code maxBackoff}.
     *
     * @param attemptsMade failed attempts so far, 1 or more
     * @return the wait
     */
    public Duration backoff(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
