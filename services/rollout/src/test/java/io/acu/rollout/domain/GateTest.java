package io.acu.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.rollout.domain.GateDecision.Halt;
import io.acu.rollout.domain.GateDecision.Pass;
import io.acu.rollout.domain.GateDecision.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate's rules in their order: minimum sample, halt above the failure threshold (unless the failures were
 * accepted by a resume), success share of the offered clients, soak time, pass.
 */
class GateTest {

    private static final Instant FIRST_SUCCESS = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant NOW = FIRST_SUCCESS.plus(Duration.ofHours(2));
    /** 90 % success, halt above 10 % failures, 5 reported, no soak, stalls count. */
    private static final GateCriteria DEFAULT = GateCriteria.DEFAULT;

    private static GateCriteria criteria(Duration soak, boolean stalledCountAsFailure) {
        return new GateCriteria(90.0, 10.0, 5, soak, stalledCountAsFailure, List.of());
    }

    private static RingCounts counts(long offered, long succeeded, long failed, long stalled) {
        return new RingCounts(offered, succeeded, failed, stalled, succeeded > 0 ? FIRST_SUCCESS : null);
    }

    @Test
    void belowTheMinimumSampleItWaitsEvenWhenEveryReportIsAFailure() {
        assertThat(Gate.evaluate(DEFAULT, counts(20, 3, 1, 0), 0, NOW))
                .isEqualTo(new Wait("4 of the minimum sample of 5 clients reported (20 offered)"));
        assertThat(Gate.evaluate(DEFAULT, counts(20, 0, 4, 0), 0, NOW)).isInstanceOf(Wait.class);
        assertThat(Gate.evaluate(DEFAULT, RingCounts.NONE, 0, NOW))
                .isEqualTo(new Wait("0 of the minimum sample of 5 clients reported (0 offered)"));
    }

    @Test
    void failuresAboveTheThresholdWithTheSampleHalt() {
        assertThat(Gate.evaluate(DEFAULT, counts(40, 28, 12, 0), 0, NOW))
                .isEqualTo(new Halt("12 of 40 reported clients failed (30.0 %, threshold 10.0 %)"));
        assertThat(Gate.evaluate(DEFAULT, counts(20, 0, 5, 0), 0, NOW))
                .isEqualTo(new Halt("5 of 5 reported clients failed (100.0 %, threshold 10.0 %)"));
    }

    @Test
    void failuresAnOperatorAcceptedByResumingDoNotHaltAgain() {
        RingCounts counts = counts(40, 28, 12, 0);

        assertThat(Gate.evaluate(DEFAULT, counts, 12, NOW))
                .isEqualTo(new Wait("28 of 40 offered clients succeeded (70.0 %, needs 90.0 %)"));
        assertThat(Gate.evaluate(DEFAULT, counts, 11, NOW)).isInstanceOf(Halt.class);
        assertThat(Gate.evaluate(DEFAULT, counts(41, 28, 13, 0), 12, NOW))
                .isEqualTo(new Halt("13 of 41 reported clients failed (31.7 %, threshold 10.0 %)"));
    }

    @Test
    void acceptedFailuresDoNotKeepTheRingFromPassing() {
        GateCriteria strict = new GateCriteria(90.0, 5.0, 5, Duration.ZERO, true, List.of());

        assertThat(Gate.evaluate(strict, counts(100, 90, 10, 0), 10, NOW))
                .isEqualTo(new Pass("90 of 100 offered clients succeeded (90.0 %), 10 of 100 reported failed (10.0 %)"));
    }

    @Test
    void belowTheSuccessShareOfTheOfferedClientsItWaits() {
        assertThat(Gate.evaluate(DEFAULT, counts(100, 80, 2, 0), 0, NOW))
                .isEqualTo(new Wait("80 of 100 offered clients succeeded (80.0 %, needs 90.0 %)"));
        // Clients offered but silent count against the share: 9 of 10 reported and succeeded, 9 of 11 offered is too few.
        assertThat(Gate.evaluate(DEFAULT, counts(11, 9, 0, 0), 0, NOW))
                .isEqualTo(new Wait("9 of 11 offered clients succeeded (81.8 %, needs 90.0 %)"));
    }

    @Test
    void itWaitsDuringTheSoakAndPassesWhenTheSoakHasPassedSinceTheFirstSuccess() {
        GateCriteria soaking = criteria(Duration.ofHours(1), true);
        RingCounts counts = counts(100, 95, 5, 0);

        assertThat(Gate.evaluate(soaking, counts, 0, FIRST_SUCCESS.plus(Duration.ofMinutes(59))))
                .isEqualTo(new Wait("soaking until 2026-03-02T09:00:00Z (PT1H after the first success)"));
        assertThat(Gate.evaluate(soaking, counts, 0, FIRST_SUCCESS.plus(Duration.ofHours(1))))
                .isEqualTo(new Pass("95 of 100 offered clients succeeded (95.0 %), 5 of 100 reported failed (5.0 %)"));
    }

    @Test
    void withoutAFirstSuccessItWaitsForOne() {
        GateCriteria noSuccessNeeded = new GateCriteria(0.0, 100.0, 5, Duration.ZERO, true, List.of());

        assertThat(Gate.evaluate(noSuccessNeeded, new RingCounts(10, 0, 5, 0, null), 0, NOW))
                .isEqualTo(new Wait("soaking until a first success (PT0S after the first success)"));
    }

    @Test
    void stallsCountAsReportedFailuresWhenTheCriteriaSaySo() {
        RingCounts counts = counts(20, 15, 0, 5);

        assertThat(Gate.evaluate(criteria(Duration.ZERO, true), counts, 0, NOW))
                .isEqualTo(new Halt("5 of 20 reported clients failed (25.0 %, threshold 10.0 %), 5 of them stalled"));
        assertThat(Gate.evaluate(criteria(Duration.ZERO, false), counts, 0, NOW))
                .isEqualTo(new Wait("15 of 20 offered clients succeeded (75.0 %, needs 90.0 %)"));
    }

    @Test
    void stallsNotCountedAreNotReportedEither() {
        RingCounts onlyStalls = counts(20, 0, 0, 5);

        assertThat(Gate.evaluate(criteria(Duration.ZERO, false), onlyStalls, 0, NOW))
                .isEqualTo(new Wait("0 of the minimum sample of 5 clients reported (20 offered)"));
        assertThat(Gate.evaluate(criteria(Duration.ZERO, true), onlyStalls, 0, NOW))
                .isEqualTo(new Halt("5 of 5 reported clients failed (100.0 %, threshold 10.0 %), 5 of them stalled"));
    }

    @Test
    void aFailureRateExactlyAtTheThresholdDoesNotHaltAndMayPass() {
        assertThat(Gate.evaluate(DEFAULT, counts(100, 90, 10, 0), 0, NOW))
                .isEqualTo(new Pass("90 of 100 offered clients succeeded (90.0 %), 10 of 100 reported failed (10.0 %)"));
        assertThat(Gate.evaluate(DEFAULT, counts(100, 89, 11, 0), 0, NOW))
                .isEqualTo(new Halt("11 of 100 reported clients failed (11.0 %, threshold 10.0 %)"));
    }

    @Test
    void aSuccessShareExactlyAtTheRequiredShareAndTheMinimumSampleExactlyReachedPass() {
        assertThat(Gate.evaluate(DEFAULT, counts(5, 5, 0, 0), 0, NOW))
                .isEqualTo(new Pass("5 of 5 offered clients succeeded (100.0 %), 0 of 5 reported failed (0.0 %)"));
        assertThat(Gate.evaluate(DEFAULT, counts(10, 9, 0, 0), 0, NOW)).isInstanceOf(Pass.class);
    }

    @Test
    void aZeroFailureThresholdHaltsOnTheFirstFailureOnceTheSampleIsThere() {
        GateCriteria zeroTolerance = new GateCriteria(90.0, 0.0, 5, Duration.ZERO, true, List.of());

        assertThat(Gate.evaluate(zeroTolerance, counts(10, 4, 1, 0), 0, NOW))
                .isEqualTo(new Halt("1 of 5 reported clients failed (20.0 %, threshold 0.0 %)"));
        assertThat(Gate.evaluate(zeroTolerance, counts(10, 10, 0, 0), 0, NOW)).isInstanceOf(Pass.class);
    }
}
