package io.acu.dpcontent.core;

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

    /**
     * Whether an HTTP status from the source share means that retrying cannot help. Per RFC 9110 §15.5 a 4xx says the
     * request itself is at fault, so repeating it gets the same answer: 400, 401, 403, 404 (the file is not on the
     * share), 410 and the rest fail the distribution at once, with the status in its error; an operator fixes the
     * cause and redistributes, as in ConfigMgr. The exceptions are the 4xx that ask to come back later: 408 Request
     * Timeout, 425 Too Early, 429 Too Many Requests. 5xx (and connection errors, which have no status) keep the
     * bounded backoff.
     *
     * @param httpStatus the response status, e.g. 404
     * @return true for a 4xx other than 401 and 403 (dp-content's credentials, which rotation can cure), 408, 425 and
     *     429
     */
    public static boolean isPermanentSourceStatus(int httpStatus) {
        return httpStatus >= 400 && httpStatus < 500 && httpStatus != 401 && httpStatus != 403 && httpStatus != 408 && httpStatus != 425
                && httpStatus != 429;
    }
}
