package io.acu.fleetsim.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * When a simulated client tries an HTTP request again, as ccmsetup and BITS do: after a connection error, a 5xx
 * (503 included) or a 429, up to {@code maxAttempts} attempts in all, waiting an exponential backoff between them —
 * or the server's {@code Retry-After} (RFC 9110 §10.2.3, delay-seconds or HTTP-date) when it sent one, capped so a
 * compressed simulation is not held up by a 30-second hint.
 *
 * @param maxAttempts attempts in all, the first included; at least 1
 * @param firstBackoff the wait after the first failed attempt; doubled after each further one
 * @param maxBackoff the longest backoff wait
 * @param maxRetryAfter the longest wait a {@code Retry-After} can impose
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** 5 attempts, 200 ms doubling up to 2 s, Retry-After honoured up to 5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    /** @throws IllegalArgumentException for fewer than 1 attempt or a negative wait */
    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is at least 1, was " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry waits must not be negative");
        }
    }

    /**
     * @param status an HTTP status code
     * @return whether a request answered with it is worth repeating: 429 and every 5xx
     */
    public static boolean retriable(int status) {
        return status == 429 || status >= 500 && status <= 599;
    }

    /** @return whether another attempt follows attempt number {@code attempt} (1-based) */
    public boolean hasAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * How long to wait after failed attempt number {@code attempt} (1-based).
     *
     * @param retryAfter the response's {@code Retry-After} header, if any
     * @param clock the current time, for an HTTP-date Retry-After
     * @return the server's hint capped at {@link #maxRetryAfter()} when it gave a readable one, else the backoff
     *     {@code firstBackoff * 2^(attempt-1)} capped at {@link #maxBackoff()}
     */
    public Duration delayAfter(int attempt, Optional<String> retryAfter, Clock clock) {
        Optional<Duration> hint = retryAfter.flatMap(value -> parseRetryAfter(value, clock));
        if (hint.isPresent()) {
            return min(hint.get(), maxRetryAfter);
        }
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return min(backoff, maxBackoff);
    }

    /**
     * Reads a {@code Retry-After} value: delay-seconds ({@code 30}) or an IMF-fixdate
     * ({@code Sun, 29 Nov 2026 12:00:00 GMT}).
     *
     * @return the wait (zero for a date in the past), or empty when the value is neither
     */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String text = value.trim();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
