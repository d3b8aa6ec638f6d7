package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SideBySideTest {

    @Test
    void ratesAreTheSameMessagesOverEachServicesTime() {
        SideBySide race = new SideBySide(200_000, Duration.ofSeconds(200), Optional.of(Duration.ofSeconds(250)), OptionalLong.of(3_000),
                OptionalLong.of(40_000));

        assertThat(race.stateIngestRate()).isEqualTo(1_000.0);
        assertThat(race.rolloutRate().getAsDouble()).isEqualTo(800.0);
        assertThat(race.ratio().getAsDouble()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void aRolloutThatNeverFinishedHasNoRate() {
        SideBySide race = new SideBySide(10, Duration.ofSeconds(1), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

        assertThat(race.rolloutRate()).isEmpty();
        assertThat(race.ratio()).isEmpty();
    }
}
