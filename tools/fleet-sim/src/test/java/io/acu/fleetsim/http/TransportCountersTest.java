package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransportCountersTest {

    @Test
    void latencyPercentilesComeFromEveryRecordedAttempt() {
        TransportCounters counters = new TransportCounters();
        for (int millis = 1; millis <= 100; millis++) {
            counters.recordLatency(millis * 1_000_000L);
        }
        TransportCounters.Latency latency = counters.snapshot().latency();
        assertThat(latency.count()).isEqualTo(100);
        // HdrHistogram with 3 significant digits: values within 0.1 %.
        assertThat(latency.p50Micros()).isBetween(49_950L, 50_050L);
        assertThat(latency.p99Micros()).isBetween(98_900L, 99_100L);
        assertThat(latency.maxMicros()).isBetween(99_900L, 100_100L);
    }

    @Test
    void aPhaseRunsFromTheFirstRequestSentToTheLastAnswered() throws InterruptedException {
        TransportCounters counters = new TransportCounters();
        Instant before = Instant.now();
        TransportCounters.PhaseClock.Started first = counters.policyPhase.started();
        Thread.sleep(5);
        TransportCounters.PhaseClock.Started second = counters.policyPhase.started();
        counters.policyPhase.ended(first);
        Thread.sleep(20);
        counters.policyPhase.ended(second);
        Instant after = Instant.now();

        TransportCounters.Phase phase = counters.snapshot().policyPhase();
        assertThat(phase.requests()).isEqualTo(2);
        assertThat(phase.firstSent()).isBetween(before, after);
        assertThat(phase.lastAnswered()).isBetween(phase.firstSent().plusMillis(25), after.plusMillis(1));
        assertThat(phase.perSecond()).isEqualTo(2 / (phase.duration().toNanos() / 1e9));
        assertThat(phase.latency().count()).isEqualTo(2);
        assertThat(phase.latency().maxMicros()).isGreaterThanOrEqualTo(20_000);
        // The other phases saw nothing.
        assertThat(counters.snapshot().reportPhase()).isEqualTo(new TransportCounters.Phase(0, null, null, new TransportCounters.Latency(0, 0, 0, 0)));
        assertThat(counters.snapshot().reportPhase().perSecond()).isZero();
    }

    @Test
    void noRequestsNoLatency() {
        assertThat(new TransportCounters().snapshot().latency()).isEqualTo(new TransportCounters.Latency(0, 0, 0, 0));
    }
}
