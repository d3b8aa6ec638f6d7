package io.acu.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The intake throttle: state messages counted per fixed interval, globally, per client ID and per sender address,
 * as ConfigMgr's fallback status point throttles (default 10,000 messages per 3,600 s, count and interval
 * configurable). Intervals are aligned to the epoch ({@code [k·interval, (k+1)·interval)}), so every counter of a
 * scope resets at the same instant and the state stays one map per scope.
 *
 * <p>A request is admitted only if all three scopes have room for all its messages; an admitted request takes its
 * messages from each scope, a refused one takes nothing. A refusal tells when the blocking scope's interval ends
 * (the HTTP Retry-After). Pure and thread-safe (one lock: each call is a few map operations).
 */
public final class Throttle {

    /**
     * A budget: at most {@code count} messages per {@code interval}.
     *
     * @param count messages per interval; 0 or less switches the scope off
     * @param interval the interval length, at least one millisecond
     */
    public record Limit(long count, Duration interval) {

        /** ConfigMgr's fallback status point default: 10,000 messages per 3,600 seconds. */
        public static final Limit CONFIGMGR_DEFAULT = new Limit(10_000, Duration.ofSeconds(3600));

        /** No limit. */
        public static final Limit NONE = new Limit(0, Duration.ofSeconds(1));

        /** @throws IllegalArgumentException if the interval is shorter than a millisecond */
        public Limit {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("throttle interval must be at least 1 ms, was " + interval);
            }
        }

        /** @return whether this limit restricts anything */
        public boolean enabled() {
            return count > 0;
        }
    }

    /** The scope that refused a request. */
    public enum Scope {
        /** All messages of this intake. */
        GLOBAL,
        /** The messages of one client ID. */
        CLIENT,
        /** The messages from one sender IP address. */
        ADDRESS
    }

    /**
     * What {@link #tryAcquire} decided.
     *
     * @param admitted whether the messages may be accepted
     * @param scope the refusing scope; null when admitted
     * @param retryAfter when admitted, zero; when refused, the time until the refusing scope's interval ends (the
     *     request can then pass), or null when it can never pass because it holds more messages than the limit
     * @param limit the refusing scope's limit; null when admitted
     */
    public record Decision(boolean admitted, Scope scope, Duration retryAfter, Limit limit) {

        static final Decision ADMITTED = new Decision(true, null, Duration.ZERO, null);

        /** @return whole seconds to wait, rounded up and at least 1 (RFC 9110 Retry-After delay-seconds); 0 when admitted */
        public long retryAfterSeconds() {
            if (admitted) {
                return 0;
            }
            long millis = retryAfter == null ? limit.interval().toMillis() : retryAfter.toMillis();
            return Math.max(1, (millis + 999) / 1000);
        }

        /** @return whether the request can never pass (more messages than the limit allows per interval) */
        public boolean neverAdmissible() {
            return !admitted && retryAfter == null;
        }
    }

    private final Map<Scope, Window> windows = new HashMap<>();

    /**
     * @param global the budget of all messages together
     * @param perClient the budget of each client ID
     * @param perAddress the budget of each sender IP address
     */
    public Throttle(Limit global, Limit perClient, Limit perAddress) {
        windows.put(Scope.GLOBAL, new Window(global));
        windows.put(Scope.CLIENT, new Window(perClient));
        windows.put(Scope.ADDRESS, new Window(perAddress));
    }

    /**
     * Admits or refuses {@code messages} messages of one request.
     *
     * @param clientId the reporting client's ID (a report has one)
     * @param address the sender's IP address as text
     * @param messages how many state messages the request carries, 1 or more
     * @param now the current time
     * @return the decision; when admitted, the messages are counted
     * @throws IllegalArgumentException if {@code messages} is below 1
     */
    public synchronized Decision tryAcquire(String clientId, String address, int messages, Instant now) {
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1, was " + messages);
        }
        long nowMillis = now.toEpochMilli();
        Map<Scope, String> keys = Map.of(Scope.GLOBAL, "", Scope.CLIENT, clientId, Scope.ADDRESS, address);
        for (Scope scope : Scope.values()) {
            Optional<Decision> refusal = windows.get(scope).check(scope, keys.get(scope), messages, nowMillis);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        for (Scope scope : Scope.values()) {
            windows.get(scope).add(keys.get(scope), messages);
        }
        return Decision.ADMITTED;
    }

    /** One scope's counters for the current interval. */
    private static final class Window {
        private final Limit limit;
        private final long intervalMillis;
        private long index = Long.MIN_VALUE;
        private final Map<String, Long> counts = new HashMap<>();

        Window(Limit limit) {
            this.limit = Objects.requireNonNull(limit, "limit");
            this.intervalMillis = limit.interval().toMillis();
        }

        Optional<Decision> check(Scope scope, String key, int messages, long nowMillis) {
            if (!limit.enabled()) {
                return Optional.empty();
            }
            long current = Math.floorDiv(nowMillis, intervalMillis);
            if (current != index) {
                // A new interval: every counter of this scope starts again from zero.
                index = current;
                counts.clear();
            }
            if (messages > limit.count()) {
                return Optional.of(new Decision(false, scope, null, limit));
            }
            long used = counts.getOrDefault(key, 0L);
            if (used + messages <= limit.count()) {
                return Optional.empty();
            }
            long end = (current + 1) * intervalMillis;
            return Optional.of(new Decision(false, scope, Duration.ofMillis(end - nowMillis), limit));
        }

        void add(String key, int messages) {
            if (limit.enabled()) {
                counts.merge(key, (long) messages, Long::sum);
            }
        }
    }
}
