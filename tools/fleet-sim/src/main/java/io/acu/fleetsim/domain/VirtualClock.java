package io.acu.fleetsim.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time running {@code speed} times faster than wall time from a simulated start, so a
 * 30-day rollout window plays out in about a minute (speed 43,200). Speed 0 means "as fast as
 * possible": no waiting at all.
 *
 * @param simulatedStart the simulated instant at wall-clock start
 * @param speed simulated seconds per wall-clock second, or 0 for no pacing
 */
public record VirtualClock(Instant simulatedStart, double speed) {

    /** @throws IllegalArgumentException for a negative speed */
    public VirtualClock {
        java.util.Objects.requireNonNull(simulatedStart, "simulatedStart");
        if (!(speed >= 0)) {
            throw new IllegalArgumentException("speed is simulated seconds per wall second, at least 0, was " + speed);
        }
    }

    /** A clock that makes {@code simulated} pass in {@code wall}. */
    public static VirtualClock compressing(Instant simulatedStart, Duration simulated, Duration wall) {
        return new VirtualClock(simulatedStart, (double) simulated.toMillis() / Math.max(1, wall.toMillis()));
    }

    /**
     * How long after wall-clock start the simulated instant {@code at} falls due.
     *
     * @return zero without pacing or for instants before the start
     */
    public Duration wallOffset(Instant at) {
        if (speed == 0 || !at.isAfter(simulatedStart)) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (Duration.between(simulatedStart, at).toNanos() / speed));
    }

    /** The simulated instant {@code elapsed} wall time after start (the start itself without pacing). */
    public Instant simulatedAt(Duration elapsed) {
        return speed == 0 ? simulatedStart : simulatedStart.plusNanos((long) (elapsed.toNanos() * speed));
    }
}
