package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    // 2026-11-30 is a Monday.
    private static final Instant MONDAY_NOON = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void dailyWindowIsOpenInsideAndNextOpeningIsTonight() {
        MaintenanceWindow nightly = MaintenanceWindow.daily(LocalTime.of(22, 0), Duration.ofHours(4));
        assertThat(nightly.isOpen(MONDAY_NOON)).isFalse();
        assertThat(nightly.nextOpenAtOrAfter(MONDAY_NOON)).isEqualTo(Instant.parse("2026-11-30T22:00:00Z"));
        assertThat(nightly.isOpen(Instant.parse("2026-11-30T22:00:00Z"))).isTrue();
        // Past midnight, still inside Monday's 22:00 + 4 h.
        assertThat(nightly.isOpen(Instant.parse("2026-12-01T01:59:59Z"))).isTrue();
        assertThat(nightly.isOpen(Instant.parse("2026-12-01T02:00:00Z"))).isFalse();
        assertThat(nightly.nextOpenAtOrAfter(Instant.parse("2026-12-01T02:00:00Z"))).isEqualTo(Instant.parse("2026-12-01T22:00:00Z"));
    }

    @Test
    void weekendWindowWaitsUntilSaturdayInTheClientsZone() {
        MaintenanceWindow weekend = new MaintenanceWindow(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(1, 0),
                Duration.ofHours(6), ZoneId.of("Europe/Berlin"));
        // Saturday 2026-12-05 01:00 in Berlin (UTC+1) is 00:00 UTC.
        assertThat(weekend.nextOpenAtOrAfter(MONDAY_NOON)).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        // Sunday's window is 00:00-06:00 UTC.
        assertThat(weekend.isOpen(Instant.parse("2026-12-06T05:59:59Z"))).isTrue();
        assertThat(weekend.isOpen(Instant.parse("2026-12-06T06:00:00Z"))).isFalse();
        assertThat(weekend.nextOpenAtOrAfter(Instant.parse("2026-12-06T06:00:00Z"))).isEqualTo(Instant.parse("2026-12-12T00:00:00Z"));
    }

    @Test
    void earliestOfSeveralWindowsWinsAndNoWindowsMeansNoneKnown() {
        MaintenanceWindow nightly = MaintenanceWindow.daily(LocalTime.of(22, 0), Duration.ofHours(4));
        MaintenanceWindow lunch = MaintenanceWindow.daily(LocalTime.of(13, 0), Duration.ofMinutes(30));
        assertThat(MaintenanceWindow.nextOpenAtOrAfter(List.of(nightly, lunch), MONDAY_NOON)).contains(Instant.parse("2026-11-30T13:00:00Z"));
        assertThat(MaintenanceWindow.nextOpenAtOrAfter(List.of(), MONDAY_NOON)).isEmpty();
    }

    @Test
    void invalidWindowsAreRefused() {
        assertThatThrownBy(() -> new MaintenanceWindow(Set.of(), LocalTime.NOON, Duration.ofHours(1), ZoneId.of("UTC")))
                .hasMessageContaining("at least one day");
        assertThatThrownBy(() -> MaintenanceWindow.daily(LocalTime.NOON, Duration.ZERO)).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> MaintenanceWindow.daily(LocalTime.NOON, Duration.ofDays(8))).hasMessageContaining("at most 7 days");
    }
}
