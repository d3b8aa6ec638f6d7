package io.acu.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.rollout.domain.GrantDecision.Full;
import io.acu.rollout.domain.GrantDecision.Granted;
import io.acu.rollout.domain.GrantDecision.Limits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The download throttle: per-DP grants in flight, per-boundary-group new grants per hour, idempotent per client. */
class GrantDecisionTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration TTL = Duration.ofHours(2);
    private static final Duration RETRY = Duration.ofSeconds(60);
    /** 3 in flight per DP, 10 new per boundary group per hour. */
    private static final Limits LIMITS = new Limits(3, 10, TTL, RETRY);

    @Test
    void aClientIsGrantedUntilNowPlusTheTtl() {
        assertThat(GrantDecision.decide(LIMITS, null, 0, 0, null, NOW)).isEqualTo(new Granted(NOW.plus(TTL), false));
        assertThat(GrantDecision.decide(LIMITS, null, 2, 9, NOW.minusSeconds(10), NOW)).isEqualTo(new Granted(NOW.plus(TTL), false));
    }

    @Test
    void aHeldGrantIsAnsweredAgainEvenWhenFull() {
        Instant expiry = NOW.plus(Duration.ofMinutes(30));

        assertThat(GrantDecision.decide(LIMITS, expiry, 3, 10, NOW.minusSeconds(60), NOW)).isEqualTo(new Granted(expiry, true));
        assertThat(GrantDecision.decide(LIMITS, expiry, 0, 0, null, NOW)).isEqualTo(new Granted(expiry, true));
    }

    @Test
    void aLapsedGrantIsDecidedAfresh() {
        assertThat(GrantDecision.decide(LIMITS, NOW, 0, 0, null, NOW)).isEqualTo(new Granted(NOW.plus(TTL), false));
        assertThat(GrantDecision.decide(LIMITS, NOW.minusSeconds(1), 3, 0, null, NOW)).isInstanceOf(Full.class);
    }

    @Test
    void aFullDistributionPointAsksTheClientToRetryNamingTheCap() {
        assertThat(GrantDecision.decide(LIMITS, null, 3, 0, null, NOW))
                .isEqualTo(new Full(RETRY, "3 downloads in flight on the distribution point, at most 3"));
        assertThat(GrantDecision.decide(LIMITS, null, 4, 0, null, NOW))
                .isEqualTo(new Full(RETRY, "4 downloads in flight on the distribution point, at most 3"));
    }

    @Test
    void theDistributionPointsCapIsNamedBeforeTheBoundaryGroupsCap() {
        assertThat(GrantDecision.decide(LIMITS, null, 3, 10, NOW.minusSeconds(60), NOW))
                .isEqualTo(new Full(RETRY, "3 downloads in flight on the distribution point, at most 3"));
    }

    @Test
    void aBoundaryGroupAtItsHourlyCapWaitsUntilItsOldestGrantIsAnHourOld() {
        assertThat(GrantDecision.decide(LIMITS, null, 0, 10, NOW.minus(Duration.ofMinutes(45)), NOW))
                .isEqualTo(new Full(Duration.ofMinutes(15), "10 new downloads in the boundary group in the last hour, at most 10"));
    }

    @Test
    void theHourlyRetryIsAtLeastASecond() {
        Instant almostAnHourAgo = NOW.minus(Duration.ofHours(1)).plusMillis(300);

        assertThat(GrantDecision.decide(LIMITS, null, 0, 10, almostAnHourAgo, NOW)).isInstanceOfSatisfying(Full.class,
                full -> assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(GrantDecision.decide(LIMITS, null, 0, 10, NOW.minus(Duration.ofHours(2)), NOW)).isInstanceOfSatisfying(Full.class,
                full -> assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void withoutTheOldestGrantTheHourlyRetryIsTheDefault() {
        assertThat(GrantDecision.decide(LIMITS, null, 0, 11, null, NOW))
                .isEqualTo(new Full(RETRY, "11 new downloads in the boundary group in the last hour, at most 10"));
    }

    @Test
    void zeroMeansNoHourlyLimit() {
        Limits noHourlyCap = new Limits(3, 0, TTL, RETRY);

        assertThat(GrantDecision.decide(noHourlyCap, null, 0, 1_000_000, NOW.minusSeconds(1), NOW)).isEqualTo(new Granted(NOW.plus(TTL), false));
    }
}
