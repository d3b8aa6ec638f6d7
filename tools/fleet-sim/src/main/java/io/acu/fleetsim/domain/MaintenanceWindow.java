package io.acu.fleetsim.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One recurring ConfigMgr maintenance window: it opens at {@code start} (client local time, in
 * {@code zone}) on each of {@code days} and stays open for {@code length}; a window may run past
 * midnight into the next day.
 *
 * @param days the days of week it opens on (at least one)
 * @param start local opening time
 * @param length how long it stays open, more than zero and at most one week
 * @param zone the client's time zone
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {

    /** @throws IllegalArgumentException for no days or a length outside (0, 7 days] */
    public MaintenanceWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(zone, "zone");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window opens on at least one day");
        }
        if (length == null || length.isZero() || length.isNegative() || length.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a maintenance window lasts more than 0 and at most 7 days, was " + length);
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** A window opening every day at {@code start} UTC for {@code length}. */
    public static MaintenanceWindow daily(LocalTime start, Duration length) {
        return new MaintenanceWindow(EnumSet.allOf(DayOfWeek.class), start, length, ZoneId.of("UTC"));
    }

    /**
     * The earliest instant at or after {@code from} when this window is open.
     *
     * @return {@code from} itself when open then, else the next opening (always within 8 days)
     */
    public Instant nextOpenAtOrAfter(Instant from) {
        // Start a week back: an opening that began earlier may still be open (windows up to 7 days long).
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(7);
        Instant best = null;
        for (int i = 0; i <= 15; i++, day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = ZonedDateTime.of(day, start, zone).toInstant();
            Instant closes = opens.plus(length);
            if (!from.isBefore(opens) && from.isBefore(closes)) {
                return from;
            }
            if (opens.isAfter(from) && (best == null || opens.isBefore(best))) {
                best = opens;
            }
        }
        return best;
    }

    /** @return whether the window is open at {@code instant} */
    public boolean isOpen(Instant instant) {
        return instant.equals(nextOpenAtOrAfter(instant));
    }

    /**
     * The earliest instant at or after {@code from} when any of {@code windows} is open.
     *
     * @return empty only when {@code windows} is empty (ConfigMgr: a client without maintenance
     *     windows may install at any time, which callers decide; this method does not assume it)
     */
    public static Optional<Instant> nextOpenAtOrAfter(Iterable<MaintenanceWindow> windows, Instant from) {
        Instant best = null;
        for (MaintenanceWindow window : windows) {
            Instant open = window.nextOpenAtOrAfter(from);
            if (best == null || open.isBefore(best)) {
                best = open;
            }
        }
        return Optional.ofNullable(best);
    }
}
