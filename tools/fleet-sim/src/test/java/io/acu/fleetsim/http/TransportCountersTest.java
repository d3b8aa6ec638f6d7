package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;

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
    void noRequestsNoLatency() {
        assertThat(new TransportCounters().snapshot().latency()).isEqualTo(new TransportCounters.Latency(0, 0, 0, 0));
    }
}
