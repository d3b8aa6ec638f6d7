package io.acu.stateingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.stateingest.domain.RolloutSnapshotStamp.Verdict;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolloutSnapshotStampTest {

    private static final Instant T = Instant.parse("2027-02-01T09:00:00Z");
    private static final UUID LOW = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID HIGH = UUID.fromString("ffffffff-0000-4000-8000-000000000001");

    private static RolloutSnapshotStamp at(Instant t, UUID id) {
        return new RolloutSnapshotStamp(t, id);
    }

    @Test
    void theFirstEventOfAVersionIsStored() {
        assertThat(at(T, LOW).against(null)).isEqualTo(Verdict.FIRST);
        assertThat(Verdict.FIRST.replaces()).isTrue();
    }

    @Test
    void aLaterChangeReplacesAnEarlierOneWhateverTheirEventIds() {
        assertThat(at(T.plusSeconds(1), LOW).against(at(T, HIGH))).isEqualTo(Verdict.NEWER);
        assertThat(Verdict.NEWER.replaces()).isTrue();
    }

    @Test
    void anEarlierChangeArrivingLateChangesNothing() {
        // RING_STARTED at T delivered after HALTED at T+10s: the halt stays.
        assertThat(at(T, HIGH).against(at(T.plusSeconds(10), LOW))).isEqualTo(Verdict.OLDER);
        assertThat(Verdict.OLDER.replaces()).isFalse();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        assertThat(at(T, LOW).against(at(T, LOW))).isEqualTo(Verdict.SAME_EVENT);
        assertThat(Verdict.SAME_EVENT.replaces()).isFalse();
    }

    @Test
    void changesOfTheSameInstantAreOrderedByEventIdAsPostgresqlOrdersUuids() {
        assertThat(at(T, HIGH).against(at(T, LOW))).isEqualTo(Verdict.NEWER);
        assertThat(at(T, LOW).against(at(T, HIGH))).isEqualTo(Verdict.OLDER);
        // UUID.compareTo is signed and would put ffffffff-... first; PostgreSQL compares bytes unsigned.
        assertThat(HIGH.compareTo(LOW)).isNegative();
    }

    @Test
    void timesAreComparedToTheMicrosecondAsStored() {
        Instant withNanos = T.plusNanos(123_456_789);
        RolloutSnapshotStamp stored = at(T.plusNanos(123_456_000), LOW);
        assertThat(at(withNanos, LOW).changedAt()).isEqualTo(stored.changedAt());
        assertThat(at(withNanos, HIGH).against(stored)).isEqualTo(Verdict.NEWER);
        assertThat(at(withNanos, LOW).against(stored)).isEqualTo(Verdict.SAME_EVENT);
    }

    @Test
    void bothPartsAreRequired() {
        assertThatThrownBy(() -> at(null, LOW)).isInstanceOf(NullPointerException.class).hasMessageContaining("changedAt");
        assertThatThrownBy(() -> at(T, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("eventId");
    }
}
